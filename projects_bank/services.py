"""Everything that changes the projects bank: the idea workflow, calls, scoring, ranking.

The site, the admin and the API call these functions and nothing else, so a rule lives
once. Every status change is recorded (IdeaStatusChange: who, when, why) and notified to
the author in their language.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ess_platform.history import records_by
from ess_platform.kernel.notifications.services import notify
from ess_platform.kernel.private_files import display_name
from ess_platform.kernel.uploads import make_thumbnail
from regional_hubs.scoping import can_manage, can_manage_object
from regional_hubs.services import accompaniment_place

from .models import (
    SCORE_MAX,
    SCORE_MIN,
    Call,
    Criterion,
    Enrolment,
    Evaluation,
    IdeaOutcome,
    IdeaStatusChange,
    JuryAssignment,
    Programme,
    ProjectIdea,
    RankingEntry,
    Score,
)
from .permissions import IDEA_FILE_FIELDS, can_review, has_conflict_of_interest
from .selectors import SCORABLE_STATUSES, compute_ranking, region_delegates

Status = ProjectIdea.Status

#: The fields an author writes; everything else is set by the workflow.
IDEA_FIELDS = (
    "language", "title", "summary", "need_addressed", "commune", "sector",
    "expected_members", "expected_women", "expected_youth", "estimated_budget",
    "expected_jobs", "photo", "document", "cooperative", "call",
)
#: What an idea needs to be submitted; a draft needs only its title.
REQUIRED_TO_SUBMIT = (
    "title", "summary", "need_addressed", "sector", "commune", "expected_members",
    "estimated_budget",
)

#: The moves the review workflow allows: from a status to the statuses it may go to.
TRANSITIONS = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.UNDER_REVIEW, Status.REJECTED},
    Status.UNDER_REVIEW: {Status.SHORTLISTED, Status.ACCEPTED, Status.REJECTED},
    Status.SHORTLISTED: {Status.ACCEPTED, Status.REJECTED},
    Status.ACCEPTED: {Status.INCUBATED, Status.COOPERATIVE_CREATED},
    Status.INCUBATED: {Status.COOPERATIVE_CREATED},
}

#: Created with every call; a manager may edit them before the call opens.
DEFAULT_CRITERIA = [
    {"name_ar": "الابتكار", "name_fr": "Innovation", "weight": 1, "position": 1},
    {"name_ar": "الاستدامة", "name_fr": "Durabilité", "weight": 1, "position": 2},
    {"name_ar": "قابلية التطبيق", "name_fr": "Faisabilité", "weight": 1, "position": 3},
]


class InvalidTransition(ValidationError):
    """The workflow does not allow this move."""


class ScoringRefused(ValidationError):
    """A juror may not record this evaluation."""


# --- ideas -------------------------------------------------------------------------


def _claim(author, submission_token, idea):
    """The idea this form submission writes to, or (existing, True) if already sent."""
    if submission_token:
        existing = (
            ProjectIdea.objects.unscoped().select_for_update().filter(submission_token=submission_token)
            .first()
        )
        if existing is not None:
            if existing.author_id != author.pk:
                raise ValidationError(_("This form has expired; reload the page."))
            if existing.status != Status.DRAFT:
                return existing, True
            return existing, False
    if idea is not None:
        idea = ProjectIdea.objects.unscoped().select_for_update().get(pk=idea.pk)
        if idea.author_id != author.pk:
            raise PermissionDenied
        if idea.status != Status.DRAFT:
            raise InvalidTransition(_("Only a draft can be edited."), code="not_draft")
        return idea, False
    idea = ProjectIdea(author=author)
    if submission_token:
        idea.submission_token = submission_token
    return idea, False


def _missing_for_submission(idea):
    return {name: ValidationError(_("Required to submit the idea (a draft may leave it blank)."),
                                  code="required")
            for name in REQUIRED_TO_SUBMIT if getattr(idea, name) in (None, "")}


def _write(idea, fields, *, complete=False):
    """Apply the fields and save; ``complete`` asks for everything a submission needs."""
    unknown = set(fields) - set(IDEA_FIELDS)
    if unknown:
        raise TypeError(f"Unknown idea fields: {sorted(unknown)}")
    replaced = [getattr(idea, name) for name in IDEA_FILE_FIELDS
                if name in fields and idea.pk and getattr(idea, name)]
    new_photo = "photo" in fields and not getattr(fields["photo"], "_committed", False)
    if new_photo and idea.pk and idea.photo_thumbnail:
        replaced.append(idea.photo_thumbnail)
    for name, value in fields.items():
        setattr(idea, name, value)
        if name in IDEA_FILE_FIELDS and not getattr(value, "_committed", False):
            # Stored under a random name; the uploader's name is only shown.
            setattr(idea, f"{name}_name", display_name(value.name) if value else "")
    errors = _missing_for_submission(idea) if complete else {}
    try:
        idea.full_clean(exclude=["author", *errors])
    except ValidationError as error:
        errors = {**error.error_dict, **errors}
    if errors:
        raise ValidationError(errors)
    if new_photo:
        # The small copy phones are sent (``?size=small`` on the photo's address).
        idea.photo_thumbnail = make_thumbnail(fields["photo"]) if fields["photo"] else ""
    try:
        with transaction.atomic():
            idea.save()
    except IntegrityError:
        # The same form sent twice at the same moment: the first one won.
        winner = ProjectIdea.objects.unscoped().filter(
            submission_token=idea.submission_token).first()
        if winner is None:
            raise
        return winner, True
    _delete_after_commit(old for old in replaced
                         if old.name != getattr(idea, old.field.name).name)
    return idea, False


def _delete_after_commit(field_files):
    """Delete files an idea no longer points to, once its new state is committed."""
    stale = [(field_file.storage, field_file.name) for field_file in field_files]
    if stale:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in stale])


@transaction.atomic
def save_draft(*, author, submission_token=None, idea=None, **fields):
    """Create or update a draft; a form already submitted returns its idea unchanged."""
    idea, done = _claim(author, submission_token, idea)
    if done:
        return idea
    idea, _raced = _write(idea, fields)
    return idea


def _check_call_accepts(call):
    if not Call.objects.unscoped().filter(Call.accepting_ideas(), pk=call.pk).exists():
        raise ValidationError({"call": _("This call does not accept ideas at the moment.")})


@transaction.atomic
def submit_idea(*, author, submission_token=None, idea=None, **fields):
    """Send an idea for review. Submitting the same form twice stores and notifies once."""
    idea, done = _claim(author, submission_token, idea)
    if done:
        return idea
    if "call" in fields and fields["call"] is not None:
        _check_call_accepts(fields["call"])
    elif "call" not in fields and idea.call_id:
        _check_call_accepts(idea.call)
    idea, raced = _write(idea, fields, complete=True)
    if raced:
        return idea
    idea = _move(idea, Status.SUBMITTED, by=author, stamp_submission=True)
    notify_delegates_of_submission(idea=idea)
    return idea


def _notify_in_their_language(user, *, kind, key, page, context):
    """Notify ``user`` in their language (Arabic if they chose none), linking to ``page``
    (a URL name and its arguments) in that language too."""
    language = user.preferred_language or "ar"
    view, kwargs = page
    with translation.override(language):
        url = reverse(view, kwargs=kwargs)
    notify(kind=kind, key=key, user=user, language=language, url=url, context=context)


def notify_delegates_of_submission(*, idea):
    """Tell each delegate of the idea's region that a new idea waits (once per delegate)."""
    for delegate in region_delegates(idea.region_id):
        _notify_in_their_language(
            delegate, kind="projects_bank_idea_submitted",
            key=f"idea:{idea.pk}:submitted:delegate:{delegate.pk}",
            page=("projects_bank:desk-idea", {"pk": idea.pk}),
            context={"idea": idea, "region": idea.region})


