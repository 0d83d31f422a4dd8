"""The published ideas' version (PublishedIdeasVersion), raised by the tally's trigger.

The trigger function of migration 0013 is replaced by one that does the same and, when
the statement's rows (before or after it) hold a published idea, raises the version in
the same transaction: a list built at a version never changes under it. Only PostgreSQL.
"""

from importlib import import_module

from django.db import migrations, models

_tally = import_module("projects_bank.migrations.0013_idea_tally")

PUBLISHED = "('accepted', 'incubated', 'cooperative_created')"
BUMP = """
    UPDATE projects_bank_publishedideasversion SET version = version + 1 WHERE id = 1;
"""


def function(bump):
    """The trigger function: the tally's groups, and (``bump``) the version raised when
    the rows named hold a published idea."""
    def raised(*tables):
        if not bump:
            return ""
        found = " OR ".join(f"EXISTS (SELECT 1 FROM {table} WHERE status IN {PUBLISHED})"
                            for table in tables)
        return f"IF {found} THEN {BUMP} END IF;"
    return f"""
CREATE OR REPLACE FUNCTION projects_bank_idea_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_tally.GROUPS.format(rows=_tally.NEW)}
        {raised("new_rows")}
    ELSIF TG_OP = 'DELETE' THEN
        {_tally.GROUPS.format(rows=_tally.OLD)}
        {raised("old_rows")}
    ELSE
        {_tally.GROUPS.format(rows=_tally.NEW + " UNION ALL " + _tally.OLD)}
        {raised("new_rows", "old_rows")}
    END IF;
    RETURN NULL;
END
$$;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(function(bump=True))
    apps.get_model("projects_bank", "PublishedIdeasVersion").objects.get_or_create(pk=1)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(function(bump=False))


class Migration(migrations.Migration):

    dependencies = [
        ('projects_bank', '0014_idea_public_orders'),
    ]

    operations = [
        migrations.CreateModel(
            name='PublishedIdeasVersion',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ('version', models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
