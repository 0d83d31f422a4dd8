"""A guest's registration is confirmed from the address it names before it counts.

Until then it takes no place, blocks nobody (the address's owner registers from their
account as if it were not there) and expires.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ess_platform.kernel.notifications.models import Delivery, Notification
from events.models import Registration
from events.services import (
    CONFIRMATION_WINDOW,
    check_in,
    confirm_guest_registration,
    register_for_event,
    register_guest,
)
from tests.factories import UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db

OWNER_EMAIL = "fatima@example.ma"


def url(name, lang="ar", **kwargs):
    return reverse(name, kwargs=kwargs).replace("/ar/", f"/{lang}/", 1)


@pytest.fixture
def one_place(souss_massa):
    return EventFactory(region=souss_massa, capacity=1)


@pytest.fixture
def owner(db):
    return UserFactory(email=OWNER_EMAIL, preferred_language="fr")


def statuses(event):
    return sorted(event.registrations.values_list("status", flat=True))


def test_guest_with_someone_elses_email_takes_no_place(one_place):
    pending = register_guest(event=one_place, name="Intrus", email=OWNER_EMAIL)
    assert pending.status == Registration.Status.PENDING
    assert one_place.places_left() == 1
    assert not Registration.objects.unscoped().filter(
        event=one_place, status__in=Registration.ACTIVE).exists()


def test_owner_registers_from_their_account_and_replaces_the_unconfirmed_one(
        client, one_place, owner):
    pending = register_guest(event=one_place, name="Intrus", email=OWNER_EMAIL)
    client.force_login(owner)
    response = client.post(url("events:register", "fr", slug=one_place.slug))
    assert response.status_code == 302
    mine = one_place.registrations.get(user=owner)
    assert mine.status == Registration.Status.REGISTERED
    pending.refresh_from_db()
    assert pending.status == Registration.Status.CANCELLED
    assert statuses(one_place) == ["cancelled", "registered"]
    # The link sent to the owner's mailbox no longer confirms anything.
    client.logout()
    response = client.post(url("events:confirm", "fr", token=pending.token), follow=True)
    assert "plus en attente de confirmation" in response.text
    assert statuses(one_place) == ["cancelled", "registered"]


def test_link_confirms_once(event, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        pending = register_guest(event=event, name="Amina", email="amina@example.ma",
                                 language="fr")
    assert "Confirmez votre inscription" in mailoutbox[0].subject
    assert pending.get_absolute_url().replace("/ar/", "/fr/") in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        first = confirm_guest_registration(registration=pending)
        second = confirm_guest_registration(registration=pending)
    assert first.status == second.status == Registration.Status.REGISTERED
    assert second.created_at == first.created_at
    assert Notification.objects.filter(kind="event_registered").count() == 1
    assert event.registrations.count() == 1


def test_opening_the_link_does_not_confirm_the_button_does(client, event):
    pending = register_guest(event=event, name="Amina", email="amina@example.ma")
    page = client.get(url("events:registration", "fr", token=pending.token))
    assert page.status_code == 200
    assert "Confirmer mon inscription" in page.text
    assert pending.code not in page.text
    pending.refresh_from_db()
    assert pending.status == Registration.Status.PENDING
    response = client.post(url("events:confirm", "fr", token=pending.token))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Registration.Status.REGISTERED
    assert client.get(url("events:confirm", "fr", token=pending.token)).status_code == 405


def test_expired_link_is_refused_with_a_translated_message(client, event):
    pending = register_guest(event=event, name="Amina", email="amina@example.ma")
    Registration.objects.unscoped().filter(pk=pending.pk).update(
        confirm_by=timezone.now() - timedelta(minutes=1))
    response = client.post(url("events:confirm", "fr", token=pending.token), follow=True)
    assert response.status_code == 200
    assert "Ce lien de confirmation a expiré" in response.text
    assert "Confirmer mon inscription" not in response.text
    pending.refresh_from_db()
    assert pending.status == Registration.Status.PENDING
    with pytest.raises(ValidationError) as error:
        confirm_guest_registration(registration=pending)
    assert error.value.code == "expired"


def test_confirmation_deadline_is_a_day_at_most_and_never_after_registration_closes(
        souss_massa):
    soon = EventFactory(region=souss_massa,
                        registration_deadline=timezone.now() + timedelta(hours=3))
    later = EventFactory(region=souss_massa)
    before = timezone.now()
    assert register_guest(event=soon, name="A", email="a@example.ma").confirm_by == (
        soon.registration_deadline)
    deadline = register_guest(event=later, name="A", email="a@example.ma").confirm_by
    assert before + CONFIRMATION_WINDOW <= deadline <= timezone.now() + CONFIRMATION_WINDOW


def test_counts_stay_exact_and_the_queue_starts_at_confirmation(souss_massa):
    event = EventFactory(region=souss_massa, capacity=2)
    early = [register_guest(event=event, name=f"G{n}", email=f"g{n}@example.ma")
             for n in range(3)]
    members = [register_for_event(event=event, user=UserFactory()) for _n in range(2)]
    assert [m.status for m in members] == ["registered", "registered"]
    assert event.places_left() == 0
    late_member = register_for_event(event=event, user=UserFactory())
    assert late_member.status == Registration.Status.WAITLISTED
    confirmed = confirm_guest_registration(registration=early[0])
    assert confirmed.status == Registration.Status.WAITLISTED
    assert late_member.waitlist_position() == 1
    assert confirmed.waitlist_position() == 2
    assert statuses(event) == ["pending", "pending", "registered", "registered",
                               "waitlisted", "waitlisted"]


def test_asking_again_keeps_one_pending_registration_and_resends_at_most_hourly(
        event, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        first = register_guest(event=event, name="Amina", email="amina@example.ma")
        again = register_guest(event=event, name="Amina A.", email="AMINA@example.ma")
    assert again.pk == first.pk and again.name == "Amina A."
    assert event.registrations.count() == 1
    assert len(mailoutbox) == 1


def test_address_already_registered_gets_its_link_again_not_a_new_registration(
        event, owner, django_capture_on_commit_callbacks, mailoutbox):
    register_for_event(event=event, user=owner)
    with django_capture_on_commit_callbacks(execute=True):
        assert register_guest(event=event, name="Intrus", email=OWNER_EMAIL) is None
    assert event.registrations.count() == 1
    assert mailoutbox[-1].to == [OWNER_EMAIL]


def test_phone_only_guest_gets_the_link_by_sms(event, settings,
                                               django_capture_on_commit_callbacks):
    settings.NOTIFICATION_CHANNELS = ["inapp", "email", "sms_console"]
    with django_capture_on_commit_callbacks(execute=True):
        pending = register_guest(event=event, name="Omar", phone="0612345678")
    delivery = Delivery.objects.get(notification__kind="event_registration_confirm")
    assert delivery.channel == "sms_console"
    assert delivery.notification.phone == pending.phone
    assert pending.get_absolute_url() in delivery.notification.body.replace("/fr/", "/ar/")


def test_phone_only_guest_is_refused_when_no_channel_reaches_a_phone(event, settings):
    settings.NOTIFICATION_CHANNELS = ["inapp", "email"]
    with pytest.raises(ValidationError) as error:
        register_guest(event=event, name="Omar", phone="0612345678", language="fr")
    assert error.value.code == "contact"
    assert not event.registrations.exists()


def test_pending_registration_cannot_be_checked_in(event, delegate):
    pending = register_guest(event=event, name="Amina", email="amina@example.ma")
    with pytest.raises(ValidationError) as error:
        check_in(event=event, by=delegate, code=pending.code)
    assert error.value.code == "pending"


def test_guest_form_answers_check_your_messages_for_a_phone_too(client, event, settings):
    settings.NOTIFICATION_CHANNELS = ["inapp", "email", "sms_console"]
    response = client.post(url("events:register", "fr", slug=event.slug),
                           {"name": "Omar", "email": "", "phone": "0612345678"})
    assert response["Location"] == url("events:registration_sent", "fr", slug=event.slug)
    page = client.get(response["Location"]).text
    assert "aucune place ne vous est réservée" in page
    assert event.registrations.get().status == Registration.Status.PENDING
