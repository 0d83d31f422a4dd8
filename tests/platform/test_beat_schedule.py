"""Beat's schedule file belongs to its instance: never a fixed path in /tmp that every
instance on a host would share."""

import re
from pathlib import Path

import yaml
from django.conf import settings

from ess_platform.celery import app

ROOT = Path(__file__).resolve().parents[2]


def test_schedule_file_is_under_the_project_var_folder():
    path = Path(settings.CELERY_BEAT_SCHEDULE_FILENAME)
    # Under the instance's own folder (wherever the checkout lives), not a host-wide path.
    assert path.is_relative_to(Path(settings.BASE_DIR) / "var")
    assert str(path) not in {"/tmp/celerybeat-schedule", "/tmp/ess-celerybeat-schedule"}
    assert app.conf.beat_schedule_filename == settings.CELERY_BEAT_SCHEDULE_FILENAME


def test_make_beat_uses_the_setting_not_tmp():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^beat:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    assert "celery -A ess_platform beat" in recipe
    assert "/tmp" not in recipe and "--schedule" not in recipe
    assert "mkdir -p var/beat" in recipe


def test_compose_beat_keeps_its_schedule_in_a_named_volume():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    beat = compose["services"]["beat"]
    assert "/tmp" not in beat["command"] and "--schedule" not in beat["command"]
    assert "beat:/app/var/beat" in beat["volumes"]
    assert "beat" in compose["volumes"]
    # Inside the image, BASE_DIR is /app: the default path falls in that volume.
    default = Path("/app") / Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).relative_to(
        settings.BASE_DIR)
    assert default.parent == Path("/app/var/beat")
    assert "/app/var/beat" in (ROOT / "Dockerfile").read_text()