@records_by
def _move(idea, to_status, *, by, reason="", stamp_submission=False, **changes):
    """Apply one move of the workflow, record it and notify the author."""
    from_status = idea.status
    if to_status not in TRANSITIONS.get(from_status, set()):
        raise InvalidTransition(
            _("An idea cannot go from “%(from)s” to “%(to)s”."),
            code="invalid_transition",
            params={"from": Status(from_status).label, "to": Status(to_status).label},
        )
    idea.status = to_status
    update_fields = ["status", "updated_at"]
    if stamp_submission:
        idea.submitted_at = timezone.now()
        update_fields.append("submitted_at")
    for name, value in changes.items():
        setattr(idea, name, value)
        update_fields.append(name)
    idea.save(update_fields=update_fields)
    history = IdeaStatusChange.objects.create(
        idea=idea, from_status=from_status, to_status=to_status, changed_by=by, reason=reason
    )
    _notify_in_their_language(
        idea.author, kind="projects_bank_idea_status", key=f"idea:{idea.pk}:status:{history.pk}",
        page=("projects_bank:idea", {"pk": idea.pk}), context={"idea": idea, "change": history})
    return idea


def _review(idea, to_status, *, by, reason="", **changes):
    with transaction.atomic():
        # of=("self",): PostgreSQL locks no row on the nullable side of an outer join.
        locked = ProjectIdea.objects.unscoped().select_for_update(of=("self",)).select_related(
            "author", "region").get(pk=idea.pk)
        if not can_review(by, locked):
            raise PermissionDenied
        _move(locked, to_status, by=by, reason=reason, **changes)
    return locked


