import threading

import pytest
from celery import shared_task

from ess_platform.kernel.jobs import run_in_background

RAN_IN = []


@shared_task(name="tests.record_thread")
def record_thread(value):
    RAN_IN.append((value, threading.current_thread().name))


def _join_eager_threads():
    for thread in threading.enumerate():
        if thread.name.startswith("eager-"):
            thread.join(timeout=10)


def test_eager_job_runs_in_a_thread_when_asked(settings):
    settings.EAGER_TASKS_IN_THREAD = True
    RAN_IN.clear()
    run_in_background(record_thread, 1)
    _join_eager_threads()
    assert RAN_IN == [(1, "eager-tests.record_thread")]


def test_eager_job_runs_inline_in_tests(settings):
    settings.EAGER_TASKS_IN_THREAD = False
    RAN_IN.clear()
    run_in_background(record_thread, 2)
    assert RAN_IN == [(2, threading.current_thread().name)]


def test_broker_down_leaves_the_job_waiting(settings, caplog):
    from ess_platform.celery import app

    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, "redis://127.0.0.1:1/0"
    app._pool = None
    app.amqp._producer_pool = None
    try:
        assert run_in_background(record_thread, 3) is False
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        app._pool = None
        app.amqp._producer_pool = None
    assert "stays waiting for the sweeper" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_long_step_in_a_worker_keeps_beating():
    """Between progress writes, a background thread keeps the heartbeat fresh."""
    import datetime
    import time

    from django.utils import timezone

    from ess_platform.kernel import jobs
    from ess_platform.reports.models import Report
    from ess_platform.reports.services import JOBS
    from tests.factories import UserFactory
    from tests.reports.factories import ReportFactory

    report = ReportFactory(requester=UserFactory())
    claimed = jobs.claim(JOBS, report.pk, report.attempt_token)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Report.objects.unscoped().filter(pk=report.pk).update(heartbeat_at=long_ago)

    def heartbeat():
        return Report.objects.unscoped().values_list("heartbeat_at", flat=True).get(
            pk=report.pk)

    with jobs.keep_alive(JOBS, claimed, every=0.05) as beating:
        deadline = time.monotonic() + 10
        while heartbeat() == long_ago and time.monotonic() < deadline:
            time.sleep(0.05)
        assert heartbeat() > long_ago
    assert not beating._thread.is_alive()
    # Once the job is no longer this run's, the thread stops on its own.
    Report.objects.unscoped().filter(pk=report.pk).update(attempts=2, heartbeat_at=long_ago)
    with jobs.keep_alive(JOBS, claimed, every=0.05) as beating:
        beating._thread.join(timeout=5)
        assert not beating._thread.is_alive()
    assert heartbeat() == long_ago
