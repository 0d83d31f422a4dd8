"""Routed messages land in their own queue on the real Redis broker: a worker started with
``-Q notifications`` takes SMS and e-mail, never a report (settings: CELERY_TASK_ROUTES)."""

import json

import pytest

from ess_platform.kernel.notifications.tasks import send_delivery
from ess_platform.reports.tasks import build_report

from .conftest import REDIS_URL, broker

pytestmark = pytest.mark.queue


def _waiting(redis_db, queue):
    return [json.loads(raw)["headers"]["task"] for raw in redis_db.lrange(queue, 0, -1)]


def test_a_report_and_an_sms_wait_in_different_queues(redis_db):
    with broker(REDIS_URL):
        build_report.apply_async((123456, None))
        send_delivery.apply_async((654321,))
    assert _waiting(redis_db, "reports") == ["ess_platform.reports.tasks.build_report"]
    assert _waiting(redis_db, "notifications") == [
        "ess_platform.notifications.tasks.send_delivery"]
    assert _waiting(redis_db, "celery") == []
