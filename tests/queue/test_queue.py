"""The outbox and the reports on a real Redis broker and a real Celery worker."""

import email
import time
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.db import transaction
from django.utils import timezone

from ess_platform.kernel import jobs
from ess_platform.kernel.notifications import services as notifications
from ess_platform.kernel.notifications.models import Delivery, Notification
from ess_platform.reports import services as reports
from ess_platform.reports.models import Report
from tests.factories import NationalAdminFactory, UserFactory

from .conftest import CLOSED_BROKER, REDIS_URL, broker, wait_for

pytestmark = [pytest.mark.queue, pytest.mark.django_db(transaction=True)]

VISIBILITY = 5
#: JOB_HEARTBEAT_TIMEOUT of the workers and the sweeper in these tests (default 120 s).
HEARTBEAT = 3


def _subjects(mail_dir):
    if not mail_dir.exists():
        return []
    return [str(make_header(decode_header(email.message_from_bytes(path.read_bytes())["Subject"])))
            for path in mail_dir.glob("*.eml")]


def test_broker_down_loses_no_notification_and_sends_each_once(start_worker, mail_dir):
    users = [UserFactory() for _index in range(100)]
    with broker(CLOSED_BROKER):
        for index, user in enumerate(users):
            with transaction.atomic():  # the author's own transaction, e.g. an idea submitted
                notifications.notify(kind="message", key=f"idea:{index}:submitted", user=user,
                                     context={"subject": f"Idea {index} received",
                                              "body": "Thank you."})
    assert Notification.objects.count() == 100
    pending = Delivery.objects.filter(channel="email", status=Delivery.Status.PENDING)
    assert pending.count() == 100

    start_worker()
    with broker(REDIS_URL):
        assert notifications.sweep_pending_deliveries(older_than=0) == 100
        # A second sweep while the worker is busy re-enqueues duplicates: still sent once.
        notifications.sweep_pending_deliveries(older_than=0)
    # Neither waiting nor claimed by a run that is sending it (SENDING, then SENT).
    unfinished = [Delivery.Status.PENDING, Delivery.Status.SENDING]
    wait_for(lambda: not Delivery.objects.filter(channel="email",
                                                 status__in=unfinished).exists(),
             timeout=60, message="every delivery to be sent")
    assert Delivery.objects.filter(channel="email", status=Delivery.Status.SENT).count() == 100
    subjects = _subjects(mail_dir)
    assert len(subjects) == 100
    assert sorted(subjects) == sorted(f"Idea {index} received" for index in range(100))


def _heartbeat_age(report):
    beat = Report.objects.unscoped().values_list("heartbeat_at", flat=True).get(pk=report.pk)
    return (timezone.now() - beat).total_seconds() if beat else None


def test_worker_killed_mid_report_finishes_after_restart(start_worker):
    """The backstop: the broker redelivers the unacknowledged message after its visibility
    timeout, and the task takes over the report once its heartbeat has stopped."""
    admin = NationalAdminFactory()
    worker = start_worker(REPORT_STEP_DELAY=1, JOB_HEARTBEAT_TIMEOUT=HEARTBEAT)
    with broker(REDIS_URL), transaction.atomic():
        report = reports.request_report(requester=admin, region=None,
                                        period_start="2025-01-01", period_end="2025-12-31",
                                        language="ar")
    wait_for(lambda: Report.objects.unscoped().filter(pk=report.pk, progress__gte=20,
                                                      status=Report.Status.RUNNING).exists(),
             timeout=30, message="the report to be half-way")
    worker.kill()
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING and report.progress < 100
    # Redis hands an unacknowledged message out again once its visibility timeout (5 s
    # here, CELERY_VISIBILITY_TIMEOUT) has passed; a starting worker restores it at once.
    wait_for(lambda: timezone.now() - report.started_at > timedelta(seconds=VISIBILITY + 1)
             and _heartbeat_age(report) > HEARTBEAT + 1,
             timeout=VISIBILITY + HEARTBEAT + 5, message="the visibility timeout to pass")

    start_worker(REPORT_STEP_DELAY=0, JOB_HEARTBEAT_TIMEOUT=HEARTBEAT)
    wait_for(lambda: Report.objects.unscoped().filter(pk=report.pk,
                                                      status=Report.Status.DONE).exists(),
             timeout=60, message="the redelivered report to finish")
    report.refresh_from_db()
    assert report.progress == 100
    assert report.attempts == 2
    assert {kind for kind, _file in report.files()} == {"pdf", "xlsx", "csv_zip"}
    assert Notification.objects.filter(key=f"report:{report.pk}:report_ready").count() == 1


