"""Arabic-aware admin search: the directory's normalisation (``ess_platform.search``) in the
admin's search box and autocomplete.

A query goes through the site's one search (``ess_platform.searching.engine.Search``: words
without clitics and elisions, names in the other script, known spellings, one-letter
corrections); every word must be found (AND) in one of the admin's ``search_fields`` (OR),
each column normalised in the database the same way:
on SQLite by ``normalize`` itself, registered as an SQL function; on PostgreSQL by
``translate()`` with the same letter table (and ``replace()`` for the ligatures). A model
that stores a normalised search column (the cooperatives' ``search_text``) names it in
``normalised_search_column`` and is searched exactly as the public directory searches it.
"""

import sqlite3

from django.contrib.admin.utils import lookup_spawns_duplicates
from django.db.backends.signals import connection_created
from django.db.models import CharField, Func, TextField, Value
from django.db.models.functions import Lower, Replace

from .search import ARABIC_FOLDS, normalize

SQLITE_FUNCTION = "ess_normalize"

# Characters that ``normalize`` folds (to -> letter) or drops (to -> ""), for translate():
# the Arabic letter table is ``search.ARABIC_FOLDS`` itself; the Latin accents are what
# ``normalize`` strips by NFKD decomposition.
_FOLDED = {
    **{char: folded for char, folded in ARABIC_FOLDS.items() if folded},
    **dict.fromkeys("àâäáãåÀÂÄÁÃÅ", "a"), **dict.fromkeys("çÇ", "c"),
    **dict.fromkeys("éèêëÉÈÊË", "e"), **dict.fromkeys("îïíìÎÏÍÌ", "i"),
    **dict.fromkeys("ôöóòõÔÖÓÒÕ", "o"), **dict.fromkeys("ùûüúÙÛÜÚ", "u"),
    **dict.fromkeys("ÿýŸÝ", "y"), **dict.fromkeys("ñÑ", "n"),
}
_DROPPED = ("".join(char for char, folded in ARABIC_FOLDS.items() if not folded)
            + "".join(chr(c) for c in range(0x0300, 0x0370)))
_LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"}


class Normalised(Func):
    """A text column normalised like ``ess_platform.search.normalize`` (for ``contains``)."""

    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        expression = Lower(self.source_expressions[0])
        for ligature, letters in _LIGATURES.items():
            expression = Replace(expression, Value(ligature), Value(letters))
        expression = Func(
            expression,
            Value("".join(_FOLDED) + _DROPPED),
            Value("".join(_FOLDED.values())),
            function="translate", output_field=CharField())
        return compiler.compile(expression)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError(f"No search normalisation for {connection.vendor}.")


def _sqlite_normalize(value):
    return normalize(value) if value is not None else None


def register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        try:
            connection.connection.create_function(SQLITE_FUNCTION, 1, _sqlite_normalize,
                                                  deterministic=True)
        except sqlite3.NotSupportedError:  # a very old SQLite
            connection.connection.create_function(SQLITE_FUNCTION, 1, _sqlite_normalize)


connection_created.connect(register_sqlite_function, dispatch_uid="ess_normalize")


def normalised_search(queryset, fields, query, *, column=None):
    """Rows where every word of ``query`` (or its other script, spelling or a one-letter
    correction: ``ess_platform.searching``) is in one of ``fields`` (or in ``column``, an
    already normalised column), both sides normalised alike. The caller orders the rows."""
    from .searching.engine import Search

    return Search(query).apply(queryset, fields=fields, column=column, rank=False)


class NormalisedSearchAdminMixin:
    """Mix into a ModelAdmin (before it): its search box finds Arabic and French text
    whatever the hamza, ta marbuta, harakat or accents typed."""

    #: An already normalised column to search instead of ``search_fields``.
    normalised_search_column = None

    def get_search_results(self, request, queryset, search_term):
        fields = [field.lstrip("^=@") for field in self.get_search_fields(request)]
        if not search_term.strip() or not (fields or self.normalised_search_column):
            return super().get_search_results(request, queryset, search_term)
        results = normalised_search(queryset, fields, search_term,
                                    column=self.normalised_search_column)
        may_have_duplicates = any(
            lookup_spawns_duplicates(self.opts, field) for field in fields)
        return results, may_have_duplicates
