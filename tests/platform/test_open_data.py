"""Every public data set as JSON, CSV and (where it has a place) GeoJSON: the same rows
for the same filter, spreadsheet-safe cells, streamed bodies, RFC 7946 geometry."""

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from django.utils import timezone

from cooperatives.models import Sector
from ess_platform.kernel.opendata.geojson import exterior_ring, signed_area
from projects_bank.models import RankingEntry
from tests.cooperatives.factories import CooperativeFactory, ProductFactory
from tests.events.factories import EventFactory
from tests.factories import RegionalHubFactory
from tests.projects_bank.factories import (
    CallFactory,
    EconomicModelFactory,
    FundingSourceFactory,
    IdeaFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db

# Morocco's bounding box, lon/lat: a position in the wrong order falls outside it.
LONGITUDES = (-17.5, -0.9)
LATITUDES = (20.5, 36.1)


def _body(response):
    assert isinstance(response, StreamingHttpResponse), "exports are streamed"
    return b"".join(response.streaming_content).decode("utf-8")


def _csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = _body(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def _assert_position(position):
    assert len(position) == 2
    longitude, latitude = position
    assert isinstance(longitude, float) and isinstance(latitude, float)
    assert LONGITUDES[0] <= longitude <= LONGITUDES[1], position
    assert LATITUDES[0] <= latitude <= LATITUDES[1], position


def assert_rfc7946(document):
    """FeatureCollection of Features; Point and MultiPolygon geometry by RFC 7946 rules."""
    assert document["type"] == "FeatureCollection"
    assert "crs" not in document  # RFC 7946 dropped named CRSs: WGS 84 only
    for feature in document["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        if geometry is None:
            continue
        if geometry["type"] == "Point":
            _assert_position(geometry["coordinates"])
            continue
        assert geometry["type"] in ("Polygon", "MultiPolygon")
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for index, ring in enumerate(polygon):
                assert len(ring) >= 4, "a linear ring has four positions or more"
                assert ring[0] == ring[-1], "a linear ring is closed"
                for position in ring:
                    _assert_position(position)
                area = signed_area(ring)
                # Right-hand rule: exterior rings counterclockwise, holes clockwise.
                assert area > 0 if index == 0 else area < 0


def _geojson(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    document = json.loads(_body(response))
    assert_rfc7946(document)
    return document


def _api_count(client, path, params):
    response = client.get(path, {**params, "page_size": 100})
    assert response.status_code == 200
    data = response.json()
    return data["count"] if isinstance(data, dict) else len(data)


@pytest.fixture
def open_data(territory):
    """Rows in two regions behind every data set, and one row each filter leaves out."""
    argan = Sector.objects.get(slug="argan")
    CooperativeFactory(latitude=Decimal("30.42"), longitude=Decimal("-9.6"), sector=argan)
    CooperativeFactory(latitude=None, longitude=None)
    CooperativeFactory(region_code="03", latitude=Decimal("34.03"), longitude=Decimal("-5.0"))
    ProductFactory()
    RegionalHubFactory(latitude=Decimal("30.41"), longitude=Decimal("-9.58"))
    RegionalHubFactory(region=territory.get(code="03"))
    soon = timezone.now() + timedelta(days=5)
    EventFactory(latitude=Decimal("30.4"), longitude=Decimal("-9.55"), starts_at=soon,
                 ends_at=soon + timedelta(hours=3))
    EventFactory(region=territory.get(code="03"))
    past = timezone.now() - timedelta(days=40)
    EventFactory(starts_at=past, ends_at=past + timedelta(hours=2))
    IdeaFactory(status="accepted")
    IdeaFactory(status="incubated")
    IdeaFactory(status="submitted")
    call = CallFactory(status="published", region=territory.get(code="09"))
    RankingEntry.objects.create(call=call, idea=IdeaFactory(status="shortlisted", call=call),
                                rank=1, weighted_score=8, top_criterion_score=9,
                                evaluations_count=3)
    RankingEntry.objects.create(call=CallFactory(status="closed"), idea=IdeaFactory(), rank=1,
                                weighted_score=5, top_criterion_score=5, evaluations_count=1)
    EconomicModelFactory()
    FundingSourceFactory(regions=[territory.get(code="09")])
    FundingSourceFactory(regions=[territory.get(code="03")])
    FundingSourceFactory(women_only=True)
    PartnerFactory(regions=[territory.get(code="09")])
    PartnerFactory(regions=[territory.get(code="03")])


DATA_SETS = [
    # (list path, has GeoJSON, a filter the page offers too)
    ("/api/v1/cooperatives/", True, {"region": "09"}),
    ("/api/v1/cooperatives/", True, {"search": "تعاونيه"}),
    ("/api/v1/products/", False, {"region": "09"}),
    ("/api/v1/hubs/", True, {"region": "09"}),
    ("/api/v1/events/", True, {"region": "09"}),
    ("/api/v1/events/", True, {"upcoming": "false"}),
    ("/api/v1/ideas/", False, {"region": "09"}),
    ("/api/v1/calls/", False, {}),
    ("/api/v1/rankings/", False, {"region": "09"}),
    ("/api/v1/funding-sources/", False, {"region": "09"}),
    ("/api/v1/funding-sources/", False, {"women": "true"}),
    ("/api/v1/partners/", False, {"region": "03"}),
    ("/api/v1/regions/", True, {}),
    ("/api/v1/provinces/", True, {"region": "09"}),
    ("/api/v1/communes/", False, {"province": "09.581"}),
    ("/api/v1/economic-models/", False, {}),
    ("/api/v1/sectors/", False, {}),
]


def test_csv_and_geojson_count_the_rows_of_the_json_list(client, open_data):
    # One test over every data set: the fixture's rows are built once.
    for path, has_geojson, params in DATA_SETS:
        count = _api_count(client, path, params)
        assert count > 0, f"{path} {params} keeps some rows"
        rows = _csv_rows(client.get(path, {**params, "format": "csv"}))
        assert len(rows) == count, (path, params)
        geojson = client.get(path, {**params, "format": "geojson"})
        if has_geojson:
            assert len(_geojson(geojson)["features"]) == count, (path, params)
        else:
            assert geojson.status_code == 404, path


def test_filters_narrow_every_format_alike(client, open_data):
    everything = _api_count(client, "/api/v1/cooperatives/", {})
    souss = _api_count(client, "/api/v1/cooperatives/", {"region": "09"})
    assert souss < everything
    rows = _csv_rows(client.get("/api/v1/cooperatives/", {"region": "09", "format": "csv"}))
    assert {row["region"] for row in rows} == {"09"}
    features = _geojson(client.get("/api/v1/cooperatives/",
                                   {"region": "09", "format": "geojson"}))["features"]
    assert {feature["properties"]["region"] for feature in features} == {"09"}


def test_events_default_to_upcoming_on_the_page_and_in_every_format(client, open_data):
    upcoming = _api_count(client, "/api/v1/events/", {})
    with_past = _api_count(client, "/api/v1/events/", {"upcoming": "false"})
    assert with_past == upcoming + 1
    assert len(_csv_rows(client.get("/api/v1/events/", {"format": "csv"}))) == upcoming
    page = client.get("/fr/events/")
    assert page.status_code == 200
    assert len(page.context["page"].object_list) == upcoming


def test_located_rows_are_points_in_longitude_latitude_order(client, open_data):
    features = _geojson(client.get("/api/v1/cooperatives/", {"format": "geojson"}))["features"]
    located = [f for f in features if f["geometry"] is not None]
    unlocated = [f for f in features if f["geometry"] is None]
    assert len(located) == 2 and len(unlocated) == 2
    agadir = next(f for f in located if f["geometry"]["coordinates"][1] < 31)
    assert agadir["geometry"] == {"type": "Point", "coordinates": [-9.6, 30.42]}
    assert "latitude" not in agadir["properties"]
    assert "format=" not in agadir["properties"]["url"]


def test_region_and_province_boundaries_are_closed_counterclockwise_multipolygons(
        client, territory):
    regions = _geojson(client.get("/api/v1/regions/", {"format": "geojson"}))["features"]
    assert len(regions) == 12
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in regions)
    provinces = _geojson(client.get("/api/v1/provinces/",
                                    {"region": "09", "format": "geojson"}))["features"]
    assert provinces and all(f["properties"]["region"] == "09" for f in provinces)
    assert any(f["geometry"] is not None for f in provinces)


def test_a_clockwise_ring_is_turned_counterclockwise_and_closed():
    clockwise = [[0, 0], [0, 1], [1, 1], [1, 0]]
    ring = exterior_ring(clockwise)
    assert ring[0] == ring[-1]
    assert signed_area(ring) > 0


def test_csv_cells_cannot_become_formulas(client, territory):
    CooperativeFactory(name_ar="=HYPERLINK(\"http://example.com\")", name_fr="+cmd|' /C calc'!A0")
    PartnerFactory(name_ar="@SUM(1+1)", name_fr="-2+3")
    rows = _csv_rows(client.get("/api/v1/cooperatives/", {"format": "csv"}))
    assert rows[0]["name_ar"] == "'=HYPERLINK(\"http://example.com\")"
    assert rows[0]["name_fr"] == "'+cmd|' /C calc'!A0"
    rows = _csv_rows(client.get("/api/v1/partners/", {"format": "csv"}))
    assert rows[0]["name"] == "'@SUM(1+1)"
    rows = _csv_rows(client.get("/api/v1/partners/", {"format": "csv"},
                                HTTP_ACCEPT_LANGUAGE="fr"))
    assert rows[0]["name"] == "'-2+3"


def test_nested_values_become_plain_cells(client, territory):
    FundingSourceFactory(regions=[territory.get(code="09"), territory.get(code="03")])
    rows = _csv_rows(client.get("/api/v1/funding-sources/", {"format": "csv"}))
    assert rows[0]["regions"] in ("09; 03", "03; 09")
    rows = _csv_rows(client.get("/api/v1/regions/", {"format": "csv"}))
    assert len(rows) == 12
    assert "indicators.unemployment_rate" in rows[0]


def test_a_bad_filter_is_a_json_400_in_every_format(client, territory):
    for fmt in ("json", "csv", "geojson"):
        response = client.get("/api/v1/cooperatives/", {"region": "99", "format": fmt})
        assert response.status_code == 400
        assert "region" in response.json()


def test_detail_pages_have_no_csv(client, territory):
    cooperative = CooperativeFactory()
    assert client.get(f"/api/v1/cooperatives/{cooperative.pk}/",
                      {"format": "csv"}).status_code == 404
    assert client.get(f"/api/v1/cooperatives/{cooperative.pk}/").status_code == 200


def test_communes_search_in_arabic_and_french(client, territory):
    tiznit_fr = client.get("/api/v1/communes/", {"search": "tiznit", "page_size": 100}).json()
    assert tiznit_fr["count"] >= 1
    assert all("tiznit" in c["name_fr"].casefold() for c in tiznit_fr["results"])
    tiznit_ar = client.get("/api/v1/communes/", {"search": "تيزنيت", "page_size": 100}).json()
    assert {c["code"] for c in tiznit_ar["results"]} & {c["code"] for c in tiznit_fr["results"]}
    everything = client.get("/api/v1/communes/").json()["count"]
    assert tiznit_fr["count"] < everything
    assert client.get("/api/v1/communes/", {"search": "zzzqqq"}).json()["count"] == 0


def test_ideas_csv_lists_only_published_ideas_to_anonymous_people(client, open_data):
    rows = _csv_rows(client.get("/api/v1/ideas/", {"format": "csv"}))
    assert {row["status"] for row in rows} == {"accepted", "incubated"}


def test_csv_export_reads_a_bounded_number_of_queries(client, territory,
                                                      django_assert_max_num_queries):
    for _ in range(30):
        FundingSourceFactory(regions=[territory.get(code="09")])
    with django_assert_max_num_queries(8):
        rows = _csv_rows(client.get("/api/v1/funding-sources/", {"format": "csv"}))
    assert len(rows) == 30


def test_a_cached_json_page_is_not_answered_to_a_csv_accept_header(client, territory):
    CooperativeFactory()
    assert client.get("/api/v1/cooperatives/").status_code == 200  # now cached
    response = client.get("/api/v1/cooperatives/", HTTP_ACCEPT="text/csv")
    assert len(_csv_rows(response)) == 1


def test_rankings_list_only_published_calls(client, open_data):
    rows = _csv_rows(client.get("/api/v1/rankings/", {"format": "csv"}))
    assert [(row["rank"], row["weighted_score"]) for row in rows] == [("1", "8.00")]
    assert rows[0]["call"] and rows[0]["title"]


def test_the_events_change_feed_keeps_past_events(client, open_data):
    since = (timezone.now() - timedelta(days=1)).isoformat()
    feed = client.get("/api/v1/events/", {"updated_since": since}).json()
    assert len(feed["results"]) == _api_count(client, "/api/v1/events/", {"upcoming": "false"})
