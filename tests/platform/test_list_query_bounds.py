"""Every public list answers in at most six queries, whatever the page size and with the
directory cache missed (the bound `make bench` checks on the national data set)."""

import pytest
from django.core.cache import cache

from tests.cooperatives.factories import CooperativeFactory, ProductFactory
from tests.events.factories import EventFactory
from tests.projects_bank.factories import (
    CallFactory,
    FundingSourceFactory,
    IdeaFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 6
ROWS = 12  # more than the bound: a query per row would show


@pytest.fixture
def lists_with_rows(territory):
    for cooperative in CooperativeFactory.create_batch(ROWS, region_code="09"):
        ProductFactory(cooperative=cooperative)
    EventFactory.create_batch(ROWS)
    IdeaFactory.create_batch(ROWS, status="accepted")
    CallFactory.create_batch(3)
    FundingSourceFactory.create_batch(ROWS)
    PartnerFactory.create_batch(ROWS)


API_LISTS = [
    "/api/v1/cooperatives/?page_size=100",
    "/api/v1/cooperatives/?region=09&sector=argan&page_size=100",
    "/api/v1/cooperatives/?search=%D8%AA%D8%B9%D8%A7%D9%88%D9%86%D9%8A%D8%A9&page_size=100",
    "/api/v1/cooperatives/?search=cooperatve&page_size=100",  # one letter missing
    "/api/v1/products/?page_size=100",
    "/api/v1/events/?upcoming=false&page_size=100",
    "/api/v1/ideas/?page_size=100",
    "/api/v1/calls/?page_size=100",
    "/api/v1/territories/regions/09/",
    "/api/v1/funding-sources/?page_size=100",
    "/api/v1/partners/?page_size=100",
]
HTML_PAGES = [
    "/ar/cooperatives/",
    "/fr/cooperatives/?region=09&sector=argan&women_led=1",
    "/ar/cooperatives/?region=09&province=09.581&commune=09.581.01.07",
    "/ar/cooperatives/?q=cooperatve&region=09",  # one letter missing, no match in the commune
    "/ar/cooperatives/?region=01",  # nothing: the wider filters, counted from the same rows
    "/ar/cooperatives/products/",
    "/ar/projects/ideas/",
    "/ar/projects/financing/",
    "/ar/projects/partners/",
    "/ar/regions/souss-massa/needs/09.581/",
    "/ar/events/",
    "/fr/events/?region=09",
    "/ar/regions/needs/",
    "/ar/regions/souss-massa/needs/",
    "/ar/regions/souss-massa/",
]


@pytest.mark.parametrize("path", API_LISTS)
def test_api_list_stays_within_six_queries_at_the_largest_page(
        client, lists_with_rows, django_assert_max_num_queries, path):
    # The process has served a list before: the directory's sectors, regions and provinces
    # are reference data kept in the process (cooperatives/cache.py, read once a version).
    client.get("/api/v1/cooperatives/")
    cache.clear()
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == 200


@pytest.mark.parametrize("path", HTML_PAGES)
def test_html_list_stays_within_six_queries(
        client, lists_with_rows, django_assert_max_num_queries, path):
    # The process has served a page before: the directory's filter choices are reference
    # data kept in the process (cooperatives/cache.py); the page's own cache is missed.
    client.get("/fr/cooperatives/")
    cache.clear()
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(path)

    assert response.status_code == 200
