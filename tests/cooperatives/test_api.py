import pytest

from tests.cooperatives.factories import CooperativeFactory, ProductFactory, sector

pytestmark = pytest.mark.django_db

LIST = "/api/v1/cooperatives/"


def numbers(response):
    return [c["registration_number"] for c in response.json()["results"]]


def test_list_filters_by_region_code(client, cooperative, other_cooperative):
    response = client.get(LIST, {"region": "03"})
    assert response.status_code == 200
    assert numbers(response) == [other_cooperative.registration_number]


def test_list_filters_by_sector_women_led_and_search(client):
    match = CooperativeFactory(sector=sector("handicrafts"), women_led=True,
                               name_ar="تعاونية الزربية النسائية")
    CooperativeFactory(sector=sector("handicrafts"), women_led=False)
    response = client.get(LIST, {"sector": "handicrafts", "women_led": "true",
                                 "search": "الزربيه"})
    assert numbers(response) == [match.registration_number]


@pytest.mark.parametrize("params", [{"region": "99"}, {"sector": "unknown"},
                                    {"women_led": "maybe"}, {"commune": "x"}])
def test_bad_filter_is_400_with_field_errors(client, params):
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert set(params) <= set(response.json())


def test_translated_fields_follow_accept_language(client, cooperative):
    fr = client.get(f"{LIST}{cooperative.pk}/", HTTP_ACCEPT_LANGUAGE="fr").json()
    ar = client.get(f"{LIST}{cooperative.pk}/", HTTP_ACCEPT_LANGUAGE="ar").json()
    assert fr["name"] == cooperative.name_fr and fr["sector_name"] == "Argan"
    assert ar["name"] == cooperative.name_ar and ar["sector_name"] == "الأركان"


def test_detail_includes_products(client, cooperative):
    ProductFactory(cooperative=cooperative)
    data = client.get(f"{LIST}{cooperative.pk}/").json()
    assert [p["name_fr"] for p in data["products"]] == ["Huile d'argan"]


@pytest.mark.parametrize("page_size", [10, 100])
def test_list_queries_are_bounded(client, page_size, django_assert_max_num_queries):
    CooperativeFactory.create_batch(30)
    with django_assert_max_num_queries(6):
        response = client.get(LIST, {"page_size": page_size})
    assert len(response.json()["results"]) == min(page_size, 30)


@pytest.mark.parametrize("page_size", [10, 100])
def test_product_list_queries_are_bounded(client, page_size, django_assert_max_num_queries):
    ProductFactory.create_batch(15)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/products/", {"page_size": page_size})
    assert response.status_code == 200


def test_sectors_endpoint_lists_the_sectors(client):
    slugs = [s["slug"] for s in client.get("/api/v1/sectors/").json()]
    assert "rural_tourism" in slugs


def test_api_is_read_only_for_anonymous(client):
    assert client.post(LIST, {}).status_code in (401, 403)
