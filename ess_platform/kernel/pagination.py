"""Deep pages that cost what the first ones cost: the deferred join.

``OFFSET n`` makes the database build and throw away n whole rows (their joins, their
columns) before the page. A deep page here first reads only the keys of its rows, in the
list's order (an index-only walk when an index serves the order), then the page's rows by
key. A list ordered by a computed value (a search's rank) does the same from its first
page, in one statement: its matches are sorted by key alone, then the page's rows joined.
The page numbers, the counts and the rows are those of the plain offset.

A search that matches a third of the country need not count 21,000 rows to show twenty:
``CappedCountPaginator`` counts at most ``count_cap + 1`` of them (``capped_count``), and
past the cap says "more than" (``capped``) and pages on as long as rows follow.
"""

import hashlib
from dataclasses import dataclass
from math import ceil

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Subquery
from django.db.models.query import ModelIterable, QuerySet
from django.utils.functional import cached_property

#: From this offset on, a page reads its keys first (shallower pages read the rows at once).
DEFERRED_FROM = 1000
#: From this many rows on, a list ordered by a computed value sorts its keys alone (fewer
#: are sorted whole faster than read twice).
SORTED_KEYS_FROM = 300


def deferrable(queryset):
    """Whether the rows of ``queryset`` can be fetched back by key (model rows, also those
    of a ModelIterable subclass, not a union or a DISTINCT whose keys a plain key list
    would change)."""
    return (isinstance(queryset, QuerySet) and issubclass(queryset._iterable_class, ModelIterable)
            and not queryset.query.combinator and not queryset.query.distinct
            and queryset.query.is_sliced is False)


def page_keys(queryset, start, stop):
    """The keys of ``queryset[start:stop]``, in its order: all the query reads."""
    return queryset.values_list("pk", flat=True)[start:stop]


def sorted_by_annotation(queryset):
    """Whether ``queryset`` is ordered by a computed value (a search's rank): every match
    is then sorted, and sorting their keys alone spares the joins of the rows left out."""
    annotations = queryset.query.annotations
    for item in queryset.query.order_by:
        name = item if isinstance(item, str) else getattr(
            getattr(item, "expression", None), "name", None)
        if isinstance(name, str) and name.lstrip("-") in annotations:
            return True
    return False


def settled(queryset, count):
    """``queryset`` with the annotations that depend on how many rows it has (those with a
    ``settled(count)`` method, such as a search's similarity, computed or not, or its
    rank) replaced by what they are for ``count`` rows: the statement no longer finds it
    out itself. A settled annotation may also settle the list's order (``reordered``: a
    search's rank lists the rows of a rank newest first past a thousand matches)."""
    annotations = queryset.query.annotations
    names = [name for name, expression in annotations.items()
             if callable(getattr(expression, "settled", None))]
    if count is None or not names:
        return queryset
    queryset = queryset._chain()
    for name in names:
        expression = queryset.query.annotations[name] = annotations[name].settled(count)
        reordered = getattr(expression, "reordered", None)
        if reordered is not None:
            queryset.query.order_by = tuple(reordered(name, queryset.query.order_by))
    return queryset


def walked_keys(queryset, start, stop):
    """A subquery of the keys of ``queryset[start:stop]`` that an annotation of the list
    knows how to read better than by sorting every row (``page_keys``: a search's rank,
    settled past a thousand matches, walks the newest rows), or None."""
    for expression in queryset.query.annotations.values():
        page_keys = getattr(expression, "page_keys", None)
        keys = page_keys(queryset, start, stop) if page_keys is not None else None
        if keys is not None:
            return keys
    return None


#: A list's anchors: every ANCHOR_STRIDE-th row's place in its order.
ANCHOR_STRIDE = 1000
#: From this offset on, a list with anchors walks from the nearest one before its page.
ANCHORED_FROM = 2 * ANCHOR_STRIDE


def anchor_signature(queryset):
    """What a list's anchors hold for: its keys' statement, filters and order (anchors
    built for one list are never used for another)."""
    return hashlib.sha256(str(queryset.values_list("pk").query).encode()).hexdigest()


def anchor_column(queryset):
    """The column a list is ordered by before its key ("-column" when descending), when
    its order is exactly (column, key), both ascending or both descending, and the column
    a model field; else None."""
    order = list(queryset.query.order_by)
    if len(order) != 2 or not all(isinstance(item, str) for item in order):
        return None
    column, key = order
    sign = "-" if column.startswith("-") else ""
    if key not in (f"{sign}pk", f"{sign}{queryset.model._meta.pk.name}"):
        return None
    try:
        queryset.model._meta.get_field(column.removeprefix("-"))
    except FieldDoesNotExist:
        return None
    return column


