"""The outbox and the reports on a real Redis broker and a real Celery worker."""

import email
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.db import transaction
from django.utils import timezone

from ess_platform.notifications import services as notifications
from ess_platform.notifications.models import Delivery, Notification
from ess_platform.reports import services as reports
from ess_platform.reports.models import Report
from tests.factories import NationalAdminFactory, UserFactory

from .conftest import CLOSED_BROKER, REDIS_URL, broker, wait_for

pytestmark = [pytest.mark.queue, pytest.mark.django_db(transaction=True)]

VISIBILITY = 5


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
    wait_for(lambda: not Delivery.objects.filter(channel="email",
                                                 status=Delivery.Status.PENDING).exists(),
             timeout=60, message="every delivery to be sent")
    assert Delivery.objects.filter(channel="email", status=Delivery.Status.SENT).count() == 100
    subjects = _subjects(mail_dir)
    assert len(subjects) == 100
    assert sorted(subjects) == sorted(f"Idea {index} received" for index in range(100))


def test_worker_killed_mid_report_finishes_after_restart(start_worker):
    admin = NationalAdminFactory()
    worker = start_worker(REPORT_STEP_DELAY=1)
    with broker(REDIS_URL), transaction.atomic():
        report = reports.request_report(requester=admin, region=None,
                                        period_start="2025-01-01", period_end="2025-12-31",
                                        language="ar")
    wait_for(lambda: Report.objects.filter(pk=report.pk, progress__gte=20,
                                           status=Report.Status.RUNNING).exists(),
             timeout=30, message="the report to be half-way")
    worker.kill()
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING and report.progress < 100
    # Redis hands an unacknowledged message out again once its visibility timeout (5 s
    # here, CELERY_VISIBILITY_TIMEOUT) has passed; a starting worker restores it at once.
    wait_for(lambda: timezone.now() - report.started_at > timedelta(seconds=VISIBILITY + 1),
             timeout=VISIBILITY + 5, message="the visibility timeout to pass")

    start_worker(REPORT_STEP_DELAY=0)
    wait_for(lambda: Report.objects.filter(pk=report.pk, status=Report.Status.DONE).exists(),
             timeout=60, message="the redelivered report to finish")
    report.refresh_from_db()
    assert report.progress == 100
    assert report.attempts == 2
    assert {kind for kind, _file in report.files()} == {"pdf", "xlsx", "csv_zip"}
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
