"""The directory's facet summary: the filter counts summed from one row of groups per
directory version, the same as the database's GROUP BY, fresh after every write."""

import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperatives import directory
from cooperatives.cache import bump_directory_version, directory_version, forget_reference_data
from cooperatives.models import Cooperative, FacetSummary, Product, Sector
from ess_platform.kernel.searching.engine import Search
from regional_hubs.models import Province, Region
from tests.cooperatives.factories import CooperativeFactory, sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(territory):
    """Cooperatives over two regions, their provinces, two sectors and both flags (one
    unpublished, which no count holds)."""
    regions = list(Region.objects.order_by("code")[:2])
    rows = []
    for n, (region, name, women, youth) in enumerate(itertools.product(
            regions, ("argan", "artisanal_fishing"), (True, False), (True, False))):
        province = Province.objects.filter(region=region).order_by("code")[n % 2]
        commune = province.communes.order_by("code").first()
        for _ in range(1 + n % 3):
            rows.append(CooperativeFactory(
                region=region, province=province, commune=commune, sector=sector(name),
                women_led=women, youth_led=youth, is_published=True))
    CooperativeFactory(region=regions[0], is_published=False)
    return rows


def _sorted(rows):
    return sorted(sorted(row.items()) for row in rows)


def test_summary_counts_are_the_databases_for_every_filter(spread):
    region = spread[0].region
    province, argan = spread[0].province, sector("argan")
    choices = {"region": [None, region], "province": [None, province],
               "sector": [None, argan], "women_led": [None, True, False],
               "youth_led": [None, False]}
    for values in itertools.product(*choices.values()):
        filters = dict(zip(choices, values, strict=True))
        if filters["province"] is not None and filters["region"] is None:
            continue
        summed = directory.grouped_counts({**filters, "q": ""})
        counted = directory.grouped_counts({**filters, "q": ""}, summary=False)
        assert _sorted(summed["rows"]) == _sorted(counted["rows"]), filters
        assert directory.matching_count(summed) == directory.matching_count(counted)
        assert directory.facet_counts(filters, summed) == \
            directory.facet_counts(filters, counted), filters


def test_a_communes_counts_are_the_databases_without_grouping_the_country(spread):
    commune, region, province = spread[0].commune, spread[0].region, spread[0].province
    choices = {"region": [None, region], "province": [None, province],
               "sector": [None, sector("argan")], "women_led": [None, True],
               "youth_led": [None, False]}
    for values in itertools.product(*choices.values()):
        filters = {**dict(zip(choices, values, strict=True)), "commune": commune}
        if filters["province"] is not None and filters["region"] is None:
            continue
        with CaptureQueriesContext(connection) as queries:
            summed = directory.grouped_counts({**filters, "q": ""})
        counted = directory.grouped_counts({**filters, "q": ""}, summary=False)
        assert directory.matching_count(summed) == directory.matching_count(counted), filters
        assert directory.facet_counts(filters, summed) == \
            directory.facet_counts(filters, counted), filters
        for key in filters:  # each filter dropped in turn: the wider filters' counts
            if filters[key] is not None:
                dropped = directory._dropped(key)
                assert directory._sum(summed["rows"], summed["active"], dropped) == \
                    directory._sum(counted["rows"], counted["active"], dropped), (filters, key)
        # The commune's own rows grouped, the rest from the summary (built once a version
        # by its own GROUP BY): no page groups the country's rows.
        assert not any("GROUP BY" in q["sql"] and "commune_id\" =" not in q["sql"]
                       and "facetsummary" not in q["sql"] for q in queries.captured_queries)


def test_the_summary_is_built_once_a_version_and_read_after(spread):
    version = directory_version()
    assert not FacetSummary.objects.filter(version=version).exists()

    with CaptureQueriesContext(connection) as built:
        groups = directory.facet_groups(version)
    with CaptureQueriesContext(connection) as held:
        assert directory.facet_groups(version) == groups
    forget_reference_data()  # another process: reads the summary the first one built
    with CaptureQueriesContext(connection) as read:
        assert directory.facet_groups(version) == groups

    assert len(built) == 2 and len(held) == 0 and len(read) == 1
    assert sum(group[-1] for group in groups) == len(spread)  # published ones only
    assert FacetSummary.objects.get().version == version


