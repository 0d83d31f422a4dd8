"""A send is claimed before the provider is called and recorded after, and a task whose
worker keeps dying is given up (ess_platform/kernel/notifications/services.py, celery.py)."""

import uuid
from datetime import timedelta

import pytest
from celery.app.trace import build_tracer
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from ess_platform.celery import count_delivery, max_deliveries
from ess_platform.kernel.notifications import selectors, services
from ess_platform.kernel.notifications.models import Delivery
from ess_platform.kernel.notifications.tasks import send_delivery
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

#: Message-IDs the provider saw, in order, whatever the outcome of each call.
SEEN = []


class AcceptThenDropBackend(EmailBackend):
    """The SMTP server takes the message, then the connection drops before its answer."""

    def send_messages(self, email_messages):
        SEEN.extend(message.message()["Message-ID"] for message in email_messages)
        raise ConnectionResetError("Connection reset by peer")


class RecordingBackend(EmailBackend):
    def send_messages(self, email_messages):
        SEEN.extend(message.message()["Message-ID"] for message in email_messages)
        return super().send_messages(email_messages)


class SecondWorkerBackend(RecordingBackend):
    """While the provider is busy with the message, another run of the same delivery
    starts (a duplicate message, or the broker handing it out again)."""

    second_runs = []

    def send_messages(self, email_messages):
        for delivery in Delivery.objects.filter(status=Delivery.Status.SENDING):
            self.second_runs.append(
                services.send_delivery(delivery_id=delivery.pk, run="second-run"))
        return super().send_messages(email_messages)


@pytest.fixture(autouse=True)
def _reset(settings):
    SEEN.clear()
    SecondWorkerBackend.second_runs.clear()
    settings.NOTIFICATION_SEND_TIMEOUT = 120
    settings.TASK_MAX_DELIVERIES = 3


def _pending_email(key="claims"):
    note = services.notify(kind="message", key=key, user=UserFactory(),
                           context={"subject": "Idea received", "body": "Thank you."})
    return note.deliveries.get(channel="email")  # not sent: the on-commit enqueue never ran


def _claimed(delivery, *, by="worker-1", seconds_ago=0, attempts=1):
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING, claimed_by=by, attempts=attempts,
        claimed_at=timezone.now() - timedelta(seconds=seconds_ago))


def test_claim_is_committed_before_the_provider_is_called(settings, mailoutbox):
    settings.EMAIL_BACKEND = f"{__name__}.SecondWorkerBackend"
    delivery = _pending_email()
    assert services.send_delivery(delivery_id=delivery.pk, run="first-run") == Delivery.Status.SENT
    # The second run saw the first one's claim and sent nothing.
    assert SecondWorkerBackend.second_runs == [Delivery.Status.SENDING]
    assert len(mailoutbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.claimed_by) == (
        Delivery.Status.SENT, 1, "first-run")


def test_a_second_run_leaves_a_live_claim_alone(mailoutbox):
    delivery = _pending_email()
    _claimed(delivery, seconds_ago=30)
    assert (services.send_delivery(delivery_id=delivery.pk, run="worker-2")
            == Delivery.Status.SENDING)
    assert send_delivery.apply(args=(delivery.pk,)).get() == Delivery.Status.SENDING
    assert mailoutbox == []
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.claimed_by) == (
        Delivery.Status.SENDING, 1, "worker-1")


def test_a_stale_claim_is_sent_again_by_default(mailoutbox):
    """At least once: the worker died mid-send, the message may have gone; send it again."""
    delivery = _pending_email()
    _claimed(delivery, seconds_ago=121)
    assert services.send_delivery(delivery_id=delivery.pk, run="worker-2") == Delivery.Status.SENT
    assert len(mailoutbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.claimed_by) == (
        Delivery.Status.SENT, 2, "worker-2")
    assert delivery.last_error  # the interrupted attempt is on record


def test_the_redelivered_message_of_a_dead_run_takes_its_own_claim_over(mailoutbox):
    """The broker hands a message out again only once its run is gone: no need to wait."""
    delivery = _pending_email()
    _claimed(delivery, by="task-1", seconds_ago=1)
    assert services.send_delivery(delivery_id=delivery.pk, run="task-1") == Delivery.Status.SENT
    assert len(mailoutbox) == 1


def test_at_most_once_records_a_stale_claim_as_failed(settings, mailoutbox):
    settings.NOTIFICATION_UNCONFIRMED_SENDS = "fail"
    settings.LANGUAGE_CODE = "fr"
    delivery = _pending_email()
    _claimed(delivery, seconds_ago=121)
    assert services.send_delivery(delivery_id=delivery.pk, run="worker-2") == Delivery.Status.FAILED
    assert mailoutbox == []
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 1)
    assert "Interrompu pendant l’envoi" in delivery.last_error


