"""A directory row's sector, province and region come from the process's reference data
(ess_platform/kernel/references.py), not from joins: shared instances, read once a
directory version, asked for again when a row links to one they do not hold."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.cache import directory_version, pinned_version, places
from cooperatives.models import Sector
from cooperatives.selectors import cooperative_list, product_list
from ess_platform.kernel.pagination import deferrable
from regional_hubs.models import Province
from tests.cooperatives.factories import CooperativeFactory, ProductFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/cooperatives/"


def _tables(queries):
    return {table for query in queries for table in
            ("regional_hubs_province", "cooperatives_sector")
            if f'FROM "{table}"' in query["sql"]}


def test_the_rows_share_the_reference_instances_without_a_join(territory):
    first, second = CooperativeFactory.create_batch(2, region_code="09")
    with pinned_version(directory_version()):
        list(cooperative_list())  # the reference data, read once
        with CaptureQueriesContext(connection) as captured:
            rows = {row.pk: row for row in cooperative_list()}
            shown = [(row.sector.name, row.province.name, row.region.name, row.commune.name)
                     for row in rows.values()]
    assert len(captured.captured_queries) == 1
    sql = captured.captured_queries[0]["sql"]
    assert "regional_hubs_region" not in sql and "cooperatives_sector" not in sql
    assert rows[first.pk].region is rows[second.pk].region
    assert shown[0][2] == first.region.name and all(all(names) for names in shown)


def test_a_row_linking_to_a_newer_sector_reads_the_reference_data_again(territory):
    with pinned_version(directory_version()):
        list(cooperative_list())  # the reference data of this version
        newer = Sector.objects.create(slug="newer", name_ar="قطاع جديد", name_fr="Nouveau")
        cooperative = CooperativeFactory(sector=newer)
        with CaptureQueriesContext(connection) as captured:
            row = cooperative_list().get(pk=cooperative.pk)
            assert row.sector.name_fr == "Nouveau"
        # The row, then the reference data read again (provinces with their regions,
        # sectors) for the sector it did not hold: not a lazy read of the sector alone.
        assert len(captured.captured_queries) == 3
        assert row.sector is places()["sector"][newer.pk]


def test_a_link_the_queryset_selects_itself_is_kept(territory):
    cooperative = CooperativeFactory()
    row = cooperative_list().select_related("region").get(pk=cooperative.pk)
    province = Province.objects.get(pk=cooperative.province_id)
    # The selected region is this row's own instance; the province is the shared one.
    other = cooperative_list().get(pk=cooperative.pk)
    assert row.region is not other.region and row.province is other.province
    assert row.province.name == province.name


def test_the_rows_still_page_by_deferred_join(territory):
    assert deferrable(cooperative_list(q="cooperative"))


def test_a_process_reads_its_reference_data_once_a_directory_version(client, territory):
    CooperativeFactory.create_batch(3)
    with CaptureQueriesContext(connection) as cold:
        client.get(LIST)
    cache.clear()
    with CaptureQueriesContext(connection) as warm:
        client.get(LIST)
    # The first request of the process reads the regions with their provinces, and the
    # sectors; the next reads none of them (until the next write).
    assert _tables(cold.captured_queries) == {"regional_hubs_province", "cooperatives_sector"}
    assert _tables(warm.captured_queries) == set()


def test_a_product_row_takes_its_cooperative_s_sector_and_region_from_memory(territory):
    first, second = ProductFactory.create_batch(2)
    with pinned_version(directory_version()):
        list(product_list())  # the reference data, read once
        with CaptureQueriesContext(connection) as captured:
            rows = {row.pk: row for row in product_list()}
            shown = [(row.cooperative.name, row.cooperative.sector.name,
                      row.cooperative.region.name) for row in rows.values()]
        tables = places()
    # One query: the products joined with their cooperatives, and no more per row.
    assert len(captured.captured_queries) == 1
    assert "cooperatives_sector" not in captured.captured_queries[0]["sql"]
    cooperative = rows[first.pk].cooperative
    assert cooperative.sector is tables["sector"][first.cooperative.sector_id]
    assert cooperative.region is tables["region"][first.cooperative.region_id]
    assert all(all(names) for names in shown) and len(shown) == 2
