"""Maps of cooperatives, drawn by the shared SVG renderer (regional_hubs.maps).

Server-side SVG over the regions' boundaries (or one region's provinces when the list is
filtered by region): no tiles, no script, CSP-safe and offline.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from regional_hubs.maps import MapPoint, render_points

from . import selectors

MAX_POINTS = 1000


def directory_map(cooperatives, *, single=False, region_code=None):
    """The map of a filtered list (a queryset) or of one cooperative (a list of one)."""
    if single:
        rows = [(c.latitude, c.longitude, c.pk, c.name) for c in cooperatives
                if c.latitude is not None and c.longitude is not None]
    else:
        rows = selectors.map_points(cooperatives, limit=MAX_POINTS)
    if not rows:
        return ""
    # One reverse() for all the points: the detail URL with a placeholder pk.
    url = reverse("cooperatives:detail", kwargs={"pk": 0}).replace("/0/", "/{}/")
    points = [MapPoint(latitude, longitude, name or "", "" if single else url.format(pk))
              for latitude, longitude, pk, name in rows]
    result = render_points(points, region_code=region_code,
                           title=_("Map of the cooperatives"))
    return render_to_string("cooperatives/map.html", {
        "svg": result.svg,
        "truncated": not single and len(rows) >= MAX_POINTS,
        "shown": len(rows),
    })
