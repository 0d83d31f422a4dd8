"""Calls judged by a jury: scoring rules, conflicts of interest, ranking and tie-break."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from projects_bank import selectors, services
from projects_bank.models import Call, Criterion, Evaluation, ProjectIdea, RankingEntry
from tests.factories import UserFactory

from .factories import (
    CallFactory,
    CooperativeFactory,
    IdeaFactory,
    JuryAssignmentFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

Status = ProjectIdea.Status


@pytest.fixture
def call(souss_massa):
    call = CallFactory(region=souss_massa)
    services.add_default_criteria(call=call)
    return call


@pytest.fixture
def juror(call):
    return JuryAssignmentFactory(call=call).juror


def shortlisted(call, **kwargs):
    return IdeaFactory(call=call, status=Status.SHORTLISTED, **kwargs)


def all_scores(call, value):
    return {criterion.pk: value for criterion in call.criteria.all()}


def test_create_call_adds_the_three_default_criteria(delegate, souss_massa):
    call = services.create_call(
        by=delegate, title_ar="هاكاثون", title_fr="Ideathon", slug="ideathon-sm",
        region=souss_massa, opens_on=timezone.localdate(),
        closes_at=timezone.now() + datetime.timedelta(days=3),
        judging_ends_at=timezone.now() + datetime.timedelta(days=6))
    names = list(call.criteria.values_list("name_fr", flat=True))
    assert names == ["Innovation", "Durabilité", "Faisabilité"]
    assert call.status == Call.Status.DRAFT


def test_delegate_cannot_create_a_national_call(delegate):
    with pytest.raises(PermissionDenied):
        services.create_call(
            by=delegate, title_ar="وطني", title_fr="National", slug="national",
            region=None, opens_on=timezone.localdate(),
            closes_at=timezone.now() + datetime.timedelta(days=3),
            judging_ends_at=timezone.now() + datetime.timedelta(days=6))


def test_open_call_goes_from_draft_to_open(delegate, call):
    call.status = Call.Status.DRAFT
    call.save()
    assert services.open_call(call=call, by=delegate).status == Call.Status.OPEN


def test_assign_juror_notifies_the_juror(delegate, call, mailoutbox,
                                         django_capture_on_commit_callbacks):
    person = UserFactory(preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_juror(call=call, juror=person, by=delegate)
    assert call.jury.filter(pk=person.pk).exists()
    assert len(mailoutbox) == 1
    assert "jury" in mailoutbox[0].subject


def test_delegate_of_another_region_cannot_assign_jurors(other_delegate, call):
    with pytest.raises(PermissionDenied):
        services.assign_juror(call=call, juror=UserFactory(), by=other_delegate)


def test_juror_scores_an_idea(call, juror):
    idea = shortlisted(call)
    evaluation = services.score_idea(call=call, idea=idea, juror=juror,
                                     scores=all_scores(call, 8), comment="فكرة واعدة")
    assert evaluation.scores.count() == 3
    assert evaluation.comment == "فكرة واعدة"


def test_score_above_ten_is_refused(call, juror):
    idea = shortlisted(call)
    with pytest.raises(services.ScoringRefused) as error:
        services.score_idea(call=call, idea=idea, juror=juror, scores=all_scores(call, 11))
    assert error.value.code == "range"
    assert not Evaluation.objects.unscoped().exists()


def test_negative_score_is_refused(call, juror):
    with pytest.raises(services.ScoringRefused):
        services.score_idea(call=call, idea=shortlisted(call), juror=juror,
                            scores=all_scores(call, -1))


def test_score_that_is_not_a_number_is_refused(call, juror):
    with pytest.raises(services.ScoringRefused):
        services.score_idea(call=call, idea=shortlisted(call), juror=juror,
                            scores=all_scores(call, "ممتاز"))


def test_missing_criterion_is_refused(call, juror):
    scores = all_scores(call, 5)
    scores.popitem()
    with pytest.raises(services.ScoringRefused) as error:
        services.score_idea(call=call, idea=shortlisted(call), juror=juror, scores=scores)
    assert error.value.code == "incomplete"


def test_scoring_after_the_deadline_is_refused(call, juror):
    idea = shortlisted(call)
    call.judging_ends_at = timezone.now() - datetime.timedelta(minutes=1)
    call.closes_at = call.judging_ends_at - datetime.timedelta(days=1)
    call.save()
    with pytest.raises(services.ScoringRefused) as error:
        services.score_idea(call=call, idea=idea, juror=juror, scores=all_scores(call, 5))
    assert error.value.code == "deadline"


def test_scoring_twice_is_refused(call, juror):
    idea = shortlisted(call)
    services.score_idea(call=call, idea=idea, juror=juror, scores=all_scores(call, 5))
    with pytest.raises(services.ScoringRefused) as error:
        services.score_idea(call=call, idea=idea, juror=juror, scores=all_scores(call, 9))
    assert error.value.code == "twice"
    assert Evaluation.objects.unscoped().get().scores.first().value == 5


def test_juror_not_assigned_to_the_call_is_refused(call):
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        services.score_idea(call=call, idea=shortlisted(call), juror=outsider,
                            scores=all_scores(call, 5))


def test_juror_of_another_call_is_refused(call):
    other = JuryAssignmentFactory().juror
    with pytest.raises(PermissionDenied):
        services.score_idea(call=call, idea=shortlisted(call), juror=other,
                            scores=all_scores(call, 5))


def test_juror_cannot_score_their_own_idea(call, juror):
    idea = shortlisted(call, author=juror)
    with pytest.raises(services.ScoringRefused) as error:
        services.score_idea(call=call, idea=idea, juror=juror, scores=all_scores(call, 10))
    assert error.value.code == "conflict"


def test_juror_cannot_score_an_idea_of_their_cooperative(call, juror):
    cooperative = CooperativeFactory()
    MembershipFactory(cooperative=cooperative, user=juror, role="member")
    idea = shortlisted(call, cooperative=cooperative)
    with pytest.raises(services.ScoringRefused) as error:
        services.score_idea(call=call, idea=idea, juror=juror, scores=all_scores(call, 10))
    assert error.value.code == "conflict"


def test_idea_not_shortlisted_cannot_be_scored(call, juror):
    idea = IdeaFactory(call=call, status=Status.UNDER_REVIEW)
    with pytest.raises(services.ScoringRefused) as error:
        services.score_idea(call=call, idea=idea, juror=juror, scores=all_scores(call, 5))
    assert error.value.code == "not_in_call"


def test_ranking_uses_weighted_averages(call):
    innovation, sustainability, feasibility = call.criteria.all()
    feasibility.weight = 2
    feasibility.save()
    juror = JuryAssignmentFactory(call=call).juror
    strong_idea, weak_idea = shortlisted(call), shortlisted(call)
    services.score_idea(call=call, idea=strong_idea, juror=juror, scores={
        innovation.pk: 6, sustainability.pk: 6, feasibility.pk: 10})
    services.score_idea(call=call, idea=weak_idea, juror=juror, scores={
        innovation.pk: 10, sustainability.pk: 10, feasibility.pk: 4})
    rows = selectors.compute_ranking(call)
    # (6 + 6 + 2*10) / 4 = 8.00 ; (10 + 10 + 2*4) / 4 = 7.00
    assert [(r["idea_id"], r["weighted_score"]) for r in rows] == [
        (strong_idea.pk, Decimal("8.00")), (weak_idea.pk, Decimal("7.00"))]


def test_tie_is_broken_by_the_highest_weighted_criterion(call):
    innovation, sustainability, feasibility = call.criteria.all()
    feasibility.weight = 2
    feasibility.save()
    juror = JuryAssignmentFactory(call=call).juror
    first_submitted, more_feasible = shortlisted(call), shortlisted(call)
    services.score_idea(call=call, idea=first_submitted, juror=juror, scores={
        innovation.pk: 10, sustainability.pk: 10, feasibility.pk: 6})
    services.score_idea(call=call, idea=more_feasible, juror=juror, scores={
        innovation.pk: 6, sustainability.pk: 10, feasibility.pk: 8})
    rows = selectors.compute_ranking(call)
    assert rows[0]["weighted_score"] == rows[1]["weighted_score"] == Decimal("8.00")
    assert rows[0]["idea_id"] == more_feasible.pk


def test_full_tie_goes_to_the_earlier_submission(call):
    juror = JuryAssignmentFactory(call=call).juror
    later = shortlisted(call, submitted_at=timezone.now())
    earlier = shortlisted(call, submitted_at=timezone.now() - datetime.timedelta(days=2))
    for idea in (later, earlier):
        services.score_idea(call=call, idea=idea, juror=juror, scores=all_scores(call, 7))
    assert [r["idea_id"] for r in selectors.compute_ranking(call)] == [earlier.pk, later.pk]


def test_close_call_publishes_the_ranking(delegate, call, juror):
    idea = shortlisted(call)
    services.score_idea(call=call, idea=idea, juror=juror, scores=all_scores(call, 9))
    call = services.close_call(call=call, by=delegate)
    assert call.status == Call.Status.PUBLISHED
    entry = RankingEntry.objects.unscoped().get()
    assert (entry.idea, entry.rank, entry.weighted_score) == (idea, 1, Decimal("9.00"))


def test_no_scoring_once_the_ranking_is_published(delegate, call, juror):
    idea = shortlisted(call)
    services.close_call(call=call, by=delegate)
    with pytest.raises(services.ScoringRefused):
        services.score_idea(call=call, idea=idea, juror=juror, scores=all_scores(call, 9))


def test_closing_a_published_call_again_is_refused(delegate, call):
    services.close_call(call=call, by=delegate)
    with pytest.raises(services.InvalidTransition):
        services.close_call(call=call, by=delegate)


def test_delegate_cannot_close_a_national_call(delegate):
    call = CallFactory(region=None)
    with pytest.raises(PermissionDenied):
        services.close_call(call=call, by=delegate)


def test_criterion_weight_must_be_positive(call):
    criterion = Criterion(call=call, name_ar="x", name_fr="x", weight=0)
    with pytest.raises(ValidationError):
        criterion.full_clean()


def test_whole_journey_from_arabic_submission_to_cooperative(
        souss_massa, hub, delegate, sector, mailoutbox, django_capture_on_commit_callbacks):
    import uuid

    from tests.factories import commune_in

    author = UserFactory(preferred_language="ar")
    call = services.create_call(
        by=delegate, title_ar="هاكاثون سوس ماسة", title_fr="Ideathon Souss-Massa",
        slug="ideathon-souss-massa", region=souss_massa, opens_on=timezone.localdate(),
        closes_at=timezone.now() + datetime.timedelta(days=3),
        judging_ends_at=timezone.now() + datetime.timedelta(days=6))
    services.open_call(call=call, by=delegate)
    jurors = [UserFactory(), UserFactory()]
    for person in jurors:
        services.assign_juror(call=call, juror=person, by=delegate)
    with django_capture_on_commit_callbacks(execute=True):
        idea = services.submit_idea(
            author=author, submission_token=uuid.uuid4(), language="ar",
            title="تعاونية نسائية لتثمين الأركان", summary="وحدة عصر وتلفيف.",
            need_addressed="ضعف دخل النساء.", commune=commune_in("09"), sector=sector,
            expected_members=10, expected_women=8, expected_youth=3,
            estimated_budget=Decimal("250000"), expected_jobs=6, call=call)
        services.start_review(idea=idea, by=delegate)
        services.shortlist(idea=idea, by=delegate)
        for person, value in zip(jurors, (8, 9), strict=True):
            services.score_idea(call=call, idea=idea, juror=person,
                                scores=all_scores(call, value))
        services.close_call(call=call, by=delegate)
        services.accept(idea=idea, by=delegate)
        services.incubate(idea=idea, by=delegate)
        cooperative = CooperativeFactory(sector=sector)
        services.mark_cooperative_created(idea=idea, cooperative=cooperative, by=delegate)
    idea.refresh_from_db()
    assert idea.status == Status.COOPERATIVE_CREATED
    assert idea.founded_cooperative == cooperative
    assert idea.incubation_hub == hub
    assert RankingEntry.objects.unscoped().get(call=call).weighted_score == Decimal("8.50")
    assert list(idea.status_changes.values_list("to_status", flat=True)) == [
        "submitted", "under_review", "shortlisted", "accepted", "incubated",
        "cooperative_created"]
    author_mails = [m for m in mailoutbox if m.to == [author.email]]
    # Six moves, and the ranking's publication.
    assert len(author_mails) == 7
