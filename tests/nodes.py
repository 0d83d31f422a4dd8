"""Real web nodes for the tests: gunicorn processes on loopback, with the shipped settings
(ess_platform/gunicorn_conf.py), pointed at the test database pytest-django created."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    """The URL of the test database (the subprocesses read the committed rows)."""
    settings_dict = connection.settings_dict
    return "postgres://{user}@{host}:{port}/{name}".format(
        user=settings_dict["USER"] or "postgres", host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432, name=settings_dict["NAME"])


def node_environment(**extra):
    """Production settings (DEBUG off) on loopback, for a web node or a worker."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.node_settings",
        "DJANGO_SECRET_KEY": "node-test-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
    }
    for key in ("REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL",
                "DATABASE_POOL_MAX_SIZE", "CELERY_TASK_ALWAYS_EAGER"):
        env.pop(key, None)
    env.update({key: str(value) for key, value in extra.items()})
    return env


class WebNode:
    """``gunicorn ess_platform.wsgi -c python:ess_platform.gunicorn_conf`` on a free port.

    Started at once; ``wait_until_serving()`` before the first request (so several nodes
    and workers can start side by side)."""

    def __init__(self, env, log, *options):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "ess_platform.wsgi",
             "--config", "python:ess_platform.gunicorn_conf",
             "--bind", f"127.0.0.1:{self.port}", "--error-logfile", "-", *options],
            cwd=ROOT, env={**env, "GUNICORN_ACCESS_LOG": ""}, stdout=log.open("ab"),
            stderr=subprocess.STDOUT, start_new_session=True)

    def wait_until_serving(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=5):
                    return self
            except urllib.error.HTTPError:
                return self  # it answers (a 503 names a dependency, not the node)
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer:\n{self.log.read_text()[-3000:]}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # quick shutdown: the test is over
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait(timeout=10)
