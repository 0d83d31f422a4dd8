"""Every change on record: who changed what, when, old → new, from every path; scoped by
region in the admin and shown in words."""

import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from rest_framework.authtoken.models import Token

from cooperatives.models import Cooperative
from ess_platform.history import recorded_by
from ess_platform.history.display import change_line, change_lines
from ess_platform.history.models import ChangeRecord
from projects_bank import services
from projects_bank.models import ProjectIdea
from tests.cooperatives.factories import CooperativeFactory, ManagerFactory
from tests.factories import RegionalHubFactory, UserFactory, commune_in
from tests.projects_bank.factories import IdeaFactory, PartnerFactory, SectorFactory

pytestmark = pytest.mark.django_db

Action = ChangeRecord.Action


def records_of(obj, **filters):
    return list(ChangeRecord.objects.unscoped().filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_pk=str(obj.pk),
        **filters).order_by("timestamp", "pk"))


def idea_payload(token, **overrides):
    return {
        "submission_token": token, "language": "ar", "title": "وحدة لتثمين زيت الأركان",
        "summary": "تعاونية نسائية لعصر الأركان وتلفيفه.", "need_addressed": "ضعف التسويق.",
        "sector": SectorFactory(slug="argan-history").slug, "commune": commune_in("09").code,
        "expected_members": 8, "expected_women": 6, "expected_youth": 2,
        "estimated_budget": "90000.00", "expected_jobs": 4, **overrides,
    }


