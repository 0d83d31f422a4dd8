"""Reads of the projects bank, with their joins, shared by the pages, the admin and the API."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperatives.models import Sector
from ess_platform.kernel.admin_search import normalised_search
from ess_platform.kernel.pagination import Anchors, anchor_signature
from ess_platform.kernel.searching.engine import Search
from regional_hubs.models import Region, RegionalHub

from .models import (
    Call,
    EconomicModel,
    Evaluation,
    FundingSource,
    IdeaStatusChange,
    IdeaTally,
    JuryAssignment,
    Partner,
    ProjectIdea,
    PublishedIdeasVersion,
    RankingEntry,
    Score,
)

IDEA_LIST_RELATED = ("sector", "region", "province", "commune", "call")

#: Ideas of a call that the jury scores (the scoring service checks the same statuses).
SCORABLE_STATUSES = (ProjectIdea.Status.SHORTLISTED,)


def _searched(qs, q):
    """Rows of ``qs`` with the words of ``q``, best first: each list's model stores what its
    search reads, normalised (``search_text_fields``), in ``search_text``."""
    search = q if isinstance(q, Search) else Search(q)
    return search.apply(qs, column="search_text")


def idea_list():
    """The list's joins; select the rows with public(), owned_by(user)..."""
    return ProjectIdea.objects.select_related(*IDEA_LIST_RELATED)


def published_ideas():
    """Ideas anyone may see: accepted and beyond."""
    return idea_list().public()


def ideas_visible_to(user, *, mine=False):
    """Published ideas, plus the user's own (every status); only theirs when ``mine``."""
    qs = idea_list()
    if mine:
        return qs.owned_by(user)
    if user is not None and user.is_authenticated:
        return qs.public() | qs.owned_by(user)
    return qs.public()


def _in_language_and_place(queryset, *, language="", region="", sector=""):
    """The rows of ``queryset`` (ideas, or the groups of their tally) in this language,
    region (code) and sector (slug), each if given. The region's and the sector's ids are
    subqueries of the statement, not a join on their code: the planner then walks the
    (region | sector, submitted_at) index of the published ideas; an unknown code or slug
    finds no id, so no row."""
    if language:
        queryset = queryset.filter(language=language)
    if region:
        queryset = queryset.filter(
            region_id=Subquery(Region.objects.filter(code=region).values("id")[:1]))
    if sector:
        queryset = queryset.filter(
            sector_id=Subquery(Sector.objects.filter(slug=sector).values("id")[:1]))
    return queryset


#: {list signature: (version, Anchors or None)}: this process's anchors of the public
#: ideas' list (``idea_page_anchors``).
_anchors = {}


def idea_page_anchors(queryset):
    """The ``Anchors`` of the whole public ideas' list (``queryset``, newest first) at the
    published ideas' version (PublishedIdeasVersion, one query), built by this process's
    first deep page of that version (one walk of the list's index); None on another
    database than PostgreSQL."""
    if connection.vendor != "postgresql":
        return None
    version = PublishedIdeasVersion.objects.values_list("version", flat=True).first()
    if version is None:
        return None
    signature = anchor_signature(queryset)
    kept = _anchors.get(signature)
    if kept is None or kept[0] != version:
        # Built after the version was read: a write between the two raises the version
        # again, so these anchors are never used past it.
        kept = _anchors[signature] = (version, Anchors.build(queryset))
    return kept[1]


def published_idea_count(*, region="", sector="", status="", language=""):
    """How many published ideas ``filter_ideas`` keeps with these filters (a region code,
    a sector slug, a status, a language), summed from the ideas' tally in one query (a
    few hundred rows at most, however many ideas the bank holds); None where the database
    keeps no tally (SQLite): the caller counts the ideas."""
    if connection.vendor != "postgresql":
        return None
    published = [str(value) for value in ProjectIdea.PUBLISHED_STATUSES]
    statuses = published if not status else [status] if status in published else []
    if not statuses:
        return 0
    groups = _in_language_and_place(IdeaTally.objects.filter(status__in=statuses),
                                    language=language, region=region, sector=sector)
    return groups.aggregate(ideas=Coalesce(Sum("ideas"), 0))["ideas"]


