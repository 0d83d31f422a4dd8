"""The projects bank's sections of the report: ideas by status, calls and their winners."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ess_platform.kernel.registry import register_report_section
from ess_platform.kernel.report_figures import in_scope, period_bounds, section

from .models import Call, ProjectIdea, RankingEntry


def ideas_by_status(report):
    start, end = period_bounds(report)
    queryset = in_scope(ProjectIdea.objects.exclude(status=ProjectIdea.Status.DRAFT), report)
    queryset = queryset.filter(
        Q(submitted_at__gte=start, submitted_at__lt=end)
        | Q(submitted_at__isnull=True, created_at__gte=start, created_at__lt=end))
    counts = dict(queryset.values_list("status").annotate(n=Count("pk")))
    rows = [[str(label), counts.get(value, 0)]
            for value, label in ProjectIdea.Status.choices if value != ProjectIdea.Status.DRAFT]
    return section("ideas", _("Project ideas submitted during the period, by status"),
                   [_("Status"), _("Ideas")], rows, chart={"label": 0, "value": 1})


def calls_and_winners(report):
    start, end = period_bounds(report)
    calls = in_scope(Call.objects.filter(opens_on__lte=report.period_end,
                                         closes_at__gte=start), report)
    calls = calls.select_related("region").annotate(n_ideas=Count("ideas", distinct=True))
    calls = list(calls.order_by("opens_on", "pk"))
    winners = {}
    if calls:
        for entry in (RankingEntry.objects.public().filter(call__in=calls, rank__lte=3)
                      .select_related("idea").order_by("call_id", "rank")):
            winners.setdefault(entry.call_id, []).append(f"{entry.rank}. {entry.idea.title}")
    statuses = dict(Call.Status.choices)
    rows = [
        [call.title, call.region.name if call.region_id else _("National"),
         str(statuses.get(call.status, call.status)), call.opens_on.isoformat(), call.n_ideas,
         " | ".join(winners.get(call.pk, [])) or "—"]
        for call in calls
    ]
    return section("calls", _("Calls for ideas and their winners"),
                   [_("Call"), _("Region"), _("Status"), _("Opens on"), _("Ideas"),
                    _("Winners (top three)")], rows)


def register():
    register_report_section("ideas", ideas_by_status, order=200)
    register_report_section("calls", calls_and_winners, order=210)
