"""Deep pages (the deferred join, ess_platform/kernel/pagination.py): the same rows as the plain
offset, within the lists' query budget, and on PostgreSQL the keys read from an index in
the list's order instead of whole rows thrown away."""

import pytest
from django.core.paginator import Paginator
from django.db import connection, transaction

from cooperatives.models import Cooperative
from cooperatives.selectors import cooperative_list, product_list
from ess_platform.kernel.pagination import DeferredJoinPaginator, page_keys, page_rows
from tests.cooperatives.factories import (
    CooperativeFactory,
    ProductFactory,
    numbered_cooperatives,
)
from tests.events.factories import EventFactory
from tests.projects_bank.factories import IdeaFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="the query plan is PostgreSQL's")


@pytest.fixture
def many_cooperatives(territory):
    model = CooperativeFactory(region_code="09")
    # Names that tie, so the key decides the order.
    numbered_cooperatives(model, 60, prefix="DEEP", label=lambda n: (n % 7, n % 7))
    return model


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_deep_page_has_the_rows_of_the_plain_offset(many_cooperatives, language):
    from django.utils import translation

    with translation.override(language):
        for queryset in (cooperative_list(), cooperative_list(q="cooperative")):
            plain = [c.pk for c in queryset[40:55]]
            deferred = [c.pk for c in page_rows(queryset, 40, 55, deferred_from=0)]
            assert deferred == plain and len(plain) == 15


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_searched_first_page_sorts_keys_alone_in_one_statement(
        many_cooperatives, language, django_assert_num_queries):
    from django.utils import translation

    from ess_platform.kernel.pagination import sorted_by_annotation

    with translation.override(language):
        searched, plain_list = cooperative_list(q="cooperative"), cooperative_list()
        assert sorted_by_annotation(searched) and not sorted_by_annotation(plain_list)
        for start in (0, 7, 20):
            plain = [c.pk for c in searched[start:start + 7]]
            with django_assert_num_queries(1) as captured:
                rows = [c.pk for c in page_rows(searched, start, start + 7)]
            assert rows == plain and len(plain) == 7
            assert " IN (SELECT " in captured.captured_queries[0]["sql"]
        # A list in its own order reads its page at once.
        assert str(page_rows(plain_list, 0, 7).query) == str(plain_list[0:7].query)


def test_the_deferred_paginator_numbers_pages_like_django(many_cooperatives):
    queryset = cooperative_list()
    plain, deferred = Paginator(queryset, 7), DeferredJoinPaginator(queryset, 7)
    deferred.deferred_from = 0
    assert deferred.num_pages == plain.num_pages
    for number in (2, 5, plain.num_pages):
        assert ([c.pk for c in deferred.page(number)]
                == [c.pk for c in plain.page(number)])


@pytest.mark.parametrize("path", [
    "/api/v1/cooperatives/?page=4&page_size=10",
    "/api/v1/products/?page=2&page_size=5",
    "/api/v1/ideas/?page=2&page_size=5",
    "/api/v1/events/?upcoming=false&page=2&page_size=5",
])
def test_deep_api_pages_answer_the_same_rows_within_six_queries(
        client, many_cooperatives, monkeypatch, django_assert_max_num_queries, path):
    from django.core.cache import cache

    for cooperative in Cooperative.objects.unscoped()[:12]:
        ProductFactory(cooperative=cooperative)
    EventFactory.create_batch(12)
    IdeaFactory.create_batch(12, status="accepted")
    monkeypatch.setattr(DeferredJoinPaginator, "deferred_from", 10 ** 9)
    plain = client.get(path).json()
    cache.clear()
    monkeypatch.setattr(DeferredJoinPaginator, "deferred_from", 0)
    with django_assert_max_num_queries(6):
        deferred = client.get(path).json()
    assert deferred == plain
    assert deferred["results"]


def test_a_deep_directory_page_lists_the_rows_of_the_plain_offset(
        client, many_cooperatives, monkeypatch, django_assert_max_num_queries):
    from django.core.cache import cache

    def names(response):
        return [c.pk for c in response.context["page"].object_list]

    monkeypatch.setattr(DeferredJoinPaginator, "deferred_from", 10 ** 9)
    plain = names(client.get("/ar/cooperatives/", {"page": 3}))
    cache.clear()
    monkeypatch.setattr(DeferredJoinPaginator, "deferred_from", 0)
    with django_assert_max_num_queries(6):
        deferred = names(client.get("/ar/cooperatives/", {"page": 3}))
    assert deferred == plain and len(plain) == 20


@pytest.mark.parametrize(("path", "params"), [
    ("/fr/projects/ideas/", {"page": 3}),
    ("/fr/projects/ideas/", {"page": 2, "q": "idee"}),
    ("/ar/cooperatives/products/", {"page": 2}),
])
def test_deep_html_list_pages_list_the_rows_of_the_plain_offset(
        client, many_cooperatives, monkeypatch, django_assert_max_num_queries, path, params):
    """The ideas and products pages page by deferred join too (keys first, then rows)."""
    from django.core.cache import cache

    for n, cooperative in enumerate(Cooperative.objects.unscoped()[:45]):
        ProductFactory(cooperative=cooperative, name_fr=f"Produit {n % 4}")
    IdeaFactory.create_batch(45, status="accepted", title="Idée de coopérative")

    def rows(response):
        return [row.pk for row in response.context["page"].object_list]

    monkeypatch.setattr(DeferredJoinPaginator, "deferred_from", 10 ** 9)
    plain = rows(client.get(path, params))
    cache.clear()  # the public page cache would answer the same URL
    monkeypatch.setattr(DeferredJoinPaginator, "deferred_from", 0)
    with django_assert_max_num_queries(8):
        deferred = rows(client.get(path, params))
    assert deferred == plain and plain


def _plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # A test table is small enough to be read whole and sorted: those paths are off,
        # as the planner leaves them by itself at 650,000 rows.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql_only
@pytest.mark.parametrize(("language", "index"), [("ar", "coop_published_name_ar"),
                                                  ("fr", "coop_published_name_fr")])
def test_a_deep_directory_page_reads_its_keys_from_the_name_index(
        many_cooperatives, language, index):
    from django.utils import translation

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cooperatives_cooperative")
    with translation.override(language):
        plan = _plan(page_keys(cooperative_list(), 40, 50))

    assert f"Index Only Scan using {index}" in plan, plan
    assert plan.lstrip().startswith("Limit"), plan
    assert "Sort" not in plan, plan


@postgresql_only
def test_a_deep_page_of_a_region_and_sector_reads_its_keys_from_their_index(
        many_cooperatives):
    model = many_cooperatives
    elsewhere = CooperativeFactory(region_code="03")
    Cooperative.objects.bulk_create([  # the rest of the country, as in real data
        Cooperative(registration_number=f"ELSE-{n:05d}", name_ar=f"تعاونية {n}",
                    name_fr=f"Coopérative {n}", sector=elsewhere.sector,
                    commune=elsewhere.commune, province=elsewhere.province,
                    region=elsewhere.region, search_text=f"تعاونيه {n}")
        for n in range(600)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cooperatives_cooperative")
    queryset = cooperative_list(region=model.region, sector=model.sector)
    plan = _plan(page_keys(queryset, 40, 50))

    assert "Index Only Scan using coop_region_sector_name_ar" in plan, plan
    assert "Sort" not in plan, plan


def test_a_page_past_a_union_or_distinct_list_is_read_plainly(many_cooperatives):
    queryset = product_list().distinct()
    assert list(page_rows(queryset, 0, 5, deferred_from=0)) == list(queryset[0:5])