def test_whole_worker_killed_mid_report_is_recovered_by_the_sweeper(start_worker, redis_db,
                                                                    settings):
    """Production's visibility timeout (2 h): the heartbeat sweeper, not the broker, brings
    the report back within seconds; the broker's late redelivery then changes nothing."""
    settings.JOB_HEARTBEAT_TIMEOUT = HEARTBEAT
    admin = NationalAdminFactory()
    long_visibility = {"CELERY_VISIBILITY_TIMEOUT": 2 * 60 * 60,
                       "JOB_HEARTBEAT_TIMEOUT": HEARTBEAT}
    worker = start_worker(pool="prefork", REPORT_STEP_DELAY=1, **long_visibility)
    with broker(REDIS_URL), transaction.atomic():
        report = reports.request_report(requester=admin, region=None,
                                        period_start="2025-01-01", period_end="2025-12-31",
                                        language="fr")
    wait_for(lambda: Report.objects.unscoped().filter(
        pk=report.pk, status=Report.Status.RUNNING, progress__gte=20,
        heartbeat_at__isnull=False).exists(), timeout=30, message="the report to be running")
    first_token = Report.objects.unscoped().get(pk=report.pk).attempt_token

    worker.kill()  # SIGKILL to the process group: the main worker process and its child
    killed_at = time.monotonic()
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING and report.progress < 100
    assert redis_db.hlen("unacked") == 1  # the broker holds the message for two hours

    start_worker(REPORT_STEP_DELAY=0, **long_visibility)
    with broker(REDIS_URL):
        # Beat calls the sweeper every minute; here it is called until it acts.
        wait_for(lambda: jobs.sweep(reports.JOBS)["requeued"] == [report.pk],
                 timeout=HEARTBEAT + 10, interval=0.5, message="the sweeper to queue it again")
    wait_for(lambda: Report.objects.unscoped().filter(pk=report.pk,
                                                      status=Report.Status.DONE).exists(),
             timeout=60, message="the report to finish after the sweeper queued it")
    recovered_in = time.monotonic() - killed_at
    report.refresh_from_db()
    assert report.progress == 100 and report.attempts == 2
    assert report.attempt_token != first_token
    assert {kind for kind, _file in report.files()} == {"pdf", "xlsx", "csv_zip"}
    assert recovered_in < 60
    print(f"report recovered {recovered_in:.1f} s after its worker was killed")

    # Much later the broker hands the first attempt's message out again (here: a worker
    # with a one-second visibility timeout restores it at start): it is ignored.
    # The live worker acknowledges its own messages (the report's, the notification's)
    # just after their work is committed; only the dead attempt's message stays.
    wait_for(lambda: redis_db.hlen("unacked") == 1 and redis_db.llen("celery") == 0,
             timeout=30, message="only the dead attempt's message to stay unacknowledged")
    start_worker(CELERY_VISIBILITY_TIMEOUT=1, JOB_HEARTBEAT_TIMEOUT=HEARTBEAT)
    wait_for(lambda: redis_db.hlen("unacked") == 0 and redis_db.llen("celery") == 0,
             timeout=30, message="the old message to be delivered and acknowledged")
    report.refresh_from_db()
    assert (report.status, report.attempts) == (Report.Status.DONE, 2)
    assert Notification.objects.filter(key=f"report:{report.pk}:report_ready").count() == 1


def test_failing_smtp_server_retries_then_records_the_failure(start_worker, mail_dir):
    start_worker(DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                 EMAIL_HOST="127.0.0.1", EMAIL_PORT=1, NOTIFICATION_MAX_ATTEMPTS=3,
                 NOTIFICATION_RETRY_BASE=0.5)
    with broker(REDIS_URL), transaction.atomic():
        note = notifications.notify(kind="message", key="smtp-down", user=UserFactory(),
                                    context={"subject": "s", "body": "b"})
    delivery = note.deliveries.get(channel="email")
    wait_for(lambda: Delivery.objects.filter(pk=delivery.pk,
                                             status=Delivery.Status.FAILED).exists(),
             timeout=45, message="the delivery to be recorded as failed")
    delivery.refresh_from_db()
    assert delivery.attempts == 3
    assert "Connection refused" in delivery.last_error or "Errno 111" in delivery.last_error
    assert _subjects(mail_dir) == []
