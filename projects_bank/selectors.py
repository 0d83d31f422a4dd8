"""Reads of the projects bank, with their joins, shared by the pages, the admin and the API."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from regional_hubs.models import RegionalHub

from .models import (
    Call,
    EconomicModel,
    Evaluation,
    FundingSource,
    IdeaStatusChange,
    JuryAssignment,
    Partner,
    ProjectIdea,
    RankingEntry,
)

IDEA_LIST_RELATED = ("sector", "region", "province", "commune", "call")


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


def filter_ideas(qs, *, region="", sector="", call="", status=""):
    """Narrow a list of ideas by region code, sector slug, call slug and status."""
    if region:
        qs = qs.filter(region__code=region)
    if sector:
        qs = qs.filter(sector__slug=sector)
    if call:
        qs = qs.filter(call__slug=call)
    if status:
        qs = qs.filter(status=status)
    return qs


def idea_detail(pk):
    """Any idea: the caller decides with ``services.can_view_idea`` who may see it."""
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

    Every row is read: ``services.can_view_idea_file`` is the gate, and the download
    views answer 404 to whoever it refuses.
    """
    return ProjectIdea.objects.unscoped().only(
        "pk", "author", "region", "call", "status", "photo", "photo_name", "document",
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
    sector_listed = FundingSource.sectors.through.objects.filter(fundingsource=OuterRef("pk"))
    region_listed = FundingSource.regions.through.objects.filter(fundingsource=OuterRef("pk"))
    qs = FundingSource.objects.filter(
        Q(~Exists(sector_listed)) | Q(Exists(sector_listed.filter(sector_id=idea.sector_id))),
        Q(~Exists(region_listed)) | Q(Exists(region_listed.filter(region_id=idea.region_id))),
        Q(amount_min__isnull=True) | Q(amount_min__lte=idea.estimated_budget),
    )
    if idea.expected_women * 2 < idea.expected_members:
        qs = qs.filter(women_only=False)
    if idea.expected_youth * 2 < idea.expected_members:
        qs = qs.filter(youth_only=False)
    return with_funding_relations(qs)


def with_funding_relations(qs):
    return qs.prefetch_related("sectors", "regions")


def funding_sources(*, kind="", sector="", region="", women=False, youth=False):
    """The financing guide, filtered by kind, sector slug, region code, women, youth."""
    qs = FundingSource.objects.all()
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
    return with_funding_relations(qs)


def partners(*, kind="", region=""):
    qs = Partner.objects.prefetch_related("regions")
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        listed = Partner.regions.through.objects.filter(partner=OuterRef("pk"))
        qs = qs.filter(Q(~Exists(listed)) | Q(Exists(listed.filter(region__code=region))))
    return qs


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
    from .services import SCORABLE_STATUSES

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
