"""What the events app adds to the pages of lower apps (see ess_platform.kernel.page_sections and
regional_hubs.hooks): the fairs and markets a cooperative exhibits at, on its profile, and
the region's upcoming events on the region and hub pages."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel import page_sections
from regional_hubs import hooks

from .models import Event
from .selectors import MARKET_KINDS
from .selectors import cooperative_fairs as fairs_of

LIMIT = 10


def cooperative_fairs(request, *, cooperative):
    """The published fairs and markets the cooperative takes part in (the organisers list
    their participating cooperatives), the coming ones first, then the latest past ones."""
    now = timezone.now()
    # One query: the latest events by start; the coming ones among them, then the past.
    latest = list(Event.objects.public()
                  .filter(cooperatives=cooperative, kind__in=MARKET_KINDS)
                  .select_related("region", "province")
                  .order_by("-starts_at", "-pk")[:2 * LIMIT])
    upcoming = [event for event in reversed(latest) if event.ends_at >= now][:LIMIT]
    past = [event for event in latest if event.ends_at < now][:LIMIT]
    if not upcoming and not past:
        return ""
    return render_to_string("events/sections/cooperative_fairs.html", {
        "cooperative": cooperative, "upcoming": upcoming, "past": past}, request=request)


def manage_fairs(request, *, cooperative):
    """On the managers' page of a cooperative: its fairs and markets, and where to edit them."""
    return render_to_string("events/sections/manage_fairs.html", {
        "cooperative": cooperative, "fairs": fairs_of(cooperative)}, request=request)


def _upcoming_in_region(region):
    return Event.objects.public().filter(region=region, ends_at__gte=timezone.now())


def region_count(region):
    return _upcoming_in_region(region).count()


def latest_in_region(region, limit):
    """The region's next published events (running ones included)."""
    return list(_upcoming_in_region(region).order_by("starts_at", "pk")[:limit])


def region_list_url(region):
    return f"{reverse('events:list')}?region={region.code}"


def register():
    page_sections.register("cooperatives:detail", cooperative_fairs)
    page_sections.register("cooperatives:manage", manage_fairs)
    hooks.register_activity(hooks.RegionActivity(
        key="events", count_label=_("Upcoming events"), link_label=_("Events of the region"),
        count=region_count, latest=latest_in_region, url=region_list_url,
        template="events/includes/region_activity.html"))
