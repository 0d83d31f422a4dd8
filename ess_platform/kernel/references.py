"""Rows whose links to small reference tables (a sector, a region, a province) are filled
from the process's memory instead of joined by the database.

A list page of the directory showed each row's sector, province and region through
``select_related``: joins that PostgreSQL plans on every request, and three more model
instances per row that Django builds (about a fifth of the CPU time of an API page of
100). Those tables are a few dozen rows that every process already keeps for the filters'
choices. ``referenced(queryset, Iterable)`` makes the queryset yield its rows with those
links already set from ``Iterable.references()``: {field name: {primary key: instance}},
where a name may follow a link the query selects ("cooperative__sector": the sector of
each row's cooperative).

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
        tables = self.references()
        links = [(_path(self.queryset.model, name), name) for name in tables]
        refreshed = False
        for instance in super().__iter__():
            for path, name in links:
                owner = instance
                for step in path[:-1]:  # a link of a row the query selected with it
                    owner = step.get_cached_value(owner, None)
                    if owner is None:
                        break
                field = path[-1]
                if owner is None or field.is_cached(owner):
                    continue
                key = getattr(owner, field.attname)
                if key is None:
                    continue
                found = tables[name].get(key)
                if found is None and not refreshed:
                    tables, refreshed = self.references(refresh=True), True
                    found = tables[name].get(key)
                if found is not None:
                    field.set_cached_value(owner, found)
            yield instance


def _path(model, name):
    """The foreign keys of ``name`` ("sector", or "cooperative__sector": the sector of the
    row's cooperative, which the query selects)."""
    fields = []
    for part in name.split("__"):
        field = model._meta.get_field(part)
        fields.append(field)
        model = field.related_model
    return fields


def referenced(queryset, iterable_class):
    """``queryset`` yielding its model instances through ``iterable_class`` (a
    ``ReferencedIterable``); ``values()`` and ``values_list()`` are unchanged."""
    queryset = queryset.all()
    queryset._iterable_class = iterable_class
    return queryset
