"""The search's query plans and budgets: on PostgreSQL the directory's search reads the
pg_trgm index of the normalised text and a typo is looked up through the vocabulary's
trigram index; on every database a searched list stays within its query budget."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperatives.models import Cooperative
from cooperatives.selectors import cooperative_list, filter_cooperatives
from ess_platform.kernel.searching.engine import Search, _vocabulary_candidates
from tests.cooperatives.factories import (
    CooperativeFactory,
    ProductFactory,
    numbered_cooperatives,
)

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="pg_trgm indexes exist on PostgreSQL only")


def _plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # At 65,000 cooperatives the planner picks the trigram index by itself (one bitmap
        # scan per alternative of a word, OR-ed; `make bench`). A test table is small, where
        # reading all of it, or all of an ordering index, costs less: those paths are off.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql_only
def test_directory_search_reads_the_trigram_index(territory):
    model = CooperativeFactory(name_ar="تعاونية تيزنيت للأركان", name_fr="", is_published=True)
    CooperativeFactory(name_fr="Coopérative Tamounte", is_published=True)
    numbered_cooperatives(model, 500)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cooperatives_cooperative")

    for query in ("تيزنيت", "Tiznit", "tamonte", "بالزعفران"):
        # The directory's search, ranked, over every cooperative (the published rows have
        # a partial ordering index of their own, cheaper than any other in a small table).
        plan = _plan(filter_cooperatives(Cooperative.objects.unscoped(), q=query))
        assert "Bitmap Index Scan on cooperative_search_text_trgm" in plan, (query, plan)


@postgresql_only
def test_typo_lookup_reads_the_vocabulary_trigram_index(territory):
    plan = _plan(_vocabulary_candidates(["tamonte"], distance=1))

    assert "searching_word_trgm" in plan, plan


#: The most a search adds to a list's own queries: the vocabulary (typos), the names in
#: other scripts and spellings, and their own other names; and, when nothing is found,
#: the closest names ("did you mean").
SEARCH_QUERIES = 3
SUGGESTION_QUERIES = 1


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", ["Tiznit", "tamonte", "بالزعفران", "l'huile ٢٠٢٥"])
@pytest.mark.parametrize("url", ["/fr/cooperatives/", "/api/v1/cooperatives/",
                                 "/ar/events/", "/api/v1/events/", "/fr/projects/ideas/",
                                 "/api/v1/ideas/", "/ar/projects/partners/",
                                 "/fr/projects/financing/", "/api/v1/products/"])
def test_a_search_adds_at_most_four_queries_to_a_list(client, territory, url, query):
    for n in range(25):
        CooperativeFactory(name_ar=f"تعاونية تيزنيت {n}", name_fr=f"Coopérative Tamounte {n}",
                           is_published=True)
    key = "search" if url.startswith("/api/") else "q"

    plain = _queries(client, url, {"page_size": 50} if key == "search" else {})
    searched = _queries(client, url, {key: query, **({"page_size": 50} if key == "search"
                                                     else {})})

    assert searched <= plain + SEARCH_QUERIES + SUGGESTION_QUERIES


@pytest.mark.parametrize("query", ["Tiznit", "tamonte"])
def test_api_search_stays_within_its_query_budget(client, territory,
                                                 django_assert_max_num_queries, query):
    for n in range(25):
        CooperativeFactory(name_ar=f"تعاونية تيزنيت {n}", name_fr=f"Coopérative Tamounte {n}",
                           is_published=True)

    client.get("/api/v1/cooperatives/")  # the process reads its reference data once
    cache.clear()
    # The page's count and rows, the directory version, the search's three.
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/cooperatives/", {"search": query, "page_size": 50})

    assert response.status_code == 200
    assert response.json()["count"] == 25


def test_global_search_stays_within_its_query_budget(client, territory,
                                                    django_assert_max_num_queries):
    for n in range(8):
        CooperativeFactory(name_ar=f"تعاونية تيزنيت {n}", is_published=True)

    # Per type: the rows and (when there are more) the count; plus the search's three.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("search"), {"q": "Tiznit"})

    assert response.status_code == 200


def test_the_rank_finds_the_typed_words_by_position_not_by_pattern(territory):
    """Every match computes its rank: whether it holds a typed word, and where, is asked
    by position (strpos, instr), not by a LIKE '%word%' walk of its whole text; the
    WHERE keeps its LIKE, which the trigram index serves."""
    queryset = cooperative_list(q="tifaoute")
    compiler = queryset.query.get_compiler(using=queryset.db)
    rank, params = compiler.compile(queryset.query.annotations["search_rank"])
    assert "tifaoute" in params and "%tifaoute%" not in params
    assert " tifaoute" in params  # a word start inside the text
    where, where_params = compiler.compile(queryset.query.where)
    assert "%tifaoute%" in where_params


def test_word_start_matches_rank_before_inner_ones_then_other_scripts(territory):
    # A product's name, known in both scripts (a place or a sector named alone keeps the
    # list's order instead: tests/cooperatives/test_search_facets.py).
    translated = CooperativeFactory(name_ar="تعاونية الزعفران", name_fr="", is_published=True)
    inside = CooperativeFactory(name_ar="", name_fr="Coopérative Bonsafran", is_published=True)
    start = CooperativeFactory(name_ar="", name_fr="Safran Taliouine", is_published=True)
    ProductFactory(cooperative=start, name_ar="زعفران", name_fr="Safran")

    ranked = [c.pk for c in cooperative_list(q="safran")]

    assert ranked == [start.pk, inside.pk, translated.pk]


def test_a_typo_is_corrected_and_said(territory):
    tamounte = CooperativeFactory(name_ar="", name_fr="Coopérative Tamounte", is_published=True)

    search = Search("tamonte")

    assert [c.pk for c in cooperative_list(q=search)] == [tamounte.pk]
    assert search.corrected


def test_a_known_word_is_not_corrected(territory):
    CooperativeFactory(name_fr="Coopérative Argana", is_published=True)
    argan = CooperativeFactory(name_fr="Coopérative Argan", is_published=True)

    search = Search("argan")

    assert not search.corrected
    assert argan.pk in {c.pk for c in cooperative_list(q=search)}


def test_only_published_names_are_learnt(territory):
    from ess_platform.kernel.searching.models import SearchWord

    CooperativeFactory(name_fr="Coopérative Secretissime", is_published=False)
    CooperativeFactory(name_fr="Coopérative Publiquissime", is_published=True)

    words = set(SearchWord.objects.values_list("word", flat=True))
    assert "publiquissime" in words
    assert "secretissime" not in words
    assert Cooperative.objects.unscoped().count() == 2


def _clones(template, count, **texts):
    """``count`` copies of ``template`` in one insert, each with its own unique fields and
    texts (``texts``: field -> format with ``n``), their search text filled as a save
    would."""
    import uuid

    from ess_platform.kernel.searching.models import fill_search_text

    model = type(template)
    unique = [f.attname for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    rows = []
    for n in range(count):
        values = {f.attname: getattr(template, f.attname)
                  for f in model._meta.concrete_fields if not f.primary_key}
        for name in unique:
            values[name] = uuid.uuid4() if name.endswith("token") else f"plan-{n}"
        values.update({name: text.format(n=n) for name, text in texts.items()})
        rows.append(model(**values))
    model._base_manager.bulk_create(fill_search_text(rows))


def _searched_lists():
    from events.models import Event
    from events.selectors import filter_events
    from projects_bank.models import FundingSource, Partner, ProjectIdea
    from projects_bank.selectors import filter_funding_sources, filter_ideas, filter_partners
    from tests.events.factories import EventFactory
    from tests.projects_bank.factories import FundingSourceFactory, IdeaFactory, PartnerFactory

    return {
        "events": (lambda: EventFactory(title_ar="ملتقى تيزنيت", title_fr="Forum Tamounte"),
                   {"title_ar": "لقاء رقم {n}", "title_fr": "Rencontre numéro {n}",
                    "venue_ar": "", "venue_fr": "", "organisers_ar": "",
                    "organisers_fr": ""},
                   lambda q: filter_events(Event.objects.unscoped(), q=q, upcoming=False),
                   "event_search_text_trgm"),
        "ideas": (lambda: IdeaFactory(title="مشروع تيزنيت Tamounte", summary="",
                                      status="accepted"),
                  {"title": "Projet numéro {n}", "summary": ""},
                  lambda q: filter_ideas(ProjectIdea.objects.unscoped(), q=q),
                  "idea_search_text_trgm"),
        "partners": (lambda: PartnerFactory(name_ar="شريك تيزنيت", name_fr="Tamounte"),
                     {"name_ar": "شريك رقم {n}", "name_fr": "Partenaire {n}",
                      "services_ar": "", "services_fr": ""},
                     lambda q: filter_partners(Partner.objects.all(), q=q),
                     "partner_search_text_trgm"),
        "funding": (lambda: FundingSourceFactory(programme_ar="برنامج تيزنيت",
                                                 programme_fr="Tamounte"),
                    {"programme_ar": "برنامج رقم {n}", "programme_fr": "Programme {n}",
                     "funder_ar": "", "funder_fr": ""},
                    lambda q: filter_funding_sources(FundingSource.objects.all(), q=q),
                    "funding_search_text_trgm"),
    }


@postgresql_only
@pytest.mark.parametrize("kind", ["events", "ideas", "partners", "funding"])
def test_every_other_searched_list_reads_its_trigram_index(territory, kind):
    make, texts, searched, index = _searched_lists()[kind]
    template = make()
    _clones(template, 500, **texts)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {template._meta.db_table}")

    for query in ("تيزنيت", "Tiznit", "tamonte", "بالزعفران"):
        plan = _plan(searched(query))
        assert f"Bitmap Index Scan on {index}" in plan, (kind, query, plan)


@pytest.mark.parametrize("kind", ["events", "ideas", "partners", "funding"])
def test_every_other_searched_list_finds_through_its_stored_text(territory, kind):
    make, texts, searched, _index = _searched_lists()[kind]
    template = make()
    _clones(template, 20, **texts)

    for query in ("تيزنيت", "Tiznit", "tamonte"):
        assert [row.pk for row in searched(query)] == [template.pk], (kind, query)


@postgresql_only
def test_whole_word_matches_score_their_trigram_similarity(territory):
    for name in ("Tiznit Argan", "Argan de Tiznit", "Tiznitoise", "Aittiznit", "Argan, Tiznit"):
        CooperativeFactory(name_ar=name, name_fr=name, is_published=True)

    for query in ("tiznit", "argan tiznit", "Argan Tiznit"):
        rows = cooperative_list(q=query).values_list("search_text", "search_similarity")
        with connection.cursor() as cursor:
            for text, similarity in rows:
                cursor.execute("SELECT word_similarity(%s, %s)", [query.lower(), text])
                assert similarity == pytest.approx(cursor.fetchone()[0]), (query, text)


@postgresql_only
def test_past_the_similarity_limit_a_rank_keeps_the_list_order(territory, monkeypatch):
    from ess_platform.kernel.searching import engine

    partial = CooperativeFactory(name_ar="Aaa Tiznitoise", name_fr="Aaa Tiznitoise",
                                 is_published=True)
    whole = CooperativeFactory(name_ar="Zzz Tiznit", name_fr="Zzz Tiznit", is_published=True)

    assert [c.pk for c in cooperative_list(q="tiznit")] == [whole.pk, partial.pk]
    monkeypatch.setattr(engine, "SIMILARITY_LIMIT", 1)
    assert [c.pk for c in cooperative_list(q="tiznit")] == [partial.pk, whole.pk]


@postgresql_only
@pytest.mark.parametrize("limit", [500, 1])
def test_a_counted_page_settles_the_similarity_instead_of_asking_the_database(
        client, territory, monkeypatch, limit):
    """Once the paginator has counted the matches, the page's statement no longer asks
    whether more than SIMILARITY_LIMIT rows match (an EXISTS ... OFFSET, which the planner
    answered by reading the table from its start, in both levels of the page's join); the
    rows come in the order the unpaginated ranking gives, within and past the limit."""
    from ess_platform.kernel.searching import engine

    monkeypatch.setattr(engine, "SIMILARITY_LIMIT", limit)
    for name in ("Tiznit Argan", "Argan de Tiznit", "Tiznitoise", "Aittiznit", "Zzz Tiznit"):
        CooperativeFactory(name_ar=name, name_fr=name, is_published=True)
    expected = [c.registration_number for c in cooperative_list(q="tiznit")]

    for url, params in (("/api/v1/cooperatives/", {"search": "tiznit"}),
                        ("/fr/cooperatives/", {"q": "tiznit"})):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
        assert response.status_code == 200
        page = [q["sql"] for q in captured if "search_rank" in q["sql"]]
        assert page and not any(f"OFFSET {limit}" in sql for sql in page), page
        if url.startswith("/api/"):
            assert [row["registration_number"] for row in response.json()["results"]] \
                == expected


@pytest.mark.parametrize("cap", [2, 3, 10])
def test_a_capped_count_counts_up_to_one_past_the_cap(territory, cap):
    from ess_platform.kernel.pagination import capped_count, first_keys

    for n in range(3):
        CooperativeFactory(name_fr=f"Coopérative Tamounte {n}", is_published=True)
    CooperativeFactory(name_fr="Coopérative Argan", is_published=True)
    searched = cooperative_list(q="tamounte")

    assert capped_count(searched, cap) == min(3, cap + 1)
    keys = Cooperative.objects.unscoped().filter(pk__in=first_keys(searched, cap))
    assert keys.count() == min(3, cap)
    assert set(keys.values_list("name_fr", flat=True)) <= {
        f"Coopérative Tamounte {n}" for n in range(3)}


@postgresql_only
def test_a_capped_count_reads_its_keys_through_a_materialised_cte(territory):
    """Under a plain LIMIT the planner expects the matches spread evenly and reads the
    table from its start (at 65,000 rows: 36 ms instead of 7 for a word in one row in
    twelve, `make bench`); through a materialised CTE it plans for every match, with the
    trigram index there, and the limit outside still stops the reading."""
    from ess_platform.kernel.pagination import first_keys

    model = CooperativeFactory(name_ar="تعاونية تيزنيت", name_fr="", is_published=True)
    numbered_cooperatives(model, 500, prefix="CAP")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cooperatives_cooperative")

    plan = _plan(Cooperative.objects.unscoped().filter(
        pk__in=first_keys(cooperative_list(q="تيزنيت"), 1001)))

    assert "CTE first_keys" in plan and "CTE Scan on first_keys" in plan, plan
    # The limit sits above the CTE, whose own plan reads the matches by an index.
    before, cte = plan.split("CTE first_keys", 1)
    cte = cte.split("CTE Scan on first_keys", 1)[0]
    assert "Limit" in before.strip().splitlines()[-1] and "Limit" not in cte, plan
    assert "Bitmap Index Scan" in cte, plan


def test_a_capped_count_of_a_filter_that_matches_nothing_is_zero(territory):
    from ess_platform.kernel.pagination import capped_count

    CooperativeFactory(is_published=True)

    assert capped_count(Cooperative.objects.unscoped().filter(pk__in=[])) == 0
    assert capped_count(Cooperative.objects.unscoped().none()) == 0