def filter_ideas(qs, *, region="", sector="", call="", status="", language="", q=""):
    """The ideas list's one filter (page, API, exports): region code, sector slug, call
    slug, status, language and words (``q``, best matches first)."""
    qs = _in_language_and_place(qs, language=language, region=region, sector=sector)
    if call:
        qs = qs.filter(call__slug=call)
    if status:
        qs = qs.filter(status=status)
    return _searched(qs, q)


def idea_detail(pk):
    """Any idea: the caller decides with ``permissions.can_view_idea`` who may see it."""
    return (
        ProjectIdea.objects.unscoped().select_related(
            "author", "sector", "region", "province", "commune", "call", "cooperative",
            "incubation_hub", "founded_cooperative",
        )
        .prefetch_related(
            Prefetch("status_changes",
                     queryset=IdeaStatusChange.objects.select_related("changed_by"))
        )
        .get(pk=pk)
    )


def idea_files(pk):
    """An idea with what deciding on and serving its files needs.

    Every row is read: ``permissions.can_view_idea_file`` is the gate, and the download
    views answer 404 to whoever it refuses.
    """
    return ProjectIdea.objects.unscoped().only(
        "pk", "author", "region", "call", "status", "photo", "photo_name", "photo_thumbnail",
        "document",
        "document_name",
    ).get(pk=pk)


def economic_models(sector=None):
    qs = EconomicModel.objects.select_related("sector")
    if sector is not None:
        qs = qs.filter(sector=sector)
    return qs


def eligible_funding_sources(idea):
    """The financing sources an idea can apply to.

    The rule: the source covers the idea's sector (or every sector) and its region (or
    the whole country); the idea's estimated budget reaches the source's minimum amount,
    if it has one (the maximum is not a bar: a source may fund part of a bigger budget);
    a source for women's projects needs at least half of the expected members to be
    women, and one for young people's projects at least half to be young.
    """
    # A draft may still lack its figures: count them as nothing until they are given.
    budget, members = idea.estimated_budget or 0, idea.expected_members or 0
    sector_listed = FundingSource.sectors.through.objects.filter(fundingsource=OuterRef("pk"))
    region_listed = FundingSource.regions.through.objects.filter(fundingsource=OuterRef("pk"))
    qs = FundingSource.objects.filter(
        Q(~Exists(sector_listed)) | Q(Exists(sector_listed.filter(sector_id=idea.sector_id))),
        Q(~Exists(region_listed)) | Q(Exists(region_listed.filter(region_id=idea.region_id))),
        Q(amount_min__isnull=True) | Q(amount_min__lte=budget),
    )
    if idea.expected_women * 2 < members:
        qs = qs.filter(women_only=False)
    if idea.expected_youth * 2 < members:
        qs = qs.filter(youth_only=False)
    return with_funding_relations(qs)


def with_funding_relations(qs):
    return qs.prefetch_related("sectors", "regions")


def funding_sources(**filters):
    """The financing guide, filtered by kind, sector slug, region code, women, youth."""
    return filter_funding_sources(FundingSource.objects.all(), **filters)


def filter_funding_sources(qs, *, kind="", sector="", region="", women=False, youth=False,
                           q=""):
    """The financing guide's one filter (page, API, exports)."""
    if kind:
        qs = qs.filter(kind=kind)
    if sector:
        listed = FundingSource.sectors.through.objects.filter(fundingsource=OuterRef("pk"))
        qs = qs.filter(Q(~Exists(listed)) | Q(Exists(listed.filter(sector__slug=sector))))
    if region:
        listed = FundingSource.regions.through.objects.filter(fundingsource=OuterRef("pk"))
        qs = qs.filter(Q(~Exists(listed)) | Q(Exists(listed.filter(region__code=region))))
    if women:
        qs = qs.filter(women_only=True)
    if youth:
        qs = qs.filter(youth_only=True)
    return with_funding_relations(_searched(qs, q))


def partners(**filters):
    return filter_partners(Partner.objects.all(), **filters)


