"""Rows whose links to small reference tables (a sector, a region, a province, a commune)
are filled from the process's memory instead of joined by the database.

A list page of the directory showed each row's sector, commune, province and region
through ``select_related``: four joins that PostgreSQL plans on every request (5 ms of a
search page's planning) and four more model instances per row that Django builds (half of
the Python time of an API page of 100). Those tables are a few hundred rows that every
process already keeps for the filters' choices. ``referenced(queryset, Iterable)`` makes
the queryset yield its rows with those links already set from ``Iterable.references()``:
{field name: {primary key: instance}}.

The instances are shared by every row and request of the process: read them, never
change them. A key the tables do not hold (a row added since they were read) is asked for
once more (``references(refresh=True)``); a row still missing falls back to Django's own
lazy read. A link the queryset selected itself (``select_related``) is left as it is.
"""

from django.db.models.query import ModelIterable


class ReferencedIterable(ModelIterable):
    """Model instances with their reference links set from memory (module docstring).

    Subclasses define ``references(refresh=False)``."""

    @staticmethod
    def references(refresh=False):
        raise NotImplementedError

    def __iter__(self):
        meta = self.queryset.model._meta
        tables = self.references()
        fields = [(meta.get_field(name), name) for name in tables]
        refreshed = False
        for instance in super().__iter__():
            for field, name in fields:
                key = getattr(instance, field.attname)
                if key is None or field.is_cached(instance):
                    continue
                found = tables[name].get(key)
                if found is None and not refreshed:
                    tables, refreshed = self.references(refresh=True), True
                    found = tables[name].get(key)
                if found is not None:
                    field.set_cached_value(instance, found)
            yield instance


def referenced(queryset, iterable_class):
    """``queryset`` yielding its model instances through ``iterable_class`` (a
    ``ReferencedIterable``); ``values()`` and ``values_list()`` are unchanged."""
    queryset = queryset.all()
    queryset._iterable_class = iterable_class
    return queryset
