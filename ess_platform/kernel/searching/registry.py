"""What each app searches, registered from its ``AppConfig.ready`` (this package imports no
domain app).

- ``register_names(model, fields, source=...)``: rows whose names (``fields``: the same name
  in each language, e.g. ``("name_ar", "name_fr")``) feed the vocabulary of names (typo
  correction) and, when two of them differ, a pair of names a query in one script finds in
  the other (territory, sectors, products); with ``facet=`` ("sector", "commune"...), a
  query that names one of these rows exactly resolves to its id (``SearchFacet``), which a
  list may filter by instead of matching the words (``Search.apply(..., facets=...)``).
- ``register_list(key, ...)``: a public list the global search page shows, by type.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

_names = {}
_lists = {}


@dataclass(frozen=True)
class NameSource:
    model: type
    fields: tuple
    source: str
    #: Rows to read (default: the public rows of a region-scoped model, else every row).
    rows: Callable | None = None
    #: Whether the names pair across languages (False: vocabulary only).
    pairs: bool = True
    #: (instance) -> bool: whether a saved row's names may be learnt (e.g. published),
    #: since "did you mean" shows them to anyone.
    include: Callable | None = None
    #: The facet a query naming one of these rows resolves to (None: names only).
    facet: str | None = None

    def queryset(self):
        if self.rows is not None:
            return self.rows()
        queryset = self.model._default_manager.all()
        return queryset.public() if hasattr(queryset, "public") else queryset


@dataclass(frozen=True)
class SearchList:
    """A list of the global search page: ``search(query)`` returns the ranked queryset
    (``ess_platform.kernel.searching.engine.Search.apply`` on the list's own public rows)."""

    key: str
    label: object  # a lazy translation
    search: Callable
    #: The list page's URL name: "all results" links to it with ?q=.
    url_name: str
    #: (object) -> (title, subtitle) shown in a result row.
    describe: Callable
    position: int = 100
    extra: dict = field(default_factory=dict)


def register_names(model, fields, *, source, rows=None, pairs=True, include=None,
                   facet=None):
    """The saves of ``model`` feed the index (``index.record_saved_names``, connected once
    in apps.py to every save, acts on the registered models)."""
    name_source = NameSource(model, tuple(fields), source, rows, pairs, include, facet)
    _names[(model, source)] = name_source
    return name_source


def register_list(key, *, label, search, url_name, describe, position=100):
    _lists[key] = SearchList(key, label, search, url_name, describe, position)


def name_sources(model=None):
    return [s for s in _names.values() if model is None or s.model is model]


def search_lists():
    return sorted(_lists.values(), key=lambda item: (item.position, item.key))
