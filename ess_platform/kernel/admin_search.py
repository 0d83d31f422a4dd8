"""Arabic-aware admin search: the directory's normalisation (``ess_platform.kernel.search``) in the
admin's search box and autocomplete.

A query goes through the site's one search (``ess_platform.kernel.searching.engine.Search``: words
without clitics and elisions, names in the other script, known spellings, one-letter
corrections); every word must be found (AND) in one of the admin's ``search_fields`` (OR),
each column normalised in the database the same way:
on SQLite by ``normalize`` itself, registered as an SQL function; on PostgreSQL by
``translate()`` with the same letter table (and ``replace()`` for the ligatures). A model
that stores a normalised search column (the cooperatives' ``search_text``) names it in
``normalised_search_column`` and is searched exactly as the public directory searches it.
"""

from django.contrib.admin.utils import lookup_spawns_duplicates

from . import search_sql  # noqa: F401 - registers the SQLite normalisation function


def normalised_search(queryset, fields, query, *, column=None, facets=None):
    """Rows where every word of ``query`` (or its other script, spelling or a one-letter
    correction: ``ess_platform.kernel.searching``) is in one of ``fields`` (or in ``column``, an
    already normalised column), both sides normalised alike; with ``facets`` ({facet:
    field}), words that name a sector or a place also find its rows by their id, as the
    public list finds them. The caller orders the rows."""
    from .searching.engine import Search

    return Search(query).apply(queryset, fields=fields, column=column, rank=False,
                               facets=facets)


class NormalisedSearchAdminMixin:
    """Mix into a ModelAdmin (before it): its search box finds Arabic and French text
    whatever the hamza, ta marbuta, harakat or accents typed."""

    #: An already normalised column to search instead of ``search_fields``.
    normalised_search_column = None
    #: {facet: field}: words naming a sector or a place find its rows by id (the public
    #: list's ``facets``: ``Search.apply``).
    normalised_search_facets = None

    def get_search_results(self, request, queryset, search_term):
        fields = [field.lstrip("^=@") for field in self.get_search_fields(request)]
        if not search_term.strip() or not (fields or self.normalised_search_column):
            return super().get_search_results(request, queryset, search_term)
        results = normalised_search(queryset, fields, search_term,
                                    column=self.normalised_search_column,
                                    facets=self.normalised_search_facets)
        may_have_duplicates = any(
            lookup_spawns_duplicates(self.opts, field) for field in fields)
        return results, may_have_duplicates