def start_review(*, idea, by):
    return _review(idea, Status.UNDER_REVIEW, by=by)


def shortlist(*, idea, by, reason=""):
    return _review(idea, Status.SHORTLISTED, by=by, reason=reason)


def accept(*, idea, by, reason=""):
    return _review(idea, Status.ACCEPTED, by=by, reason=reason)


def reject(*, idea, by, reason):
    """Refuse an idea; the author is always told why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    return _review(idea, Status.REJECTED, by=by, reason=reason, rejection_reason=reason)


@records_by
def incubate(*, idea, by, programme=None, reason=""):
    """Incubate an accepted idea at its region's hub or accompaniment desk, enrolling it
    in one of that place's programmes when one is given."""
    if not can_review(by, idea):
        raise PermissionDenied
    hub = accompaniment_place(region=idea.region_id)
    if programme is not None and programme.hub_id != hub.pk:
        raise ValidationError(
            {"programme": _("This programme is not run by the idea's hub or desk.")})
    with transaction.atomic():
        idea = _review(idea, Status.INCUBATED, by=by, reason=reason, incubation_hub=hub)
        if programme is not None:
            enrol_idea(programme=programme, idea=idea, by=by)
    return idea


@transaction.atomic
@records_by
def enrol_idea(*, programme, idea, by):
    """Enrol an incubated idea in a programme of its hub or desk, within its capacity."""
    programme = Programme.objects.unscoped().select_for_update().select_related(
        "hub").get(pk=programme.pk)
    if not can_manage_object(by, programme) or not can_review(by, idea):
        raise PermissionDenied
    if programme.hub.region_id != idea.region_id:
        raise ValidationError(
            {"programme": _("This programme is not run by the idea's hub or desk.")})
    if idea.status not in (Status.INCUBATED, Status.COOPERATIVE_CREATED):
        raise ValidationError(_("Only an incubated idea can be enrolled in a programme."))
    existing = programme.enrolments.filter(idea=idea).first()
    if existing is not None:
        return existing
    if programme.enrolments.count() >= programme.capacity:
        raise ValidationError({"programme": _("This programme is full.")})
    return Enrolment.objects.create(programme=programme, idea=idea, enrolled_by=by)


@records_by
def record_outcome(*, idea, by, jobs_created, members, women_members=0, youth_members=0,
                   recorded_on=None, note=""):
    """Record what the cooperative born of an idea actually achieved (jobs, members)."""
    with transaction.atomic():
        idea = ProjectIdea.objects.unscoped().select_for_update().get(pk=idea.pk)
        if not can_review(by, idea):
            raise PermissionDenied
        if idea.status != Status.COOPERATIVE_CREATED:
            raise ValidationError(
                _("Outcomes are recorded once the cooperative is registered."))
        outcome = IdeaOutcome(
            idea=idea, recorded_on=recorded_on or timezone.localdate(),
            jobs_created=jobs_created, members=members, women_members=women_members,
            youth_members=youth_members, note=(note or "").strip(), recorded_by=by)
        outcome.full_clean(exclude=["idea", "recorded_by"])
        outcome.save()
    return outcome


