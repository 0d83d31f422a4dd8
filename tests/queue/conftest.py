"""A real Redis and a real Celery worker (a subprocess) for the queue tests.

Run with REDIS_URL (a Redis database of its own, e.g. redis://127.0.0.1:6379/5) and
DATABASE_URL pointing to PostgreSQL: the worker reads the test database pytest-django
created, so the tests are transactional (their data is committed).
"""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# REDIS_URL as the test settings read it: under pytest-xdist, a Redis database per test
# process (ess_platform/settings_test.py), so the queue tests may run on every process.
REDIS_URL = settings.REDIS_URL
CLOSED_BROKER = "redis://127.0.0.1:1/0"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.queue)
            if getattr(item.module, "OWN_REDIS_SERVER", False):
                continue  # starts its own redis-server, on any database
            if not REDIS_URL:
                item.add_marker(pytest.mark.skip(
                    reason="queue tests need a real Redis: set REDIS_URL "
                           "(e.g. redis://127.0.0.1:6379/5) and a PostgreSQL DATABASE_URL"))
            elif not os.environ.get("DATABASE_URL", "").startswith("postgres"):
                item.add_marker(pytest.mark.skip(
                    reason="queue tests need DATABASE_URL on PostgreSQL: the worker process "
                           "must share the test database"))


def wait_for(predicate, timeout, interval=0.2, message="condition"):
    """Poll until predicate() is truthy; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


@pytest.fixture
def redis_db():
    """The broker's Redis database, emptied of queued and unacknowledged messages."""
    import redis

    keys = [*settings.CELERY_TASK_QUEUES, "unacked", "unacked_index", "unacked_mutex"]
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(*keys)
    yield client
    client.delete(*keys)
    client.close()


@contextmanager
def broker(url):
    """Make this (test) process publish for real to ``url``."""
    from ess_platform.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}

    def reset_pools():
        # Forget (without closing: kombu shares them per URL) the pools of the old URL.
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.broker_url = url
    app.conf.task_always_eager = False
    reset_pools()
    try:
        yield app
    finally:
        app.conf.broker_url = saved["broker_url"]
        app.conf.task_always_eager = saved["task_always_eager"]
        reset_pools()


class Worker:
    def __init__(self, env, log, pool="solo", queues=None):
        self.log = log
        # prefork: a main process and its pool child, in one process group (kill() takes both).
        pool_options = ["--pool=solo"] if pool == "solo" else ["--pool=prefork", "--concurrency=1"]
        # Without -Q a worker takes every queue of CELERY_TASK_QUEUES.
        queue_options = ["-Q", ",".join(queues)] if queues else []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "ess_platform", "worker", *pool_options,
             *queue_options,
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"queue-test-{os.getpid()}-{time.monotonic_ns()}@%h"],
            cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self.ready, 40, message="the Celery worker to start")

    def ready(self):
        if self.process.poll() is not None:
            raise AssertionError(f"worker exited early:\n{self.log.read_text()[-3000:]}")
        return "ready." in self.log.read_text(errors="replace")

    def kill(self):
        """SIGKILL, as when a machine or container dies: no acknowledgement, no cleanup."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def start_worker(transactional_db, tmp_path, redis_db):
    """start_worker(pool="solo", queues=None, **env) -> a running worker on the test
    database (every queue unless ``queues`` names some); stopped afterwards."""
    settings_dict = connection.settings_dict
    database_url = "postgres://{user}@{host}:{port}/{name}".format(
        user=settings_dict["USER"] or "postgres", host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432, name=settings_dict["NAME"])
    workers = []

    def start(pool="solo", queues=None, **extra):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ess_platform.settings",
            "DJANGO_SECRET_KEY": "queue-test-" + "k" * 50,
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "DATABASE_URL": database_url,
            "DATABASE_CONN_MAX_AGE": "0",
            "REDIS_URL": REDIS_URL,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CELERY_VISIBILITY_TIMEOUT": "5",  # test_queue.VISIBILITY
            "DJANGO_EMAIL_BACKEND": "tests.queue.mail_backend.DirectoryBackend",
            "QUEUE_TEST_MAIL_DIR": str(tmp_path / "mail"),
            "REPORTS_ROOT": str(tmp_path / "reports"),
            "PYTHONPATH": str(ROOT),
            "LOG_LEVEL": "INFO",
        }
        env.update({key: str(value) for key, value in extra.items()})
        worker = Worker(env, tmp_path / f"worker-{len(workers)}.log", pool=pool, queues=queues)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def mail_dir(tmp_path):
    return tmp_path / "mail"
