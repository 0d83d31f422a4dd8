"""Products carry their cooperative's sector and region (cooperatives/denormal.py), kept in
step on every path that changes a cooperative: saves (site, admin, services), the
spreadsheet import's bulk write, and the one sync function itself."""

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.test import RequestFactory

from cooperatives.denormal import sync_product_placement
from cooperatives.models import Cooperative, Product
from cooperatives.services import save_cooperative
from tests.cooperatives.factories import CooperativeFactory, ProductFactory, sector
from tests.cooperatives.test_import import FR_HEADER, csv_bytes, row
from tests.factories import commune_in

pytestmark = pytest.mark.django_db


def placement(product):
    product.refresh_from_db()
    return product.sector_id, product.region_id


@pytest.fixture
def product(souss_massa, fes_meknes):
    return ProductFactory(cooperative=CooperativeFactory(region_code="09"))


def test_a_new_product_takes_its_cooperatives_sector_and_region(product):
    cooperative = product.cooperative
    assert placement(product) == (cooperative.sector_id, cooperative.region_id)
    assert product.region.code == "09" and product.sector.slug == "argan"


def test_a_saved_cooperative_moves_its_products(product):
    cooperative = product.cooperative
    cooperative.sector = sector("handicrafts")
    cooperative.commune = commune_in("03")
    cooperative.save()
    cooperative.refresh_from_db()
    assert cooperative.region.code == "03"
    assert placement(product) == (sector("handicrafts").pk, cooperative.region_id)


def test_the_profile_service_moves_its_products(product):
    cooperative = Cooperative.objects.unscoped().get(pk=product.cooperative_id)
    cooperative.sector = sector("handicrafts")
    save_cooperative(cooperative=cooperative)
    assert placement(product)[0] == sector("handicrafts").pk


def test_the_admin_save_moves_its_products(product, national_admin):
    cooperative = Cooperative.objects.unscoped().get(pk=product.cooperative_id)
    model_admin = admin.site._registry[Cooperative]
    request = RequestFactory().post("/admin/")
    request.user = national_admin
    cooperative.commune = commune_in("03")
    model_admin.save_model(request, cooperative, form=None, change=True)
    assert Product.objects.unscoped().get(pk=product.pk).region.code == "03"


def test_an_import_that_changes_the_sector_moves_the_products(
        national_admin, souss_massa, django_capture_on_commit_callbacks):
    from tests.cooperatives.test_import import run

    cooperative = CooperativeFactory(registration_number="IMP-9", region_code="09")
    product = ProductFactory(cooperative=cooperative)
    job = run(national_admin, csv_bytes(FR_HEADER, [row("IMP-9", sector="handicrafts")]),
              django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert job.updated_count == 1
    assert placement(product)[0] == sector("handicrafts").pk


def test_sync_mends_stale_products_in_one_query(product, django_assert_num_queries):
    other = ProductFactory(cooperative=product.cooperative)
    Product.objects.unscoped().filter(pk=product.pk).update(sector=None, region=None)
    Product.objects.unscoped().filter(pk=other.pk).update(sector=sector("handicrafts"))
    with django_assert_num_queries(1):
        assert sync_product_placement() == 2
    cooperative = product.cooperative
    assert placement(product) == placement(other) == (cooperative.sector_id,
                                                      cooperative.region_id)
    with django_assert_num_queries(1):
        assert sync_product_placement(cooperative_ids=[cooperative.pk]) == 0
    assert sync_product_placement(cooperative_ids=[]) == 0


def test_products_filter_by_their_own_sector_and_region_columns(
        client, souss_massa, fes_meknes, django_assert_max_num_queries):
    argan = ProductFactory(cooperative=CooperativeFactory(region_code="09"))
    ProductFactory(cooperative=CooperativeFactory(region_code="03"))
    ProductFactory(cooperative=CooperativeFactory(region_code="09",
                                                  sector=sector("handicrafts")))
    # The process reads the directory's reference data and products summary once a version.
    client.get("/api/v1/products/?region=09&sector=argan")
    cache.clear()
    with django_assert_max_num_queries(2):  # the version, the page (counted by the summary)
        body = client.get("/api/v1/products/?region=09&sector=argan").json()
    assert [p["id"] for p in body["results"]] == [argan.pk]
    assert body["results"][0]["sector"] == "argan" and body["results"][0]["region"] == "09"
    # The filter reads the product's columns: a stale column would hide it.
    Product.objects.unscoped().filter(pk=argan.pk).update(region=None)
    from cooperatives.cache import bump_directory_version

    bump_directory_version()
    assert client.get("/api/v1/products/?region=09&sector=argan").json()["count"] == 0
