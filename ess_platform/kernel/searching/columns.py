"""The stored search column of a model (``StoredSearchText``) in migrations: filled for the
rows already stored, and pg_trgm-indexed on PostgreSQL, where ``contains`` on it (the
engine's word test) reads the index instead of every row."""

from ess_platform.kernel.search import search_text

BATCH_SIZE = 2000


def fill_search_text(model, fields, *, using, batch_size=BATCH_SIZE):
    """Write ``search_text`` of every row of ``model`` (a migration's historical model, which
    has none of the live model's methods) from ``fields``, in batches by primary key."""
    manager = model._base_manager.using(using)
    last_pk = 0
    while True:
        batch = list(manager.filter(pk__gt=last_pk).order_by("pk")
                     .only("pk", *fields)[:batch_size])
        if not batch:
            return
        last_pk = batch[-1].pk
        for row in batch:
            row.search_text = search_text(*(getattr(row, name) for name in fields))
        manager.bulk_update(batch, ["search_text"])


def create_trigram_index(schema_editor, *, table, name, column="search_text"):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                          f"USING gin ({column} gin_trgm_ops)")


def drop_index(schema_editor, *, name):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
