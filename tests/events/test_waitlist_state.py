"""A waitlisted person sees where they stand, without a check-in code, and is told once,
with the code, when a place frees up."""

import pytest
from django.urls import reverse
from django.utils import translation

from ess_platform.kernel.notifications.models import Notification
from events.models import Registration
from events.services import cancel_registration, promote_waitlist, register_for_event

pytestmark = pytest.mark.django_db


def guest(event, n, language="fr"):
    return register_for_event(event=event, name=f"Guest {n}", email=f"g{n}@example.ma",
                              language=language)


def page(client, registration, lang):
    with translation.override(lang):
        return client.get(reverse("events:registration", kwargs={"token": registration.token}))


def test_waitlisted_guest_sees_the_position_and_no_check_in_code(client, small_event):
    guest(small_event, 1)
    guest(small_event, 2)
    guest(small_event, 3)
    fourth = guest(small_event, 4)
    assert fourth.status == Registration.Status.WAITLISTED
    response = page(client, fourth, "fr")
    assert response.status_code == 200
    assert "Vous êtes le numéro 2 sur la liste d’attente." in response.text
    assert fourth.code not in response.text
    assert "checkin-code" not in response.text
    assert "status-waitlisted" in response.text
    arabic = page(client, fourth, "ar")
    assert "أنت رقم 2 في لائحة الانتظار." in arabic.text
    assert fourth.code not in arabic.text


def test_registered_guest_sees_the_check_in_code_in_the_confirmed_style(client, small_event):
    first = guest(small_event, 1)
    response = page(client, first, "fr")
    assert first.code in response.text
    assert "status-registered" in response.text
    assert "liste d’attente" not in response.text


def test_promotion_notifies_once_with_the_check_in_code(
        client, small_event, mailoutbox, django_capture_on_commit_callbacks):
    first = guest(small_event, 1)
    guest(small_event, 2)
    third = guest(small_event, 3)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=first)
    with django_capture_on_commit_callbacks(execute=True):
        promote_waitlist(event=small_event)  # nothing left to give: no second message
    third.refresh_from_db()
    assert third.status == Registration.Status.REGISTERED
    promoted = [m for m in mailoutbox if m.to == ["g3@example.ma"]]
    assert len(promoted) == 1
    assert third.code in promoted[0].body
    assert Notification.objects.filter(key=f"event-registration:{third.pk}:promoted").count() == 1
    assert third.code in page(client, third, "fr").text
