import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration
from tests.factories import RegionalHubFactory

from .factories import EventFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def url(name, lang="ar", **kwargs):
    return reverse(name, kwargs=kwargs).replace("/ar/", f"/{lang}/", 1)


def test_list_shows_upcoming_events_only_by_default(client, souss_massa):
    soon = EventFactory(region=souss_massa)
    past_start = timezone.now() - timedelta(days=30)
    past = EventFactory(region=souss_massa, starts_at=past_start,
                        ends_at=past_start + timedelta(hours=3))
    response = client.get(url("events:list"))
    assert response.status_code == 200
    assert soon.title_ar in response.text
    assert past.title_ar not in response.text


def test_list_shows_past_events_from_a_given_date(client, souss_massa):
    past_start = timezone.now() - timedelta(days=30)
    past = EventFactory(region=souss_massa, starts_at=past_start,
                        ends_at=past_start + timedelta(hours=3))
    day = (past_start - timedelta(days=1)).date().isoformat()
    response = client.get(url("events:list"), {"date_from": day})
    assert past.title_ar in response.text


def test_list_filters_by_region_kind_and_hub(client, souss_massa, fes_meknes):
    hub = RegionalHubFactory(region=souss_massa)
    fair = EventFactory(region=souss_massa, kind=Event.Kind.FAIR, hub=hub)
    workshop = EventFactory(region=souss_massa, kind=Event.Kind.WORKSHOP)
    elsewhere = EventFactory(region=fes_meknes, kind=Event.Kind.FAIR)
    response = client.get(url("events:list"), {"region": "09", "kind": "fair",
                                               "hub": hub.slug})
    assert fair.title_ar in response.text
    assert workshop.title_ar not in response.text
    assert elsewhere.title_ar not in response.text
    assert url("events:region_ics", slug=souss_massa.slug) in response.text


def test_list_ignores_a_bad_filter_value(client, souss_massa):
    response = client.get(url("events:list"), {"region": "99", "date_from": "nope"})
    assert response.status_code == 200


def test_list_makes_a_bounded_number_of_queries(client, souss_massa, fes_meknes,
                                                django_assert_max_num_queries):
    hub = RegionalHubFactory(region=souss_massa)
    for n in range(25):
        event = EventFactory(region=souss_massa if n % 2 else fes_meknes,
                             hub=hub if n % 2 else None, capacity=5)
        RegistrationFactory(event=event)
    with django_assert_max_num_queries(6):
        response = client.get(url("events:list"))
    assert response.status_code == 200
    with django_assert_max_num_queries(6):
        client.get(url("events:list"), {"page": 2, "region": "09"})


def test_list_in_french(client, souss_massa):
    event = EventFactory(region=souss_massa)
    response = client.get(url("events:list", "fr"))
    assert 'lang="fr"' in response.text and 'dir="ltr"' in response.text
    assert event.title_fr in response.text
    assert "Événements" in response.text


def test_list_in_arabic_is_right_to_left(client, souss_massa):
    EventFactory(region=souss_massa)
    response = client.get(url("events:list"))
    assert 'dir="rtl"' in response.text
    assert "الأنشطة" in response.text


def test_event_page_shows_agenda_places_and_json_ld(client, souss_massa):
    event = EventFactory(region=souss_massa, capacity=10, organisers_fr="Région Souss-Massa",
                         latitude="30.42", longitude="-9.59")
    SessionFactory(event=event, title_fr="Panel </script><script>alert(1)</script>",
                   speakers="Hassan")
    RegistrationFactory(event=event)
    response = client.get(url("events:detail", "fr", slug=event.slug))
    assert response.status_code == 200
    text = response.text
    assert "Région Souss-Massa" in text
    assert "9 places restantes" in text or "9 restantes" in text
    assert "&lt;/script&gt;" in text
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text,
                                re.S).group(1))
    assert data["@type"] == "Event"
    assert data["name"] == event.title_fr
    assert data["location"]["geo"]["latitude"] == 30.42
    assert data["remainingAttendeeCapacity"] == 9
    assert url("events:ics", "fr", slug=event.slug) in text


def test_json_ld_cannot_close_its_script_tag(client, souss_massa):
    event = EventFactory(region=souss_massa, title_ar="</script><script>alert(1)</script>")
    response = client.get(url("events:detail", slug=event.slug))
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text,
                      re.S).group(1)
    assert "<" not in block
    assert json.loads(block)["name"] == event.title_ar


def test_unpublished_event_is_not_found(client, souss_massa):
    event = EventFactory(region=souss_massa, is_published=False)
    assert client.get(url("events:detail", slug=event.slug)).status_code == 404


def test_guest_registers_and_gets_the_registration_link_by_message(client, event, mailoutbox,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("events:register", "fr", slug=event.slug),
                               {"name": "Amina Ait", "email": "amina@example.ma", "phone": ""})
    registration = Registration.objects.unscoped().get(event=event)
    assert response.status_code == 302
    assert response["Location"] == url("events:registration_sent", "fr", slug=event.slug)
    assert "Consultez vos messages" in client.get(response["Location"]).text
    link = url("events:registration", "fr", token=registration.token)
    assert [message.to for message in mailoutbox] == [["amina@example.ma"]]
    assert link in mailoutbox[0].body
    assert registration.status == Registration.Status.PENDING
    page = client.get(link)
    assert registration.code not in page.text
    assert "Confirmer mon inscription" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("events:confirm", "fr", token=registration.token))
    assert registration.code in client.get(link).text
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED
    assert registration.language == "fr"