def filter_partners(qs, *, kind="", region="", q=""):
    """The partners list's one filter (page, API, exports)."""
    qs = qs.prefetch_related("regions")
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        listed = Partner.regions.through.objects.filter(partner=OuterRef("pk"))
        qs = qs.filter(Q(~Exists(listed)) | Q(Exists(listed.filter(region__code=region))))
    return _searched(qs, q)


def hub_of(region_id):
    return RegionalHub.objects.public().filter(region_id=region_id).first()


def public_calls():
    """Calls shown on the site: every call but those in preparation."""
    return (
        Call.objects.public()
        .select_related("region")
        .annotate(idea_count=Count("ideas", filter=~Q(ideas__status=ProjectIdea.Status.DRAFT)))
    )


def call_ranking(call):
    return RankingEntry.objects.public().filter(call=call).select_related(
        "idea__sector", "idea__region", "idea__commune")


def jury_worklist(call, juror):
    """The shortlisted ideas of a call for a juror, each marked scored or not."""
    mine = Evaluation.objects.owned_by(juror).filter(idea=OuterRef("pk"))
    return (
        call.ideas.filter(status__in=SCORABLE_STATUSES)
        .select_related("sector", "commune", "region")
        .annotate(scored=Exists(mine))
        .order_by("submitted_at", "pk")
    )


def calls_of_juror(user):
    # The juror's own calls: the filter is the selection.
    return Call.objects.unscoped().filter(
        Exists(JuryAssignment.objects.owned_by(user).filter(call=OuterRef("pk")))
    ).select_related("region")


# --- the delegate's desk and the journey -------------------------------------------

#: The desk's queue: every idea past the draft, the oldest waiting first.
DESK_STATUSES = [status for status in ProjectIdea.Status if status != ProjectIdea.Status.DRAFT]


def desk_ideas(user):
    """The ideas a reviewer may work on (their region's; every region for a national
    administrator), drafts left with their authors."""
    return (
        ProjectIdea.objects.managed_by(user).exclude(status=ProjectIdea.Status.DRAFT)
        .select_related("author", *IDEA_LIST_RELATED)
    )


def desk_counts(ideas):
    """{status: count} over a desk queryset, with every status present, in one query."""
    rows = ideas.order_by().values("status").annotate(count=Count("pk"))
    found = {row["status"]: row["count"] for row in rows}
    return [(status, found.get(status.value, 0)) for status in DESK_STATUSES]


def filter_desk(qs, *, status="", sector="", province="", call="", q=""):
    if status:
        qs = qs.filter(status=status)
    if sector:
        qs = qs.filter(sector__slug=sector)
    if province:
        qs = qs.filter(province__code=province)
    if call:
        qs = qs.filter(call__slug=call)
    if q:
        # The site's one search (as in the admin): spelling, script and typos forgiven.
        qs = normalised_search(qs, (), q, column="search_text")
    return qs


def desk_idea(user, pk):
    """One idea of the reviewer's scope, with what the desk screen shows."""
    from .models import Enrolment, IdeaOutcome

    return (
        ProjectIdea.objects.managed_by(user)
        .select_related("author", "sector", "region", "province", "commune", "call",
                        "cooperative", "incubation_hub", "founded_cooperative")
        .prefetch_related(
            Prefetch("status_changes",
                     queryset=IdeaStatusChange.objects.select_related("changed_by")),
            Prefetch("enrolments",
                     queryset=Enrolment.objects.select_related("programme", "enrolled_by")),
            Prefetch("outcomes", queryset=IdeaOutcome.objects.select_related("recorded_by")),
            Prefetch("ranking_entries",
                     queryset=RankingEntry.objects.select_related(
                         "call__ranking_published_by").filter(call__status=Call.Status.PUBLISHED)
                     .annotate(total=Count("call__ranking"))),
        )
        .get(pk=pk)
    )


def open_programmes(hub):
    """The programmes of a hub or desk that have not ended, with their enrolment counts."""
    from django.utils import timezone

    from .models import Programme

    if hub is None:
        return Programme.objects.none()
    return (Programme.objects.public().filter(hub=hub, ends_on__gte=timezone.localdate())
            .annotate(enrolled=Count("enrolments")).order_by("starts_on", "pk"))


