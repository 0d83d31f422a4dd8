"""The admin: delegates review the ideas and calls of their region only."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from projects_bank.models import Call, JuryAssignment, ProjectIdea
from tests.factories import UserFactory, commune_in

from .factories import CallFactory, EconomicModelFactory, IdeaFactory

pytestmark = pytest.mark.django_db

Status = ProjectIdea.Status
IDEAS = "admin:projects_bank_projectidea_changelist"
CALLS = "admin:projects_bank_call_changelist"


def action(client, name, ideas, **extra):
    return client.post(reverse(IDEAS), {
        "action": name, "_selected_action": [idea.pk for idea in ideas], **extra})


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_delegate_lists_the_ideas_of_their_region_only(client, delegate):
    mine = IdeaFactory(title="فكرة سوس")
    IdeaFactory(title="فكرة فاس", commune=commune_in("03"))
    client.force_login(delegate)
    response = client.get(reverse(IDEAS))
    assert list(response.context["cl"].result_list) == [mine]


def test_delegate_of_another_region_cannot_open_the_idea(client, other_delegate):
    idea = IdeaFactory()
    client.force_login(other_delegate)
    response = client.get(reverse("admin:projects_bank_projectidea_change", args=[idea.pk]))
    assert response.status_code in {302, 403, 404}
    assert response.status_code != 200


def test_delegate_of_another_region_cannot_move_an_idea_with_a_forged_action(
        client, other_delegate):
    idea = IdeaFactory()
    client.force_login(other_delegate)
    action(client, "start_review", [idea])
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED


def test_admin_action_starts_the_review(client, delegate):
    idea = IdeaFactory()
    client.force_login(delegate)
    action(client, "start_review", [idea])
    idea.refresh_from_db()
    assert idea.status == Status.UNDER_REVIEW
    assert idea.status_changes.get().changed_by == delegate


def test_invalid_transition_shows_a_translated_error(client, delegate):
    idea = IdeaFactory(status=Status.SUBMITTED)
    client.force_login(delegate)
    response = action(client, "incubate", [idea])
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED
    assert any("لا يمكن" in text for text in texts(response))


def test_reject_action_asks_for_a_reason_first(client, delegate):
    idea = IdeaFactory(status=Status.UNDER_REVIEW)
    client.force_login(delegate)
    response = action(client, "reject", [idea])
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == Status.UNDER_REVIEW


def test_reject_action_with_a_reason_rejects(client, delegate):
    idea = IdeaFactory(status=Status.UNDER_REVIEW)
    client.force_login(delegate)
    action(client, "reject", [idea], apply="1", reason="الفكرة موجودة بالجماعة")
    idea.refresh_from_db()
    assert (idea.status, idea.rejection_reason) == (Status.REJECTED, "الفكرة موجودة بالجماعة")


def test_ideas_cannot_be_added_in_the_admin(client, delegate):
    client.force_login(delegate)
    response = client.get(reverse("admin:projects_bank_projectidea_add"))
    assert response.status_code == 403


def test_idea_changelist_queries_are_bounded(client, delegate, django_assert_max_num_queries):
    for _ in range(30):
        IdeaFactory()
    client.force_login(delegate)
    with django_assert_max_num_queries(16):
        assert client.get(reverse(IDEAS)).status_code == 200


def test_delegate_does_not_see_a_national_call(client, delegate, souss_massa):
    regional = CallFactory(region=souss_massa)
    CallFactory(region=None)
    client.force_login(delegate)
    response = client.get(reverse(CALLS))
    assert list(response.context["cl"].result_list) == [regional]


def test_delegate_cannot_edit_a_national_call(client, delegate):
    national = CallFactory(region=None)
    client.force_login(delegate)
    response = client.get(reverse("admin:projects_bank_call_change", args=[national.pk]))
    assert response.status_code != 200


def test_national_admin_sees_national_calls(client, national_admin):
    national = CallFactory(region=None)
    client.force_login(national_admin)
    response = client.get(reverse(CALLS))
    assert national in response.context["cl"].result_list


def call_form(region="", **extra):
    now = timezone.localtime()
    data = {
        "title_ar": "هاكاثون", "title_fr": "Ideathon", "slug": "ideathon-admin",
        "region": region, "opens_on": now.date().isoformat(),
        "closes_at_0": (now + datetime.timedelta(days=5)).date().isoformat(),
        "closes_at_1": "18:00:00",
        "judging_ends_at_0": (now + datetime.timedelta(days=9)).date().isoformat(),
        "judging_ends_at_1": "18:00:00",
        "description_ar": "", "description_fr": "",
    }
    for prefix in ("criteria", "jury_assignments", "ranking"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data.update(extra)
    return data


def test_delegate_must_give_a_region_to_a_new_call(client, delegate):
    client.force_login(delegate)
    response = client.post(reverse("admin:projects_bank_call_add"), call_form())
    assert response.status_code == 200
    assert not Call.objects.unscoped().exists()


def test_delegate_creates_a_call_with_default_criteria_and_a_juror(
        client, delegate, souss_massa, mailoutbox, django_capture_on_commit_callbacks):
    juror = UserFactory(email="juror@example.ma")
    client.force_login(delegate)
    data = call_form(region=souss_massa.pk, **{
        "jury_assignments-TOTAL_FORMS": "1", "jury_assignments-0-juror": "juror@example.ma"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:projects_bank_call_add"), data)
    assert response.status_code == 302, response.context["errors"]
    call = Call.objects.unscoped().get()
    assert call.criteria.count() == 3
    assert JuryAssignment.objects.unscoped().get().juror == juror
    assert mailoutbox and mailoutbox[0].to == ["juror@example.ma"]


def test_unknown_juror_is_a_form_error(client, delegate, souss_massa):
    client.force_login(delegate)
    data = call_form(region=souss_massa.pk, **{
        "jury_assignments-TOTAL_FORMS": "1", "jury_assignments-0-juror": "nobody@x.ma"})
    response = client.post(reverse("admin:projects_bank_call_add"), data)
    assert response.status_code == 200
    assert not Call.objects.unscoped().exists()


def test_delegate_may_read_but_not_add_economic_models(client, delegate):
    EconomicModelFactory()
    client.force_login(delegate)
    assert client.get(reverse("admin:projects_bank_economicmodel_changelist")).status_code == 200
    assert client.get(reverse("admin:projects_bank_economicmodel_add")).status_code == 403


@pytest.mark.parametrize("who", ["delegate", "national_admin"])
def test_idea_change_page_offers_no_delete_and_names_hub_or_desk(client, request, who):
    user = request.getfixturevalue(who)
    idea = IdeaFactory()
    client.force_login(user)
    change = reverse("admin:projects_bank_projectidea_change", args=[idea.pk])
    body = client.get(change).content.decode()
    assert reverse("admin:projects_bank_projectidea_delete", args=[idea.pk]) not in body
    assert client.post(reverse("admin:projects_bank_projectidea_delete", args=[idea.pk]),
                       {"post": "yes"}).status_code == 403
    assert ProjectIdea.objects.unscoped().filter(pk=idea.pk).exists()
    listing = client.get(reverse(IDEAS)).content.decode()
    assert 'value="delete_selected"' not in listing
    assert "الاحتضان بالقطب الجهوي أو بشباك المواكبة" in listing