def test_a_write_shows_in_the_next_pages_counts(client, spread):
    url = reverse("cooperatives:directory")
    first = client.get(url, {"sector": "argan"}, HTTP_ACCEPT_LANGUAGE="fr")
    argan = sum(1 for row in spread if row.sector.slug == "argan")
    assert first.context["page"].paginator.count == argan

    CooperativeFactory(sector=sector("argan"), is_published=True)
    cache.clear()
    second = client.get(url, {"sector": "argan"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert second.context["page"].paginator.count == argan + 1
    assert FacetSummary.objects.get().version == directory_version()


def test_a_search_is_counted_by_the_database(spread):
    commune = spread[0].commune
    with CaptureQueriesContext(connection) as captured:
        directory.grouped_counts({"q": Search("argan")})
        directory.grouped_counts({"commune": commune, "q": Search("argan")})
    assert not any("facetsummary" in query["sql"] for query in captured)


@pytest.mark.parametrize("params", [
    {}, {"women_led": "true"}, {"youth_led": "false", "ordering": "-members_count"},
    {"sector": "argan", "page_size": "2", "page": "2"}, {"region": "REGION"},
    {"region": "REGION", "province": "PROVINCE", "women_led": "1"},
])
def test_the_api_counts_a_facet_filtered_list_from_the_summary(client, spread, params):
    first = spread[0]
    params = {key: {"REGION": first.region.code, "PROVINCE": first.province.code}.get(
        value, value) for key, value in params.items()}
    expected = directory.selectors.cooperative_list(
        region=first.region if "region" in params else None,
        province=first.province if "province" in params else None,
        sector=sector("argan") if "sector" in params else None,
        women_led={"true": True, "1": True}.get(params.get("women_led")),
        youth_led=False if "youth_led" in params else None).count()
    captured = _counted_by_summary(client, "/api/v1/cooperatives/", params, expected)
    assert len(captured) <= 3  # the version, the summary, the page's rows


def _counted_by_summary(client, path, params, expected):
    """Ask for the list twice (the first builds the summary for this version and reads the
    filters' choices into the process), the second with the cache missed: its count is
    ``expected`` and no COUNT ran. Returns the second request's queries."""
    client.get(path, params)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200
    assert response.json()["count"] == expected
    assert not any("COUNT(" in query["sql"].upper() for query in captured)
    return captured


@pytest.mark.parametrize("params", [{"search": "argan"}, {"commune": "COMMUNE"},
                                    {"updated_since": "2020-01-01T00:00:00Z"}])
def test_other_api_filters_are_counted_by_the_database(client, spread, params):
    params = {key: spread[0].commune.code if value == "COMMUNE" else value
              for key, value in params.items()}
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/cooperatives/", params)

    assert response.status_code == 200
    assert not any("facetsummary" in query["sql"] for query in captured)


def test_summary_counts_are_summed_once_a_version_and_follow_a_write(spread):
    region, argan = spread[0].region, sector("argan")
    cases = [{}, {"region": region}, {"sector": argan}, {"region": region, "sector": argan},
             {"women_led": True}, {"region": region, "youth_led": False}]

    def counted(filters):
        queryset = Cooperative.objects.public()
        for key, value in filters.items():
            queryset = queryset.filter(**{key: value})
        return queryset.count()

    for filters in cases:
        assert directory.summary_count(filters) == counted(filters), filters
    with CaptureQueriesContext(connection) as again:
        for filters in cases:
            assert directory.summary_count(filters) == counted(filters), filters
    # Only the counts of the check itself, and the directory version each page reads.
    assert len(again) == 2 * len(cases)
    CooperativeFactory(commune=spread[0].commune, sector=argan)
    assert directory.summary_count({"region": region, "sector": argan}) == counted(
        {"region": region, "sector": argan})


def test_territory_counts_by_sector_are_the_databases(spread):
    from cooperatives import sections

    def counted(**territory):
        rows = (Cooperative.objects.public().filter(**territory).values_list("sector__slug")
                .annotate(n=Count("pk")).order_by())
        return dict(rows)

    region, province = spread[0].region, spread[0].province
    assert sections.counts_by_sector(region=region) == counted(region=region)
    assert sections.counts_by_sector(province=province) == counted(province=province)
    assert sections.counts_by_sector(commune=spread[0].commune) == counted(
        commune=spread[0].commune)
    regions = list(Region.objects.all())
    by_region = sections.counts_by_sector_in("region", regions)
    assert by_region == {r.pk: counted(region=r) for r in regions if counted(region=r)}
    assert sections.region_count(region) == Cooperative.objects.public().filter(
        region=region).count()


@pytest.fixture
def products(spread):
    """Products of the spread's cooperatives (one unavailable in three), and one of an
    unpublished cooperative, which no count holds."""
    from tests.cooperatives.factories import ProductFactory

    made = [ProductFactory(cooperative=cooperative, availability=(
        Product.Availability.UNAVAILABLE if n % 3 == 0 else Product.Availability.AVAILABLE))
        for n, cooperative in enumerate(spread)]
    ProductFactory(cooperative=CooperativeFactory(is_published=False))
    return made


@pytest.mark.parametrize("params", [
    {}, {"available": "true"}, {"available": "false"}, {"sector": "argan"},
    {"region": "REGION", "ordering": "-price"},
    {"region": "REGION", "sector": "argan", "available": "true", "page_size": "2"},
])
def test_the_api_counts_a_filtered_products_list_from_the_summary(client, products, params):
    first = products[0].cooperative
    params = {key: first.region.code if value == "REGION" else value
              for key, value in params.items()}
    expected = directory.selectors.product_list(
        region=first.region if "region" in params else None,
        sector=sector("argan") if "sector" in params else None,
        available=params.get("available") == "true").count()
    _counted_by_summary(client, "/api/v1/products/", params, expected)
    # A product written since: the next version's summary counts it.
    Product.objects.unscoped().filter(pk=products[0].pk).update(availability="available")
    bump_directory_version()  # what a save's signal does
    assert client.get("/api/v1/products/", params).json()["count"] == \
        directory.selectors.product_list(
            region=first.region if "region" in params else None,
            sector=sector("argan") if "sector" in params else None,
            available=params.get("available") == "true").count()


def test_a_searched_or_priced_products_list_is_counted_by_the_database(client, products):
    for params in ({"search": "argan"}, {"min_price": "10"}, {"cooperative": "1"}):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/products/", params)
        assert response.status_code == 200, params
        assert any("COUNT(" in query["sql"].upper() for query in captured), params


def test_a_sector_newer_than_the_process_reference_data_is_counted(spread):
    from cooperatives import sections
    from cooperatives.cache import places

    region = spread[0].region
    places()  # this process holds the sectors as they were
    newer = Sector.objects.create(slug="newer_sector", name_ar="قطاع جديد", name_fr="Nouveau")
    CooperativeFactory(commune=spread[0].commune, sector=newer)
    assert sections.counts_by_sector(region=region)["newer_sector"] == 1
