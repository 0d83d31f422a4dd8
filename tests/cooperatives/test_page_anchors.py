"""Deep pages of the whole directory walked from its anchors (ess_platform/kernel/pagination.py
``Anchors``, cooperatives/directory.py ``page_anchors``, kept in each process per directory
version): every page is the one the plain offset gives, in both languages, with rows that
have no name in one of them, and after a write."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cooperatives import cache as directory_cache
from cooperatives import selectors
from cooperatives.cache import directory_version, forget_reference_data, pinned_version
from cooperatives.directory import page_anchors
from ess_platform.kernel import pagination
from ess_platform.kernel.pagination import Anchors, page_keys

from .factories import CooperativeFactory, ProductFactory

pytestmark = pytest.mark.django_db
postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="anchors are built by PostgreSQL")

STRIDE = 4


@pytest.fixture
def small_anchors(monkeypatch):
    """Anchors every four rows, used from the second page of five on (the national sizes
    are a thousand and two thousand rows)."""
    monkeypatch.setattr(pagination, "ANCHOR_STRIDE", STRIDE)
    monkeypatch.setattr(pagination, "ANCHORED_FROM", 1)
    monkeypatch.setattr(pagination.DeferredJoinPaginator, "deferred_from", 1)
    forget_reference_data()
    yield
    forget_reference_data()


@pytest.fixture
def directory(territory):
    """23 published cooperatives (names that repeat, so keys break ties), 4 without a
    French name (sorted last in French), one unpublished; a product for most of them."""
    rows = []
    for n in range(23):
        name_fr = None if n % 6 == 5 else f"Coopérative {'ABC'[n % 3]}{n // 3}"
        rows.append(CooperativeFactory(name_ar=f"تعاونية {'أبت'[n % 3]} {n // 4}",
                                       name_fr=name_fr))
    CooperativeFactory(is_published=False, name_ar="تعاونية أ 0")
    for cooperative in rows[:19]:
        ProductFactory(cooperative=cooperative, name_ar=f"منتوج {cooperative.pk % 5}",
                       name_fr=None if cooperative.pk % 7 == 0 else f"Produit {cooperative.pk % 4}")
    return rows


def _lists():
    return {"cooperatives": selectors.cooperative_list(), "products": selectors.product_list()}


@postgresql
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_page_from_the_anchors_is_the_offsets_page(small_anchors, directory, language):
    with translation.override(language), pinned_version(directory_version()):
        for name, queryset in _lists().items():
            anchors = Anchors.build(queryset)
            assert anchors.stride == STRIDE
            total = queryset.count()
            assert len(anchors.rows) == -(-total // STRIDE), name
            if language == "fr":  # the rows without a French name come last
                assert anchors.nulls_from is not None, name
            for start in range(total + 2):
                for size in (1, 3, 5):
                    assert anchors.keys(queryset, start, start + size) == list(
                        page_keys(queryset, start, start + size)), (name, start, size)


@postgresql
def test_anchors_are_only_used_for_their_own_list(small_anchors, directory):
    with pinned_version(directory_version()):
        queryset = selectors.cooperative_list()
        anchors = Anchors.build(queryset)
        assert anchors.keys(selectors.cooperative_list(sector=directory[0].sector), 4, 8) is None
        with translation.override("fr"):  # another order: another list
            assert anchors.keys(selectors.cooperative_list(), 4, 8) is None
        assert anchors.keys(queryset, 4, 8) == list(page_keys(queryset, 4, 8))
        # Only a list in (column, key) order has anchors.
        assert Anchors.build(queryset.order_by("-founded_on", "pk")) is None


def kept():
    """{version} of the anchors this process keeps."""
    return {entry[0] for name, entry in directory_cache._reference.items()
            if name.startswith("anchors:")}


def _api_ids(client, path, **params):
    cache.clear()
    response = client.get(path, params, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


@postgresql
def test_the_api_pages_from_anchors_kept_per_directory_version(client, small_anchors,
                                                               directory):
    path = "/api/v1/cooperatives/"
    every = _api_ids(client, path, page_size=100)
    assert len(every) == 23
    pages = [_api_ids(client, path, page_size=5, page=n) for n in range(1, 6)]
    assert sum(pages, []) == every
    assert len(kept()) == 1  # built once, by the first deep page
    # A write: a new first row in French order, so every page after it moves by one.
    CooperativeFactory(name_fr="Coopérative 0000", name_ar="تعاونية 0")
    every = _api_ids(client, path, page_size=100)
    assert len(every) == 24
    assert sum((_api_ids(client, path, page_size=5, page=n) for n in range(1, 6)), []) == every
    assert kept() == {directory_version()}


@postgresql
def test_products_api_and_directory_page(client, small_anchors, directory):
    path = "/api/v1/products/"
    every = _api_ids(client, path, page_size=100)
    assert sum((_api_ids(client, path, page_size=5, page=n) for n in range(1, 5)), []) == every
    cache.clear()
    page = client.get("/ar/cooperatives/", {"page": 2}).context["page"]
    size = page.paginator.per_page
    with translation.override("ar"):
        expected = list(selectors.cooperative_list().values_list("pk", flat=True)
                        [size:2 * size])
    assert [row.pk for row in page.object_list] == expected
    assert len([name for name in directory_cache._reference if name.startswith("anchors:")]) \
        == 2  # products in French, the directory in Arabic


@postgresql
def test_a_filtered_list_keeps_no_anchors(client, small_anchors, directory):
    """Anchors are for the whole list: one per filter would be one walk per filter."""
    sector = directory[0].sector.slug
    _api_ids(client, "/api/v1/cooperatives/", page_size=5, page=3, sector=sector)
    _api_ids(client, "/api/v1/cooperatives/", page_size=5, page=2, search="تعاونية")
    cache.clear()
    client.get("/fr/cooperatives/", {"page": 2, "region": "09"})
    assert not kept()


@postgresql
def test_a_deep_page_uses_kept_anchors_without_a_query(small_anchors, directory):
    with translation.override("ar"), pinned_version(directory_version()):
        queryset = selectors.cooperative_list()
        built = page_anchors(queryset)
        with CaptureQueriesContext(connection) as ctx:
            assert page_anchors(queryset) is built
        assert not ctx.captured_queries
        assert built == Anchors.build(queryset)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="another database than PostgreSQL")
def test_elsewhere_deep_pages_walk_their_offsets(client, small_anchors, directory):
    with pinned_version(directory_version()):
        assert page_anchors(selectors.cooperative_list()) is None
        assert Anchors.build(selectors.cooperative_list()) is None
    every = _api_ids(client, "/api/v1/cooperatives/", page_size=100)
    pages = [_api_ids(client, "/api/v1/cooperatives/", page_size=5, page=n) for n in range(1, 6)]
    assert sum(pages, []) == every
    assert not kept()
