"""gunicorn's settings are written out in docker-compose.yml, and they are ones under which a
long streamed response is never cut (docs/deployment.md)."""

import importlib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ("GUNICORN_WORKER_CLASS", "GUNICORN_WORKERS", "GUNICORN_THREADS",
            "GUNICORN_TIMEOUT", "GUNICORN_GRACEFUL_TIMEOUT", "GUNICORN_MAX_REQUESTS",
            "GUNICORN_MAX_REQUESTS_JITTER", "GUNICORN_KEEPALIVE")


def web_service():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]


def test_compose_sets_every_gunicorn_setting_explicitly():
    web = web_service()
    assert "python:ess_platform.gunicorn_conf" in web["command"]
    assert set(SETTINGS) <= set(web["environment"])
    assert web["environment"]["GUNICORN_WORKER_CLASS"] == "gthread"


def test_compose_waits_for_responses_in_flight_before_killing_the_container():
    web = web_service()
    grace = int(web["stop_grace_period"].rstrip("s"))
    assert grace > int(web["environment"]["GUNICORN_GRACEFUL_TIMEOUT"])


def test_the_configuration_module_reads_the_variables(monkeypatch):
    monkeypatch.setenv("GUNICORN_TIMEOUT", "7")
    monkeypatch.setenv("GUNICORN_THREADS", "6")
    import ess_platform.gunicorn_conf as conf

    conf = importlib.reload(conf)
    assert (conf.timeout, conf.threads, conf.worker_class) == (7, 6, "gthread")


def test_defaults_keep_a_stream_alive_and_workers_fresh(monkeypatch):
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    import ess_platform.gunicorn_conf as conf

    conf = importlib.reload(conf)
    assert conf.worker_class == "gthread" and conf.threads > 1  # "sync" would be cut
    assert conf.graceful_timeout >= 60
    assert conf.max_requests > 0 and 0 < conf.max_requests_jitter < conf.max_requests
    assert conf.keepalive > 60  # longer than the proxy's idle timeout


def test_the_image_starts_gunicorn_with_the_same_module():
    assert "python:ess_platform.gunicorn_conf" in (ROOT / "Dockerfile").read_text()
