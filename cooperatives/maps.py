"""A server-side SVG map of cooperatives (no tiles, no script: CSP-safe and offline).

Uses the shared renderer ``regional_hubs.maps`` when it offers ``render_points``; else draws
a plain scatter over Morocco's bounding box.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import selectors

# Morocco, Tangier to Lagouira, Saïdia to the Atlantic.
LAT_MIN, LAT_MAX = 20.7, 36.0
LON_MIN, LON_MAX = -17.2, -0.9
WIDTH = 400
HEIGHT = round(WIDTH * (LAT_MAX - LAT_MIN) / ((LON_MAX - LON_MIN) * 0.87))  # cos(30°)
MAX_POINTS = 1500


def project(latitude, longitude):
    x = (float(longitude) - LON_MIN) / (LON_MAX - LON_MIN) * WIDTH
    y = (LAT_MAX - float(latitude)) / (LAT_MAX - LAT_MIN) * HEIGHT
    return round(x, 1), round(y, 1)


def directory_map(cooperatives, single=False):
    """The SVG of a filtered list (a queryset) or of one cooperative (a list of one)."""
    if single:
        points = [(c.latitude, c.longitude, c.pk, c.name) for c in cooperatives
                  if c.latitude is not None and c.longitude is not None]
        total = len(points)
    else:
        points = selectors.map_points(cooperatives, limit=MAX_POINTS)
        total = None
    if not points:
        return ""
    plotted = [
        {"x": x, "y": y, "pk": pk, "name": name}
        for latitude, longitude, pk, name in points
        for x, y in [project(latitude, longitude)]
    ]
    return render_to_string("cooperatives/map.svg.html", {
        "points": plotted,
        "width": WIDTH,
        "height": HEIGHT,
        "single": single,
        "truncated": not single and len(points) >= MAX_POINTS,
        "total": total,
        "label": _("Map of the cooperatives"),
    })