def latest_jobs():
    """A subquery: the jobs of an idea's latest recorded outcome."""
    from django.db.models import Subquery

    from .models import IdeaOutcome

    return Subquery(
        IdeaOutcome.objects.unscoped().filter(idea=OuterRef("pk"))
        .order_by("-recorded_on", "-pk").values("jobs_created")[:1])


def region_funnel(region):
    """Ideas → accepted → incubated → cooperatives → jobs, for one region.

    Counts only (no idea leaves this function), so every idea of the region is counted,
    drafts excepted.
    """
    from .models import IdeaOutcome

    statuses = ProjectIdea.Status
    reached_accepted = (statuses.ACCEPTED, statuses.INCUBATED, statuses.COOPERATIVE_CREATED)
    # How many a status: a walk of the (region, status) index alone (idea_region_status),
    # not of the region's rows (50,000 of them at ten times the national data set).
    by_status = dict(ProjectIdea.objects.unscoped().filter(region=region)
                     .exclude(status=statuses.DRAFT).order_by()
                     .values_list("status").annotate(n=Count("*")))
    counts = {
        "ideas": sum(by_status.values()),
        "accepted": sum(by_status.get(status, 0) for status in reached_accepted),
        "incubated": sum(by_status.get(status, 0) for status in reached_accepted[1:]),
        "cooperatives": by_status.get(statuses.COOPERATIVE_CREATED, 0),
    }
    # The jobs of each cooperative's latest outcome: read from the outcomes (a few per
    # cooperative founded), not by asking each of the region's founded ideas for its own.
    latest = {}
    for idea_id, jobs in (IdeaOutcome.objects.unscoped()
                          .filter(idea__region=region, idea__status=statuses.COOPERATIVE_CREATED)
                          .order_by("idea_id", "recorded_on", "pk")
                          .values_list("idea_id", "jobs_created")):
        latest[idea_id] = jobs  # in date order: the latest one stays
    counts["jobs"] = sum(latest.values())
    return counts


def incubated_at(hub, limit=30):
    """The published ideas a hub or desk accompanies, with their cooperative and jobs."""
    return (
        ProjectIdea.objects.public().filter(incubation_hub=hub)
        .select_related("sector", "commune", "founded_cooperative")
        .annotate(jobs=latest_jobs())
        .order_by("-submitted_at", "-pk")[:limit]
    )


def origin_of(cooperative):
    """The published ideas a cooperative was born of, with their programmes."""
    from .models import Enrolment

    return (
        ProjectIdea.objects.public().filter(founded_cooperative=cooperative)
        .select_related("incubation_hub", "call")
        .prefetch_related(Prefetch("enrolments",
                                   queryset=Enrolment.objects.select_related("programme")))
        .order_by("pk")
    )


def _who(user):
    if user is None:
        return _("the platform")
    return user.get_full_name() or user.get_username()


#: What each move of the workflow reads like in an idea's history.
MOVE_PHRASES = {
    ProjectIdea.Status.SUBMITTED: gettext_lazy("%(who)s submitted the idea."),
    ProjectIdea.Status.UNDER_REVIEW: gettext_lazy("%(who)s started the review."),
    ProjectIdea.Status.SHORTLISTED: gettext_lazy("%(who)s shortlisted the idea for the jury."),
    ProjectIdea.Status.ACCEPTED: gettext_lazy("%(who)s accepted the idea."),
    ProjectIdea.Status.REJECTED: gettext_lazy("%(who)s rejected the idea."),
    ProjectIdea.Status.INCUBATED: gettext_lazy("%(who)s sent the idea to incubation."),
    ProjectIdea.Status.COOPERATIVE_CREATED: gettext_lazy(
        "%(who)s recorded the cooperative as registered."),
}


