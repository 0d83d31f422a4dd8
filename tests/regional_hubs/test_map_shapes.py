"""The interactive maps' own shapes: the regions, or one region's provinces, as GeoJSON."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def shapes_url(language="fr"):
    with translation.override(language):
        return reverse("regional_hubs:map_shapes")


def test_regions_come_named_linked_and_labelled(client, territory,
                                                django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        data = client.get(shapes_url("fr")).json()
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 12
    souss = next(f for f in data["features"] if f["properties"]["code"] == "09")
    assert souss["properties"]["name"] == "Souss-Massa"
    assert souss["properties"]["url"] == "/fr/regions/souss-massa/"
    latitude, longitude = souss["properties"]["label"]
    assert 28.5 < latitude < 31.5 and -10.5 < longitude < -7
    assert souss["geometry"]["type"] == "MultiPolygon"


def test_a_region_gives_its_provinces_in_the_page_language(client, territory):
    data = client.get(shapes_url("ar"), {"region": "09"}).json()
    names = {f["properties"]["code"]: f["properties"]["name"] for f in data["features"]}
    assert len(names) == 6
    assert "تيزنيت" in names.values()
    assert all(f["properties"]["url"].startswith("/ar/regions/souss-massa/needs/")
               for f in data["features"])


@pytest.mark.parametrize("code", ["99", "0909", "x"])
def test_an_unknown_region_is_a_404(client, territory, code):
    assert client.get(shapes_url(), {"region": code}).status_code == 404
