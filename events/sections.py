"""What the events app adds to the pages of lower apps (see ess_platform.page_sections):
the fairs and markets a cooperative exhibits at, on its profile."""

from django.template.loader import render_to_string
from django.utils import timezone

from ess_platform import page_sections

from .models import Event

#: The kinds of event where cooperatives sell: fairs, exhibitions and mobile markets.
MARKET_KINDS = (Event.Kind.FAIR, Event.Kind.MOBILE_MARKET)
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


def register():
    page_sections.register("cooperatives:detail", cooperative_fairs)
