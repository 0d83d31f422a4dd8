"""The delegate's desk: the region's queue with counts and filters, one screen per idea,
the next moves as buttons, and who may use it."""

import pytest
from django.urls import reverse
from django.utils import translation

from ess_platform.kernel.notifications.models import Notification
from projects_bank.models import IdeaStatusChange, ProjectIdea
from tests.factories import commune_in
from tests.projects_bank.factories import CallFactory, IdeaFactory

Status = ProjectIdea.Status
pytestmark = pytest.mark.django_db

DESK = reverse("projects_bank:desk")


def desk_idea(idea):
    return reverse("projects_bank:desk-idea", kwargs={"pk": idea.pk})


def act(idea):
    return reverse("projects_bank:desk-act", kwargs={"pk": idea.pk})


@pytest.fixture
def ideas(souss_massa, fes_meknes):
    own = commune_in("09")
    return {
        "submitted": [IdeaFactory(commune=own, title=f"فكرة مقدمة {n}") for n in range(3)],
        "review": IdeaFactory(commune=own, status=Status.UNDER_REVIEW, title="فكرة قيد الدراسة"),
        "draft": IdeaFactory(commune=own, status=Status.DRAFT, submitted_at=None,
                             title="مسودة خاصة"),
        "other": IdeaFactory(commune=commune_in("03"), title="فكرة من جهة أخرى"),
    }


def test_queue_counts_the_regions_ideas_by_status(client, delegate, ideas,
                                                  django_assert_max_num_queries):
    client.force_login(delegate)
    with django_assert_max_num_queries(20):
        response = client.get(DESK)
    assert response.status_code == 200
    counts = dict((status.value, count) for status, count in response.context["counts"])
    assert counts["submitted"] == 3 and counts["under_review"] == 1
    assert counts["accepted"] == 0 and "draft" not in counts
    assert response.context["total"] == 4
    listed = {idea.pk for idea in response.context["page"].object_list}
    assert listed == {idea.pk for idea in ideas["submitted"]} | {ideas["review"].pk}


def test_queue_filters_by_status_and_keeps_the_counts(client, delegate, ideas):
    client.force_login(delegate)
    response = client.get(DESK, {"status": "under_review"})
    assert [idea.pk for idea in response.context["page"].object_list] == [ideas["review"].pk]
    counts = dict((status.value, count) for status, count in response.context["counts"])
    assert counts["submitted"] == 3


def test_queue_filters_by_call_and_search(client, delegate, ideas, souss_massa):
    call = CallFactory(region=souss_massa)
    in_call = IdeaFactory(commune=commune_in("09"), call=call, title="تعاونية الأركان بتزنيت")
    client.force_login(delegate)
    by_call = client.get(DESK, {"call": call.slug}).context["page"].object_list
    assert [idea.pk for idea in by_call] == [in_call.pk]
    found = client.get(DESK, {"q": "الأركان"}).context["page"].object_list
    assert [idea.pk for idea in found] == [in_call.pk]


def test_queue_search_folds_arabic_spellings_as_the_directory_does(client, delegate, ideas):
    """Typed without hamza, with a Persian keyboard's ی, or with a ta marbuta written ه."""
    idea = IdeaFactory(commune=commune_in("09"), title="تعاونية الأركان للنساء")
    client.force_login(delegate)
    for query in ("الاركان", "تعاونيه", "تعاونی"):
        found = client.get(DESK, {"q": query}).context["page"].object_list
        assert [row.pk for row in found] == [idea.pk], query


def test_queue_shows_the_statuses_in_arabic(client, delegate, ideas):
    client.force_login(delegate)
    with translation.override("ar"):
        page = client.get(DESK).content.decode()
    assert "مكتب المندوب" in page and "فكرة مقدمة 0" in page
    assert "مسودة خاصة" not in page and "فكرة من جهة أخرى" not in page


def test_national_admin_sees_every_region_and_filters_by_region(client, national_admin,
                                                                 ideas):
    client.force_login(national_admin)
    response = client.get(DESK)
    assert response.context["total"] == 5
    only_other = client.get(DESK, {"region": "03"}).context["page"].object_list
    assert [idea.pk for idea in only_other] == [ideas["other"].pk]


def test_idea_screen_has_what_a_reviewer_needs(client, delegate, ideas,
                                               django_assert_max_num_queries):
    idea = ideas["review"]
    client.force_login(delegate)
    with django_assert_max_num_queries(25):
        response = client.get(desk_idea(idea))
    page = response.content.decode()
    assert idea.title in page and idea.summary in page and idea.commune.name in page
    assert idea.author.email in page
    offered = [action["code"] for action in response.context["actions"]]
    assert offered == ["shortlisted", "accepted", "rejected"]


def test_start_review_button_moves_the_idea_and_records_who(client, delegate, ideas):
    idea = ideas["submitted"][0]
    client.force_login(delegate)
    response = client.post(act(idea), {"action": "under_review"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Status.UNDER_REVIEW
    change = IdeaStatusChange.objects.unscoped().get(idea=idea)
    assert change.changed_by == delegate


def test_rejection_needs_a_reason_that_reaches_the_author(client, delegate, ideas,
                                                          django_capture_on_commit_callbacks):
    idea = ideas["review"]
    client.force_login(delegate)
    client.post(act(idea), {"action": "rejected", "reason": ""})
    idea.refresh_from_db()
    assert idea.status == Status.UNDER_REVIEW
    with django_capture_on_commit_callbacks(execute=True):
        client.post(act(idea), {"action": "rejected", "reason": "الميزانية غير واقعية."})
    idea.refresh_from_db()
    assert idea.status == Status.REJECTED
    told = Notification.objects.get(recipient=idea.author, kind="projects_bank_idea_status")
    assert "الميزانية غير واقعية." in told.body


def test_a_move_the_workflow_does_not_allow_is_refused(client, delegate, ideas):
    idea = ideas["submitted"][0]
    client.force_login(delegate)
    client.post(act(idea), {"action": "accepted"})
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED
    assert not IdeaStatusChange.objects.unscoped().filter(idea=idea).exists()


def test_cooperative_must_be_of_the_delegates_region(client, delegate, souss_massa):
    from tests.projects_bank.factories import CooperativeFactory

    idea = IdeaFactory(commune=commune_in("09"), status=Status.INCUBATED)
    elsewhere = CooperativeFactory(region_code="03")
    client.force_login(delegate)
    client.post(act(idea), {"action": "cooperative_created",
                            "registration_number": elsewhere.registration_number})
    idea.refresh_from_db()
    assert idea.status == Status.INCUBATED and idea.founded_cooperative is None


def test_delegate_of_another_region_cannot_see_or_move_an_idea(client, other_delegate, ideas):
    idea = ideas["submitted"][0]
    client.force_login(other_delegate)
    assert client.get(desk_idea(idea)).status_code == 404
    assert client.post(act(idea), {"action": "under_review"}).status_code == 404
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED


def test_members_and_authors_are_refused_the_desk(client, ideas):
    idea = ideas["submitted"][0]
    client.force_login(idea.author)
    assert client.get(DESK).status_code == 403
    assert client.get(desk_idea(idea)).status_code == 403
    assert client.post(act(idea), {"action": "under_review"}).status_code == 403
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED


def test_anonymous_visitors_are_sent_to_sign_in(client, ideas):
    response = client.get(DESK)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_desk_refuses_a_get_on_the_action_url(client, delegate, ideas):
    client.force_login(delegate)
    assert client.get(act(ideas["submitted"][0])).status_code == 405
