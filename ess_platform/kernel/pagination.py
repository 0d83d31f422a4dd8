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

from math import ceil

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Subquery
from django.db.models.query import ModelIterable, QuerySet
from django.utils.functional import cached_property

#: From this offset on, a page reads its keys first (shallower pages read the rows at once).
DEFERRED_FROM = 1000
#: From this many rows on, a list ordered by a computed value sorts its keys alone (fewer
#: are sorted whole faster than read twice).
SORTED_KEYS_FROM = 300


def deferrable(queryset):
    """Whether the rows of ``queryset`` can be fetched back by key (model rows, not a
    union or a DISTINCT whose keys a plain key list would change)."""
    return (isinstance(queryset, QuerySet) and queryset._iterable_class is ModelIterable
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


def page_rows(queryset, start, stop, *, deferred_from=DEFERRED_FROM, count=None):
    """The rows ``queryset[start:stop]``, with a deferred join from ``deferred_from`` (from
    the first page, in the same statement, for a list ordered by a computed value with more
    than SORTED_KEYS_FROM rows (``count``, when known))."""
    if not deferrable(queryset):
        return queryset[start:stop]
    if start < deferred_from:
        if not sorted_by_annotation(queryset) or (
                count is not None and count <= SORTED_KEYS_FROM):
            return queryset[start:stop]
        return queryset.filter(pk__in=Subquery(page_keys(queryset, start, stop)))
    keys = list(page_keys(queryset, start, stop))
    if not keys:
        return []
    rows = {row.pk: row for row in queryset.filter(pk__in=keys)}
    return [rows[key] for key in keys if key in rows]


class DeferredJoinPaginator(Paginator):
    """Django's Paginator whose deep pages use the deferred join (``page_rows``)."""

    deferred_from = DEFERRED_FROM

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(page_rows(self.object_list, bottom, top,
                                        deferred_from=self.deferred_from, count=self.count),
                              number, self)


#: A search's count stops here: the page says "more than" this many.
COUNT_CAP = 1000


def capped_count(queryset, cap=COUNT_CAP):
    """How many rows ``queryset`` has, counting at most ``cap + 1`` of them
    (``SELECT count(*) FROM (... LIMIT cap + 1)``): more than ``cap`` when it returns
    ``cap + 1``."""
    return queryset.order_by().values("pk")[:cap + 1].count()


class CappedCountPaginator(DeferredJoinPaginator):
    """A paginator whose count stops past ``count_cap`` rows (None: the exact count).

    Past the cap (``capped``: ``count`` is then ``count_cap + 1``), the last page is not
    known: any page number is valid, a page reads one row more than it shows to know
    whether another follows, and ``num_pages`` is as far as the pages read have seen."""

    capped = False
    _reached = 0

    def __init__(self, *args, count_cap=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_cap = count_cap

    @cached_property
    def count(self):
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
                              deferred_from=self.deferred_from))
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        self._reached = number + 1 if len(rows) > self.per_page else number
        return self._get_page(rows[:self.per_page], number, self)