def test_an_api_submission_is_on_record_with_old_and_new_values(client, member, territory):
    """Token authentication happens in the view: the record still knows who it was."""
    key = Token.objects.create(user=member).key
    token = str(uuid.uuid4())
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"}

    response = client.post("/api/v1/ideas/", {**idea_payload(token), "draft": True},
                           content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    idea = ProjectIdea.objects.unscoped().get(pk=response.json()["id"])
    response = client.post("/api/v1/ideas/", idea_payload(token),
                           content_type="application/json", **headers)
    assert response.status_code in (200, 201), response.content

    records = records_of(idea)
    assert records[0].action == Action.CREATE
    assert {record.actor for record in records} == {member}
    assert {record.region_id for record in records} == {idea.region_id}
    moved = [r for r in records if "status" in (r.changes or {})]
    assert moved and moved[-1].changes["status"] == ["draft", "submitted"]
    with translation.override("fr"):
        lines = dict((str(label), (old, new)) for label, old, new in change_lines(moved[-1]))
        assert lines["Statut"] == (str(ProjectIdea.Status.DRAFT.label),
                                   str(ProjectIdea.Status.SUBMITTED.label))
        assert "draft" not in lines["Statut"]


def test_a_site_change_is_on_record_with_old_and_new_values(client, territory):
    cooperative = CooperativeFactory(name_fr="Coopérative Tafraout")
    manager = ManagerFactory(cooperative=cooperative).user
    client.force_login(manager)

    response = client.post(reverse("cooperatives:manage", kwargs={"pk": cooperative.pk}), {
        "name_ar": cooperative.name_ar, "name_fr": "Coopérative Tafraout Argan",
        "sector": cooperative.sector_id, "members_count": 30, "women_members": 20,
        "youth_members": 10})

    assert response.status_code == 302
    changed = records_of(cooperative, action=Action.UPDATE)
    assert len(changed) == 1
    record = changed[0]
    assert record.actor == manager
    assert record.changes["name_fr"] == ["Coopérative Tafraout", "Coopérative Tafraout Argan"]
    assert record.changes["members_count"] == ["20", "30"]
    assert "search_text" not in record.changes
    assert record.region_id == cooperative.region_id


def test_an_admin_review_action_is_on_record(client, delegate, territory):
    idea = IdeaFactory(status=ProjectIdea.Status.SUBMITTED)
    client.force_login(delegate)

    response = client.post(reverse("admin:projects_bank_projectidea_changelist"), {
        "action": "start_review", "_selected_action": [idea.pk]})

    assert response.status_code == 302
    [record] = records_of(idea, action=Action.UPDATE)
    assert record.actor == delegate
    assert record.changes["status"] == ["submitted", "under_review"]


def test_a_service_outside_a_request_records_its_by(territory, delegate):
    idea = IdeaFactory(status=ProjectIdea.Status.SUBMITTED)

    services.start_review(idea=idea, by=delegate)

    assert [r.actor for r in records_of(idea, action=Action.UPDATE)] == [delegate]


def test_a_task_names_who_it_acts_for(territory, national_admin):
    with recorded_by(national_admin):
        partner = PartnerFactory(name_fr="Office du développement de la coopération")
        partner.regions.set([territory.get(code="09")])

    records = records_of(partner)
    assert {r.actor for r in records} == {national_admin}
    assert any(r.changes.get("regions", {}).get("type") == "m2m" for r in records)


def test_nobody_known_is_recorded_as_nobody(territory):
    cooperative = CooperativeFactory()
    assert [r.actor for r in records_of(cooperative)] == [None]


def test_role_and_region_changes_of_users_are_on_record(territory, national_admin):
    user = UserFactory()
    with recorded_by(national_admin):
        user.role, user.region, user.is_staff = "delegate", territory.get(code="09"), True
        user.save()

    [record] = records_of(user, action=Action.UPDATE)
    assert record.actor == national_admin
    assert record.changes["role"] == ["member", "delegate"]
    assert "password" not in record.changes and "last_login" not in record.changes


def test_deleting_keeps_the_record_in_its_region(territory, delegate):
    cooperative = CooperativeFactory()
    pk, region_id = cooperative.pk, cooperative.region_id
    with recorded_by(delegate):
        Cooperative.objects.unscoped().get(pk=pk).delete()

    [record] = ChangeRecord.objects.unscoped().filter(
        content_type=ContentType.objects.get_for_model(Cooperative), object_pk=str(pk),
        action=Action.DELETE)
    assert record.region_id == region_id and record.actor == delegate


# ------------------------------------------------------------------ the admin, by region

@pytest.fixture
def two_hubs(territory):
    own = RegionalHubFactory(region=territory.get(code="09"))
    other = RegionalHubFactory(region=territory.get(code="03"))
    return own, other


def listed(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:history_changerecord_changelist"))
    assert response.status_code == 200
    return {record.pk for record in response.context["cl"].result_list}


def test_a_delegate_reads_only_their_regions_records(client, delegate, two_hubs):
    own, other = (records_of(hub)[0] for hub in two_hubs)

    assert listed(client, delegate) >= {own.pk}
    assert other.pk not in listed(client, delegate)
    change = reverse("admin:history_changerecord_change", args=[own.pk])
    assert client.get(change).status_code == 200
    refused = client.get(reverse("admin:history_changerecord_change", args=[other.pk]))
    assert refused.status_code in (302, 403)


def test_a_national_admin_reads_every_region(client, national_admin, two_hubs):
    own, other = (records_of(hub)[0] for hub in two_hubs)
    assert listed(client, national_admin) >= {own.pk, other.pk}


def test_nobody_edits_or_deletes_a_record(client, national_admin, two_hubs):
    record = records_of(two_hubs[0])[0]
    client.force_login(national_admin)
    delete = reverse("admin:history_changerecord_delete", args=[record.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ChangeRecord.objects.unscoped().filter(pk=record.pk).exists()


def test_the_history_page_tells_the_changes_in_words(client, delegate, territory):
    idea = IdeaFactory(status=ProjectIdea.Status.SUBMITTED)
    services.start_review(idea=idea, by=delegate)
    client.force_login(delegate)

    with translation.override("ar"):
        response = client.get(reverse("admin:projects_bank_projectidea_history",
                                      args=[idea.pk]), HTTP_ACCEPT_LANGUAGE="ar")
        status = ProjectIdea.Status
        line = change_line(capfirst(ProjectIdea._meta.get_field("status").verbose_name),
                           status.SUBMITTED.label, status.UNDER_REVIEW.label)

    assert response.status_code == 200
    page = response.content.decode()
    assert line in page
    assert "under_review" not in page


def test_another_regions_delegate_sees_no_history_of_the_object(client, other_delegate,
                                                                 territory):
    idea = IdeaFactory(status=ProjectIdea.Status.SUBMITTED)
    client.force_login(other_delegate)
    response = client.get(reverse("admin:projects_bank_projectidea_history", args=[idea.pk]))
    assert response.status_code in (302, 403)
