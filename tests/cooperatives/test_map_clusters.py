"""The directory's interactive map: server-side grid clusters in a bounded number of queries."""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation

from cooperatives.models import Cooperative
from cooperatives.selectors import cooperative_list
from regional_hubs.clustering import Viewport, cluster_rows, grid_clusters, parse_viewport
from regional_hubs.models import Commune
from tests import seeding
from tests.cooperatives.factories import CooperativeFactory, sector

pytestmark = pytest.mark.django_db

MOROCCO = "-17.5,20.5,-0.5,36.5"
#: directory version, form lookups (region, sector), clusters, names of the single
#: points, the list that follows the map (with its photos), and room for the scope checks.
MAX_QUERIES = 8


def clusters_url(language="fr"):
    with translation.override(language):
        return reverse("cooperatives:map_clusters")


def seed_points(count, *, region_code="09", centre=(30.4, -9.5), spread=0.6):
    """``count`` published cooperatives scattered evenly around ``centre``, written by the
    database in one INSERT ... SELECT (tests/seeding.py)."""
    commune = Commune.objects.select_related("province__region").filter(
        province__region__code=region_code).order_by("code").first()
    seeding.insert_rows(Cooperative, count, {
        "registration_number": f"'MAP-{region_code}-' || g.i",
        "name_ar": "'تعاونية الخريطة ' || g.i", "name_fr": "'Coopérative carte ' || g.i",
        "sector_id": str(sector("argan").pk), "commune_id": str(commune.pk),
        "province_id": str(commune.province_id), "region_id": str(commune.province.region_id),
        "latitude": seeding.between(centre[0] - spread, centre[0] + spread, 7919, 10007),
        "longitude": seeding.between(centre[1] - spread, centre[1] + spread, 15473, 10009),
        "members_count": "10", "women_members": "6", "women_led": "g.i %% 2 = 0",
    })


def test_viewport_is_parsed_and_bad_input_is_refused():
    viewport = parse_viewport({"bbox": MOROCCO, "zoom": "5"})
    assert viewport == Viewport(-17.5, 20.5, -0.5, 36.5, 5)
    for params in ({"bbox": "1,2,3", "zoom": "5"}, {"bbox": "a,b,c,d", "zoom": "5"},
                   {"bbox": "nan,1,2,3", "zoom": "5"}, {"bbox": "5,1,2,3", "zoom": "5"},
                   {"bbox": MOROCCO, "zoom": "x"}, {"bbox": MOROCCO, "zoom": "40"},
                   {"zoom": "5"}):
        with pytest.raises(ValueError):
            parse_viewport(params)


def test_clusters_count_every_point_once_and_split_when_zooming_in(territory):
    seed_points(500)
    queryset = Cooperative.objects.public()
    country = grid_clusters(queryset, parse_viewport({"bbox": MOROCCO, "zoom": "5"}))
    closer = grid_clusters(queryset, parse_viewport({"bbox": "-10.2,29.7,-8.8,31.1",
                                                     "zoom": "10"}))
    assert sum(c.count for c in country) == 500
    assert len(country) < len(closer)
    assert sum(c.count for c in closer) == 500
    for cluster in closer:
        assert cluster.south <= cluster.latitude <= cluster.north
        assert cluster.west <= cluster.longitude <= cluster.east


def test_endpoint_answers_clusters_singles_and_the_list(client, territory):
    seed_points(40)
    lone = CooperativeFactory(name_fr="Coopérative isolée", latitude=Decimal("34.0"),
                              longitude=Decimal("-2.0"), region_code="02")
    CooperativeFactory(name_fr="Coopérative cachée", latitude=Decimal("34.01"),
                       longitude=Decimal("-2.01"), region_code="02", is_published=False)
    response = client.get(clusters_url(), {"bbox": MOROCCO, "zoom": "6"})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 41
    singles = [c for c in data["clusters"] if c["count"] == 1]
    assert {"id": lone.pk, "name": "Coopérative isolée"}.items() <= singles[0].items()
    assert singles[0]["url"] == f"/fr/cooperatives/{lone.pk}/"
    assert len(data["items"]) == 10
    assert {"name", "url", "place", "sector", "photo"} <= set(data["items"][0])


def test_endpoint_applies_the_directory_filters(client, territory):
    seed_points(30)
    CooperativeFactory(latitude=Decimal("34.0"), longitude=Decimal("-2.0"), region_code="02")
    response = client.get(clusters_url(), {"bbox": MOROCCO, "zoom": "6", "region": "02"})
    assert response.json()["total"] == 1
    response = client.get(clusters_url(), {"bbox": MOROCCO, "zoom": "6", "women_led": "1"})
    assert response.json()["total"] == 15


@pytest.mark.parametrize("params, field", [
    ({"zoom": "6"}, "bbox"), ({"bbox": MOROCCO}, "zoom"),
    ({"bbox": MOROCCO, "zoom": "6", "region": "99"}, "region"),
])
def test_endpoint_refuses_bad_input_with_field_errors(client, territory, params, field):
    response = client.get(clusters_url("ar"), params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_endpoint_queries_are_bounded(client, territory, django_assert_max_num_queries):
    seed_points(3000, spread=2.0)
    for zoom, bbox in ((5, MOROCCO), (8, "-11,28.5,-8,32"), (12, "-9.6,30.3,-9.4,30.5")):
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(clusters_url(), {"bbox": bbox, "zoom": zoom,
                                                   "sector": "argan", "region": "09"})
        assert response.status_code == 200
        assert len(response.json()["clusters"]) <= 40 * 40


def test_65000_cooperatives_cluster_in_bounded_queries(client, territory,
                                                       django_assert_max_num_queries):
    """The national scale: 65,000 located cooperatives, one answer per view, same queries."""
    seed_points(65_000, spread=3.0, centre=(31.5, -7.5))
    for zoom, bbox in ((5, MOROCCO), (7, "-10.5,29,-4.5,34"), (11, "-7.7,31.4,-7.3,31.6")):
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(clusters_url(), {"bbox": bbox, "zoom": zoom})
        data = response.json()
        assert response.status_code == 200
        assert len(data["clusters"]) <= 40 * 40
        if zoom == 5:
            assert data["total"] == 65_000


def _plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # A test table is small enough to read whole; at 65,000 rows a zoomed-in view is a
        # range of the index by itself. The whole-table path is off to ask the question.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="the query plan is PostgreSQL's")
def test_cluster_query_reads_the_coordinate_index(territory):
    seed_points(2000, spread=2.0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cooperatives_cooperative")
    viewport = parse_viewport({"bbox": "-9.6,30.3,-9.4,30.5", "zoom": "12"})
    # The clusters' one GROUP BY, as grid_clusters() and the directory's endpoint run it.
    for queryset in (Cooperative.objects.public(), cooperative_list()):
        plan = _plan(cluster_rows(queryset, viewport))
        assert "coop_published_lat_lng" in plan, plan
