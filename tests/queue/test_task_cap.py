"""A task that kills its worker process every time is given up after TASK_MAX_DELIVERIES
runs (ess_platform/celery.py), on a real Redis broker and a real prefork worker."""

import time

import pytest
from django.db import transaction

from ess_platform.kernel.notifications import services as notifications
from ess_platform.kernel.notifications.models import Delivery
from tests.factories import UserFactory

from .conftest import REDIS_URL, broker, wait_for

pytestmark = [pytest.mark.queue, pytest.mark.django_db(transaction=True)]

MAX_DELIVERIES = 3


def test_a_send_that_kills_its_worker_every_time_ends_failed(start_worker, mail_dir,
                                                            redis_db):
    worker = start_worker(pool="prefork", TASK_MAX_DELIVERIES=MAX_DELIVERIES,
                          NOTIFICATION_MAX_ATTEMPTS=10,
                          DJANGO_EMAIL_BACKEND="tests.queue.crashing_backend.KillWorkerBackend")
    started = time.monotonic()
    with broker(REDIS_URL), transaction.atomic():
        note = notifications.notify(kind="message", key="kills-its-worker", user=UserFactory(),
                                    context={"subject": "s", "body": "b"})
    delivery = note.deliveries.get(channel="email")
    wait_for(lambda: Delivery.objects.filter(pk=delivery.pk,
                                             status=Delivery.Status.FAILED).exists(),
             timeout=60, message="the delivery to be recorded as failed")
    elapsed = time.monotonic() - started
    # Its message is gone from the broker: acknowledged, neither queued nor held.
    wait_for(lambda: redis_db.llen("celery") == 0 and redis_db.hlen("unacked") == 0,
             timeout=10, message="the message to be dropped")
    delivery.refresh_from_db()
    attempts = sorted(mail_dir.glob("*.attempt"))
    assert len(attempts) == MAX_DELIVERIES  # each run killed its pool process
    assert len({path.read_text() for path in attempts}) == MAX_DELIVERIES
    assert delivery.attempts == MAX_DELIVERIES
    assert "عدد المحاولات: 3" in delivery.last_error  # in the site's language, for the admin
    assert not list(mail_dir.glob("*.eml"))
    assert worker.process.poll() is None  # the worker itself carries on
    assert redis_db.keys("*task-deliveries:*") == []  # its run counter is forgotten
    print(f"given up after {MAX_DELIVERIES} killed runs in {elapsed:.1f} s")
