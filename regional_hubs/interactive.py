"""The interactive map component, for any page: what its template and script need.

Render ``regional_hubs/includes/interactive_map.html`` with ``map`` set to
``interactive_map(...)``. The frame shows ``fallback`` (an SVG from ``render_map``: the map
without script, which stays on phones until the visitor asks for the interactive one), and
``static/regional_hubs/map.js`` draws Leaflet over it: our own region or province shapes
(labelled by name, linked), then the clusters of ``clusters_url`` (a JSON endpoint built on
``regional_hubs.clustering``) or a few ``points``, and with ``with_list`` the list of what
the map's view holds, kept up to date as it moves.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _


def interactive_map(*, map_id, title, fallback="", region=None, clusters_url="", query="",
                    points=(), with_list=False, legend=(), kind=None, colours=None,
                    highlight="", highlight_label=""):
    """The context of one map.

    ``region``: a Region to draw its provinces (the 12 regions otherwise); ``points``:
    dicts with lat, lng, name, url and detail (a few; use ``clusters_url`` for many);
    ``legend``: extra rows, dicts with a colour and a label; ``kind``: the counted thing,
    as ``_("Cooperatives: %s")`` (%s is the number); ``colours``: {HCP code: fill colour}
    to shade the shapes (a choropleth, with its classes in ``legend``); ``highlight``: the
    HCP code of the shape outlined and brought into view (a province on its own page),
    named in the legend by ``highlight_label``."""
    shapes = reverse("regional_hubs:map_shapes")
    if region is not None:
        shapes += f"?region={region.code}"
    config = {
        "title": str(title),
        "leaflet": {"js": static("js_lib_leaflet/leaflet.js"),
                    "css": static("js_lib_leaflet/leaflet.css")},
        "shapes": shapes,
        "clusters": clusters_url,
        "query": query,
        "points": [{**p, "lat": float(p["lat"]), "lng": float(p["lng"])} for p in points
                   if p.get("lat") is not None and p.get("lng") is not None],
        "list": f"{map_id}-list" if with_list else "",
        "colours": colours or {},
        "highlight": highlight,
        "tiles": {"url": settings.MAP_TILE_URL,
                  "attribution": settings.MAP_TILE_ATTRIBUTION} if settings.MAP_TILE_URL else None,
        "text": {
            "zoomIn": _("Zoom in"), "zoomOut": _("Zoom out"),
            "cluster": str(kind or _("Items: %s")),
            "inView": _("In the map's view: %s"),
            "more": _("Zoom in to list the others."),
        },
    }
    return {"id": map_id, "title": title, "fallback": fallback, "config": config,
            "config_id": f"{map_id}-config", "list": with_list, "legend": legend,
            "clusters": bool(clusters_url), "points": bool(config["points"]),
            "highlight": highlight_label if highlight else ""}
