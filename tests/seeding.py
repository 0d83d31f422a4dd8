"""Large data sets for the tests, written by the database in one INSERT ... SELECT.

Building tens of thousands of model instances in Python for bulk_create takes a minute on
a busy machine; the database generates the same rows in a second or two. The rows are
numbered 0..count-1 by a recursive common table expression (PostgreSQL and SQLite both
run it); every column gets its model default unless ``per_row`` gives an SQL expression
of the row number ``g.i``.
"""

from django.db import connection
from django.utils import timezone


def between(low, high, multiplier, modulus, *, places=6):
    """An SQL value in [low, high) that scatters the rows evenly, the same on every run,
    rounded as a DecimalField of ``places`` stores it. ``multiplier`` and ``modulus`` are
    coprime; their product stays within a 32-bit integer for 100,000 rows."""
    fraction = f"((g.i * {multiplier} + 1) %% {modulus}) / {float(modulus)}"
    return f"round({low} + {high - low} * {fraction}, {places})"


def insert_rows(model, count, per_row):
    """Insert ``count`` rows of ``model``; ``per_row`` maps a column to an SQL expression
    (``g.i`` is the row number; the modulo operator is written ``%%``, as the query has
    parameters). Returns nothing: read the rows back if you need them."""
    columns, values, params = [], [], []
    now = timezone.now()
    for field in model._meta.concrete_fields:
        if field.primary_key and field.column not in per_row:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in per_row:
            values.append(per_row[field.column])
            continue
        values.append("%s")
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            params.append(field.get_db_prep_save(now, connection))
        else:
            params.append(field.get_db_prep_save(field.get_default(), connection))
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
        "WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i + 1 < %s) "
        f"SELECT {', '.join(values)} FROM g"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [count, *params])
