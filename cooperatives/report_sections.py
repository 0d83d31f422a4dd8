"""The cooperatives' sections of the report (``ess_platform/reports`` asks the kernel's
registry for them): key figures, then by sector, by province and by legal form."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ess_platform.kernel.registry import register_report_section
from ess_platform.kernel.report_figures import in_scope, percent, section, translated_name

from .models import Cooperative


def _cooperatives(report):
    queryset = Cooperative.objects.filter(
        Q(founded_on__lte=report.period_end) | Q(founded_on__isnull=True))
    return in_scope(queryset, report)


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
        [_("Share of women among members (%)"), percent(figures["women"] or 0, members)],
        [_("Young members (18 to 35)"), figures["youth"] or 0],
        [_("Share of young people among members (%)"), percent(figures["youth"] or 0, members)],
        [_("Women-led cooperatives"), figures["women_led"]],
        [_("Share of women-led cooperatives (%)"), percent(figures["women_led"], total)],
        [_("Youth-led cooperatives"), figures["youth_led"]],
        [_("Share of youth-led cooperatives (%)"), percent(figures["youth_led"], total)],
    ]
    return section("cooperatives", _("Cooperatives: key figures"),
                   [_("Indicator"), _("Value")], rows)


def cooperatives_by_sector(report):
    rows = [
        [row["label"], row["n"], row["members"] or 0, row["women_led"], row["youth_led"],
         percent(row["women_led"], row["n"])]
        for row in _cooperatives(report).annotate(label=translated_name("sector__name"))
        .values("label").annotate(
            n=Count("pk"), members=Sum("members_count"),
            women_led=Count("pk", filter=Q(women_led=True)),
            youth_led=Count("pk", filter=Q(youth_led=True)),
        ).order_by("-n", "label")
    ]
    return section(
        "by_sector", _("Cooperatives by sector"),
        [_("Sector"), _("Cooperatives"), _("Members"), pgettext("report column", "Women-led"),
         pgettext("report column", "Youth-led"),
         _("Women-led (%)")],
        rows, chart={"label": 0, "value": 1})


def cooperatives_by_province(report):
    rows = [
        [row["label"], row["n"], row["members"] or 0, row["women"] or 0]
        for row in _cooperatives(report).annotate(label=translated_name("province__name"))
        .values("label").annotate(
            n=Count("pk"), members=Sum("members_count"), women=Sum("women_members"),
        ).order_by("-n", "label")
    ]
    return section(
        "by_province", _("Cooperatives by province or prefecture"),
        [_("Province or prefecture"), _("Cooperatives"), _("Members"), _("Women members")],
        rows, chart={"label": 0, "value": 1})


def cooperatives_by_legal_form(report):
    labels = dict(Cooperative.LegalForm.choices)
    rows = [
        [str(labels.get(row["legal_form"], row["legal_form"])), row["n"], row["members"] or 0]
        for row in _cooperatives(report).values("legal_form").annotate(
            n=Count("pk"), members=Sum("members_count")).order_by("-n")
    ]
    return section("by_legal_form", _("Cooperatives by legal form"),
                   [_("Legal form"), _("Cooperatives"), _("Members")], rows,
                   chart={"label": 0, "value": 1})


def register():
    register_report_section("cooperatives", cooperatives_summary, order=100)
    register_report_section("by_sector", cooperatives_by_sector, order=110)
    register_report_section("by_province", cooperatives_by_province, order=120)
    register_report_section("by_legal_form", cooperatives_by_legal_form, order=130)
