"""A selector answers None for an address that names nothing; the page or the API says 404."""

from regional_hubs import selectors


def test_lookups_answer_none_for_what_does_not_exist(souss_massa):
    assert selectors.hub_for_page("no-such-hub") is None
    assert selectors.region_by_slug("atlantide") is None
    assert selectors.region_by_code("99") is None
    # Fès belongs to Fès-Meknès, not to Souss-Massa.
    assert selectors.province_by_code("03.231", region=souss_massa) is None
    agadir = selectors.province_by_code("09.581")
    assert selectors.commune_by_code("99.999.99.99", agadir) is None


def test_lookups_find_what_exists(souss_massa):
    assert selectors.region_by_slug(souss_massa.slug) == souss_massa
    assert selectors.region_by_code("09") == souss_massa
    assert selectors.province_by_code("03.231").region.code == "03"


def test_the_api_says_which_code_names_nothing(client, souss_massa):
    response = client.get("/api/v1/territories/regions/99/")
    assert response.status_code == 404
    assert response.json()["detail"] == "لا توجد جهة بهذا الرمز."  # no region has this code
