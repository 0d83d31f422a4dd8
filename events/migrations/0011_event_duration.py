"""The longest duration of any event, read from an index (``EventQuerySet.ending_from``).

An expression index exists on PostgreSQL only: on SQLite it would call one of Django's own
SQL functions, which a plain ``sqlite3`` shell does not have (every write to the table
from it would fail), and the embedded database does without the bound."""

from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS event_duration ON events_event ((ends_at - starts_at))"
DROP = "DROP INDEX IF EXISTS event_duration"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0010_event_region_coming"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