def test_guest_with_a_malformed_email_gets_a_translated_error(client, event):
    response = client.post(url("events:register", "fr", slug=event.slug),
                           {"name": "Amina", "email": "amina@", "phone": ""})
    assert response.status_code == 400
    assert "Saisissez une adresse e-mail valide." in response.text
    assert 'value="Amina"' in response.text
    assert not event.registrations.exists()


def test_guest_with_a_malformed_phone_gets_an_error_in_arabic(client, event):
    response = client.post(url("events:register", slug=event.slug),
                           {"name": "أمينة", "email": "", "phone": "12ab"})
    assert response.status_code == 400
    assert "أدخل رقم هاتف" in response.text


def test_signed_in_member_registers_in_one_click(client, event, member):
    client.force_login(member)
    response = client.post(url("events:register", slug=event.slug))
    assert response.status_code == 302
    assert event.registrations.get().user == member
    page = client.get(url("events:detail", slug=event.slug))
    assert event.registrations.get().get_absolute_url() in page.text


def test_registering_twice_shows_a_message_and_keeps_one(client, event, member):
    client.force_login(member)
    client.post(url("events:register", slug=event.slug))
    response = client.post(url("events:register", "fr", slug=event.slug), follow=True)
    assert "Vous êtes déjà inscrit" in response.text
    assert event.registrations.count() == 1


def test_full_event_puts_the_confirmed_guest_on_the_waiting_list(client, souss_massa):
    event = EventFactory(region=souss_massa, capacity=1)
    RegistrationFactory(event=event)
    response = client.post(url("events:register", slug=event.slug),
                           {"name": "Omar", "email": "", "phone": "0612345678"}, follow=True)
    assert response.status_code == 200
    registration = event.registrations.get(name="Omar")
    assert registration.status == Registration.Status.PENDING
    response = client.post(url("events:confirm", token=registration.token), follow=True)
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.WAITLISTED


def test_guest_cancels_from_the_secret_link(client, small_event):
    first = RegistrationFactory(event=small_event)
    RegistrationFactory(event=small_event)
    waiting = RegistrationFactory(event=small_event, status="waitlisted")
    response = client.post(url("events:cancel", token=first.token))
    assert response.status_code == 302
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.REGISTERED


def test_cancel_needs_post(client, event):
    registration = RegistrationFactory(event=event)
    assert client.get(url("events:cancel", token=registration.token)).status_code == 405


def test_unknown_registration_token_is_not_found(client, event):
    assert client.get(url("events:registration", token="nope")).status_code == 404


def test_check_in_page_lists_and_checks_in_for_the_region_delegate(client, event, delegate):
    registration = RegistrationFactory(event=event, name="Fatima Zahra")
    RegistrationFactory(event=event, name="Other Person")
    client.force_login(delegate)
    page = client.get(url("events:check_in", slug=event.slug), {"q": "fatima"})
    assert page.status_code == 200
    assert "Fatima Zahra" in page.text and "Other Person" not in page.text
    response = client.post(url("events:check_in", slug=event.slug),
                           {"registration": registration.pk})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED


def test_check_in_page_accepts_a_typed_code(client, event, national_admin):
    registration = RegistrationFactory(event=event)
    client.force_login(national_admin)
    client.post(url("events:check_in", slug=event.slug), {"code": registration.code.lower()})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED


def test_check_in_page_is_denied_to_another_region_delegate(client, event, other_delegate):
    registration = RegistrationFactory(event=event)
    client.force_login(other_delegate)
    assert client.get(url("events:check_in", slug=event.slug)).status_code == 403
    response = client.post(url("events:check_in", slug=event.slug),
                           {"registration": registration.pk})
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_check_in_page_is_denied_to_a_member_and_asks_anonymous_to_sign_in(client, event,
                                                                           member):
    assert client.get(url("events:check_in", slug=event.slug)).status_code == 302
    client.force_login(member)
    assert client.get(url("events:check_in", slug=event.slug)).status_code == 403


def test_check_in_post_needs_a_csrf_token(event, delegate):
    from django.test import Client

    registration = RegistrationFactory(event=event)
    client = Client(enforce_csrf_checks=True)
    client.force_login(delegate)
    response = client.post(url("events:check_in", slug=event.slug),
                           {"registration": registration.pk})
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_check_in_page_has_bounded_queries(client, event, delegate,
                                           django_assert_max_num_queries):
    for _ in range(60):
        RegistrationFactory(event=event)
    client.force_login(delegate)
    with django_assert_max_num_queries(12):
        response = client.get(url("events:check_in", slug=event.slug))
    assert response.status_code == 200


def test_events_section_appears_in_the_menu(client):
    response = client.get("/ar/")
    assert url("events:list") in response.text
