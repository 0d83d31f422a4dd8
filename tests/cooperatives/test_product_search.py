"""The products search across cooperatives: the page and /api/v1/products/ answer the same
question (sector, region, price range, availability, words), in bounded queries."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from cooperatives.models import Product
from tests.cooperatives.factories import CooperativeFactory, ProductFactory, sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(souss_massa, fes_meknes):
    argan_souss = CooperativeFactory(region_code="09", sector=sector("argan"))
    honey_fes = CooperativeFactory(region_code="03", sector=sector("local_products"))
    hidden = CooperativeFactory(region_code="09", is_published=False)
    return {
        "oil": ProductFactory(cooperative=argan_souss, name_fr="Huile d'argan",
                              name_ar="زيت الأركان", price=Decimal("180.00"),
                              unit=Product.Unit.LITRE),
        "amlou": ProductFactory(cooperative=argan_souss, name_fr="Amlou", name_ar="أملو",
                                price=Decimal("90.00"), unit=Product.Unit.KILOGRAM,
                                availability=Product.Availability.UNAVAILABLE),
        "honey": ProductFactory(cooperative=honey_fes, name_fr="Miel de thym",
                                name_ar="عسل الزعتر", price=Decimal("250.00"),
                                unit=Product.Unit.KILOGRAM),
        "no_price": ProductFactory(cooperative=honey_fes, name_fr="Couscous", name_ar="كسكس"),
        "hidden": ProductFactory(cooperative=hidden, name_fr="Caché", price=Decimal("10")),
    }


def page_names(client, **params):
    with translation.override("fr"):
        url = reverse("cooperatives:products")
    response = client.get(url, params)
    assert response.status_code == 200
    return [product.name_fr for product in response.context["page"].object_list]


def api_names(client, **params):
    response = client.get(reverse("product-list"), params, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200, response.content
    return [row["name_fr"] for row in response.json()["results"]]


@pytest.mark.parametrize(("params", "expected"), [
    ({}, ["Amlou", "Couscous", "Huile d'argan", "Miel de thym"]),
    ({"sector": "argan"}, ["Amlou", "Huile d'argan"]),
    ({"region": "03"}, ["Couscous", "Miel de thym"]),
    ({"min_price": "100"}, ["Huile d'argan", "Miel de thym"]),
    ({"max_price": "100"}, ["Amlou"]),
    ({"min_price": "100", "max_price": "200"}, ["Huile d'argan"]),
])
def test_page_and_api_answer_the_same(client, catalogue, params, expected):
    assert sorted(page_names(client, **params)) == expected
    assert sorted(api_names(client, **params)) == expected


def test_region_and_sector_together_keep_the_order_and_the_published_only(client, catalogue):
    hidden_argan = CooperativeFactory(region_code="09", sector=sector("argan"),
                                      is_published=False)
    ProductFactory(cooperative=hidden_argan, name_fr="Argan caché", price=Decimal("5"))
    filters = {"region": "09", "sector": "argan"}
    assert page_names(client, **filters) == ["Amlou", "Huile d'argan"]
    assert api_names(client, **filters) == ["Amlou", "Huile d'argan"]
    assert page_names(client, sort="-price", **filters) == ["Huile d'argan", "Amlou"]
    assert api_names(client, ordering="-price", **filters) == ["Huile d'argan", "Amlou"]


def test_available_only(client, catalogue):
    assert "Amlou" not in page_names(client, available="on")
    assert "Amlou" not in api_names(client, available="true")


def test_words_search_both_languages(client, catalogue):
    assert page_names(client, q="argan") == ["Huile d'argan"]
    assert page_names(client, q="عسل") == ["Miel de thym"]
    assert api_names(client, search="miel") == ["Miel de thym"]


def test_sorted_by_price(client, catalogue):
    assert page_names(client, sort="price") == ["Amlou", "Huile d'argan", "Miel de thym",
                                                "Couscous"]
    assert page_names(client, sort="-price")[0] == "Miel de thym"


def test_page_shows_price_unit_and_availability(client, catalogue):
    with translation.override("fr"):
        response = client.get(reverse("cooperatives:products"), {"sector": "argan"})
    page = response.content.decode()
    assert "180 MAD / litre" in page
    assert "Indisponible" in page


def test_api_rows_carry_price_currency_unit_availability(client, catalogue):
    response = client.get(reverse("product-list"), {"region": "09"})
    rows = {row["name_fr"]: row for row in response.json()["results"]}
    assert rows["Huile d'argan"]["price"] == "180.00"
    assert rows["Huile d'argan"]["currency"] == "MAD"
    assert rows["Huile d'argan"]["unit"] == "l"
    assert rows["Amlou"]["availability"] == "unavailable"
    assert rows["Huile d'argan"]["sector"] == "argan" and rows["Amlou"]["region"] == "09"


@pytest.mark.parametrize("params", [
    {"region": "99"}, {"sector": "nothing"}, {"min_price": "abc"}, {"min_price": "-5"},
    {"min_price": "300", "max_price": "100"}, {"max_price": "1" * 30},
])
def test_bad_filters_are_400_with_field_errors(client, catalogue, params):
    response = client.get(reverse("product-list"), params)
    assert response.status_code == 400
    assert set(response.json()) & set(params)
    with translation.override("fr"):
        page = client.get(reverse("cooperatives:products"), params)
    assert page.status_code == 400
    assert list(page.context["page"].object_list) == []


def test_csv_export_has_the_same_rows(client, catalogue):
    with translation.override("fr"):
        response = client.get(reverse("cooperatives:products"), {"sector": "argan"})
    csv_url = response.context["csv_url"]
    assert "format=csv" in csv_url and "sector=argan" in csv_url
    export = client.get(csv_url)
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert sorted(row["name_fr"] for row in rows) == ["Amlou", "Huile d'argan"]
    assert {row["currency"] for row in rows} == {"MAD"}


@pytest.mark.parametrize("count", [3, 30])
def test_page_queries_are_bounded(client, souss_massa, count, django_assert_max_num_queries):
    cooperative = CooperativeFactory(region_code="09")
    for number in range(count):
        ProductFactory(cooperative=cooperative, name_fr=f"Produit {number}",
                       price=Decimal(number + 1))
    with translation.override("fr"):
        url = reverse("cooperatives:products")
    with django_assert_max_num_queries(6):
        response = client.get(url, {"region": "09", "min_price": "1"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_api_queries_are_bounded(client, souss_massa, count, django_assert_max_num_queries):
    cooperative = CooperativeFactory(region_code="09")
    for number in range(count):
        ProductFactory(cooperative=cooperative, price=Decimal(number + 1))
    with django_assert_max_num_queries(5):
        response = client.get(reverse("product-list"), {"region": "09", "max_price": "100"})
    assert response.status_code == 200


def test_products_are_found_by_their_cooperatives_new_name(client, catalogue):
    """The products search reads each product's stored text, which holds its cooperative's
    names: renaming the cooperative re-writes its products' text."""
    from cooperatives.services import save_cooperative

    cooperative = catalogue["honey"].cooperative
    assert page_names(client, q="Tafilalet Nahl") == []
    cooperative.name_fr = "Coopérative Tafilalet Nahl"
    save_cooperative(cooperative=cooperative)
    assert page_names(client, q="Tafilalet Nahl") == ["Couscous", "Miel de thym"]
    assert Product.objects.unscoped().get(pk=catalogue["oil"].pk).search_text.startswith(
        "زيت الاركان | huile d'argan")


def test_a_product_saved_alone_gets_its_search_text(catalogue):
    product = catalogue["amlou"]
    product.name_fr = "Amlou aux amandes"
    product.save(update_fields=["name_fr"])
    assert "amlou aux amandes" in Product.objects.unscoped().get(pk=product.pk).search_text


def test_the_products_search_reads_the_trigram_index(catalogue):
    """On PostgreSQL the products search reads the pg_trgm index of the stored text (at the
    national data set's 130,000 products the planner picks it by itself; a test table is
    small, where the other paths cost less, so they are off)."""
    from django.db import connection, transaction

    from cooperatives.selectors import filter_products

    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm indexes exist on PostgreSQL only")
    for query in ("argan", "زيت", "Tiznit"):
        sql, params = filter_products(Product.objects.unscoped(), q=query).query \
            .sql_with_params()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Bitmap Index Scan on product_search_text_trgm" in plan, (query, plan)
