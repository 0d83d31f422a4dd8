"""The interactive map on the region, hub and needs pages (national, province, commune):
Leaflet over our own shapes, the SVG map kept inside as the map without script."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

AMMELNE = "09.581.09.05"


def page(client, language, name, *args):
    with translation.override(language):
        response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def map_config(content, map_id):
    found = re.search(rf'<script id="{map_id}-config" type="application/json">(.*?)</script>',
                      content, re.S)
    assert found, f"no configuration for {map_id}"
    return json.loads(found.group(1))


def assert_interactive_over_svg(content, map_id):
    assert f'data-ess-map="{map_id}-config"' in content
    frame = content.split(f'data-ess-map="{map_id}-config"', 1)[1]
    # The SVG map stays inside the frame: the map without script, and on phones at first.
    assert "<svg" in frame.split("</section>", 1)[0]
    assert "regional_hubs/map.js" in content
    return map_config(content, map_id)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_province_needs_page_has_the_interactive_map_with_the_province_outlined(
        client, souss_massa, indicators, language):
    content = page(client, language, "regional_hubs:province_needs", souss_massa.slug,
                   "09.581")
    config = assert_interactive_over_svg(content, "needs-map")
    assert config["shapes"].endswith("?region=09")
    assert config["highlight"] == "09.581"
    assert config["colours"]["09.581"].startswith("#")
    assert config["tiles"] is None


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_commune_needs_page_has_the_interactive_map(client, souss_massa, indicators,
                                                    language):
    content = page(client, language, "regional_hubs:commune_needs", souss_massa.slug,
                   "09.581", AMMELNE)
    config = assert_interactive_over_svg(content, "commune-map")
    assert config["highlight"] == "09.581"
    assert config["shapes"].endswith("?region=09")


def test_national_needs_and_region_pages_have_the_interactive_map(client, souss_massa,
                                                                   indicators):
    national = assert_interactive_over_svg(page(client, "fr", "regional_hubs:needs"),
                                           "needs-map")
    assert national["shapes"].endswith("/map/shapes/")
    assert set(national["colours"]) >= {"09", "03"}
    region = assert_interactive_over_svg(
        page(client, "ar", "regional_hubs:region", souss_massa.slug), "region-map")
    assert region["shapes"].endswith("?region=09")


def test_hub_page_has_the_interactive_map_with_the_hub_and_its_region(client, souss_hub):
    souss_hub.latitude, souss_hub.longitude = 30.42, -9.6
    souss_hub.save()
    config = assert_interactive_over_svg(
        page(client, "fr", "regional_hubs:hub", souss_hub.slug), "hub-map")
    assert config["highlight"] == "09"
    assert [(p["lat"], p["lng"], p["name"]) for p in config["points"]] == [
        (30.42, -9.6, "Pôle Souss-Massa")]


def test_hub_without_a_position_has_no_point(client, souss_hub):
    souss_hub.latitude = souss_hub.longitude = None
    souss_hub.save()
    config = map_config(page(client, "ar", "regional_hubs:hub", souss_hub.slug), "hub-map")
    assert config["points"] == []


def test_needs_pages_with_the_map_stay_bounded(client, souss_massa, indicators,
                                               django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        page(client, "fr", "regional_hubs:province_needs", souss_massa.slug, "09.581")
    with django_assert_max_num_queries(20):
        page(client, "fr", "regional_hubs:commune_needs", souss_massa.slug, "09.581", AMMELNE)
