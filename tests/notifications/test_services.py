import pytest
from django.db import transaction

from ess_platform.kernel.notifications import selectors, services
from ess_platform.kernel.notifications.models import Delivery, Notification, NotificationPreference
from ess_platform.kernel.notifications.tasks import send_delivery
from tests.factories import UserFactory

from . import failing_backend

pytestmark = pytest.mark.django_db


def test_notify_emails_user_in_their_language(send, mailoutbox):
    user = UserFactory(preferred_language="fr", first_name="Salma")
    note = send(user=user, key="k1")
    assert note.language == "fr"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert "Bonjour Salma" in mailoutbox[0].body


def test_notify_records_one_delivery_per_default_channel(send):
    note = send(user=UserFactory(), key="k1")
    channels = dict(note.deliveries.values_list("channel", "status"))
    assert channels == {"inapp": "sent", "email": "sent"}


def test_notify_follows_the_users_chosen_channels(send, mailoutbox):
    user = UserFactory(phone="+212600000001")
    services.save_preferences(user=user, channels=["sms_console"])
    note = send(user=user, key="k1")
    assert set(note.deliveries.values_list("channel", flat=True)) == {"inapp", "sms_console"}
    assert mailoutbox == []


def test_same_key_notifies_once(send, mailoutbox):
    user = UserFactory()
    first = send(user=user, key="same")
    second = send(user=user, key="same")
    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1


def test_guest_gets_email_without_inbox_delivery(send, mailoutbox):
    note = send(email="guest@example.ma", key="guest")
    assert list(note.deliveries.values_list("channel", flat=True)) == ["email"]
    assert len(mailoutbox) == 1


def test_notification_rolls_back_with_the_callers_transaction(mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify(kind="message", key="rolled-back", user=UserFactory(),
                        context={"subject": "s", "body": "b"})
        raise RuntimeError("the cause failed")
    assert not Notification.objects.filter(key="rolled-back").exists()
    assert mailoutbox == []


def test_delivering_twice_sends_one_email(mailoutbox, django_capture_on_commit_callbacks):
    note = services.notify(kind="message", key="twice", user=UserFactory(),
                           context={"subject": "s", "body": "b"})
    delivery = note.deliveries.get(channel="email")
    assert services.send_delivery(delivery_id=delivery.pk) == Delivery.Status.SENT
    assert services.send_delivery(delivery_id=delivery.pk) == Delivery.Status.SENT
    send_delivery.delay(delivery.pk)
    services.deliver(notification_id=note.pk)
    assert len(mailoutbox) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_failing_email_is_retried_then_recorded_as_failed(send, fast_retries, settings):
    settings.EMAIL_BACKEND = "tests.notifications.failing_backend.FailingBackend"
    failing_backend.CALLS.clear()
    note = send(user=UserFactory(), key="fails")
    delivery = note.deliveries.get(channel="email")
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 3
    assert "SMTPServerDisconnected" in delivery.last_error
    assert len(failing_backend.CALLS) == 3


def test_failure_then_success_is_sent(fast_retries, mailoutbox):
    note = services.notify(kind="message", key="flaky", user=UserFactory(),
                           context={"subject": "s", "body": "b"})
    delivery = note.deliveries.get(channel="email")
    locmem = fast_retries.EMAIL_BACKEND
    fast_retries.EMAIL_BACKEND = "tests.notifications.failing_backend.FailingBackend"
    with pytest.raises(services.RetryLater):
        services.send_delivery(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)
    assert delivery.next_attempt_at is not None
    fast_retries.EMAIL_BACKEND = locmem
    services.send_delivery(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 2)
    assert len(mailoutbox) == 1


def test_broker_failure_leaves_delivery_pending_and_caller_succeeds(monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(send_delivery, "apply_async", refuse)
    monkeypatch.setitem(send_delivery.app.conf, "task_always_eager", False)
    note = services.notify(kind="message", key="down", user=UserFactory(),
                           context={"subject": "s", "body": "b"})
    delivery = note.deliveries.get(channel="email")
    assert services.enqueue_deliveries(delivery_ids=[delivery.pk]) == 0
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING
    assert "stays pending" in caplog.text


def test_sweeper_sends_overdue_pending_deliveries(mailoutbox):
    note = services.notify(kind="message", key="swept", user=UserFactory(),
                           context={"subject": "s", "body": "b"})
    assert mailoutbox == []  # the on-commit enqueue never ran (as if the broker was down)
    assert services.sweep_pending_deliveries(older_than=3600) == 0
    assert services.sweep_pending_deliveries(older_than=0) == 1
    assert note.deliveries.get(channel="email").status == Delivery.Status.SENT
    assert len(mailoutbox) == 1


def test_sweeper_leaves_failed_and_sent_deliveries_alone(send, fast_retries, settings):
    settings.EMAIL_BACKEND = "tests.notifications.failing_backend.FailingBackend"
    send(user=UserFactory(), key="failed")
    assert services.sweep_pending_deliveries(older_than=0) == 0


def test_preferences_keep_only_optional_channels(member):
    services.save_preferences(user=member, channels=["inapp", "email", "carrier-pigeon"])
    assert NotificationPreference.objects.get(user=member).channels == ["email"]
    assert selectors.chosen_channels(member) == ["inapp", "email"]


def test_unread_count_and_mark_read(send, member):
    send(user=member, key="a")
    send(user=member, key="b")
    assert selectors.unread_count(member) == 2
    assert services.mark_read(user=member) == 2
    assert selectors.unread_count(member) == 0
