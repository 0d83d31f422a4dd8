"""The idea workflow: submit, review, and every move it refuses."""

import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projects_bank import services
from projects_bank.models import IdeaStatusChange, ProjectIdea
from tests.factories import commune_in

from .factories import CooperativeFactory, IdeaFactory

pytestmark = pytest.mark.django_db

Status = ProjectIdea.Status


def idea_fields(sector, **overrides):
    fields = {
        "language": "ar",
        "title": "وحدة لتثمين زيت الأركان",
        "summary": "إنشاء وحدة صغيرة لعصر الأركان وتلفيفه يديرها نساء الدوار.",
        "need_addressed": "بيع الثمار خاما بثمن زهيد.",
        "commune": commune_in("09"),
        "sector": sector,
        "expected_members": 12,
        "expected_women": 9,
        "expected_youth": 5,
        "estimated_budget": Decimal("180000"),
        "expected_jobs": 7,
    }
    fields.update(overrides)
    return fields


def test_submit_idea_records_submission_and_copies_region(author, sector, souss_massa):
    idea = services.submit_idea(author=author, submission_token=uuid.uuid4(),
                                **idea_fields(sector))
    assert idea.status == Status.SUBMITTED
    assert idea.region == souss_massa
    assert idea.submitted_at is not None
    change = idea.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        Status.DRAFT, Status.SUBMITTED, author)


def test_save_draft_keeps_the_idea_private_and_unsubmitted(author, sector):
    idea = services.save_draft(author=author, submission_token=uuid.uuid4(),
                               **idea_fields(sector))
    assert idea.status == Status.DRAFT
    assert not IdeaStatusChange.objects.unscoped().exists()


def test_submitting_a_saved_draft_submits_the_same_idea(author, sector):
    token = uuid.uuid4()
    draft = services.save_draft(author=author, submission_token=token, **idea_fields(sector))
    idea = services.submit_idea(author=author, submission_token=token,
                                **idea_fields(sector, title="عنوان جديد"))
    assert idea.pk == draft.pk
    assert idea.title == "عنوان جديد"
    assert ProjectIdea.objects.unscoped().count() == 1


def test_double_submission_stores_one_idea_and_one_history(author, sector):
    token = uuid.uuid4()
    first = services.submit_idea(author=author, submission_token=token, **idea_fields(sector))
    second = services.submit_idea(author=author, submission_token=token, **idea_fields(sector))
    assert first.pk == second.pk
    assert ProjectIdea.objects.unscoped().count() == 1
    assert IdeaStatusChange.objects.unscoped().count() == 1


def test_someone_elses_token_is_refused(author, member, sector):
    token = uuid.uuid4()
    services.submit_idea(author=author, submission_token=token, **idea_fields(sector))
    with pytest.raises(ValidationError):
        services.submit_idea(author=member, submission_token=token, **idea_fields(sector))


def test_women_cannot_outnumber_members(author, sector):
    with pytest.raises(ValidationError) as error:
        services.submit_idea(author=author, submission_token=uuid.uuid4(),
                             **idea_fields(sector, expected_members=3, expected_women=5))
    assert "expected_women" in error.value.message_dict
    assert not ProjectIdea.objects.unscoped().exists()


def test_overlong_title_is_refused(author, sector):
    with pytest.raises(ValidationError) as error:
        services.submit_idea(author=author, submission_token=uuid.uuid4(),
                             **idea_fields(sector, title="ب" * 201))
    assert "title" in error.value.message_dict


def test_idea_for_a_closed_call_is_refused(author, sector):
    from .factories import CallFactory

    call = CallFactory(status="closed")
    with pytest.raises(ValidationError) as error:
        services.submit_idea(author=author, submission_token=uuid.uuid4(),
                             **idea_fields(sector, call=call))
    assert "call" in error.value.message_dict


def test_idea_for_a_call_of_another_region_is_refused(author, sector, fes_meknes):
    from .factories import CallFactory

    call = CallFactory(region=fes_meknes)
    with pytest.raises(ValidationError) as error:
        services.submit_idea(author=author, submission_token=uuid.uuid4(),
                             **idea_fields(sector, call=call))
    assert "call" in error.value.message_dict


