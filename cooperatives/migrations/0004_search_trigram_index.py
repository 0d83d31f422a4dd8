"""A pg_trgm GIN index on Cooperative.search_text, on PostgreSQL only.

The directory searches with ``search_text__contains`` (the text and the query are both
normalised and casefolded by ess_platform.kernel.search.normalize), which PostgreSQL serves from
this index; SQLite scans the column and gives the same results.
"""

from django.db import migrations

INDEX = "cooperative_search_text_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON cooperatives_cooperative "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [("cooperatives", "0003_sectors")]

    operations = [migrations.RunPython(create_index, drop_index)]
