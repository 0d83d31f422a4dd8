"""The communes' needs in the partner API: census figures, the promising-sectors rule per
commune and its comparison with the province and region, read-only and paginated."""

import pytest

from regional_hubs.models import Commune, TerritoryProfile
from regional_hubs.territory import promising_sectors
from tests.cooperatives.factories import CooperativeFactory, sector

pytestmark = pytest.mark.django_db

AMMELNE = "09.581.09.05"
LIST = "/api/v1/territories/communes/"
#: The page of communes (and its count), the national profile, one count of listed
#: cooperatives per level (commune, province, region) and room for authentication.
MAX_QUERIES = 8


def test_commune_needs_compare_with_province_and_region(client, indicators):
    response = client.get(f"{LIST}{AMMELNE}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    data = response.json()
    assert (data["level"], data["code"], data["name"]) == ("commune", AMMELNE, "Ammelne")
    assert (data["province"], data["region"]) == ("09.581", "09")
    assert data["indicators"]["rural_share"] == 100.0
    assert data["national"]["population"] > 30_000_000
    assert [(row["level"], row["code"]) for row in data["comparison"]] == [
        ("province", "09.581"), ("region", "09")]
    assert data["comparison"][1]["indicators"]["population"] > 2_000_000


def test_commune_needs_follow_the_pages_rule(client, territory, indicators):
    argan = sector("argan")
    commune = Commune.objects.select_related("province__region", "profile").get(code=AMMELNE)
    for _n in range(3):
        CooperativeFactory(commune=commune, sector=argan)
    data = client.get(f"{LIST}{AMMELNE}/").json()
    expected = promising_sectors(
        commune.profile, TerritoryProfile.objects.get(code="MA"), region_code="09",
        province_code="09.581", cooperatives_by_sector={"argan": 3})
    assert [(s["key"], s["score"]) for s in data["promising_sectors"]] == [
        (s["key"], s["score"]) for s in expected]
    assert data["cooperatives_by_sector"] == {"argan": 3}
    assert data["comparison"][0]["cooperatives_by_sector"]["argan"] >= 3


def test_commune_needs_list_filters_by_province_and_region(client, indicators):
    by_province = client.get(LIST, {"province": "09.581", "page_size": 100}).json()
    codes = [row["code"] for row in by_province["results"]]
    assert AMMELNE in codes
    assert all(code.startswith("09.581.") for code in codes)
    assert by_province["count"] == Commune.objects.filter(province__code="09.581").count()
    by_region = client.get(LIST, {"region": "03"}).json()
    assert by_region["count"] == Commune.objects.filter(province__region__code="03").count()
    assert all(row["region"] == "03" for row in by_region["results"])


def test_commune_needs_list_is_bounded_whatever_the_page_size(
        client, territory, indicators, django_assert_max_num_queries):
    CooperativeFactory(region_code="09")
    CooperativeFactory(region_code="03")
    # The process reads the directory's reference data and facet summary once a version.
    client.get(LIST, {"page_size": 5})
    for size in (5, 100):
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(LIST, {"page_size": size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == size


def test_commune_needs_are_read_only_and_unknown_code_is_404(client, national_admin,
                                                              indicators):
    client.force_login(national_admin)
    assert client.post(LIST, {"code": "x"}).status_code == 405
    assert client.delete(f"{LIST}{AMMELNE}/").status_code == 405
    assert client.get(f"{LIST}99.999.99.99/").status_code == 404


def test_schema_documents_the_commune_needs(client, territory):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/territories/communes/{code}/" in schema
    assert "CommuneNeeds" in schema
