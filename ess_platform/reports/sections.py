"""The figures of a report, one section at a time.

Each section is a plain dict (title, header, rows, optional chart), already written in the
report's language, so it can be stored on the report (a rebuilt report resumes from the
sections it already has) and written to PDF, XLSX and CSV alike. Other apps are read
lazily: a section whose app has no models yet is simply left out.
"""

from datetime import datetime, time, timedelta

from django.apps import apps
from django.db.models import CharField, Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def _model(app_label, name):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _name(path):
    """A translated name across a relation, in the active language, else the other one
    (names are written in Arabic and French: a Tamazight report shows the Arabic name)."""
    language = translation.get_language() if translation.get_language() == "fr" else "ar"
    other = "fr" if language == "ar" else "ar"
    text = CharField()
    return Coalesce(NullIf(F(f"{path}_{language}"), Value(""), output_field=text),
                    NullIf(F(f"{path}_{other}"), Value(""), output_field=text),
                    F(path), output_field=text)


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def _bounds(report):
    """The period as aware datetimes [start, end)."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(report.period_start, time.min), tz)
    end = timezone.make_aware(datetime.combine(report.period_end + timedelta(days=1), time.min),
                              tz)
    return start, end


def _in_scope(queryset, report, lookup="region"):
    """What the requester may manage, narrowed to the report's region."""
    queryset = queryset.managed_by(report.requester)
    if report.region_id:
        return queryset.filter(**{lookup: report.region_id})
    return queryset


def _section(key, title, header, rows, chart=None, note=""):
    return {"key": key, "title": title, "header": list(header), "rows": rows,
            "chart": chart, "note": note}


# Cooperatives ---------------------------------------------------------------------------

def _cooperatives(report):
    Cooperative = _model("cooperatives", "Cooperative")
    queryset = Cooperative.objects.filter(
        Q(founded_on__lte=report.period_end) | Q(founded_on__isnull=True))
    return _in_scope(queryset, report)


def cooperatives_summary(report):
    queryset = _cooperatives(report)
    figures = queryset.aggregate(
        total=Count("pk"),
        founded=Count("pk", filter=Q(founded_on__gte=report.period_start)),
        members=Sum("members_count"), women=Sum("women_members"), youth=Sum("youth_members"),
        women_led=Count("pk", filter=Q(women_led=True)),
        youth_led=Count("pk", filter=Q(youth_led=True)),
    )
    total = figures["total"] or 0
    members = figures["members"] or 0
    rows = [
        [_("Cooperatives"), total],
        [_("Founded during the period"), figures["founded"] or 0],
        [_("Members"), members],
        [_("Women members"), figures["women"] or 0],
        [_("Share of women among members (%)"), _percent(figures["women"] or 0, members)],
        [_("Young members (18 to 35)"), figures["youth"] or 0],
        [_("Share of young people among members (%)"), _percent(figures["youth"] or 0, members)],
        [_("Women-led cooperatives"), figures["women_led"]],
        [_("Share of women-led cooperatives (%)"), _percent(figures["women_led"], total)],
        [_("Youth-led cooperatives"), figures["youth_led"]],
        [_("Share of youth-led cooperatives (%)"), _percent(figures["youth_led"], total)],
    ]
    return _section("cooperatives", _("Cooperatives: key figures"),
                    [_("Indicator"), _("Value")], rows)


def cooperatives_by_sector(report):
    rows = [
        [row["label"], row["n"], row["members"] or 0, row["women_led"], row["youth_led"],
         _percent(row["women_led"], row["n"])]
        for row in _cooperatives(report).annotate(label=_name("sector__name"))
        .values("label").annotate(
            n=Count("pk"), members=Sum("members_count"),
            women_led=Count("pk", filter=Q(women_led=True)),
            youth_led=Count("pk", filter=Q(youth_led=True)),
        ).order_by("-n", "label")
    ]
    return _section(
        "by_sector", _("Cooperatives by sector"),
        [_("Sector"), _("Cooperatives"), _("Members"), pgettext("report column", "Women-led"),
         pgettext("report column", "Youth-led"),
         _("Women-led (%)")],
        rows, chart={"label": 0, "value": 1})


def cooperatives_by_province(report):
    rows = [
        [row["label"], row["n"], row["members"] or 0, row["women"] or 0]
        for row in _cooperatives(report).annotate(label=_name("province__name"))
        .values("label").annotate(
            n=Count("pk"), members=Sum("members_count"), women=Sum("women_members"),
        ).order_by("-n", "label")
    ]
    return _section(
        "by_province", _("Cooperatives by province or prefecture"),
        [_("Province or prefecture"), _("Cooperatives"), _("Members"), _("Women members")],
        rows, chart={"label": 0, "value": 1})


