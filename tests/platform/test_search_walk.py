"""A search with many matches: its rows of a rank follow each other newest first, and on
PostgreSQL a page is read by walking the newest rows (``SearchRank.page_keys``), falling
back on ranking every match in the same statement; the words most rows hold are tested
by position, not through the trigram index (``shares.py``). The pages and the rows found
are those the plain ranked order gives, whichever way they were read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.models import Cooperative
from cooperatives.selectors import cooperative_list
from ess_platform.kernel import pagination
from ess_platform.kernel.searching import engine
from ess_platform.kernel.searching.engine import Search
from ess_platform.kernel.searching.models import NamePair, SearchWord, WordShare
from ess_platform.kernel.searching.shares import refresh_word_shares
from tests.cooperatives.factories import CooperativeFactory, numbered_cooperatives

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="the walk and the word shares are PostgreSQL's")


@pytest.fixture
def few_is_many(monkeypatch):
    """Ten matches count as many, a walk reads the newest thirty rows at most, and four
    rows holding the typed words are few."""
    monkeypatch.setattr(engine, "NEWEST_FIRST_FROM", 10)
    monkeypatch.setattr(engine, "WALKED_ROWS", 30)
    monkeypatch.setattr(engine, "FEW_TYPED", 4)
    monkeypatch.setattr(pagination, "SORTED_KEYS_FROM", 5)
    # "baraka" is also written "بركة": rows named so only are found in the other script.
    NamePair.objects.create(name="baraka", other="بركه", source="variant")


def _labels(pattern):
    """Names by number: which rows hold "baraka" at a word start, inside a word, only in
    the other script, or not at all."""
    def label(n):
        kind = pattern(n)
        arabic = "البركة" if kind == "related" else f"رقم {n}"
        word = {"exact": "baraka", "inside": "elbarakat", "typo": "barakq"}.get(kind, "nour")
        return (f"{arabic} {n}", f"{word} {n}")
    return label


def _expected(rows, start, stop, typed="baraka", related=("بركه",)):
    """The ranked order spelled out: the typed word at a word start, then inside a word,
    then found otherwise (``related``: the other script, a correction); each rank newest
    first."""
    def rank(row):
        text = row.search_text
        if text.startswith(typed) or f" {typed}" in text:
            return 0
        return 1 if typed in text else 2
    matching = [row for row in rows
                if any(word in row.search_text for word in (typed, *related))]
    return [row.pk for row in sorted(matching, key=lambda row: (rank(row), -row.pk))][start:stop]


def _page(query, start, stop, count):
    queryset = cooperative_list(q=query)
    with CaptureQueriesContext(connection) as ctx:
        rows = list(pagination.page_rows(queryset, start, stop, count=count))
    return [row.pk for row in rows], " ".join(q["sql"] for q in ctx.captured_queries)


@pytest.mark.parametrize("pattern", [
    # Exact matches among the newest rows: their walk fills the page.
    lambda n: "exact" if n % 2 else "inside",
    # Few rows hold the typed word: they are ranked, the rows found in the other script
    # follow from their walk (or, past what it found, every match is ranked).
    lambda n: "exact" if n < 2 else ("inside" if n < 4 else ("related" if n % 2 else "none")),
    # Only the other script: the walk of the related rows.
    lambda n: "related" if n % 2 else "none",
    # Exact matches only among the oldest rows and many rows hold the typed word: every
    # match is ranked.
    lambda n: "exact" if n < 8 else ("inside" if n % 3 else "related"),
], ids=["exact-walk", "few-typed", "related-walk", "ranked"])
def test_many_matches_page_like_the_ranked_order(territory, few_is_many, pattern):
    model = CooperativeFactory(is_published=True)
    rows = numbered_cooperatives(model, 60, label=_labels(pattern))
    rows = list(Cooperative.objects.unscoped().filter(pk__in=[row.pk for row in rows]))
    count = len(_expected(rows, 0, None))
    assert count > engine.NEWEST_FIRST_FROM
    for start, stop in ((0, 5), (5, 10), (10, 21), (0, 31), (25, 30)):
        keys, _sql = _page("baraka", start, stop, count)
        assert keys == _expected(rows, start, stop), (start, stop)


def test_a_typo_ranks_the_few_rows_that_hold_it_then_walks_the_corrected(territory,
                                                                        few_is_many):
    """A corrected word: the rows holding the typo as typed (few) come first, ranked, then
    those found through the correction (and its other script), newest first."""
    SearchWord.objects.create(word="baraka", display="baraka", length=6)
    model = CooperativeFactory(is_published=True)
    def pattern(n):
        if n < 2:
            return "typo"
        return "related" if n % 3 == 0 else ("exact" if n % 2 else "none")

    rows = numbered_cooperatives(model, 60, label=_labels(pattern))
    rows = list(Cooperative.objects.unscoped().filter(pk__in=[row.pk for row in rows]))
    assert Search("barakq").corrected
    expected = _expected(rows, 0, None, typed="barakq", related=("baraka", "بركه"))
    for start, stop in ((0, 5), (5, 10), (0, 21), (25, 30)):
        keys, sql = _page("barakq", start, stop, len(expected))
        assert keys == expected[start:stop], (start, stop)
    if connection.vendor == "postgresql":
        assert "true AND (SELECT count(*) FROM typed)" in sql


@postgresql_only
def test_the_walk_reads_the_newest_rows_and_stops(territory, few_is_many):
    model = CooperativeFactory(is_published=True)
    numbered_cooperatives(model, 40, label=_labels(lambda n: "exact" if n % 2 else "none"))

    keys, sql = _page("baraka", 0, 5, count=20)

    assert len(keys) == 5
    assert "WITH exact" in sql and "STRPOS" in sql


def test_few_matches_keep_the_list_order_within_a_rank(territory, few_is_many):
    """Up to NEWEST_FIRST_FROM matches a rank is in the list's own order (names)."""
    model = CooperativeFactory(is_published=True)
    numbered_cooperatives(model, 6, label=lambda n: (f"رقم {n}", f"baraka {5 - n}"))

    keys, sql = _page("baraka", 0, 6, count=6)

    names = list(Cooperative.objects.unscoped().filter(pk__in=keys).order_by("name_ar", "pk")
                 .values_list("pk", flat=True))
    assert keys == names
    assert "walked" not in sql


