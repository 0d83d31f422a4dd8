"""The events' sections of the report: attendance by kind, and the period's events."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ess_platform.kernel.registry import register_report_section
from ess_platform.kernel.report_figures import in_scope, percent, period_bounds, section

from .models import Event, Registration


def _events(report):
    start, end = period_bounds(report)
    return in_scope(Event.objects.filter(starts_at__gte=start, starts_at__lt=end), report)


def _registration_counts():
    return {
        "registered": Count("registrations", filter=Q(
            registrations__status__in=Registration.TAKING_A_PLACE), distinct=True),
        "attended": Count("registrations", filter=Q(
            registrations__status=Registration.Status.ATTENDED), distinct=True),
    }


def events_by_kind(report):
    labels = dict(Event.Kind.choices)
    rows = [
        [str(labels.get(row["kind"], row["kind"])), row["n"], row["registered"], row["attended"],
         percent(row["attended"], row["registered"])]
        for row in _events(report).values("kind").annotate(
            n=Count("pk", distinct=True), **_registration_counts()).order_by("-n")
    ]
    return section("events_by_kind", _("Events and attendance by kind"),
                   [_("Kind"), _("Events"), pgettext("report column", "Registered"),
                    pgettext("report column", "Attended"),
                    _("Attendance (%)")], rows, chart={"label": 0, "value": 1})


def events_list(report):
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
    return section("events", _("Events of the period"),
                   [_("Date"), _("Event"), _("Kind"), _("Place"),
                    pgettext("report column", "Registered"),
                    pgettext("report column", "Attended")], rows)


def register():
    register_report_section("events_by_kind", events_by_kind, order=300)
    register_report_section("events", events_list, order=310)
