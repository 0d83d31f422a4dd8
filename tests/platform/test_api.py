import pytest


@pytest.mark.django_db
def test_regions_lists_twelve_with_both_names(client):
    data = client.get("/api/v1/regions/").json()
    assert len(data) == 12
    souss = next(r for r in data if r["code"] == "09")
    assert souss["name_fr"] == "Souss-Massa"
    assert souss["name_ar"] == "سوس-ماسة"


@pytest.mark.django_db
def test_translated_name_follows_accept_language(client):
    fr = client.get("/api/v1/regions/09/", HTTP_ACCEPT_LANGUAGE="fr").json()
    ar = client.get("/api/v1/regions/09/", HTTP_ACCEPT_LANGUAGE="ar").json()
    assert fr["name"] == "Souss-Massa"
    assert ar["name"] == "سوس-ماسة"


@pytest.mark.django_db
def test_communes_total_1503(client):
    assert client.get("/api/v1/communes/").json()["count"] == 1503


@pytest.mark.django_db
def test_provinces_filtered_by_region(client):
    data = client.get("/api/v1/provinces/?region=09").json()
    assert data["count"] == 6
    assert all(p["region"] == "09" for p in data["results"])


@pytest.mark.django_db
def test_communes_filtered_by_province(client):
    data = client.get("/api/v1/communes/?province=09.001&page_size=100").json()
    assert data["count"] > 0
    assert all(c["province"] == "09.001" for c in data["results"])


@pytest.mark.django_db
def test_page_size_is_capped(client):
    data = client.get("/api/v1/communes/?page_size=5000").json()
    assert len(data["results"]) == 100


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["page=abc", "page=99999", "page=-1"])
def test_bad_page_is_404_not_500(client, query):
    assert client.get(f"/api/v1/communes/?{query}").status_code == 404


@pytest.mark.django_db
def test_unknown_region_code_is_404(client):
    assert client.get("/api/v1/regions/99/").status_code == 404


@pytest.mark.django_db
def test_commune_list_query_count_is_bounded(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get("/api/v1/communes/?page_size=100")


@pytest.mark.django_db
def test_territory_is_read_only_through_the_api(client, national_admin):
    client.force_login(national_admin)
    assert client.post("/api/v1/regions/", {"code": "13"}).status_code == 405


@pytest.mark.django_db
def test_openapi_schema_and_docs(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/regions/" in schema.content
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_token_authentication_for_partners(client, member):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=member)
    response = client.get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    bad = client.get("/api/v1/regions/", HTTP_AUTHORIZATION="Token not-a-token")
    assert bad.status_code == 401


@pytest.mark.django_db
def test_ordering_by_any_field_a_list_shows_never_fails(client, territory):
    """``?ordering=`` accepts the serializer's fields that are columns of the rows, and
    ignores the others (a commune's needs name their region: ordering by it was a 500)."""
    from django.urls import reverse

    from ess_platform.api import router

    checked = 0
    for prefix, viewset, basename in router.registry:
        if not hasattr(viewset, "list"):
            continue
        url = reverse(f"{basename}-list")
        response = client.get(url, {"page_size": 1})
        if response.status_code in (401, 403):  # a member's or a partner's own list
            continue
        assert response.status_code == 200, url
        body = response.json()
        rows = body.get("results", body) if isinstance(body, dict) else body
        if not rows or not isinstance(rows, list):
            continue
        for name in rows[0]:
            for term in (name, f"-{name}"):
                answer = client.get(url, {"ordering": term, "page_size": 1})
                assert answer.status_code == 200, (prefix, term, answer.status_code)
                checked += 1
    assert checked >= 20  # the territory's lists at least
