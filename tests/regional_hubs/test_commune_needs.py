"""Needs down to the commune: the census profiles of all 1,503 communes, the promising-
sectors rule per commune, compared with its province and region, linked from the
province's needs page."""

import pytest
from django.urls import reverse
from django.utils import translation

from regional_hubs.models import Commune, TerritoryProfile
from regional_hubs.territory import SectorKey, promising_sectors
from tests.cooperatives.factories import CooperativeFactory, sector

pytestmark = pytest.mark.django_db

TIZNIT, AMMELNE = "09.581.01.07", "09.581.09.05"


def url(language, *args):
    with translation.override(language):
        return reverse("regional_hubs:commune_needs", args=args)


def test_every_commune_has_its_census_profile(indicators):
    assert TerritoryProfile.objects.filter(level="commune").count() == 1503
    assert not Commune.objects.filter(profile__isnull=True).exists()
    rural = TerritoryProfile.objects.get(code=AMMELNE)
    urban = TerritoryProfile.objects.get(code=TIZNIT)
    assert rural.commune.code == AMMELNE and rural.rural_share == 100.0
    assert urban.rural_share == 0.0
    assert urban.population > rural.population > 0
    assert urban.unemployment_rate is not None and urban.establishments_total is not None


def test_commune_page_compares_with_province_region_and_country(client, souss_massa,
                                                                indicators):
    response = client.get(url("fr", souss_massa.slug, "09.581", AMMELNE))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ammelne" in content
    rows = response.context["rows"]
    assert [len(row["comparisons"]) for row in rows] == [3] * len(rows)
    assert response.context["comparison_labels"][:2] == ["Tiznit", "Souss-Massa"]
    # The province is outlined among the region's provinces.
    assert 'data-code="09.581"' in content and 'stroke="#a3431b"' in content


def test_commune_page_uses_the_same_rule_as_the_provinces(client, souss_massa, indicators):
    response = client.get(url("fr", souss_massa.slug, "09.581", AMMELNE))
    commune = Commune.objects.get(code=AMMELNE)
    expected = promising_sectors(commune.profile, TerritoryProfile.objects.get(code="MA"),
                                 region_code="09", province_code="09.581")
    assert [s["key"] for s in response.context["sectors"]] == [s["key"] for s in expected]
    # Tiznit is in the argan forest: a rural commune with few working women gets argan.
    assert SectorKey.ARGAN in [s["key"] for s in response.context["sectors"]]
    # The comparison table has the commune, its province and its region as columns.
    assert response.context["sector_columns"] == ["Ammelne", "Tiznit", "Souss-Massa"]
    argan = next(row for row in response.context["sector_comparison"]
                 if row["label"] == "Argan")
    assert argan["cells"][0] is not None


def test_cooperatives_of_the_commune_count_as_a_point(client, souss_massa, indicators):
    commune = Commune.objects.get(code=TIZNIT)
    CooperativeFactory(commune=commune, sector=sector("handicrafts"))
    response = client.get(url("fr", souss_massa.slug, "09.581", TIZNIT))
    handicrafts = [s for s in response.context["sectors"] if s["key"] == "handicrafts"]
    assert handicrafts and any("déjà" in r or "already" in r
                               for r in handicrafts[0]["reasons"])


def test_commune_page_in_arabic_right_to_left(client, souss_massa, indicators):
    response = client.get(url("ar", souss_massa.slug, "09.581", AMMELNE))
    content = response.content.decode()
    assert response.status_code == 200 and 'dir="rtl"' in content
    assert Commune.objects.get(code=AMMELNE).name_ar in content


def test_province_needs_page_links_every_commune(client, souss_massa, indicators):
    with translation.override("fr"):
        province_url = reverse("regional_hubs:province_needs", args=[souss_massa.slug, "09.581"])
    response = client.get(province_url)
    content = response.content.decode()
    communes = Commune.objects.filter(province__code="09.581")
    assert communes.count() > 10
    for commune in communes:
        assert url("fr", souss_massa.slug, "09.581", commune.code) in content


def test_province_page_queries_do_not_grow_with_communes(client, souss_massa, indicators,
                                                         django_assert_max_num_queries):
    with translation.override("fr"):
        province_url = reverse("regional_hubs:province_needs", args=[souss_massa.slug, "09.581"])
    # The process reads the directory's reference data and facet summary once a version.
    client.get(province_url)
    with django_assert_max_num_queries(6):
        assert client.get(province_url).status_code == 200


def test_commune_page_queries_are_bounded(client, souss_massa, indicators,
                                          django_assert_max_num_queries):
    # The process reads the directory's reference data and facet summary once a version.
    client.get(url("fr", souss_massa.slug, "09.581", AMMELNE))
    with django_assert_max_num_queries(12):
        assert client.get(url("fr", souss_massa.slug, "09.581", AMMELNE)).status_code == 200


@pytest.mark.parametrize("args", [
    ("souss-massa", "09.581", "03.231.01.01"),  # a commune of another province
    ("souss-massa", "09.001", AMMELNE),          # the right commune under the wrong province
    ("souss-massa", "09.581", "nothing"),
    ("fes-meknes", "09.581", AMMELNE),           # the province under the wrong region
])
def test_commune_outside_its_province_or_region_is_404(client, souss_massa, args):
    assert client.get(url("fr", *args)).status_code == 404


def test_commune_page_without_figures_says_so(client, souss_massa, territory):
    TerritoryProfile.objects.all().delete()
    response = client.get(url("fr", souss_massa.slug, "09.581", AMMELNE))
    assert response.status_code == 200
    assert response.context["profile"] is None and response.context["sectors"] == []
