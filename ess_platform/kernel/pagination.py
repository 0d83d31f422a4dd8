"""Deep pages that cost what the first ones cost: the deferred join.

``OFFSET n`` makes the database build and throw away n whole rows (their joins, their
columns) before the page. A deep page here first reads only the keys of its rows, in the
list's order (an index-only walk when an index serves the order), then the page's rows by
key. A list ordered by a computed value (a search's rank) does the same from its first
page, in one statement: its matches are sorted by key alone, then the page's rows joined.
The page numbers, the counts and the rows are those of the plain offset.
"""

from django.core.paginator import Paginator
from django.db.models import Subquery
from django.db.models.query import ModelIterable, QuerySet

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