def journey(idea):
    """An idea's history in words, oldest first: every move, its ranking, its enrolments
    and its outcomes, each with who and when. Reads what ``desk_idea`` prefetched."""
    steps = []
    for change in idea.status_changes.all():
        steps.append({
            "when": change.changed_at, "status": change.to_status,
            "text": MOVE_PHRASES[change.to_status] % {"who": _who(change.changed_by)},
            "reason": change.reason,
        })
    for entry in idea.ranking_entries.all():
        call = entry.call
        steps.append({
            "when": call.ranking_published_at, "status": "ranked",
            "text": _("Ranked %(rank)s of %(total)s in “%(call)s” (ranking published by "
                      "%(who)s).") % {"rank": entry.rank, "total": entry.total,
                                       "call": call.title,
                                       "who": _who(call.ranking_published_by)},
            "reason": "",
        })
    for enrolment in idea.enrolments.all():
        steps.append({
            "when": enrolment.enrolled_at, "status": "enrolled",
            "text": _("%(who)s enrolled the idea in “%(programme)s”.") % {
                "who": _who(enrolment.enrolled_by), "programme": enrolment.programme.title},
            "reason": "",
        })
    for outcome in idea.outcomes.all():
        steps.append({
            "when": outcome.recorded_at, "status": "outcome",
            "text": _("%(who)s recorded the outcomes: %(jobs)s jobs created, %(members)s "
                      "members of whom %(women)s women and %(youth)s young people.") % {
                "who": _who(outcome.recorded_by), "jobs": outcome.jobs_created,
                "members": outcome.members, "women": outcome.women_members,
                "youth": outcome.youth_members},
            "reason": outcome.note,
        })
    return sorted(steps, key=lambda step: step["when"])


def region_delegates(region_id):
    """The active delegates of a region: the people who review its ideas."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        role="delegate", region_id=region_id, is_active=True).order_by("pk")


TWO_PLACES = Decimal("0.01")


def compute_ranking(call):
    """The call's ranking, best first, as a list of dicts (not saved).

    An idea's score is the mean over its evaluations of the weighted average of the
    criteria (weights of the call). Ties are broken, in order, by: the higher mean score
    on the highest-weighted criterion (the first by position if several share the
    highest weight), then more evaluations, then the earlier submission, then the
    smaller idea number. Only ideas with at least one evaluation are ranked.
    """
    criteria = list(call.criteria.all())
    if not criteria:
        return []
    weights = {criterion.pk: criterion.weight for criterion in criteria}
    top = max(criteria, key=lambda c: (c.weight, -c.position, -c.pk)).pk
    per_evaluation = defaultdict(dict)
    idea_of = {}
    for evaluation_id, idea_id, criterion_id, value in Score.objects.unscoped().filter(
        evaluation__call=call
    ).values_list("evaluation_id", "evaluation__idea_id", "criterion_id", "value"):
        per_evaluation[evaluation_id][criterion_id] = value
        idea_of[evaluation_id] = idea_id
    per_idea = defaultdict(list)
    for evaluation_id, values in per_evaluation.items():
        total_weight = sum(weights[c] for c in values if c in weights)
        if not total_weight:
            continue
        weighted = Decimal(sum(weights[c] * v for c, v in values.items() if c in weights))
        per_idea[idea_of[evaluation_id]].append(
            (weighted / Decimal(total_weight), Decimal(values.get(top, 0)))
        )
    submitted = dict(
        ProjectIdea.objects.unscoped().filter(pk__in=per_idea).values_list("pk", "submitted_at")
    )
    rows = []
    for idea_id, results in per_idea.items():
        count = len(results)
        rows.append({
            "idea_id": idea_id,
            "weighted_score": (sum(r[0] for r in results) / count).quantize(
                TWO_PLACES, ROUND_HALF_UP),
            "top_criterion_score": (sum(r[1] for r in results) / count).quantize(
                TWO_PLACES, ROUND_HALF_UP),
            "evaluations_count": count,
            "submitted_at": submitted.get(idea_id),
        })
    far_future = timezone.now().replace(year=9999)
    rows.sort(key=lambda r: (-r["weighted_score"], -r["top_criterion_score"],
                             -r["evaluations_count"], r["submitted_at"] or far_future,
                             r["idea_id"]))
    for position, row in enumerate(rows, start=1):
        row["rank"] = position
    return rows
