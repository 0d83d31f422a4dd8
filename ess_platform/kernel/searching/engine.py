"""The one search of the site: every public list, the API's ``?search=``, the admin's
search boxes and the global search page run a query through ``Search``.

A query becomes groups of words (``ess_platform.kernel.search.search_words``: normalised, without
clitics and elisions), each with its alternatives:

- the words as typed;
- the same name in the other script or another known spelling, when words of the query
  (up to four in a row) name a place, a sector or a product of the registered names
  (``NamePair``: the territory's Arabic and French names, translated names, and the
  ``SpellingVariant`` table), looked up in two hops (a variant of a French name finds the
  Arabic one);
- for a word of five letters or more that no name of the site holds, the names' words one
  letter away (wrong, missing or extra: ``SearchWord``), found on PostgreSQL by pg_trgm
  similarity over a trigram index and on SQLite by length and first or last letters, then
  checked by edit distance in Python, so both databases answer alike.

A row matches when every group has one alternative whose words are all in the row's text
(a stored normalised column, or fields normalised in SQL like ``normalize``). Rows are
ranked: every typed word at a word start first, then typed words inside words, then rows
found only through another script, a spelling variant or a correction; on PostgreSQL the
trigram word similarity of the query orders rows within a rank. At most three queries
are added to the list's own (names and the sectors and places they name, the vocabulary
for the long words that name nothing, names of names).

Words that name a sector or a place exactly (``SearchFacet``) also find its rows by their
indexed id in the lists that say which column holds it (``apply(..., facets=...)``).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Lookup,
    Q,
    Value,
    When,
)
from django.db.models.expressions import Col, OrderBy, Subquery
from django.db.models.functions import Cast, StrIndex
from django.db.models.lookups import Contains, Exact, GreaterThan, StartsWith
from django.db.models.sql.where import WhereNode

from ess_platform.kernel.search import normalize, search_words
from ess_platform.kernel.search_sql import Normalised

from .models import NamePair, SearchFacet, SearchWord, WordShare
from .shares import table_label

MAX_WORDS = 8
MAX_QUERY = 200
#: Words this long or longer accept one wrong, missing or extra letter.
FUZZY_MIN_LENGTH = 5
#: A name of up to this many words is looked up in the other script.
MAX_NAME_WORDS = 4
#: pg_trgm's similarity() threshold for the ``%`` operator (its default).
TRIGRAM_THRESHOLD = 0.3
#: Matches up to which rows of a rank are ordered by their trigram similarity to the query.
SIMILARITY_LIMIT = 500
#: Past this many matches (where the lists stop counting: ``pagination.COUNT_CAP``), the
#: rows of a rank follow each other newest first (``SearchRank``).
NEWEST_FIRST_FROM = 1000
#: The newest rows of a table a page of such a search walks at most before it ranks every
#: match instead.
WALKED_ROWS = 2000
#: Up to this many rows holding the typed words are ranked whole, before the other matches.
FEW_TYPED = 100

EXACT, CONTAINED, RELATED = 0, 1, 2


class SimilarityUnlessMany(Case):
    """The trigram similarity that orders a search's matches within a rank, or NULL when
    more than SIMILARITY_LIMIT rows match (an EXISTS over the matches decides, in the
    statement). A paginator that has counted the matches already settles it with
    ``settled(count)`` (``ess_platform.kernel.pagination.settled``): the statement then
    holds no EXISTS, which the planner tends to answer by reading the table from its start
    until the limit's row, and which the page's two levels would each run."""

    def settled(self, count):
        if count > SIMILARITY_LIMIT:
            # Typed NULL: PostgreSQL refuses a bare constant in ORDER BY.
            return Cast(Value(None), output_field=FloatField())
        return self.default


class SearchRank(Case):
    """A match's rank: EXACT (every typed word at a word start), CONTAINED (every typed word
    in the text), RELATED (found through another script, a spelling or a correction).

    Past NEWEST_FIRST_FROM matches (``settled(count)``, told by the paginator that counted
    them), the rows of a rank follow each other newest first (``reordered``), not in the
    list's order: a word found in a tenth of the country would otherwise have every match
    read, ranked and sorted for each page, ten times the work at ten times the data. A
    page's keys (``page_keys``, PostgreSQL) are then read without ranking every match:

    - the exact matches, walked from the newest row down;
    - for a query with a corrected word (a typo, which few texts hold), when those are
      too few and few rows hold the typed words (FEW_TYPED or fewer), those are ranked,
      and the rows found otherwise (RELATED: through the correction) follow, walked from
      the newest row down. A query without a correction skips this reading: its typed
      words are words of names, which many rows hold, and finding out that more than
      FEW_TYPED do would cost as much as the ranking it spares.

    A walk tests each row's text by position (no index reads a match the walk does not
    reach) and stops once the page is full: a few hundred rows for a common word, whatever
    the size of the table. When the newest WALKED_ROWS rows do not fill the page, the same
    statement ranks every match instead (``WalkedOrRanked``)."""

    def __init__(self, *cases, exact=None, typed_in=None, typed=None, column=None,
                 corrected=False, many=False, **extra):
        super().__init__(*cases, **extra)
        self.corrected = corrected
        #: Q: the rows of rank EXACT among the matches; the rows that hold every typed word
        #: (by position; ``typed``: the same through the trigram index); ``column``: the
        #: text they are in.
        self.exact, self.typed_in, self.typed = exact, typed_in, typed
        self.column, self.many = column, many

    def settled(self, count):
        if count <= NEWEST_FIRST_FROM or self.many:
            return self
        many = self.copy()
        many.many = True
        return many

    def reordered(self, name, order):
        """The list's order once settled: (rank, newest first) past NEWEST_FIRST_FROM
        matches, else ``order`` itself."""
        return (name, "-pk") if self.many else order

    def page_keys(self, queryset, start, stop):
        """A subquery of the keys of ``queryset[start:stop]`` (settled past
        NEWEST_FIRST_FROM matches, PostgreSQL) read by walks (``WalkedOrRanked``), or None
        where there is no walk."""
        if (not self.many or self.exact is None or stop > WALKED_ROWS
                or not _is_postgresql(queryset)):
            return None
        newest = Subquery(queryset.model._base_manager.order_by("-pk").values("pk")
                          [WALKED_ROWS - 1:WALKED_ROWS])

        def walk(condition):
            rows = queryset.order_by().filter(condition)
            rows.query.where = _by_position(rows.query.where, self.column)
            return (rows.filter(pk__gte=newest).order_by("-pk")
                    .values_list("pk", flat=True)[:stop])

        # The rows that hold the typed words, each with its rank (this annotation's name).
        name = next(name for name, expression in queryset.query.annotations.items()
                    if expression is self)
        typed = (queryset.order_by().filter(self.typed)
                 .values_list("pk", name)[:FEW_TYPED + 1])
        return WalkedOrRanked(exact=walk(self.exact), typed=typed, rank=name,
                              typed_first=self.corrected,
                              related=walk(~self.typed_in),
                              ranked=queryset.values_list("pk", flat=True)[start:stop],
                              start=start, stop=stop)


class WalkedOrRanked(Subquery):
    """The keys of a page ``[start:stop]`` in (rank, newest first) order, from the first
    of three readings that holds it, PostgreSQL running the walks and the ranking a
    reading needs only when the readings before it fell short:

    - ``exact`` (the exact matches, newest first, from a walk) when the walk found
      ``stop`` of them: the first rows of the first rank;
    - ``typed`` (the rows that hold every typed word, up to FEW_TYPED + 1 of them, with
      their rank) when they are FEW_TYPED or fewer and, followed by ``related`` (the other
      matches, newest first, from a walk), make ``stop`` rows (only when ``typed_first``:
      otherwise the condition is false as written, and PostgreSQL plans neither);
    - else ``ranked``: every match ranked, the page's keys."""

    template = """(WITH exact (key) AS MATERIALIZED (%(exact)s),
      typed (key, level) AS MATERIALIZED (
          SELECT %(key)s, %(rank)s FROM (%(typed)s) AS typed_rows),
      related (key) AS MATERIALIZED (%(related)s)
 SELECT key FROM (SELECT key FROM exact ORDER BY key DESC OFFSET %(start)d) AS walked
   WHERE %(walked)s
 UNION ALL
 SELECT key FROM (
     SELECT key FROM (SELECT key, level FROM typed
                      UNION ALL SELECT key, %(related_level)d FROM related) AS joined
     ORDER BY level, key DESC OFFSET %(start)d LIMIT %(size)d) AS few
   WHERE NOT (%(walked)s) AND %(few)s
 UNION ALL
 SELECT key FROM (%(ranked)s) AS ranked (key)
   WHERE NOT (%(walked)s) AND NOT (%(few)s))"""
    walked = "(SELECT count(*) FROM exact) >= %(stop)d"
    few = ("%(typed_first)s AND (SELECT count(*) FROM typed) <= %(limit)d "
           "AND (SELECT count(*) FROM typed) + (SELECT count(*) FROM related) >= %(stop)d")

    def __init__(self, *, exact, typed, rank, related, ranked, start, stop, typed_first=True):
        super().__init__(exact)
        self.typed_first = bool(typed_first)
        #: The name of the rank's column in ``typed`` (its other column is "pk": the
        #: columns of a compiled statement are read by name, whatever their order).
        self.rank = rank
        self.others = [query.query.clone() for query in (typed, related, ranked)]
        for query in self.others:
            query.subquery = True
        self.start, self.stop = int(start), int(stop)

    def get_source_expressions(self):
        return [self.query, *self.others]

    def set_source_expressions(self, exprs):
        self.query, *self.others = exprs

    def copy(self):
        clone = super().copy()
        clone.others = [query.clone() for query in clone.others]
        return clone

    def as_sql(self, compiler, connection, template=None, **extra_context):
        parts, params = {}, []
        for name, query in zip(("exact", "typed", "related", "ranked"),
                               (self.query, *self.others), strict=True):
            sql, query_params = query.as_sql(compiler, connection)
            parts[name] = sql[1:-1]
            params.extend(query_params)
        numbers = {"limit": FEW_TYPED, "stop": self.stop,
                   "typed_first": "true" if self.typed_first else "false"}
        quote = connection.ops.quote_name
        sql = self.template % {**parts, "start": self.start, "size": self.stop - self.start,
                               "key": quote("pk"), "rank": quote(self.rank),
                               "related_level": RELATED,
                               "few": self.few % numbers, "walked": self.walked % numbers}
        return sql, tuple(params)


