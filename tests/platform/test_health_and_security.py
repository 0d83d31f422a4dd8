import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_python(*args, env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def run_manage(*args, env_overrides):
    return run_python("manage.py", *args, env_overrides=env_overrides)


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.skipif(not settings.REDIS_URL, reason="no broker configured")
@pytest.mark.django_db
def test_healthz_reports_broker(client):
    assert client.get("/healthz").json()["checks"]["broker"] == "ok"


@pytest.mark.django_db
def test_healthz_is_degraded_not_failing_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CACHES = {"default": {"BACKEND": "ess_platform.kernel.cache.ResilientRedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"] == "error: ConnectionError"
    assert body["checks"]["cache"] == "error: ConnectionError"


@pytest.mark.django_db
def test_healthz_fails_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import OperationalError

    from ess_platform import views

    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["database"] == "error: OperationalError"


def test_production_settings_pass_deploy_checks():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        env_overrides={
            "DJANGO_SECRET_KEY": "k" * 20 + "A9#x" * 12,
            "DJANGO_ALLOWED_HOSTS": "ess.example.ma",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_stops_the_server_with_one_line_message():
    result = run_python(
        "-c", "import ess_platform.wsgi",
        env_overrides={"DJANGO_ALLOWED_HOSTS": "ess.example.ma",
                       "PYTHONWARNINGS": "ignore::UserWarning"},
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Configuration error: Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
    ]


def test_missing_secret_key_fails_the_deploy_check():
    result = run_manage("check", "--deploy", env_overrides={"DJANGO_ALLOWED_HOSTS": "x.ma"})
    assert result.returncode != 0
    assert "ess.E001" in result.stderr
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_offline_commands_run_without_production_settings():
    result = run_manage("makemigrations", "--check", "--dry-run", env_overrides={})
    assert result.returncode == 0, result.stderr


def test_unreachable_database_fails_with_clear_message():
    result = run_python(
        "-c", "import ess_platform.wsgi",
        env_overrides={
            "DJANGO_SECRET_KEY": "k" * 60,
            "DJANGO_ALLOWED_HOSTS": "ess.example.ma",
            "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
            # WhiteNoise warns that collectstatic has not run; not what this test reads.
            "PYTHONWARNINGS": "ignore::UserWarning",
        },
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "set DATABASE_URL" in lines[0]


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client):
    response = client.get("/fr/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_uploaded_html_is_never_served(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "evil.html").write_text("<script>alert(1)</script>")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert client.get("/media/evil.html").status_code == 404
    response = client.get("/media/photo.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_media_path_traversal_is_refused(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "secret.png").write_bytes(b"x")
    assert client.get("/media/../secret.png").status_code == 404
