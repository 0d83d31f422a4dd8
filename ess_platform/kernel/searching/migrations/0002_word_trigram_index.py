"""pg_trgm and a GIN trigram index on the vocabulary's words, on PostgreSQL only: a mistyped
query word finds its neighbours with the ``%`` operator (``engine.TrigramSimilar``). SQLite
looks them up by length and first or last letters instead."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "searching_word_trgm"


class PostgreSQLOnly(TrigramExtension):
    """CREATE EXTENSION pg_trgm, skipped on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass  # other indexes (the directory's) need the extension too


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON searching_searchword "
            "USING gin (word gin_trgm_ops)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [("searching", "0001_initial")]

    operations = [
        PostgreSQLOnly(),
        migrations.RunPython(create_index, drop_index),
    ]
