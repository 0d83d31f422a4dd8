"""The ideas' tally (IdeaTally), kept by triggers on PostgreSQL.

One statement-level trigger per kind of write reads the statement's rows (transition
tables) and adds them to their groups: +1 for a new row, -1 for a removed one, both for a
changed one, summed per group first, so that a write that moves no idea between groups
(a title, a search text) touches no tally row and takes no lock. Groups are written in
their key order, so two statements never lock the same groups in opposite orders. The
tally is filled from the ideas already stored. TRUNCATE (a database flush) empties both
tables together. SQLite keeps no tally (nothing reads it there).
"""

from django.db import migrations, models

GROUPS = """
    INSERT INTO projects_bank_ideatally AS tally
        (region_id, sector_id, status, language, ideas)
    SELECT coalesce(region_id, 0), coalesce(sector_id, 0), status, language, sum(change)
    FROM ({rows}) AS changed
    GROUP BY 1, 2, 3, 4 HAVING sum(change) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT idea_tally_group
    DO UPDATE SET ideas = tally.ideas + excluded.ideas;
"""
NEW = "SELECT region_id, sector_id, status, language, 1 AS change FROM new_rows"
OLD = "SELECT region_id, sector_id, status, language, -1 AS change FROM old_rows"

CREATE = f"""
CREATE FUNCTION projects_bank_idea_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {GROUPS.format(rows=NEW)}
    ELSIF TG_OP = 'DELETE' THEN
        {GROUPS.format(rows=OLD)}
    ELSE
        {GROUPS.format(rows=NEW + " UNION ALL " + OLD)}
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER idea_tally_insert AFTER INSERT ON projects_bank_projectidea
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION projects_bank_idea_tally();
CREATE TRIGGER idea_tally_update AFTER UPDATE ON projects_bank_projectidea
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION projects_bank_idea_tally();
CREATE TRIGGER idea_tally_delete AFTER DELETE ON projects_bank_projectidea
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION projects_bank_idea_tally();
{GROUPS.format(rows=NEW.replace("new_rows", "projects_bank_projectidea"))}
"""

DROP = """
DROP TRIGGER IF EXISTS idea_tally_insert ON projects_bank_projectidea;
DROP TRIGGER IF EXISTS idea_tally_update ON projects_bank_projectidea;
DROP TRIGGER IF EXISTS idea_tally_delete ON projects_bank_projectidea;
DROP FUNCTION IF EXISTS projects_bank_idea_tally();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [
        ('projects_bank', '0012_idea_region_status'),
    ]

    operations = [
        migrations.CreateModel(
            name='IdeaTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_id', models.IntegerField()),
                ('sector_id', models.IntegerField()),
                ('status', models.CharField(max_length=20)),
                ('language', models.CharField(max_length=2)),
                ('ideas', models.BigIntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('region_id', 'sector_id', 'status', 'language'), name='idea_tally_group')],
            },
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
