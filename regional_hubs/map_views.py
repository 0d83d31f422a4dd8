"""The interactive maps' own shapes: regions, or one region's provinces, as GeoJSON.

Without base-map tiles (settings.MAP_TILE_URL empty, the default) these shapes are the
map: each carries its name in the active language, the page it links to and where its
label goes. Reference data (the official territory), public; cached per language.
"""

import math

from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from .maps import shapes_for
from .models import Province, Region

TTL = 60 * 60


def _ring_area_and_centroid(ring):
    """Signed area and centroid of a [[lon, lat], ...] ring (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if math.isclose(area, 0.0):
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return area, (cx / (6 * area), cy / (6 * area))


def label_point(rings):
    """[lat, lng] where a territory's name goes: the centroid of its largest ring."""
    best = max((_ring_area_and_centroid(ring) for ring in rings), key=lambda r: abs(r[0]))
    lon, lat = best[1]
    return [round(lat, 4), round(lon, 4)]


def shapes_geojson(region=None):
    """A FeatureCollection of the regions, or of the provinces of ``region``."""
    if region is None:
        rings = shapes_for("regions")
        territories = {r.code: (r.name, reverse("regional_hubs:region", args=[r.slug]))
                       for r in Region.objects.order_by("code")}
    else:
        rings = shapes_for("provinces", region.code)
        territories = {
            p.code: (p.name, reverse("regional_hubs:province_needs", args=[region.slug, p.code]))
            for p in Province.objects.filter(region=region).order_by("code")}
    features = []
    for code, polygon in rings.items():
        name, url = territories.get(code, (code, ""))
        features.append({
            "type": "Feature",
            "properties": {"code": code, "name": name, "url": url,
                           "label": label_point(polygon)},
            "geometry": {"type": "MultiPolygon", "coordinates": [[ring] for ring in polygon]},
        })
    return {"type": "FeatureCollection", "features": features}


@require_safe
def map_shapes(request):
    """GET ?region=<HCP code>: that region's provinces; without it, the 12 regions."""
    code = request.GET.get("region", "")
    region = None
    if code:
        region = Region.objects.filter(code=code[:2]).first()
        if region is None or len(code) > 2:
            raise Http404
    key = f"regional_hubs:map-shapes:{get_language()}:{code or 'regions'}"
    data = cache.get(key)
    if data is None:
        data = shapes_geojson(region)
        cache.set(key, data, TTL)
    response = JsonResponse(data)
    response["Cache-Control"] = "public, max-age=3600"
    return response
