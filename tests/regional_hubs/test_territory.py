"""The promising-sector rule and the SVG map renderer."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from regional_hubs.maps import MapPoint, render_map
from regional_hubs.territory import promising_sectors

NATIONAL = SimpleNamespace(
    population=36_000_000, rural_share=37.0, youth_share=15.5, activity_rate=41.6,
    women_activity_rate=16.8, unemployment_rate=21.3, family_worker_share=1.9,
    cooperative_member_share=2.3, self_employed_share=24.9, weekly_souks=1000,
    establishments_non_profit=27000)


def territory(**changes):
    return SimpleNamespace(**{**vars(NATIONAL), "population": 1_000_000, **changes})


def keys(sectors):
    return [sector["key"] for sector in sectors]


def test_argan_is_promising_only_in_the_argan_forest():
    profile = territory(women_activity_rate=12.0)
    assert "argan" in keys(promising_sectors(profile, NATIONAL, region_code="09",
                                             province_code="09.581"))
    assert "argan" not in keys(promising_sectors(profile, NATIONAL, region_code="03",
                                                 province_code="03.231"))


def test_fishing_needs_a_coast():
    profile = territory(unemployment_rate=30.0)
    assert "artisanal_fishing" in keys(promising_sectors(profile, NATIONAL, region_code="09"))
    assert "artisanal_fishing" not in keys(promising_sectors(profile, NATIONAL,
                                                             region_code="08"))


def test_existing_cooperatives_add_a_point_with_a_reason():
    profile = territory(rural_share=30.0, family_worker_share=1.0, self_employed_share=30.0)
    without = promising_sectors(profile, NATIONAL, region_code="08")
    with_counts = promising_sectors(profile, NATIONAL, region_code="08",
                                    cooperatives_by_sector={"handicrafts": 12})
    assert "handicrafts" not in keys(without)
    handicrafts = next(s for s in with_counts if s["key"] == "handicrafts")
    assert handicrafts["score"] == 2
    assert any("12" in reason for reason in handicrafts["reasons"])


def test_no_profile_means_no_sector():
    assert promising_sectors(None, NATIONAL, region_code="09") == []


@pytest.mark.django_db
def test_region_map_draws_every_region_shaded_and_linked():
    result = render_map("regions", values={"09": 10, "03": 20},
                        links={"09": "/fr/regions/souss-massa/"}, title="Chômage")
    assert result.svg.count("<path") == 12
    assert 'href="/fr/regions/souss-massa/"' in result.svg
    assert len(result.legend) == 5


@pytest.mark.django_db
def test_province_map_draws_one_region_and_points_escaped():
    result = render_map("provinces", region_code="09",
                        points=[MapPoint(29.7, -9.73, "<b>Tiznit</b>", "/x/")])
    assert result.svg.count("<path") == 6
    assert "<circle" in result.svg
    assert "&lt;b&gt;Tiznit&lt;/b&gt;" in result.svg


@pytest.mark.django_db
def test_map_titles_territories_by_name_and_links_are_not_inside_an_image(territory):
    with translation.override("fr"):
        linked = render_map("regions", links={"09": "/fr/regions/souss-massa/"}, title="Carte")
        plain = render_map("provinces", region_code="09", title="Carte")
    # Each shape's title and each link's name is the territory's name, not its HCP code.
    assert "<title>Souss-Massa</title>" in linked.svg
    assert 'aria-label="Souss-Massa"' in linked.svg
    assert "<title>09</title>" not in linked.svg
    assert "<title>Tiznit</title>" in plain.svg
    # An image role hides its children: a map with links is a group of links instead.
    assert 'role="group"' in linked.svg and 'role="img"' not in linked.svg
    assert 'role="img"' in plain.svg