def test_delegate_moves_an_idea_of_their_region(delegate):
    idea = IdeaFactory()
    services.start_review(idea=idea, by=delegate)
    idea.refresh_from_db()
    assert idea.status == Status.UNDER_REVIEW
    assert idea.status_changes.get().changed_by == delegate


def test_delegate_of_another_region_cannot_move_the_idea(other_delegate):
    idea = IdeaFactory()
    with pytest.raises(PermissionDenied):
        services.start_review(idea=idea, by=other_delegate)
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED


def test_author_cannot_review_their_own_idea():
    idea = IdeaFactory()
    with pytest.raises(PermissionDenied):
        services.accept(idea=idea, by=idea.author)


def test_invalid_transition_is_refused_with_a_translated_message(delegate):
    idea = IdeaFactory(status=Status.SUBMITTED)
    with pytest.raises(services.InvalidTransition) as error:
        services.incubate(idea=idea, by=delegate)
    assert "لا يمكن" in " ".join(error.value.messages)
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED
    assert not IdeaStatusChange.objects.unscoped().exists()


def test_accepting_a_submitted_idea_without_review_is_refused(delegate):
    idea = IdeaFactory(status=Status.SUBMITTED)
    with pytest.raises(services.InvalidTransition):
        services.accept(idea=idea, by=delegate)


def test_reject_requires_a_reason(delegate):
    idea = IdeaFactory(status=Status.UNDER_REVIEW)
    with pytest.raises(ValidationError):
        services.reject(idea=idea, by=delegate, reason="  ")
    idea.refresh_from_db()
    assert idea.status == Status.UNDER_REVIEW


def test_reject_records_the_reason(delegate):
    idea = IdeaFactory(status=Status.UNDER_REVIEW)
    services.reject(idea=idea, by=delegate, reason="الميزانية غير مفصلة")
    idea.refresh_from_db()
    assert idea.status == Status.REJECTED
    assert idea.rejection_reason == "الميزانية غير مفصلة"
    assert idea.status_changes.get().reason == "الميزانية غير مفصلة"


def test_incubate_opens_the_delegations_desk_in_a_region_without_hub(delegate):
    idea = IdeaFactory(status=Status.ACCEPTED)
    services.incubate(idea=idea, by=delegate)
    idea.refresh_from_db()
    assert idea.status == Status.INCUBATED
    assert idea.incubation_hub.kind == "desk"
    assert idea.incubation_hub.region_id == idea.region_id


def test_incubate_at_the_regions_hub(delegate, hub):
    idea = IdeaFactory(status=Status.ACCEPTED)
    services.incubate(idea=idea, by=delegate)
    idea.refresh_from_db()
    assert idea.status == Status.INCUBATED
    assert idea.incubation_hub == hub


def test_mark_cooperative_created_links_the_cooperative(delegate):
    idea = IdeaFactory(status=Status.INCUBATED)
    cooperative = CooperativeFactory()
    services.mark_cooperative_created(idea=idea, cooperative=cooperative, by=delegate)
    idea.refresh_from_db()
    assert idea.status == Status.COOPERATIVE_CREATED
    assert idea.founded_cooperative == cooperative


def test_only_a_draft_can_be_edited(author, sector):
    idea = services.submit_idea(author=author, submission_token=uuid.uuid4(),
                                **idea_fields(sector))
    with pytest.raises(services.InvalidTransition):
        services.save_draft(author=author, idea=idea, **idea_fields(sector, title="x"))


def test_status_change_notifies_the_author_in_their_language(
        author, sector, delegate, mailoutbox, django_capture_on_commit_callbacks):
    author.preferred_language = "fr"
    author.save()
    idea = IdeaFactory(author=author, status=Status.UNDER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(idea=idea, by=delegate, reason="Budget incomplet")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [author.email]
    assert "Rejetée" in message.subject
    assert "Budget incomplet" in message.body
    assert "/fr/projects/" in message.body


def test_arabic_author_is_notified_in_arabic(
        author, sector, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_idea(author=author, submission_token=uuid.uuid4(),
                             **idea_fields(sector))
    assert len(mailoutbox) == 1
    assert "فكرتك" in mailoutbox[0].subject


def test_each_status_change_notifies_once(
        delegate, mailoutbox, django_capture_on_commit_callbacks):
    idea = IdeaFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.start_review(idea=idea, by=delegate)
        services.shortlist(idea=idea, by=delegate)
    assert len(mailoutbox) == 2