def test_a_stale_claim_with_its_attempts_spent_is_failed(fast_retries, mailoutbox):
    delivery = _pending_email()
    _claimed(delivery, seconds_ago=121, attempts=3)
    assert services.send_delivery(delivery_id=delivery.pk, run="worker-2") == Delivery.Status.FAILED
    assert mailoutbox == []


def test_the_message_id_is_the_same_at_every_attempt(settings, mailoutbox):
    settings.EMAIL_BACKEND = f"{__name__}.AcceptThenDropBackend"
    settings.DEFAULT_FROM_EMAIL = "ESS Maroc <no-reply@ess.example.ma>"
    first = _pending_email("first")
    with pytest.raises(services.RetryLater):
        services.send_delivery(delivery_id=first.pk)
    settings.EMAIL_BACKEND = f"{__name__}.RecordingBackend"
    assert services.send_delivery(delivery_id=first.pk) == Delivery.Status.SENT
    other = _pending_email("other")
    assert services.send_delivery(delivery_id=other.pk) == Delivery.Status.SENT
    first_id, again, other_id = SEEN
    assert first_id == again
    assert first_id.endswith("@ess.example.ma>")
    assert other_id != first_id
    assert mailoutbox[0].message()["Message-ID"] == first_id


def test_the_sweeper_sends_stale_claims_and_leaves_live_ones(mailoutbox):
    stale, live = _pending_email("stale"), _pending_email("live")
    _claimed(stale, seconds_ago=121)
    _claimed(live, seconds_ago=5)
    Delivery.objects.filter(pk__in=[stale.pk, live.pk]).update(
        updated_at=timezone.now() - timedelta(hours=1))
    assert list(selectors.overdue_deliveries(older_than=0)) == [stale]
    assert services.sweep_pending_deliveries(older_than=0) == 1
    assert Delivery.objects.get(pk=stale.pk).status == Delivery.Status.SENT
    assert Delivery.objects.get(pk=live.pk).status == Delivery.Status.SENDING
    assert len(mailoutbox) == 1


# ------------------------------------------------- the cap on runs that lose their worker

def _run_in_worker(task, *args, task_id):
    """Run ``task`` as a worker's pool process does (not eagerly), for one delivery of
    the message ``task_id``."""
    task = task.app.tasks[task.name]
    tracer = build_tracer(task.name, task, eager=False, propagate=False, app=task.app)
    return tracer(task_id, args, {}, {"id": task_id, "delivery_info": {"redelivered": True}})


def _runs_that_crashed(task_id, count):
    for _run in range(count):  # each started, then its worker died before it returned
        count_delivery(task_id)


def test_a_task_past_its_deliveries_is_given_up_not_run(settings, mailoutbox):
    settings.LANGUAGE_CODE = "fr"
    delivery = _pending_email()
    task_id = str(uuid.uuid4())
    _runs_that_crashed(task_id, max_deliveries())
    outcome = _run_in_worker(send_delivery, delivery.pk, task_id=task_id)
    assert outcome.info.state == "REJECTED"  # dropped, not requeued
    assert mailoutbox == []
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert "3 tentatives" in delivery.last_error
    # Counting starts afresh: the message is gone, its id will not come back.
    assert count_delivery(task_id) == 1


def test_a_task_under_its_deliveries_runs(mailoutbox):
    delivery = _pending_email()
    task_id = str(uuid.uuid4())
    _runs_that_crashed(task_id, max_deliveries() - 1)
    assert _run_in_worker(send_delivery, delivery.pk, task_id=task_id).retval == "sent"
    assert len(mailoutbox) == 1


def test_a_run_that_returns_resets_the_count(mailoutbox):
    first, second = _pending_email("first"), _pending_email("second")
    task_id = str(uuid.uuid4())
    _runs_that_crashed(task_id, max_deliveries() - 1)
    _run_in_worker(send_delivery, first.pk, task_id=task_id)
    # A retry keeps its task id: it is not mistaken for a crash loop.
    _runs_that_crashed(task_id, max_deliveries() - 1)
    assert _run_in_worker(send_delivery, second.pk, task_id=task_id).retval == "sent"
    assert len(mailoutbox) == 2


def test_a_task_given_up_leaves_a_sent_delivery_sent(mailoutbox):
    delivery = _pending_email()
    assert services.send_delivery(delivery_id=delivery.pk) == Delivery.Status.SENT
    task_id = str(uuid.uuid4())
    _runs_that_crashed(task_id, max_deliveries())
    _run_in_worker(send_delivery, delivery.pk, task_id=task_id)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_error) == (Delivery.Status.SENT, "")