@records_by
def mark_cooperative_created(*, idea, cooperative, by, reason=""):
    """Link the idea to the cooperative it gave birth to."""
    if cooperative is None:
        raise ValidationError({"cooperative": _("Choose the cooperative that was created.")})
    if not can_manage_object(by, cooperative):
        raise PermissionDenied
    return _review(idea, Status.COOPERATIVE_CREATED, by=by, reason=reason,
                   founded_cooperative=cooperative)


# --- calls and jury ----------------------------------------------------------------


def add_default_criteria(*, call):
    """Give a call the three default criteria if it has none."""
    if call.criteria.exists():
        return []
    # One by one (three rows), so each creation is on record.
    return [Criterion.objects.create(call=call, **criterion) for criterion in DEFAULT_CRITERIA]


@transaction.atomic
@records_by
def create_call(*, by, **fields):
    """Create a call (in preparation) with the default criteria."""
    call = Call(**fields)
    if not can_manage(by, call.region_id):
        raise PermissionDenied
    call.full_clean()
    call.save()
    add_default_criteria(call=call)
    return call


@records_by
def _call_move(call, allowed_from, to_status, *, by, **changes):
    with transaction.atomic():
        locked = Call.objects.unscoped().select_for_update().get(pk=call.pk)
        if not can_manage_object(by, locked):
            raise PermissionDenied
        if locked.status not in allowed_from:
            raise InvalidTransition(
                _("A call cannot go from “%(from)s” to “%(to)s”."),
                code="invalid_transition",
                params={"from": Call.Status(locked.status).label,
                        "to": Call.Status(to_status).label},
            )
        locked.status = to_status
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", *changes])
    return locked


def open_call(*, call, by):
    """Open a call for ideas; it needs at least one criterion."""
    if not call.criteria.exists():
        raise ValidationError(_("Give the call at least one criterion before opening it."))
    return _call_move(call, {Call.Status.DRAFT}, Call.Status.OPEN, by=by)


def close_submissions(*, call, by):
    """Stop accepting ideas; the jury keeps scoring until its deadline."""
    return _call_move(call, {Call.Status.OPEN}, Call.Status.CLOSED, by=by)


@transaction.atomic
@records_by
def assign_juror(*, call, juror, by):
    """Add a juror to a call and tell them."""
    if not can_manage_object(by, call):
        raise PermissionDenied
    if call.status == Call.Status.PUBLISHED:
        raise ValidationError(_("The ranking of this call is already published."))
    assignment, created = JuryAssignment.objects.unscoped().get_or_create(call=call, juror=juror)
    if created:
        notify_juror(assignment=assignment)
    return assignment


@records_by
@transaction.atomic
def remove_juror(*, assignment, by):
    """Take a juror off a call; refused once they have scored, as their scores count."""
    if not can_manage_object(by, assignment):
        raise PermissionDenied
    Call.objects.unscoped().select_for_update().get(pk=assignment.call_id)
    check_juror_removable(assignment=assignment)
    assignment.delete()


def check_juror_removable(*, assignment):
    """Raise ValidationError if this juror may not leave the call's jury."""
    call = Call.objects.unscoped().get(pk=assignment.call_id)
    if call.status == Call.Status.PUBLISHED:
        raise ValidationError(_("The ranking of this call is already published."))
    if Evaluation.objects.unscoped().filter(call=call, juror_id=assignment.juror_id).exists():
        raise ValidationError(
            _("This juror has already scored ideas of this call and stays on its jury."),
            code="juror_scored")


@records_by
@transaction.atomic
def replace_juror(*, assignment, juror, by):
    """Put another juror in an assignment's place (a removal, then an assignment)."""
    if assignment.juror_id == juror.pk:
        return assignment
    call = assignment.call
    remove_juror(assignment=assignment, by=by)
    return assign_juror(call=call, juror=juror, by=by)


def notify_juror(*, assignment):
    juror, call = assignment.juror, assignment.call
    _notify_in_their_language(
        juror, kind="projects_bank_jury_assignment", key=f"call:{call.pk}:jury:{assignment.pk}",
        page=("projects_bank:jury", {"slug": call.slug}), context={"call": call})


def _refuse(message, code):
    raise ScoringRefused(message, code=code)


