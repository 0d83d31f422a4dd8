"""The events list's map: the located events of the page shown, on the regions (or the
chosen region's provinces), interactive over the server-drawn SVG (regional_hubs)."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from regional_hubs.interactive import interactive_map
from regional_hubs.maps import MapPoint, render_map


def events_map(events, region=None):
    """``events``: the page's events (already fetched or a bounded slice); None when none
    of them has a place on the map."""
    located = [e for e in events if e.latitude is not None and e.longitude is not None]
    if not located:
        return None
    title = _("Map of the events")
    fallback = render_map(
        "provinces" if region else "regions", region_code=region.code if region else None,
        points=[MapPoint(e.latitude, e.longitude, e.title, e.get_absolute_url())
                for e in located], title=title)
    return interactive_map(
        map_id="events-map", title=title, fallback=fallback.svg, region=region,
        points=[{"lat": e.latitude, "lng": e.longitude, "name": e.title,
                 "url": e.get_absolute_url(),
                 "detail": date_format(localtime(e.starts_at), "DATE_FORMAT")}
                for e in located])
