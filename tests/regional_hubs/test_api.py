import pytest

from tests.factories import HubServiceFactory, RegionalHubFactory

pytestmark = pytest.mark.django_db


def test_hub_list_is_bounded_and_lists_services(client, territory,
                                                django_assert_max_num_queries):
    for region in territory:
        HubServiceFactory(hub=RegionalHubFactory(region=region))
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/hubs/", HTTP_ACCEPT_LANGUAGE="fr")
    data = response.json()
    assert response.status_code == 200
    assert data["count"] == 12
    assert data["results"][0]["services"][0]["kind"] == "training"


def test_hub_list_filters_by_region_code(client, souss_hub, fes_hub):
    data = client.get("/api/v1/hubs/", {"region": "03"}).json()
    assert [hub["slug"] for hub in data["results"]] == [fes_hub.slug]


def test_hub_list_filters_by_status(client, souss_hub, fes_hub):
    fes_hub.status = "planned"
    fes_hub.save()
    data = client.get("/api/v1/hubs/", {"status": "planned"}).json()
    assert [hub["slug"] for hub in data["results"]] == [fes_hub.slug]


def test_hub_detail_has_partners_and_contacts(client, souss_hub):
    data = client.get(f"/api/v1/hubs/{souss_hub.slug}/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert data["name"] == "Pôle Souss-Massa"
    assert data["region"] == "09"
    assert data["partners"] == [] and data["contacts"] == []


def test_hubs_api_is_read_only(client, delegate, souss_hub):
    client.force_login(delegate)
    response = client.patch(f"/api/v1/hubs/{souss_hub.slug}/", {"name_fr": "x"},
                            content_type="application/json")
    assert response.status_code == 405


def test_region_needs_api_returns_figures_and_sectors(client, indicators,
                                                      django_assert_max_num_queries):
    # The process reads the directory's reference data and facet summary once a version.
    client.get("/api/v1/territories/regions/09/", HTTP_ACCEPT_LANGUAGE="fr")
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/territories/regions/09/", HTTP_ACCEPT_LANGUAGE="fr")
    data = response.json()
    assert response.status_code == 200
    assert data["name"] == "Souss-Massa"
    assert data["indicators"]["population"] > 2_000_000
    assert 0 < data["indicators"]["unemployment_rate"] < 100
    assert data["national"]["population"] > 30_000_000
    assert "argan" in [sector["key"] for sector in data["promising_sectors"]]
    assert "09.581" in data["provinces"]


def test_province_needs_api_returns_figures(client, indicators):
    data = client.get("/api/v1/territories/provinces/09.581/").json()
    assert data["level"] == "province"
    assert data["region"] == "09"
    assert data["indicators"]["illiteracy_rate"] > 0


def test_unknown_region_needs_api_is_404(client, indicators):
    assert client.get("/api/v1/territories/regions/99/").status_code == 404


def test_schema_documents_hubs_and_territories(client, territory):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/hubs/" in schema
    assert "/api/v1/territories/regions/{code}/" in schema
    assert "promising_sectors" in schema