def _clean_scores(criteria, scores):
    expected = {criterion.pk for criterion in criteria}
    try:
        given = {int(key) for key in scores}
    except (TypeError, ValueError):
        given = None
    if given != expected:
        _refuse(_("Score every criterion of the call, and only those."), "incomplete")
    out_of_range = ScoringRefused(_("A score is a whole number from %(min)s to %(max)s."),
                                  code="range", params={"min": SCORE_MIN, "max": SCORE_MAX})
    cleaned = {}
    for key, value in scores.items():
        if isinstance(value, bool):
            raise out_of_range
        if not isinstance(value, int):
            try:
                value = int(str(value).strip())
            except (TypeError, ValueError):
                raise out_of_range from None
        if not SCORE_MIN <= value <= SCORE_MAX:
            raise out_of_range
        cleaned[int(key)] = value
    return cleaned


def score_idea(*, call, idea, juror, scores, comment=""):
    """Record one juror's scores (criterion id -> 0..10) and comment for one idea.

    Refused when the juror is not on the call's jury, the call is not being judged or its
    jury deadline has passed, the idea is not on the call's shortlist, the juror already
    scored it, a score is missing or out of range, or the juror has a conflict of
    interest (author of the idea, or member of the cooperative that carries it).
    """
    with transaction.atomic():
        call = Call.objects.unscoped().select_for_update().get(pk=call.pk)
        if not JuryAssignment.objects.unscoped().filter(call=call, juror=juror).exists():
            raise PermissionDenied(_("You are not on the jury of this call."))
        if call.status not in (Call.Status.OPEN, Call.Status.CLOSED):
            _refuse(_("This call is not being judged."), "not_judging")
        if timezone.now() > call.judging_ends_at:
            _refuse(_("The deadline for scoring has passed."), "deadline")
        idea = ProjectIdea.objects.unscoped().select_related("cooperative").get(pk=idea.pk)
        if idea.call_id != call.pk or idea.status not in SCORABLE_STATUSES:
            _refuse(_("This idea is not on the shortlist of this call."), "not_in_call")
        if has_conflict_of_interest(juror, idea):
            _refuse(_("You cannot score this idea: conflict of interest."), "conflict")
        if Evaluation.objects.unscoped().filter(juror=juror, idea=idea).exists():
            _refuse(_("You have already scored this idea."), "twice")
        criteria = list(call.criteria.all())
        values = _clean_scores(criteria, scores)
        comment = (comment or "").strip()
        evaluation = Evaluation(call=call, idea=idea, juror=juror, comment=comment)
        evaluation.full_clean(exclude=["call", "idea", "juror"])
        try:
            with transaction.atomic():
                evaluation.save()
        except IntegrityError:
            _refuse(_("You have already scored this idea."), "twice")
        Score.objects.bulk_create(
            [Score(evaluation=evaluation, criterion_id=pk, value=value)
             for pk, value in values.items()]
        )
    return evaluation


def close_call(*, call, by):
    """Close the call and publish its ranking (see compute_ranking for the tie-break)."""
    with transaction.atomic():
        call = _call_move(call, {Call.Status.OPEN, Call.Status.CLOSED},
                          Call.Status.PUBLISHED, by=by, ranking_published_at=timezone.now(),
                          ranking_published_by=by)
        RankingEntry.objects.unscoped().filter(call=call).delete()
        RankingEntry.objects.bulk_create([
            RankingEntry(call=call, idea_id=row["idea_id"], rank=row["rank"],
                         weighted_score=row["weighted_score"],
                         top_criterion_score=row["top_criterion_score"],
                         evaluations_count=row["evaluations_count"])
            for row in compute_ranking(call)
        ])
        notify_ranking_published(call=call)
    return call


def notify_ranking_published(*, call):
    """Tell every author of a call's ideas that its ranking is out, with their place."""
    ranks = dict(RankingEntry.objects.unscoped().filter(call=call)
                 .values_list("idea_id", "rank"))
    total = len(ranks)
    ideas = (ProjectIdea.objects.unscoped().filter(call=call).exclude(status=Status.DRAFT)
             .select_related("author").order_by("pk"))
    for idea in ideas:
        _notify_in_their_language(
            idea.author, kind="projects_bank_ranking_published",
            key=f"call:{call.pk}:ranking:idea:{idea.pk}",
            page=("projects_bank:call", {"slug": call.slug}),
            context={"call": call, "idea": idea, "rank": ranks.get(idea.pk), "total": total})
