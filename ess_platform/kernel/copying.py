"""Many new rows at once: PostgreSQL's COPY, for seeding a national (or ten times national)
data set in minutes. Like ``bulk_create`` it sends no signals and calls no ``save()``."""

from django.db import connections, router


def copy_objects(model, objects, *, using=None):
    """Insert unsaved ``objects`` of ``model`` and give each its primary key: COPY on
    PostgreSQL (keys reserved from the table's sequence first), ``bulk_create`` elsewhere.
    Fields' ``pre_save`` runs as on an insert (``auto_now_add`` dates are set)."""
    objects = list(objects)
    using = using or router.db_for_write(model)
    connection = connections[using]
    if not objects:
        return objects
    if connection.vendor != "postgresql":
        return model._base_manager.using(using).bulk_create(objects, batch_size=2000)
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [field for field in meta.concrete_fields if not field.generated]
    with connection.cursor() as cursor:
        missing = [obj for obj in objects if obj.pk is None]
        if missing:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                           "FROM generate_series(1, %s)",
                           [meta.db_table, meta.pk.column, len(missing)])
            for obj, (pk,) in zip(missing, cursor.fetchall(), strict=True):
                obj.pk = pk
        columns = ", ".join(quote(field.column) for field in fields)
        with cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([
                    field.get_db_prep_save(field.pre_save(obj, True), connection=connection)
                    for field in fields])
    for obj in objects:
        obj._state.adding = False
        obj._state.db = using
    return objects
