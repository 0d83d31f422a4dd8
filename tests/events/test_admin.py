import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from events.models import Registration
from tests.admin_forms import admin_change_data

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_regions(souss_massa, fes_meknes):
    mine = EventFactory(region=souss_massa)
    theirs = EventFactory(region=fes_meknes)
    return mine, theirs


def test_delegate_sees_only_their_region_events(client, delegate, two_regions):
    mine, theirs = two_regions
    client.force_login(delegate)
    response = client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 200
    assert mine.title_ar in response.text
    assert theirs.title_ar not in response.text


def test_delegate_cannot_open_another_region_event(client, delegate, two_regions):
    _, theirs = two_regions
    client.force_login(delegate)
    response = client.get(reverse("admin:events_event_change", args=[theirs.pk]))
    assert response.status_code in (302, 404)


def test_delegate_can_open_their_region_event(client, delegate, two_regions):
    mine, _ = two_regions
    client.force_login(delegate)
    response = client.get(reverse("admin:events_event_change", args=[mine.pk]))
    assert response.status_code == 200


def test_delegate_sees_only_their_region_registrations(client, delegate, two_regions):
    mine, theirs = two_regions
    RegistrationFactory(event=mine, name="Mine Person")
    RegistrationFactory(event=theirs, name="Their Person")
    client.force_login(delegate)
    response = client.get(reverse("admin:events_registration_changelist"))
    assert "Mine Person" in response.text
    assert "Their Person" not in response.text


def test_region_choices_are_limited_for_a_delegate(client, delegate, two_regions):
    client.force_login(delegate)
    response = client.get(reverse("admin:events_event_add"))
    form = response.context["adminform"].form
    assert list(form.fields["region"].queryset.values_list("code", flat=True)) == ["09"]


def test_member_has_no_access_to_events_admin(client, member):
    member.is_staff = True
    member.save()
    client.force_login(member)
    response = client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 403


def _post_action(client, model, action, pks):
    return client.post(reverse(f"admin:events_{model}_changelist"),
                       {"action": action, "_selected_action": [str(pk) for pk in pks]})


def test_attendee_csv_export_neutralises_formulas(client, delegate, two_regions):
    mine, _ = two_regions
    RegistrationFactory(event=mine, name="=HYPERLINK(\"http://evil\",\"x\")",
                        phone="+212600000000", email="a@example.ma")
    RegistrationFactory(event=mine, name="سلمى التازي", email="s@example.ma")
    client.force_login(delegate)
    response = _post_action(client, "event", "export_attendees_csv", [mine.pk])
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    names = [row[1] for row in rows[1:]]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in names
    assert "سلمى التازي" in names
    phones = [row[3] for row in rows[1:]]
    assert "'+212600000000" in phones


def test_attendee_xlsx_export_neutralises_formulas(client, national_admin, two_regions):
    mine, _ = two_regions
    RegistrationFactory(event=mine, name="@SUM(A1:A9)")
    client.force_login(national_admin)
    response = _post_action(client, "registration", "export_xlsx",
                            Registration.objects.unscoped().values_list("pk", flat=True))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert "'@SUM(A1:A9)" in values


def test_export_of_another_region_event_is_refused(client, delegate, two_regions):
    _, theirs = two_regions
    RegistrationFactory(event=theirs, name="Their Person")
    client.force_login(delegate)
    response = _post_action(client, "event", "export_attendees_csv", [theirs.pk])
    # The selection is taken from the scoped queryset: nothing of theirs is exported.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Their Person" not in content


def test_admin_action_checks_in_through_the_service(client, delegate, two_regions):
    mine, _ = two_regions
    registration = RegistrationFactory(event=mine)
    client.force_login(delegate)
    _post_action(client, "registration", "check_in_selected", [registration.pk])
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED


def test_admin_action_cancel_promotes_the_waiting_list(client, delegate, souss_massa):
    event = EventFactory(region=souss_massa, capacity=1)
    first = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted")
    client.force_login(delegate)
    _post_action(client, "registration", "cancel_selected", [first.pk])
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED


def test_admin_action_cannot_reach_another_region_registration(client, delegate, two_regions):
    _, theirs = two_regions
    registration = RegistrationFactory(event=theirs)
    client.force_login(delegate)
    _post_action(client, "registration", "check_in_selected", [registration.pk])
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_raising_capacity_in_the_admin_promotes_the_waiting_list(client, national_admin,
                                                                 souss_massa):
    event = EventFactory(region=souss_massa, capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted")
    client.force_login(national_admin)
    change = reverse("admin:events_event_change", args=[event.pk])
    data = admin_change_data(client, change)
    data["capacity"] = "2"
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED


def test_registration_change_page_opens_for_the_region_delegate(client, delegate, two_regions):
    mine, theirs = two_regions
    registration = RegistrationFactory(event=mine)
    other = RegistrationFactory(event=theirs)
    client.force_login(delegate)
    page = client.get(reverse("admin:events_registration_change", args=[registration.pk]))
    assert page.status_code == 200
    assert registration.code in page.text
    denied = client.get(reverse("admin:events_registration_change", args=[other.pk]))
    assert denied.status_code in (302, 404)
