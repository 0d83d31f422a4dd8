from datetime import timedelta

import pytest
from django.utils import timezone

from ess_platform.kernel.notifications.models import Notification
from events import tasks
from events.models import Event, Registration
from events.services import claim_reminder, send_reminders

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def soon(souss_massa):
    return EventFactory(region=souss_massa, starts_at=timezone.now() + timedelta(hours=30))


def test_reminder_is_sent_once_when_the_task_runs_twice(
        soon, mailoutbox, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(event=soon, email="amina@example.ma", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders() == 0
    registration.refresh_from_db()
    assert registration.reminder_sent_at is not None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["amina@example.ma"]
    assert registration.code in mailoutbox[0].body


def test_a_second_claim_of_the_same_reminder_fails(soon):
    registration = RegistrationFactory(event=soon)
    now = timezone.now()
    assert claim_reminder(registration_id=registration.pk, now=now) is True
    assert claim_reminder(registration_id=registration.pk, now=now) is False


def test_reminder_already_claimed_by_another_worker_is_skipped(soon):
    registration = RegistrationFactory(event=soon)
    claim_reminder(registration_id=registration.pk, now=timezone.now())
    assert send_reminders() == 0
    assert not Notification.objects.filter(kind="event_reminder").exists()


def test_reminder_is_in_the_registrant_language(soon, django_capture_on_commit_callbacks,
                                                mailoutbox):
    RegistrationFactory(event=soon, language="ar", email="a@example.ma")
    RegistrationFactory(event=soon, language="fr", email="f@example.ma")
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders()
    by_address = {m.to[0]: m for m in mailoutbox}
    assert soon.title_ar in by_address["a@example.ma"].subject
    assert soon.title_fr in by_address["f@example.ma"].subject


def test_no_reminder_for_waitlisted_or_cancelled(soon):
    RegistrationFactory(event=soon, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=soon, status=Registration.Status.CANCELLED)
    assert send_reminders() == 0


def test_no_reminder_for_a_cancelled_event(souss_massa):
    event = EventFactory(region=souss_massa, status=Event.Status.CANCELLED,
                         starts_at=timezone.now() + timedelta(hours=30))
    RegistrationFactory(event=event)
    assert send_reminders() == 0


@pytest.mark.parametrize("hours", [10, 72])
def test_no_reminder_outside_the_window(souss_massa, hours):
    event = EventFactory(region=souss_massa, starts_at=timezone.now() + timedelta(hours=hours))
    RegistrationFactory(event=event)
    assert send_reminders() == 0


def test_beat_runs_the_reminder_task():
    from ess_platform.kernel.registry import beat_schedule

    entry = beat_schedule()["events-send-reminders"]
    assert entry["task"] == tasks.send_reminders.name
