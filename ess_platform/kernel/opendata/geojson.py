"""GeoJSON (RFC 7946) geometry helpers: positions are [longitude, latitude]; polygon
rings are closed and follow the right-hand rule (exterior rings counterclockwise)."""


def point(longitude, latitude):
    return {"type": "Point", "coordinates": [float(longitude), float(latitude)]}


def signed_area(ring):
    """Twice the signed area of a ring (shoelace): positive when counterclockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))


def exterior_ring(ring):
    """``ring`` closed and counterclockwise, as RFC 7946 section 3.1.6 asks."""
    ring = [[float(x), float(y)] for x, y in ring]
    if ring[0] != ring[-1]:
        ring.append(list(ring[0]))
    if signed_area(ring) < 0:
        ring.reverse()
    return ring


def multipolygon(rings):
    """A MultiPolygon of outer rings (the shipped boundaries have no holes); None if empty."""
    polygons = [[exterior_ring(ring)] for ring in rings if len(ring) >= 3]
    if not polygons:
        return None
    return {"type": "MultiPolygon", "coordinates": polygons}

