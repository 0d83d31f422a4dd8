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