#: Rows of a list in its order (column, key; NULLs last ascending, first descending, as
#: PostgreSQL sorts), numbered from 0: every stride-th one, and its first NULL after a
#: value (where the unnamed rows start, ascending).
_ANCHORS_SQL = """
SELECT value, key, position, value IS NULL AND previous IS NOT NULL FROM (
    SELECT value, key, row_number() OVER w - 1 AS position, lag(value) OVER w AS previous
    FROM ({keys}) AS listed (value, key)
    WINDOW w AS (ORDER BY value {direction}, key {direction})
) AS numbered
WHERE position %% {stride} = 0 OR (value IS NULL AND previous IS NOT NULL)
ORDER BY position
"""


@dataclass(frozen=True)
class Anchors:
    """Where every ``stride``-th row of a list ordered by (``column``, key) stands: its
    column's value and its key (``rows[n]`` is row ``n * stride``), and the position of
    its first row without a value (``nulls_from``; None: every row has one). PostgreSQL
    sorts those last, in key order. A descending order ("-column", key descending) has
    anchors only when every row has a value (PostgreSQL would sort the others first).
    Built for one list (``signature``) as it was at one moment: the caller keeps them per
    version of the data."""

    column: str
    signature: str
    rows: tuple
    nulls_from: int | None = None
    stride: int = ANCHOR_STRIDE

    @classmethod
    def build(cls, queryset, *, stride=None):
        """The anchors of ``queryset`` (ordered by (column, key): ``anchor_column``), every
        ``stride``-th row (ANCHOR_STRIDE), in one statement that walks its order once;
        None for any other list or database."""
        stride = stride or ANCHOR_STRIDE
        column = anchor_column(queryset)
        if column is None or connections[queryset.db].vendor != "postgresql":
            return None
        compiler = queryset.order_by().values_list(column.removeprefix("-"), "pk").query \
            .get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        # The compiled SELECT lists its columns in an order of its own: each found by name.
        names = [getattr(getattr(expression, "target", None), "name", None)
                 for expression, _sql, _alias in compiler.select]
        pk = queryset.model._meta.pk.name
        if sorted(names) != sorted([column.removeprefix("-"), pk]) or column == pk:
            return None
        descending = column.startswith("-")
        field = column.removeprefix("-")
        value, key = (f"c{names.index(name)}" for name in (field, pk))
        keys = f"SELECT {value}, {key} FROM ({sql}) AS compiled (c0, c1)"  # noqa: S608
        rows, nulls_from = [], None
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(_ANCHORS_SQL.format(keys=keys, stride=int(stride),
                                               direction="DESC" if descending else "ASC"),
                           params)
            for row_value, row_key, position, first_null in cursor.fetchall():
                if first_null:
                    nulls_from = position
                if position % stride == 0:
                    rows.append((row_value, row_key))
        if descending and rows and rows[0][0] is None:
            return None
        return cls(column=column, signature=anchor_signature(queryset), rows=tuple(rows),
                   nulls_from=nulls_from, stride=int(stride))

    def keys(self, queryset, start, stop):
        """The keys of ``queryset[start:stop]``, walked from the anchor at or before
        ``start`` (fewer than ``stride`` rows skipped), or None when these anchors are
        not ``queryset``'s."""
        if not self.rows or anchor_signature(queryset) != self.signature:
            return None
        number = min(start // self.stride, len(self.rows) - 1)
        value, key = self.rows[number]
        skip, size = start - number * self.stride, stop - start
        if self.column.startswith("-"):  # every row has a value (``build``)
            column = self.column[1:]
            walk = (queryset.filter(**{f"{column}__lte": value})
                    .exclude(**{column: value, "pk__gt": key}))
            return list(walk.values_list("pk", flat=True)[skip:skip + size])
        unnamed = queryset.filter(**{f"{self.column}__isnull": True})
        if value is None:  # among the rows without a value: in key order
            walk = unnamed.filter(pk__gte=key)
            return list(walk.values_list("pk", flat=True)[skip:skip + size])
        named = (queryset.filter(**{f"{self.column}__gte": value})
                 .exclude(**{self.column: value, "pk__lt": key}))
        # Rows with a value from this anchor on, before the unnamed ones.
        stretch = None if self.nulls_from is None else self.nulls_from - number * self.stride
        if stretch is not None and skip >= stretch:
            return list(unnamed.values_list("pk", flat=True)[skip - stretch:
                                                               skip - stretch + size])
        keys = list(named.values_list("pk", flat=True)[skip:skip + size])
        if len(keys) < size and stretch is not None:
            keys += list(unnamed.values_list("pk", flat=True)[:size - len(keys)])
        return keys


def page_rows(queryset, start, stop, *, deferred_from=DEFERRED_FROM, count=None,
              anchors=None):
    """The rows ``queryset[start:stop]``, with a deferred join from ``deferred_from`` (from
    the first page, in the same statement, for a list ordered by a computed value with more
    than SORTED_KEYS_FROM rows (``count``, when known: it also settles the annotations that
    depend on it, ``settled``)). ``anchors``: a callable that may give the ``Anchors`` of
    the list it is given (or None): from ANCHORED_FROM on, the page's keys are walked from
    them."""
    if isinstance(queryset, QuerySet):
        queryset = settled(queryset, count)
    if not deferrable(queryset):
        return queryset[start:stop]
    if start < deferred_from:
        if not sorted_by_annotation(queryset):
            return queryset[start:stop]
        keys = walked_keys(queryset, start, stop)
        if keys is not None:
            return queryset.filter(pk__in=keys)
        if count is not None and count <= SORTED_KEYS_FROM:
            return queryset[start:stop]
        return queryset.filter(pk__in=Subquery(page_keys(queryset, start, stop)))
    keys = None
    if anchors is not None and start >= ANCHORED_FROM:
        found = anchors(queryset)
        keys = found.keys(queryset, start, stop) if found is not None else None
    if keys is None:
        keys = list(page_keys(queryset, start, stop))
    if not keys:
        return []
    rows = {row.pk: row for row in queryset.filter(pk__in=keys)}
    return [rows[key] for key in keys if key in rows]


class DeferredJoinPaginator(Paginator):
    """Django's Paginator whose deep pages use the deferred join (``page_rows``), walked
    from the list's anchors when it has some (``anchors``: a callable given the list, or
    None)."""

    deferred_from = DEFERRED_FROM

    def __init__(self, *args, anchors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.anchors = anchors

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(page_rows(self.object_list, bottom, top,
                                        deferred_from=self.deferred_from, count=self.count,
                                        anchors=self.anchors),
                              number, self)


#: A search's count stops here: the page says "more than" this many.
COUNT_CAP = 1000


class _MaterializedFirstKeys(Subquery):
    """``(WITH first_keys AS MATERIALIZED (<keys>) SELECT * FROM first_keys LIMIT n)``."""

    template = ("(WITH first_keys AS MATERIALIZED (%(subquery)s) "
                "SELECT * FROM first_keys LIMIT %(limit)d)")


def first_keys(queryset, limit):
    """The keys of ``limit`` rows of ``queryset`` (in no order), as a subquery.

    On PostgreSQL the rows are read through a materialised CTE, stopped at the limit: its
    plan is the one that reads every match at least cost (for a search, the trigram
    index's bitmap), and the limit still stops the reading early. Under a plain LIMIT the
    planner assumes the matches spread evenly through the table and reads it from its
    start, testing every row's LIKE patterns: for a word found in one row in twelve, 36 ms
    instead of 7 on the national data set."""
    keys = queryset.order_by().values("pk")
    if connections[queryset.db].vendor != "postgresql":
        return keys[:limit]
    return _MaterializedFirstKeys(keys, limit=int(limit))


def capped_count(queryset, cap=COUNT_CAP):
    """How many rows ``queryset`` has, counting at most ``cap + 1`` of them
    (``SELECT count(*) FROM (... LIMIT cap + 1)``, through ``first_keys`` on PostgreSQL):
    more than ``cap`` when it returns ``cap + 1``."""
    keys = queryset.order_by().values("pk")
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return keys[:cap + 1].count()
    # Counted in SQL of its own: the queryset's own row-selection check still runs first.
    check_rows_selected = getattr(keys, "_check_rows_selected", None)
    if check_rows_selected is not None:
        check_rows_selected()
    try:
        sql, params = keys.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:  # a filter that matches nothing (an empty list of keys)
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"WITH first_keys AS MATERIALIZED ({sql}) "  # noqa: S608 (compiled)
                       "SELECT count(*) FROM (SELECT 1 FROM first_keys LIMIT %s) AS counted",
                       [*params, cap + 1])
        return cursor.fetchone()[0]


class CappedCountPaginator(DeferredJoinPaginator):
    """A paginator whose count stops past ``count_cap`` rows (None: the exact count).

    Past the cap (``capped``: ``count`` is then ``count_cap + 1``), the last page is not
    known: any page number is valid, a page reads one row more than it shows to know
    whether another follows, and ``num_pages`` is as far as the pages read have seen."""

    capped = False
    _reached = 0

    def __init__(self, *args, count_cap=None, known_count=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_cap = count_cap
        #: A callable that may know the count without counting (None: it does not).
        self.known_count = known_count

    @cached_property
    def count(self):
        known = self.known_count() if self.known_count is not None else None
        if known is not None:
            return known
        if self.count_cap is None:
            return super().count
        count = capped_count(self.object_list, self.count_cap)
        self.capped = count > self.count_cap
        return count

    @property
    def num_pages(self):
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        pages = ceil(max(1, self.count - self.orphans) / self.per_page)
        return max(pages, self._reached) if self.capped else pages

    def validate_number(self, number):
        if not (self.count and self.capped):
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        if not (self.count and self.capped):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(page_rows(self.object_list, bottom, bottom + self.per_page + 1,
                              deferred_from=self.deferred_from, count=self.count,
                              anchors=self.anchors))
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        self._reached = number + 1 if len(rows) > self.per_page else number
        return self._get_page(rows[:self.per_page], number, self)
