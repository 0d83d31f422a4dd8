"""A search that names a sector or a place: the directory finds that sector's or that place's
cooperatives by their indexed ids (whatever their text says, besides the rows whose text
names it), ranks only the other words, and counts a large result only up to a cap ("more
than"). Runs on SQLite and on PostgreSQL alike (DATABASE_URL); the plan test on PostgreSQL."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cooperatives import directory, views
from cooperatives.models import Cooperative, Sector
from cooperatives.selectors import (
    BROAD_FACETS,
    SEARCH_FACETS,
    cooperative_list,
    filter_cooperatives,
)
from ess_platform.kernel import api_pagination
from ess_platform.kernel.searching.engine import Search
from ess_platform.kernel.searching.models import SearchFacet, SpellingVariant
from regional_hubs.models import Commune
from tests.cooperatives.factories import CooperativeFactory, numbered_cooperatives, sector

pytestmark = pytest.mark.django_db

TIZNIT = "09.581.01.07"  # the commune Tiznit, in the province of Tiznit


def _in_commune(code, **fields):
    commune = Commune.objects.select_related("province").get(code=code)
    return CooperativeFactory(commune=commune, is_published=True, **fields)


@pytest.fixture
def places(territory):
    """A cooperative in Tiznit whose text names no place, one elsewhere named after Tiznit,
    and one elsewhere that names nothing."""
    return {
        "in_tiznit": _in_commune(TIZNIT, name_ar="تعاونية النور", name_fr="Coopérative Nour"),
        "named": CooperativeFactory(region_code="01", name_ar="تعاونية تيزنيت للفضة",
                                    name_fr="", is_published=True),
        "elsewhere": CooperativeFactory(region_code="01", name_ar="تعاونية الأمل",
                                        name_fr="Coopérative Amal", is_published=True),
    }


@pytest.fixture
def sectors(territory):
    """An agriculture cooperative whose text names no sector, an argan one that names
    agriculture, and an argan one that names nothing."""
    return {
        "farming": CooperativeFactory(region_code="01", sector=sector("agriculture"),
                                      name_ar="تعاونية السلام", name_fr="Coopérative Salam",
                                      is_published=True),
        "named": CooperativeFactory(region_code="01", name_ar="",
                                    name_fr="Coopérative pour l'agriculture de demain",
                                    is_published=True),
        "other": CooperativeFactory(region_code="01", name_ar="تعاونية الفجر",
                                    name_fr="Coopérative Fajr", is_published=True),
    }


def _page_ids(response):
    return {obj.pk for obj in response.context["page"].object_list}


def _api_ids(response):
    return {row["id"] for row in response.json()["results"]}


def _found_on_page_and_api(client, query, language):
    """The ids the directory page and the API find for ``query``, in ``language``."""
    with translation.override(language):
        url = reverse("cooperatives:directory")
    page = _page_ids(client.get(url, {"q": query}))
    api = _api_ids(client.get("/api/v1/cooperatives/", {"search": query},
                              HTTP_ACCEPT_LANGUAGE=language))
    return page, api


@pytest.mark.parametrize("query", ["Agriculture", "الفلاحة", "agriculture", "فلاحه"])
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_sector_named_finds_its_cooperatives_on_the_page_and_the_api(
        client, sectors, query, language):
    for found in _found_on_page_and_api(client, query, language):
        assert sectors["farming"].pk in found  # its text does not say agriculture
        assert sectors["named"].pk in found  # its text does
        assert sectors["other"].pk not in found


@pytest.mark.parametrize("query", ["Tiznit", "تيزنيت", "TIZNIT"])
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_place_named_finds_its_cooperatives_and_those_named_after_it(
        client, places, query, language):
    for found in _found_on_page_and_api(client, query, language):
        assert places["in_tiznit"].pk in found
        assert places["named"].pk in found
        assert places["elsewhere"].pk not in found


def test_a_spelling_variant_of_a_place_resolves_to_it(places):
    SpellingVariant.objects.create(name="Tiznit", variant="Tiznite")

    found = set(cooperative_list(q="Tiznite").values_list("pk", flat=True))

    assert places["in_tiznit"].pk in found
    assert places["elsewhere"].pk not in found


def test_place_and_other_words_need_both(places):
    found = set(cooperative_list(q="النور تيزنيت").values_list("pk", flat=True))

    assert found == {places["in_tiznit"].pk}


def test_a_sector_alone_keeps_the_list_order_and_other_words_are_ranked(sectors, places):
    facets, broad = SEARCH_FACETS, BROAD_FACETS
    assert Search("Agriculture").text_words(facets, broad) == []
    queryset = cooperative_list(q="Agriculture")
    assert "search_rank" not in queryset.query.annotations
    assert list(queryset) == sorted(queryset, key=lambda c: (c.name, c.pk))

    # A place (narrow) is ranked like a word; so is any other word beside a sector.
    assert Search("Tiznit").text_words(facets, broad) == ["tiznit"]
    assert Search("السلام الفلاحة").text_words(facets, broad) == ["سلام"]
    mixed = cooperative_list(q="السلام الفلاحة")
    assert "search_rank" in mixed.query.annotations
    assert [c.pk for c in mixed] == [sectors["farming"].pk]


def test_sector_and_place_names_are_indexed_in_both_scripts(territory):
    agriculture = sector("agriculture")
    tiznit = Commune.objects.get(code=TIZNIT)

    assert set(SearchFacet.objects.filter(facet="sector", object_id=agriculture.pk)
               .values_list("key", flat=True)) == {"agriculture", "فلاحه"}
    assert {"tiznit", "تيزنيت"} <= set(SearchFacet.objects.filter(
        facet="commune", object_id=tiznit.pk).values_list("key", flat=True))


def test_a_renamed_or_deleted_sector_resolves_by_its_new_name_only(territory):
    renamed = Sector.objects.create(slug="test-sector", name_ar="قطاع تجريبي",
                                    name_fr="Secteur essai")
    renamed.name_fr = "Secteur nouveau"
    renamed.save()

    keys = set(SearchFacet.objects.filter(facet="sector", object_id=renamed.pk)
               .values_list("key", flat=True))
    assert keys == {"secteur nouveau", "قطاع تجريبي"}
    renamed.delete()
    assert not SearchFacet.objects.filter(facet="sector", object_id=renamed.pk).exists()


# --- counts capped --------------------------------------------------------------------


@pytest.fixture
def cap_of_three(monkeypatch):
    for module in (directory, views, api_pagination):
        monkeypatch.setattr(module, "COUNT_CAP", 3)


@pytest.fixture
def five_in_tiznit(territory):
    return [_in_commune(TIZNIT, name_ar=f"تعاونية رقم {n}", name_fr=f"Coopérative {n}")
            for n in range(5)]


@pytest.mark.parametrize(("language", "shown"), [
    ("fr", "Plus de 3 coopératives trouvées."),
    ("ar", "عثر على أكثر من 3 تعاونية."),
    ("zgh", "ⵓⴳⴳⴰⵔ ⵏ 3 ⵏ ⵜⵎⵢⴰⵡⴰⵙⵉⵏ ⵏⵏⴰ ⵉⵜⵜⵓⴼⴰⵏ."),
])
def test_a_large_search_result_shows_more_than_the_cap(
        client, cap_of_three, five_in_tiznit, language, shown):
    with translation.override(language):
        url = reverse("cooperatives:directory")

    response = client.get(url, {"q": "Tiznit"})

    assert response.status_code == 200
    assert shown in response.content.decode()
    assert response.context["page"].paginator.capped


def test_a_result_under_the_cap_is_counted_exactly(client, five_in_tiznit):
    with translation.override("fr"):
        response = client.get(reverse("cooperatives:directory"), {"q": "Tiznit"})

    assert "5 coopératives trouvées." in response.content.decode()
    assert not response.context["page"].paginator.capped


def test_capped_count_with_a_filter_counts_the_filtered_rows(
        client, cap_of_three, five_in_tiznit, django_assert_max_num_queries):
    client.get("/fr/cooperatives/")  # the reference data in the process
    with django_assert_max_num_queries(6):
        response = client.get("/fr/cooperatives/", {"q": "Tiznit", "region": "09"})
    assert "Plus de 3 coopératives trouvées." in response.content.decode()

    # Nothing in the region: the wider filters are counted over every match, not the cap.
    with django_assert_max_num_queries(6):
        response = client.get("/fr/cooperatives/", {"q": "Tiznit", "region": "01"})
    body = response.content.decode()
    assert "0 coopérative trouvée." in body
    assert "5 coopératives" in body


def test_the_api_caps_a_search_count_and_pages_on(client, cap_of_three, five_in_tiznit):
    first = client.get("/api/v1/cooperatives/", {"search": "Tiznit", "page_size": 2}).json()

    assert first["count"] == 3 and first["count_capped"] is True
    assert first["next"]
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert third["next"] is None  # the fifth and last row
    ids = [row["id"] for page in (first, second, third) for row in page["results"]]
    assert sorted(ids) == sorted(c.pk for c in five_in_tiznit)


def test_the_api_count_is_exact_without_a_search_or_under_the_cap(client, five_in_tiznit):
    listed = client.get("/api/v1/cooperatives/").json()
    searched = client.get("/api/v1/cooperatives/", {"search": "Tiznit"}).json()

    assert listed["count_capped"] is False
    assert listed["count"] == Cooperative.objects.public().count()
    assert searched == {**searched, "count": 5, "count_capped": False}


# --- the plan on PostgreSQL -----------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans of PostgreSQL")
def test_a_named_sector_or_place_is_read_through_its_index(sectors, places):
    """A place named exactly is found through its own index (a condition on its id); a
    sector, a broad facet, is a condition on its id over the list's own order."""
    # Rows enough elsewhere that a place's own few are worth an index.
    numbered_cooperatives(sectors["other"], 1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cooperatives_cooperative")
    for query, column, broad in (("Agriculture", "sector_id", True),
                                 ("الفلاحة", "sector_id", True),
                                 ("تيزنيت", "commune_id", False),
                                 ("Tiznit", "province_id", False)):
        # The directory's search over every cooperative (the published rows have a partial
        # ordering index of their own, cheaper than any other in a small table).
        with translation.override("fr"):
            sql, params = filter_cooperatives(Cooperative.objects.unscoped(),
                                              q=query).query.sql_with_params()
        with transaction.atomic(), connection.cursor() as cursor:
            # A test table is small, where reading all of it costs less: that path is off.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        # "(sector_id = 4)": the id itself, not a join's "(id = ...sector_id)".
        lines = [line for line in plan.splitlines() if f"({column} = " in line]
        wanted = ("Filter", "Cond") if broad else ("Index Cond",)
        assert any(kind in line for line in lines for kind in wanted), (query, plan)


def test_a_named_sector_stays_within_the_query_bound(client, sectors):
    client.get("/api/v1/cooperatives/")  # the process reads its reference data once
    cache.clear()
    with CaptureQueriesContext(connection) as named:
        response = client.get("/api/v1/cooperatives/", {"search": "Agriculture"})

    assert response.status_code == 200
    assert len(named.captured_queries) <= 6


@pytest.mark.parametrize("query", ["Tiznit", "تيزنيت"])
def test_the_admin_finds_a_place_s_cooperatives_as_the_directory_does(
        client, national_admin, places, query):
    """The admin's search is the site's one search: a place named in either script finds
    the cooperatives there, whatever their names say (and those named after it)."""
    client.force_login(national_admin)

    found = _admin_ids(client, query)
    assert places["in_tiznit"].pk in found
    assert places["named"].pk in found
    assert places["elsewhere"].pk not in found


def test_a_delegate_s_admin_search_of_another_region_s_place_finds_nothing_there(
        client, delegate, places):
    """Naming a place of another region adds none of its cooperatives to a delegate's
    list: the search narrows the delegate's own rows, never widens them."""
    client.force_login(delegate)  # Souss-Massa, where Tiznit is
    found = _admin_ids(client, "Tiznit")
    assert places["in_tiznit"].pk in found
    assert places["named"].pk not in found  # in region 01, outside the delegate's region


def _admin_ids(client, query):
    response = client.get(reverse("admin:cooperatives_cooperative_changelist"), {"q": query})
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}