def cooperatives_by_legal_form(report):
    Cooperative = _model("cooperatives", "Cooperative")
    labels = dict(Cooperative.LegalForm.choices)
    rows = [
        [str(labels.get(row["legal_form"], row["legal_form"])), row["n"], row["members"] or 0]
        for row in _cooperatives(report).values("legal_form").annotate(
            n=Count("pk"), members=Sum("members_count")).order_by("-n")
    ]
    return _section("by_legal_form", _("Cooperatives by legal form"),
                    [_("Legal form"), _("Cooperatives"), _("Members")], rows,
                    chart={"label": 0, "value": 1})


# Projects bank --------------------------------------------------------------------------

def ideas_by_status(report):
    ProjectIdea = _model("projects_bank", "ProjectIdea")
    start, end = _bounds(report)
    queryset = _in_scope(ProjectIdea.objects.exclude(status=ProjectIdea.Status.DRAFT), report)
    queryset = queryset.filter(
        Q(submitted_at__gte=start, submitted_at__lt=end)
        | Q(submitted_at__isnull=True, created_at__gte=start, created_at__lt=end))
    counts = dict(queryset.values_list("status").annotate(n=Count("pk")))
    rows = [[str(label), counts.get(value, 0)]
            for value, label in ProjectIdea.Status.choices if value != ProjectIdea.Status.DRAFT]
    return _section("ideas", _("Project ideas submitted during the period, by status"),
                    [_("Status"), _("Ideas")], rows, chart={"label": 0, "value": 1})


def calls_and_winners(report):
    Call = _model("projects_bank", "Call")
    RankingEntry = _model("projects_bank", "RankingEntry")
    start, end = _bounds(report)
    calls = _in_scope(Call.objects.filter(opens_on__lte=report.period_end,
                                          closes_at__gte=start), report)
    calls = calls.select_related("region").annotate(n_ideas=Count("ideas", distinct=True))
    calls = list(calls.order_by("opens_on", "pk"))
    winners = {}
    if RankingEntry is not None and calls:
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
    return _section("calls", _("Calls for ideas and their winners"),
                    [_("Call"), _("Region"), _("Status"), _("Opens on"), _("Ideas"),
                     _("Winners (top three)")], rows)


# Events ---------------------------------------------------------------------------------

def _events(report):
    Event = _model("events", "Event")
    start, end = _bounds(report)
    return _in_scope(Event.objects.filter(starts_at__gte=start, starts_at__lt=end), report)


def _registration_counts():
    Registration = _model("events", "Registration")
    return {
        "registered": Count("registrations", filter=Q(
            registrations__status__in=Registration.TAKING_A_PLACE), distinct=True),
        "attended": Count("registrations", filter=Q(
            registrations__status=Registration.Status.ATTENDED), distinct=True),
    }


def events_by_kind(report):
    Event = _model("events", "Event")
    labels = dict(Event.Kind.choices)
    rows = [
        [str(labels.get(row["kind"], row["kind"])), row["n"], row["registered"], row["attended"],
         _percent(row["attended"], row["registered"])]
        for row in _events(report).values("kind").annotate(
            n=Count("pk", distinct=True), **_registration_counts()).order_by("-n")
    ]
    return _section("events_by_kind", _("Events and attendance by kind"),
                    [_("Kind"), _("Events"), pgettext("report column", "Registered"),
                     pgettext("report column", "Attended"),
                     _("Attendance (%)")], rows, chart={"label": 0, "value": 1})


def events_list(report):
    Event = _model("events", "Event")
    labels = dict(Event.Kind.choices)
    events = (_events(report).select_related("region", "province")
              .annotate(**_registration_counts()).order_by("starts_at", "pk"))
    rows = [
        [timezone.localtime(event.starts_at).date().isoformat(), event.title,
         str(labels.get(event.kind, event.kind)),
         event.province.name if event.province_id else event.region.name,
         event.registered, event.attended]
        for event in events.iterator(chunk_size=2000)
    ]
    return _section("events", _("Events of the period"),
                    [_("Date"), _("Event"), _("Kind"), _("Place"),
                     pgettext("report column", "Registered"),
                     pgettext("report column", "Attended")], rows)


#: (key, builder, models it needs) in report order.
SECTIONS = [
    ("cooperatives", cooperatives_summary, [("cooperatives", "Cooperative")]),
    ("by_sector", cooperatives_by_sector, [("cooperatives", "Cooperative")]),
    ("by_province", cooperatives_by_province, [("cooperatives", "Cooperative")]),
    ("by_legal_form", cooperatives_by_legal_form, [("cooperatives", "Cooperative")]),
    ("ideas", ideas_by_status, [("projects_bank", "ProjectIdea")]),
    ("calls", calls_and_winners, [("projects_bank", "Call")]),
    ("events_by_kind", events_by_kind, [("events", "Event"), ("events", "Registration")]),
    ("events", events_list, [("events", "Event"), ("events", "Registration")]),
]


def available_sections():
    """The sections whose source models exist in this installation."""
    return [(key, builder) for key, builder, needs in SECTIONS
            if all(_model(app_label, name) is not None for app_label, name in needs)]
