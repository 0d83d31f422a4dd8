"""search_text on ideas, financing sources and partners: the texts each list's search reads,
normalised (they were normalised in SQL on every row); filled for the rows already stored
and pg_trgm-indexed on PostgreSQL."""

from django.db import migrations, models

from ess_platform.kernel.searching.columns import create_trigram_index, drop_index, fill_search_text

#: model: (table, index, fields)
SEARCHED = {
    "projectidea": ("projects_bank_projectidea", "idea_search_text_trgm",
                    ("title", "summary")),
    "fundingsource": ("projects_bank_fundingsource", "funding_search_text_trgm",
                      ("programme_ar", "programme_fr", "funder_ar", "funder_fr")),
    "partner": ("projects_bank_partner", "partner_search_text_trgm",
                ("name_ar", "name_fr", "services_ar", "services_fr")),
}


def fill(apps, schema_editor):
    for model, (_table, _index, fields) in SEARCHED.items():
        fill_search_text(apps.get_model("projects_bank", model), fields,
                         using=schema_editor.connection.alias)


def create_indexes(apps, schema_editor):
    for table, index, _fields in SEARCHED.values():
        create_trigram_index(schema_editor, table=table, name=index)


def remove_indexes(apps, schema_editor):
    for _table, index, _fields in SEARCHED.values():
        drop_index(schema_editor, name=index)


def search_text_field():
    return models.TextField(blank=True, default="", editable=False, verbose_name="search text")


class Migration(migrations.Migration):

    dependencies = [
        ("projects_bank", "0008_notification_params"),
    ]

    operations = [
        *(migrations.AddField(model_name=model, name="search_text", field=search_text_field())
          for model in SEARCHED),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_indexes, remove_indexes),
    ]