def _by_position(where, column):
    """A copy of ``where`` whose tests of ``column`` by LIKE (contains, starts with) are
    tests of a position (strpos), which no index serves: a walk in another order reads
    the rows it passes and no index of the matches."""
    copy = WhereNode(connector=where.connector, negated=where.negated)
    for child in where.children:
        if isinstance(child, WhereNode):
            child = _by_position(child, column)
        elif (isinstance(child, (Contains, StartsWith)) and isinstance(child.lhs, Col)
              and child.lhs.target.name == column):
            position = StrIndex(child.lhs, Value(child.rhs))
            child = (GreaterThan(position, 0) if isinstance(child, Contains)
                     else Exact(position, 1))
        copy.children.append(child)
    return copy


class TrigramSimilar(Lookup):
    """``lhs % rhs`` (pg_trgm): served by a GIN trigram index."""

    lookup_name = "trigram_similar"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} %% {rhs}", (*lhs_params, *rhs_params)


def edit_distance(a, b, limit=2):
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it passes ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@dataclass
class Group:
    """Consecutive query words and what else they may be written as."""

    typed: tuple
    alternatives: list = field(default_factory=list)  # tuples of words
    corrected: bool = False
    translated: bool = False
    #: {facet: {ids}}: the rows these words name exactly, in either script or spelling
    #: (``SearchFacet``); a list that filters by that facet matches them by id.
    named: dict = field(default_factory=dict)

    def all(self):
        return [self.typed, *self.alternatives]


