"""Who may see, review or score what in the projects bank: one function per question."""

from regional_hubs.scoping import can_manage_object

from .models import JuryAssignment, ProjectIdea

#: The author's files: private, each with the uploader's file name kept for display.
IDEA_FILE_FIELDS = ("photo", "document")


def can_review(user, idea):
    """Reviewers: the delegate of the idea's region and national administrators."""
    return can_manage_object(user, idea)


def can_view_idea(user, idea):
    """Published ideas are public; the others stay with their author and reviewers."""
    if idea.is_published:
        return True
    if user is None or not user.is_authenticated:
        return False
    return idea.author_id == user.pk or can_review(user, idea)


def can_view_idea_file(user, idea, field, *, juror_of=None):
    """May this user download the idea's ``photo`` or ``document``?

    The photo of a published idea is public. The document (a business plan) never is,
    and neither is anything of an unpublished idea: they stay with the author, the
    reviewers (delegate of the idea's region, national administrators) and the jurors
    of the idea's call once it is submitted. ``juror_of``: the ids of the calls the user
    is a juror of, when the caller already knows them (lists).
    """
    if field not in IDEA_FILE_FIELDS:
        raise ValueError(f"Not a file of an idea: {field!r}")
    if field == "photo" and idea.is_published:
        return True
    if user is None or not user.is_authenticated:
        return False
    if idea.author_id == user.pk or can_review(user, idea):
        return True
    if idea.call_id is None or idea.status == ProjectIdea.Status.DRAFT:
        return False
    if juror_of is not None:
        return idea.call_id in juror_of
    return is_juror(user, idea.call_id)


def is_juror(user, call):
    return bool(
        user is not None and user.is_authenticated
        and JuryAssignment.objects.owned_by(user).filter(call=call).exists()
    )


def has_conflict_of_interest(juror, idea):
    """A juror cannot score their own idea, nor one carried by their cooperative."""
    if idea.author_id == juror.pk:
        return True
    if idea.cooperative_id is None:
        return False
    return idea.cooperative.memberships.filter(user=juror).exists()
