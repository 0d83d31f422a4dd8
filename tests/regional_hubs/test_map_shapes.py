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


@pytest.mark.parametrize("level,region_code", [("regions", None), ("provinces", "09")])
def test_a_map_with_dots_is_drawn_as_fitted_to_its_shapes_and_dots(territory, level,
                                                                    region_code):
    """Dots inside the outlines' box reuse the outlines projected once per process; a dot
    outside widens the map. Either way the drawing is the one fitted to shapes and dots."""
    from regional_hubs import maps

    shapes = maps.shapes_for(level, region_code)
    rings = [ring for shape in shapes.values() for ring in shape]
    for points in ([maps.MapPoint(30.42, -9.6, "Agadir", "/a/")],
                   [maps.MapPoint(30.42, -9.6, "Agadir", ""), maps.MapPoint(38.0, 3.0, "Far", "")]):
        result = maps.render_map(level, region_code=region_code, points=points)
        fitted = maps._Projection(rings, points, maps.DEFAULT_WIDTH)
        assert (result.width, result.height) == (fitted.width, fitted.height)
        for shape in shapes.values():
            assert f'd="{maps._path(shape, fitted)}"' in result.svg
        x, y = fitted(-9.6, 30.42)
        assert f'cx="{x}" cy="{y}"' in result.svg


def test_a_map_without_shapes_is_fitted_to_its_dots_alone():
    from regional_hubs import maps

    points = [maps.MapPoint(30.42, -9.6, "Agadir", ""), maps.MapPoint(31.63, -8.0, "", "")]
    result = maps.render_map("provinces", region_code="99", points=points)
    fitted = maps._Projection([], points, maps.DEFAULT_WIDTH)
    assert (result.width, result.height) == (fitted.width, fitted.height)
    x, y = fitted(-9.6, 30.42)
    assert f'cx="{x}" cy="{y}"' in result.svg
