"""Server-side clustering for the interactive maps: one GROUP BY per request, any row count.

The map sends its view (a bounding box and a zoom level); the located rows inside it are
grouped by a grid of square cells whose size follows the zoom (about CELL_PIXELS screen
pixels across), in the database, on rounded coordinates. Each cell comes back as one
cluster: its count, its mean position and the bounds of its rows. The answer is bounded by
the number of cells in the view (at most MAX_CELLS_ACROSS squared), whatever the number of
rows: 65,000 cooperatives cost the same one query as 65.

Use from any app with a queryset that has latitude/longitude fields (already scoped to
what the visitor may see, e.g. ``Cooperative.objects.public()``)::

    viewport = parse_viewport(request.GET)        # ViewportError: field, translated message
    clusters = grid_clusters(queryset, viewport)  # [Cluster, ...]
"""

import math
from dataclasses import dataclass

from django.db.models import Avg, Count, F, FloatField, Max, Min
from django.db.models.functions import Cast, Floor
from django.utils.translation import gettext as _

MIN_ZOOM, MAX_ZOOM = 0, 18
#: A cluster covers about this many pixels of a 256-pixel map tile's scale.
CELL_PIXELS = 96
#: The grid never has more cells than this across a view (a huge or zoomed-out view
#: gets larger cells): the answer has at most this many squared clusters.
MAX_CELLS_ACROSS = 40


class ViewportError(ValueError):
    """A missing or malformed bbox or zoom: ``field`` and a translated ``message``."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class Viewport:
    west: float
    south: float
    east: float
    north: float
    zoom: int

    @property
    def cell(self):
        """The grid's cell size in degrees at this zoom, widened for a very large view."""
        size = 360 / (256 * 2 ** self.zoom) * CELL_PIXELS
        span = max(self.east - self.west, self.north - self.south)
        return max(size, span / MAX_CELLS_ACROSS)


def parse_viewport(params):
    """The Viewport of ``bbox=west,south,east,north`` and ``zoom=z`` (a QueryDict or dict).

    Raises ViewportError (a ValueError) for a missing or malformed value."""
    bbox_error = _("Give the map's view as four numbers: west,south,east,north.")
    try:
        west, south, east, north = (float(part) for part in params.get("bbox", "").split(","))
    except ValueError:
        raise ViewportError("bbox", bbox_error) from None
    if not all(math.isfinite(value) for value in (west, south, east, north)):
        raise ViewportError("bbox", bbox_error)
    try:
        zoom = int(params.get("zoom", ""))
    except ValueError:
        raise ViewportError("zoom", _("The zoom level is a whole number.")) from None
    if not (MIN_ZOOM <= zoom <= MAX_ZOOM):
        raise ViewportError("zoom", _("The zoom level is between %(low)d and %(high)d.")
                            % {"low": MIN_ZOOM, "high": MAX_ZOOM})
    west, east = max(west, -180.0), min(east, 180.0)
    south, north = max(south, -90.0), min(north, 90.0)
    if west >= east or south >= north:
        raise ViewportError("bbox", _("The map's view needs west < east and south < north."))
    return Viewport(west, south, east, north, zoom)


@dataclass(frozen=True)
class Cluster:
    count: int
    latitude: float
    longitude: float
    south: float
    west: float
    north: float
    east: float
    #: The smallest primary key in the cell: the row itself when count is 1.
    first: int

    def as_dict(self):
        return {"count": self.count, "lat": round(self.latitude, 6),
                "lng": round(self.longitude, 6),
                "bounds": [round(self.south, 6), round(self.west, 6), round(self.north, 6),
                           round(self.east, 6)]}


def in_view(queryset, viewport, *, latitude="latitude", longitude="longitude"):
    """The rows of ``queryset`` located inside the view."""
    return queryset.filter(**{
        f"{latitude}__gte": viewport.south, f"{latitude}__lte": viewport.north,
        f"{longitude}__gte": viewport.west, f"{longitude}__lte": viewport.east,
    })


def cluster_rows(queryset, viewport, *, latitude="latitude", longitude="longitude"):
    """The one grouped query behind grid_clusters(): a dict per grid cell."""
    cell = viewport.cell
    return (
        in_view(queryset, viewport, latitude=latitude, longitude=longitude)
        .order_by()
        .annotate(
            cell_y=Floor(Cast(F(latitude), FloatField()) / cell),
            cell_x=Floor(Cast(F(longitude), FloatField()) / cell),
        )
        .values("cell_y", "cell_x")
        .annotate(
            count=Count("pk"),
            mean_latitude=Avg(Cast(F(latitude), FloatField())),
            mean_longitude=Avg(Cast(F(longitude), FloatField())),
            south=Min(latitude), north=Max(latitude),
            west=Min(longitude), east=Max(longitude),
            first=Min("pk"),
        )
        .order_by("-count", "cell_y", "cell_x")
    )


def grid_clusters(queryset, viewport, *, latitude="latitude", longitude="longitude"):
    """The clusters of the located rows in the view, in one query (largest first)."""
    rows = cluster_rows(queryset, viewport, latitude=latitude, longitude=longitude)
    return [
        Cluster(count=row["count"], latitude=float(row["mean_latitude"]),
                longitude=float(row["mean_longitude"]), south=float(row["south"]),
                west=float(row["west"]), north=float(row["north"]), east=float(row["east"]),
                first=row["first"])
        for row in rows
    ]
