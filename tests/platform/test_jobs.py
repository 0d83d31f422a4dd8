import threading

from celery import shared_task

from ess_platform.jobs import run_in_background

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
