"""A report whose worker died is queued again by the heartbeat sweeper, a bounded number of
times, and a late or stale message changes nothing (ess_platform/kernel/jobs.py)."""

import datetime
import uuid

import pytest
from django.utils import timezone

from ess_platform.kernel import jobs
from ess_platform.kernel.notifications.models import Notification
from ess_platform.reports import services, tasks
from ess_platform.reports.models import Report

from .factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _job_settings(settings):
    settings.JOB_HEARTBEAT_TIMEOUT = 120
    settings.JOB_MAX_ATTEMPTS = 3


def _running(report, *, attempts=1, beat_seconds_ago=600):
    Report.objects.unscoped().filter(pk=report.pk).update(
        status=Report.Status.RUNNING, attempts=attempts,
        started_at=timezone.now() - datetime.timedelta(seconds=beat_seconds_ago + 5),
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=beat_seconds_ago))
    report.refresh_from_db()
    return report


def test_sweeper_queues_again_a_report_whose_heartbeat_stopped(
        demo_data, delegate, django_capture_on_commit_callbacks):
    report = _running(ReportFactory(requester=delegate, region=delegate.region))
    old_token = report.attempt_token
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outcome = jobs.sweep(services.JOBS)
    assert outcome == {"requeued": [report.pk], "failed": [], "resent": []}
    assert callbacks  # handed to the broker only once the new token is committed
    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    assert report.attempts == 2
    assert report.attempt_token != old_token


def test_sweeper_leaves_a_report_with_a_fresh_heartbeat_alone(
        delegate, django_capture_on_commit_callbacks):
    report = _running(ReportFactory(requester=delegate, region=delegate.region),
                      beat_seconds_ago=5)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outcome = jobs.sweep(services.JOBS)
    assert outcome == {"requeued": [], "failed": [], "resent": []}
    assert callbacks == []
    fresh = Report.objects.unscoped().get(pk=report.pk)
    assert (fresh.status, fresh.attempts, fresh.attempt_token) == (
        Report.Status.RUNNING, 1, report.attempt_token)


def test_report_past_its_attempts_is_failed_with_a_reason_not_queued_again(
        delegate, mailoutbox, django_capture_on_commit_callbacks):
    report = _running(ReportFactory(requester=delegate, region=delegate.region,
                                    language="fr"), attempts=3)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = jobs.sweep(services.JOBS)
    assert outcome == {"requeued": [], "failed": [report.pk], "resent": []}
    failed = Report.objects.unscoped().get(pk=report.pk)
    assert failed.status == Report.Status.FAILED
    assert failed.attempts == 3
    assert failed.attempt_token == report.attempt_token
    assert "interrompue 3 fois" in failed.error
    assert Notification.objects.filter(key=f"report:{report.pk}:report_failed").exists()


def test_sweep_task_runs_once_per_minute_whatever_the_number_of_beats(settings, delegate):
    from django.core.cache import cache

    from ess_platform.tasks import sweep_stalled_jobs

    settings.SCHEDULE_LOCK_BACKEND = "db"
    cache.clear()
    assert sweep_stalled_jobs.apply().get() == {
        "reports.Report": {"requeued": [], "failed": [], "resent": []},
        "cooperatives.ImportJob": {"requeued": [], "failed": [], "resent": []},
    }
    assert sweep_stalled_jobs.apply().get() is None


def test_message_of_an_earlier_attempt_is_ignored(delegate):
    report = ReportFactory(requester=delegate, region=delegate.region)
    assert tasks.build_report.apply(args=(report.pk, str(uuid.uuid4()))).get() == "queued"
    report.refresh_from_db()
    assert (report.status, report.attempts, report.progress) == (Report.Status.QUEUED, 0, 0)


def test_message_for_a_built_report_changes_nothing(demo_data, delegate):
    report = ReportFactory(requester=delegate, region=delegate.region)
    assert tasks.build_report.apply(args=(report.pk, str(report.attempt_token))).get() == "done"
    report.refresh_from_db()
    finished_at = report.finished_at
    assert tasks.build_report.apply(args=(report.pk, str(report.attempt_token))).get() == "done"
    report.refresh_from_db()
    assert (report.attempts, report.finished_at) == (1, finished_at)


def test_task_leaves_a_report_that_a_live_worker_is_building(delegate):
    report = _running(ReportFactory(requester=delegate, region=delegate.region),
                      beat_seconds_ago=5)
    assert tasks.build_report.apply(args=(report.pk, str(report.attempt_token))).get() == (
        "running")
    report.refresh_from_db()
    assert (report.status, report.attempts) == (Report.Status.RUNNING, 1)


def test_broker_redelivering_past_the_cap_fails_the_report(delegate):
    """Without the sweeper, the broker's own redeliveries after each crash stop too."""
    report = _running(ReportFactory(requester=delegate, region=delegate.region), attempts=3)
    assert tasks.build_report.apply(args=(report.pk, str(report.attempt_token))).get() == (
        "failed")
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and report.attempts == 3


def test_broker_redelivery_after_a_lost_worker_resumes_the_report(demo_data, delegate):
    report = _running(ReportFactory(requester=delegate, region=delegate.region))
    assert tasks.build_report.apply(args=(report.pk, str(report.attempt_token))).get() == "done"
    report.refresh_from_db()
    assert (report.status, report.attempts) == (Report.Status.DONE, 2)


def test_a_run_that_lost_its_report_stops_at_its_next_step(delegate):
    report = ReportFactory(requester=delegate, region=delegate.region)
    claimed = jobs.claim(services.JOBS, report.pk, report.attempt_token)
    assert claimed.attempts == 1
    # The sweeper presumed it dead and another worker took it over.
    Report.objects.unscoped().filter(pk=report.pk).update(attempts=2)
    with pytest.raises(jobs.JobLost):
        services._record(claimed, step="cooperatives", progress=10)
    assert Report.objects.unscoped().get(pk=report.pk).progress == 0


def test_report_whose_task_keeps_losing_its_worker_is_failed_and_the_requester_told(
        delegate, settings):
    """Past TASK_MAX_DELIVERIES runs that never returned, the broker's message is dropped and
    the report failed, whatever its own attempt count."""
    from celery.app.trace import build_tracer

    from ess_platform.celery import count_delivery

    settings.TASK_MAX_DELIVERIES = 2
    report = _running(ReportFactory(requester=delegate, region=delegate.region,
                                    language="fr"), attempts=1, beat_seconds_ago=5)
    task = tasks.build_report.app.tasks[tasks.build_report.name]
    task_id = str(uuid.uuid4())
    for _run in range(2):
        count_delivery(task_id)  # two runs started and their worker died
    tracer = build_tracer(task.name, task, eager=False, propagate=False, app=task.app)
    outcome = tracer(task_id, (report.pk, str(report.attempt_token)), {}, {"id": task_id})
    assert outcome.info.state == "REJECTED"
    failed = Report.objects.unscoped().get(pk=report.pk)
    assert (failed.status, failed.attempts) == (Report.Status.FAILED, 1)
    assert "interrompue 1 fois" in failed.error
    assert Notification.objects.filter(key=f"report:{report.pk}:report_failed",
                                       recipient=delegate).exists()
