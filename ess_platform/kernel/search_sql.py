"""The database side of the search normalisation: a column normalised like
``ess_platform.kernel.search.normalize``, on SQLite by ``normalize`` itself, registered as an SQL
function; on PostgreSQL by ``translate()`` with the same letter table (and ``replace()``
for the ligatures). Used by the site's search engine and the admin's search box."""

import sqlite3

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
    """A text column normalised like ``ess_platform.kernel.search.normalize`` (for ``contains``)."""

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