@postgresql_only
def test_word_shares_name_the_words_most_rows_hold(territory):
    model = CooperativeFactory(is_published=True)
    numbered_cooperatives(model, 30, label=lambda n: (f"رقم {n}", f"nour {n}"))
    CooperativeFactory(name_fr="Coopérative Tifaout", is_published=True)

    refresh_word_shares()

    shares = dict(WordShare.objects.filter(table="cooperatives.cooperative")
                  .values_list("word", "per_mille"))
    # Every row holds "coopérative"/"تعاونية"; "nour" 30 rows of 32.
    assert shares["cooperative"] == 1000 and shares["تعاونيه"] == 1000
    assert shares["nour"] >= 900
    assert "tifaout" not in shares


@postgresql_only
def test_a_common_word_is_tested_by_position_and_finds_the_same_rows(territory):
    model = CooperativeFactory(is_published=True)
    numbered_cooperatives(model, 30, label=lambda n: (f"رقم {n}", f"nour {n}"))
    tifaout = CooperativeFactory(name_fr="Coopérative Tifaout", is_published=True)
    refresh_word_shares()

    search = Search("Coopérative Tifaout")
    _sql, params = cooperative_list(q=search).query.sql_with_params()
    found = [row.pk for row in cooperative_list(q=search)]

    assert found == [tifaout.pk]
    # "coopérative" (every row) by its position, "tifaout" through the trigram index.
    assert "%tifaout%" in params and "%cooperative%" not in params
    assert "cooperative" in params


@postgresql_only
def test_a_query_of_common_words_only_keeps_the_index(territory):
    model = CooperativeFactory(is_published=True)
    numbered_cooperatives(model, 30, label=lambda n: (f"رقم {n}", f"nour {n}"))
    refresh_word_shares()

    _sql, params = cooperative_list(q="Coopérative nour").query.sql_with_params()
    found = cooperative_list(q="Coopérative nour").count()

    assert "%cooperative%" in params and "%nour%" in params
    assert found == 30


def test_shares_are_read_with_the_names_in_one_query(territory):
    """The shares add no query: they come with the names and places of the words."""
    search = Search("Coopérative Tifaout")
    with CaptureQueriesContext(connection) as ctx:
        search.groups  # noqa: B018 (expands the query)
    unions = [q["sql"] for q in ctx.captured_queries if "searching_wordshare" in q["sql"]]
    assert len(unions) == 1 and "searching_namepair" in unions[0]
