from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone, translation

from events.models import Event, Registration
from events.services import (
    cancel_registration,
    check_in,
    promote_waitlist,
    register_for_event,
)
from tests.factories import UserFactory

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def guest(event, n, **extra):
    return register_for_event(event=event, name=f"Guest {n}", email=f"g{n}@example.ma",
                              language="fr", **extra)


def test_registration_takes_a_place_while_there_is_one(small_event):
    first = guest(small_event, 1)
    second = guest(small_event, 2)
    assert first.status == second.status == Registration.Status.REGISTERED
    assert small_event.places_left() == 0


def test_registration_when_full_joins_the_waiting_list(small_event):
    guest(small_event, 1)
    guest(small_event, 2)
    third = guest(small_event, 3)
    assert third.status == Registration.Status.WAITLISTED
    assert third.waitlist_position() == 1


def test_unlimited_event_never_waitlists(event):
    statuses = {guest(event, n).status for n in range(5)}
    assert statuses == {Registration.Status.REGISTERED}
    assert event.places_left() is None


def test_signed_in_registration_uses_the_account(event, member):
    registration = register_for_event(event=event, user=member, language="fr")
    assert registration.user == member
    assert registration.email == member.email
    assert registration.language == member.preferred_language


def test_guest_registration_keeps_the_page_language(event):
    with translation.override("fr"):
        registration = register_for_event(event=event, name="Amina", phone="0612345678")
    assert registration.language == "fr"
    assert registration.phone == "+212612345678"


def test_confirmation_is_sent_in_the_registrant_language(event, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=event, name="Amina", email="amina@example.ma", language="fr")
    assert len(mailoutbox) == 1
    assert "Inscription confirmée" in mailoutbox[0].subject
    assert event.title_fr in mailoutbox[0].subject


def test_confirmation_in_arabic_for_an_arabic_account(event, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    user = UserFactory(preferred_language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=event, user=user, language="fr")
    assert event.title_ar in mailoutbox[0].subject
    assert "تأكيد" in mailoutbox[0].subject


def test_registering_twice_is_refused(event, member):
    register_for_event(event=event, user=member)
    with pytest.raises(ValidationError) as error:
        register_for_event(event=event, user=member)
    assert error.value.code == "duplicate"
    assert event.registrations.count() == 1


def test_same_email_twice_is_refused_whatever_the_case(event):
    guest(event, 1)
    with pytest.raises(ValidationError):
        register_for_event(event=event, name="Other", email="G1@Example.ma")
    assert event.registrations.count() == 1


def test_database_refuses_a_second_active_registration_for_an_email(event):
    RegistrationFactory(event=event, email="same@example.ma")
    with pytest.raises(IntegrityError):
        RegistrationFactory(event=event, email="same@example.ma")


def test_registering_again_after_cancelling_is_allowed(event, member):
    first = register_for_event(event=event, user=member)
    cancel_registration(registration=first, by=member)
    again = register_for_event(event=event, user=member)
    assert again.status == Registration.Status.REGISTERED


def test_registration_after_the_deadline_is_refused(souss_massa):
    event = EventFactory(region=souss_massa,
                         registration_deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        guest(event, 1)
    assert error.value.code == "deadline"


def test_registration_for_a_past_event_is_refused(souss_massa):
    start = timezone.now() - timedelta(days=3)
    event = EventFactory(region=souss_massa, starts_at=start, ends_at=start + timedelta(hours=2))
    with pytest.raises(ValidationError) as error:
        guest(event, 1)
    assert error.value.code == "past"


def test_registration_for_a_cancelled_event_is_refused(souss_massa):
    event = EventFactory(region=souss_massa, status=Event.Status.CANCELLED)
    with pytest.raises(ValidationError) as error:
        guest(event, 1)
    assert error.value.code == "cancelled"


def test_refusal_message_is_translated(souss_massa):
    event = EventFactory(region=souss_massa, status=Event.Status.CANCELLED)
    with pytest.raises(ValidationError) as error:
        guest(event, 1)
    with translation.override("fr"):
        assert str(error.value.messages[0]) == "Cet événement a été annulé."
    with translation.override("ar"):
        assert str(error.value.messages[0]) == "أُلغي هذا النشاط."


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "x@@example.ma"])
def test_malformed_email_is_refused(event, email):
    with pytest.raises(ValidationError) as error:
        register_for_event(event=event, name="A", email=email)
    assert error.value.code == "email"
    assert not event.registrations.exists()


@pytest.mark.parametrize("phone", ["12", "06-abc-123456", "+2126000000000000000"])
def test_malformed_phone_is_refused(event, phone):
    with pytest.raises(ValidationError) as error:
        register_for_event(event=event, name="A", phone=phone)
    assert error.value.code == "phone"


def test_guest_needs_a_name_and_a_way_to_be_reached(event):
    with pytest.raises(ValidationError):
        register_for_event(event=event, name="", email="a@example.ma")
    with pytest.raises(ValidationError) as error:
        register_for_event(event=event, name="Amina")
    assert error.value.code == "contact"