def _is_postgresql(queryset=None):
    alias = queryset.db if queryset is not None else "default"
    from django.db import connections

    return connections[alias].vendor == "postgresql"


def _vocabulary_candidates(words, *, distance):
    """Rows of SearchWord that may be within ``distance`` of one of ``words``."""
    if distance == 1 and connection.vendor == "postgresql":
        # Each word's neighbours only when it is not a known word itself (a known word needs
        # no correction): an uncorrelated NOT EXISTS is a one-time filter in front of the
        # trigram scan, which a common name ("agriculture") would otherwise pay for.
        found = SearchWord.objects.filter(word__in=words).values_list("word", "display")
        for word in words:
            found = found.union(
                SearchWord.objects.filter(TrigramSimilar(F("word"), Value(word)))
                .filter(~Exists(SearchWord.objects.filter(word=word)))
                .values_list("word", "display"), all=True)
        return found
    condition = Q(word__in=words)
    for word in words:
        n = len(word)
        if distance == 1 and connection.vendor == "postgresql":
            condition |= Q(TrigramSimilar(F("word"), Value(word)))
        else:
            # One edit leaves the first two or the last two letters of a word of five
            # letters or more in place (two edits: the first or the last two).
            condition |= Q(length__range=(n - distance, n + distance)) & (
                Q(word__startswith=word[:distance]) | Q(word__endswith=word[-2:]))
    return SearchWord.objects.filter(condition).values_list("word", "display")


