"""Event.search_text: titles, venues and organisers in both languages, normalised, for the
events' search (which normalised six columns in SQL on every row); filled for the rows
already stored and pg_trgm-indexed on PostgreSQL."""

from django.db import migrations, models

from ess_platform.kernel.searching.columns import create_trigram_index, drop_index, fill_search_text

INDEX = "event_search_text_trgm"
FIELDS = ("title_ar", "title_fr", "venue_ar", "venue_fr", "organisers_ar", "organisers_fr")


def fill(apps, schema_editor):
    fill_search_text(apps.get_model("events", "Event"), FIELDS,
                     using=schema_editor.connection.alias)


def create_index(apps, schema_editor):
    create_trigram_index(schema_editor, table="events_event", name=INDEX)


def remove_index(apps, schema_editor):
    drop_index(schema_editor, name=INDEX)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0007_tamazight_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False,
                                   verbose_name="search text"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_index, remove_index),
    ]