def test_cancelling_frees_the_place_for_the_first_waitlisted(
        small_event, mailoutbox, django_capture_on_commit_callbacks):
    first = guest(small_event, 1)
    guest(small_event, 2)
    third = guest(small_event, 3)
    fourth = guest(small_event, 4)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=first)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == Registration.Status.REGISTERED
    assert third.promoted_at is not None
    assert fourth.status == Registration.Status.WAITLISTED
    assert any("g3@example.ma" in m.to and "place" in m.subject for m in mailoutbox)


def test_waitlist_promotion_follows_registration_order(small_event):
    base = timezone.now()
    RegistrationFactory(event=small_event, status="registered")
    RegistrationFactory(event=small_event, status="registered")
    late = RegistrationFactory(event=small_event, status="waitlisted",
                               created_at=base + timedelta(minutes=5))
    early = RegistrationFactory(event=small_event, status="waitlisted",
                                created_at=base + timedelta(minutes=1))
    small_event.capacity = 3
    small_event.save()
    promoted = promote_waitlist(event=small_event)
    assert promoted == [early]
    late.refresh_from_db()
    assert late.status == Registration.Status.WAITLISTED


def test_raising_capacity_promotes_as_many_as_places(small_event):
    for n in range(5):
        guest(small_event, n)
    small_event.capacity = 4
    small_event.save()
    promoted = promote_waitlist(event=small_event)
    assert [r.email for r in promoted] == ["g2@example.ma", "g3@example.ma"]


def test_cancelling_a_waitlisted_registration_promotes_nobody(small_event):
    guest(small_event, 1)
    guest(small_event, 2)
    waiting = guest(small_event, 3)
    last = guest(small_event, 4)
    cancel_registration(registration=waiting)
    last.refresh_from_db()
    assert last.status == Registration.Status.WAITLISTED
    assert last.waitlist_position() == 1


def test_cancelling_twice_is_harmless(event):
    registration = guest(event, 1)
    cancel_registration(registration=registration)
    again = cancel_registration(registration=registration)
    assert again.status == Registration.Status.CANCELLED


def test_someone_else_cannot_cancel_a_registration(event, member):
    registration = guest(event, 1)
    with pytest.raises(PermissionDenied):
        cancel_registration(registration=registration, by=member)


def test_delegate_of_the_region_can_cancel_a_registration(event, delegate):
    registration = guest(event, 1)
    assert cancel_registration(registration=registration, by=delegate).status == "cancelled"


def test_check_in_by_code_marks_attendance(event, delegate):
    registration = guest(event, 1)
    checked, already = check_in(event=event, code=registration.code.lower(), by=delegate)
    assert checked.status == Registration.Status.ATTENDED
    assert checked.checked_in_at is not None
    assert already is False


def test_check_in_twice_is_idempotent(event, delegate):
    registration = guest(event, 1)
    first, _ = check_in(event=event, registration_id=registration.pk, by=delegate)
    second, already = check_in(event=event, registration_id=registration.pk, by=delegate)
    assert already is True
    assert second.checked_in_at == first.checked_in_at


def test_check_in_by_another_region_delegate_is_denied(event, other_delegate):
    registration = guest(event, 1)
    with pytest.raises(PermissionDenied):
        check_in(event=event, code=registration.code, by=other_delegate)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_check_in_by_a_member_is_denied(event, member):
    registration = guest(event, 1)
    with pytest.raises(PermissionDenied):
        check_in(event=event, code=registration.code, by=member)


def test_national_admin_can_check_in_anywhere(event, national_admin):
    registration = guest(event, 1)
    checked, _ = check_in(event=event, code=registration.code, by=national_admin)
    assert checked.status == Registration.Status.ATTENDED


def test_check_in_with_an_unknown_code_is_a_clear_error(event, delegate):
    with pytest.raises(ValidationError) as error:
        check_in(event=event, code="ZZZZZZZZ", by=delegate)
    assert error.value.code == "unknown"


def test_check_in_of_a_waitlisted_person_is_refused(souss_massa, delegate):
    event = EventFactory(region=souss_massa, capacity=1)
    guest(event, 1)
    waiting = guest(event, 2)
    with pytest.raises(ValidationError) as error:
        check_in(event=event, code=waiting.code, by=delegate)
    assert error.value.code == "waitlisted"


def test_attended_registration_cannot_be_cancelled(event, delegate):
    registration = guest(event, 1)
    check_in(event=event, code=registration.code, by=delegate)
    with pytest.raises(ValidationError):
        cancel_registration(registration=registration)


def test_codes_are_short_and_unambiguous(event):
    codes = {guest(event, n).code for n in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == 8
        assert not set(code) & set("01OIL")


def test_event_cannot_end_before_it_starts(souss_massa):
    event = EventFactory.build(region=souss_massa)
    event.ends_at = event.starts_at - timedelta(hours=1)
    with pytest.raises(ValidationError):
        event.full_clean()


def test_event_hub_must_be_in_the_event_region(souss_massa, fes_meknes):
    from tests.factories import RegionalHubFactory

    hub = RegionalHubFactory(region=fes_meknes)
    event = EventFactory.build(region=souss_massa, hub=hub)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "hub" in error.value.message_dict