class Search:
    """A query, expanded once (lazily), applied to any number of querysets."""

    def __init__(self, query):
        self.query = " ".join(str(query or "").split())[:MAX_QUERY]
        self.words = search_words(self.query)[:MAX_WORDS]
        self._groups = None
        #: {table label: {words most of its rows hold}} (shares.py), read with the names.
        self.common = {}

    def __bool__(self):
        return bool(self.words)

    # --- expansion --------------------------------------------------------------------

    @property
    def groups(self):
        if self._groups is None:
            self._groups = self._expand()
        return self._groups

    def _corrections(self, skip=frozenset()):
        """{word: [vocabulary words one letter away]} for the long words no name holds
        (``skip``: words known to be names already)."""
        long_words = sorted({w for w in self.words
                             if len(w) >= FUZZY_MIN_LENGTH and not w.isdigit()
                             and w not in skip})
        if not long_words:
            return {}
        rows = list(_vocabulary_candidates(long_words, distance=1)[:2000])
        known = {word for word, _display in rows}
        corrections = {}
        for word in long_words:
            if word in known:
                continue
            found = sorted(candidate for candidate, _display in rows
                           if edit_distance(word, candidate, 1) <= 1)
            if found:
                corrections[word] = found[:5]
        return corrections

    def _pairs_and_facets(self, keys):
        """({name: {other names}}, {name: {(facet, id)}}) of these names, in one query that
        also reads which of their words most rows of a table hold (``self.common``)."""
        pairs = NamePair.objects.filter(name__in=keys).values_list(
            "name", "other", Value("", output_field=CharField()),
            Value(0, output_field=BigIntegerField()))
        facets = SearchFacet.objects.filter(key__in=keys).values_list(
            "key", Value("", output_field=CharField()), "facet", "object_id")
        words = sorted({word for key in keys for word in key.split()})
        shares = WordShare.objects.filter(word__in=words).values_list(
            "word", "table", Value("", output_field=CharField()),
            Value(-1, output_field=BigIntegerField()))
        others, named = {}, {}
        for name, other, facet, object_id in pairs.union(facets, shares, all=True):
            if object_id == -1:  # a word most rows of the table ``other`` hold
                self.common.setdefault(other, set()).add(name)
            elif facet:
                named.setdefault(name, set()).add((facet, object_id))
            else:
                others.setdefault(name, set()).add(other)
        return others, named

    def _expand(self):
        """The groups, in at most three queries: the names the words make (other names and
        facets), the corrections of the long words that name nothing, then the names of
        those other names and corrections."""
        words = self.words
        keys = {" ".join(words[i:i + n]) for i in range(len(words))
                for n in range(1, MAX_NAME_WORDS + 1) if i + n <= len(words)}
        names, named = self._pairs_and_facets(keys)
        # A word of a name is no typo: only the others are looked up in the vocabulary.
        corrections = self._corrections(
            skip={word for key in (*names, *named) for word in key.split()})
        corrected = {c for found in corrections.values() for c in found} - keys
        seconds = {other for found in names.values() for other in found} - keys | corrected
        further, further_named = self._pairs_and_facets(seconds) if seconds else ({}, {})
        for name, found in names.items():
            for other in list(found):
                found |= further.get(other, set())
            found.discard(name)
        for word in corrected:
            if word in further:
                names[word] = further[word] - {word}
        # A name's facets include those of its other names.
        named_too = {**further_named, **named}
        for name, found in names.items():
            for other in found | {name}:
                if other in named_too:
                    named.setdefault(name, set()).update(named_too[other])
        groups, i = [], 0
        while i < len(words):
            for n in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
                key = " ".join(words[i:i + n])
                if n == 1 or key in names or key in named:
                    break
            typed = tuple(words[i:i + n])
            group = Group(typed)
            for facet, object_id in named.get(key, ()):
                group.named.setdefault(facet, set()).add(object_id)
            for other in sorted(names.get(key, ())):
                group.alternatives.append(tuple(other.split()))
                group.translated = True
            for correction in corrections.get(key, ()) if n == 1 else ():
                group.alternatives.append((correction,))
                group.corrected = True
                for other in sorted(names.get(correction, ())):
                    group.alternatives.append(tuple(other.split()))
                    group.translated = True
            groups.append(group)
            i += n
        return groups

    # --- applying ---------------------------------------------------------------------

    def _contains(self, targets, word):
        condition = Q()
        for target in targets:
            condition |= Q(**{f"{target}__contains": word})
        return condition

    def _holds(self, targets, text):
        """Q: ``text`` is in one of ``targets``, found by its position (strpos, instr): the
        rows of ``__contains`` without LIKE's pattern walk, three times faster over a long
        Arabic text. For the rank, which every match computes and no index serves."""
        condition = Q()
        for target in targets:
            condition |= Q(GreaterThan(StrIndex(F(target), Value(text)), 0))
        return condition

    def _starts(self, targets, word):
        condition = Q()
        prefixes = [word, "ال" + word] if word[:1] and "\u0621" <= word[0] <= "\u064a" else [word]
        for target in targets:
            for prefix in prefixes:
                condition |= Q(**{f"{target}__startswith": prefix})
                condition |= self._holds([target], " " + prefix)
        return condition

    def resolved(self, group, facets):
        """Q on ``facets`` ({facet: field}) for the rows ``group`` names exactly, or None
        when it names none of them."""
        condition = None
        for facet, ids in sorted(group.named.items()):
            if facet in (facets or {}):
                found = Q(**{f"{facets[facet]}__in": sorted(ids)})
                condition = found if condition is None else condition | found
        return condition

    def text_words(self, facets=None, broad=()):
        """The typed words that rank: all but those of the groups that name rows of
        ``broad`` facets only (a sector, a region: a third of the country may match, which
        the list's own indexed order pages through at once). A narrow place (a commune, a
        province) matches few rows, which are ranked like any word's: cheaper than walking
        the list's order past the rows elsewhere, and typed words at a word start first."""
        unranked = []
        for group in self.groups:
            named = {facet for facet in group.named if facet in (facets or {})}
            if named and named <= set(broad):
                unranked.append(group)
        return [word for group in self.groups if group not in unranked
                for word in group.typed]

    def condition(self, targets, facets=None, common=frozenset()):
        """Q: every group found in one of ``targets`` (normalised text columns/aliases), or,
        for a group that names a row of one of ``facets`` ({facet: field}), also by that
        row's indexed id: a sector or a place named exactly finds its rows whatever their
        text says, besides the rows whose text names it. The ``common`` words (most rows
        hold them) are tested by position, which no index serves (``spared``)."""
        result = Q()
        for group in self.groups:
            either = Q()
            for alternative in group.all():
                every = Q()
                for word in alternative:
                    every &= (self._holds(targets, word) if word in common
                              else self._contains(targets, word))
                either |= every
            resolved = self.resolved(group, facets)
            result &= either if resolved is None else resolved | either
        return result

    def spared(self, model):
        """The words of the query that most rows of ``model``'s table hold (shares.py),
        which the trigram index is spared: none unless another group still reads the
        index, every alternative of it by a word of its own that is not common."""
        groups = self.groups  # expanded (the shares are read with the names)
        common = self.common.get(table_label(model), set())
        if not common:
            return frozenset()
        if any(all(set(alternative) - common for alternative in group.all())
               for group in groups):
            return frozenset(common)
        return frozenset()

    def _similarity(self, column):
        """pg_trgm's word similarity of the query to ``column``, without computing it for
        the rows that hold the whole query as whole words: those score 1 (every trigram of
        the query is in that stretch of the text), and word_similarity() over a long text
        is what a common word's thousands of matches spent most of their time on."""
        phrase = normalize(self.query)
        similarity = Func(Value(phrase), F(column), function="word_similarity",
                          output_field=FloatField())
        if not any(char.isalnum() for char in phrase):
            return similarity
        whole = (Q(**{column: phrase}) | Q(**{f"{column}__startswith": phrase + " "})
                 | Q(**{f"{column}__endswith": " " + phrase})
                 | Q(**{f"{column}__contains": f" {phrase} "}))
        return Case(When(whole, then=Value(1.0)), default=similarity,
                    output_field=FloatField())

    def apply(self, queryset, *, fields=(), column=None, rank=True, facets=None, broad=()):
        """``queryset`` narrowed to the query (nothing to do for an empty one), ranked.

        ``column``: a stored text column normalised by ``normalize``; else ``fields``,
        normalised in SQL (translated fields: name every language, ``name_ar``,
        ``name_fr``). ``facets`` ({facet: field}, e.g. ``{"sector": "sector_id"}``): the
        words that name a registered row exactly also find it by its id; those naming rows
        of ``broad`` facets only are not ranked, and a query of such names alone keeps the
        list's own order."""
        if not self.words:
            return queryset
        common = frozenset()
        if column:
            targets = [column]
            if _is_postgresql(queryset):
                common = self.spared(queryset.model)
        else:
            aliases = {f"_search_{i}": Normalised(F(name)) for i, name in enumerate(fields)}
            queryset = queryset.alias(**aliases)
            targets = list(aliases)
        queryset = queryset.filter(self.condition(targets, facets, common))
        words = self.text_words(facets, broad)
        if not rank or not words:
            return queryset
        typed_start, typed_in, typed = Q(), Q(), Q()
        for word in words:
            typed_start &= self._starts(targets, word)
            typed_in &= self._holds(targets, word)
            # The same rows, found through the trigram index (spared its common words).
            typed &= (self._holds(targets, word) if word in common
                      else self._contains(targets, word))
        # Whether the typed words are in the text at all first (one position test a word):
        # most rows of a corrected or translated search hold none of them, and only those
        # that do are tested at each word start (up to four tests a word).
        queryset = queryset.annotate(search_rank=SearchRank(
            When(typed_in, then=Case(When(typed_start, then=Value(EXACT)),
                                     default=Value(CONTAINED))),
            default=Value(RELATED), output_field=IntegerField(),
            exact=typed_in & typed_start if column else None, typed_in=typed_in, typed=typed,
            column=column, corrected=self.corrected))
        order = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
        ordering = ["search_rank"]
        if column and _is_postgresql(queryset):
            # Past SIMILARITY_LIMIT matches, rows are ordered by rank and the list's order
            # only: one EXISTS (an InitPlan, run once) saves word_similarity() on each of
            # thousands of rows that a common word matches.
            many = Exists(queryset.order_by().values("pk")[SIMILARITY_LIMIT:])
            queryset = queryset.annotate(search_similarity=SimilarityUnlessMany(
                When(many, then=Value(None)), default=self._similarity(column),
                output_field=FloatField()))
            ordering.append(OrderBy(F("search_similarity"), descending=True, nulls_last=True))
        return queryset.order_by(*ordering, *order)

    # --- explaining -------------------------------------------------------------------

    @property
    def highlight_words(self):
        """Every word a row may have matched by (typed, translated or corrected)."""
        if not self.words:
            return []
        return sorted({word for group in self.groups for alternative in group.all()
                       for word in alternative}, key=len, reverse=True)

    @property
    def corrected(self):
        return any(group.corrected for group in self.groups) if self.words else False

    @property
    def translated(self):
        return any(group.translated for group in self.groups) if self.words else False

    def suggestions(self, limit=3):
        """Queries to try instead ("did you mean"): each typed word replaced by the closest
        name word (up to two letters away), as written in the names."""
        words = [w for w in self.words if len(w) >= 3 and not w.isdigit()]
        if not words:
            return []
        rows = list(_vocabulary_candidates(words, distance=2)[:3000])
        best = {}
        for word in words:
            scored = sorted(
                (edit_distance(word, candidate, 2), candidate, display)
                for candidate, display in rows if candidate != word)
            scored = [row for row in scored if row[0] <= (1 if len(word) < 5 else 2)]
            if scored:
                best[word] = scored[0]
        tokens = self.query.split()
        token_words = [search_words(token) for token in tokens]
        suggestions = []
        for word, (_distance, _candidate, display) in sorted(best.items(),
                                                               key=lambda item: item[1]):
            suggested = " ".join(display if word in found else token
                                 for token, found in zip(tokens, token_words, strict=True))
            if suggested not in suggestions:
                suggestions.append(suggested)
        return suggestions[:limit]


def wider_url(request, *, keep=("q",)):
    """The same search without the list's other filters, or None when there are none."""
    narrowed = any(value for key, values in request.GET.lists() if key not in (*keep, "page")
                   for value in values)
    if not narrowed:
        return None
    return "?" + urlencode({key: request.GET.get(key) for key in keep if request.GET.get(key)})


def no_results_context(request, search, count, *, wider=True):
    """What a list page offers when a search found nothing: the closest names and (unless
    the page offers its own, ``wider=False``) the same search without the other filters."""
    if not search or count:
        return {}
    keep = request.GET.copy()
    keep.pop("q", None)
    keep.pop("page", None)
    return {"suggestions": search.suggestions(),
            "wider_url": wider_url(request) if wider else None,
            "keep_query": keep.urlencode()}
