"""Many new rows at once: PostgreSQL's COPY, for seeding a national (or ten times national)
data set in minutes, and for the records of a bulk write. Like ``bulk_create`` it sends no
signals and calls no ``save()``."""

from django.db import connections, router

# Values the database takes as they are for any field but a JSON one (the adaptation
# Django would make of them is the identity): no preparation call per cell.
PLAIN = (str, int, bool)


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


def _preparer(field, connection):
    """The function that turns a value of ``field`` into what the database takes."""
    def prepare(value):
        return field.get_db_prep_save(value, connection=connection)

    if field.get_internal_type() == "JSONField":  # a str is a JSON string there
        return prepare
    return lambda value: value if value is None or type(value) in PLAIN else prepare(value)


def copy_rows(model, attnames, rows, *, using=None):
    """Insert rows given as plain values, without model instances: each row holds a value
    of every field of ``attnames`` (in that order, as the model holds them). The other
    columns take what an insert gives them (default, ``auto_now``), evaluated once for all
    the rows (a default time is the same for every row); the primary key comes from the
    database. COPY on PostgreSQL, ``bulk_create`` elsewhere; no signals, no ``save()``."""
    using = using or router.db_for_write(model)
    connection = connections[using]
    rows = list(rows)
    if not rows:
        return
    meta = model._meta
    fields = {field.attname: field for field in meta.concrete_fields}
    if connection.vendor != "postgresql":
        model._base_manager.using(using).bulk_create(
            [model(**dict(zip(attnames, row, strict=True))) for row in rows], batch_size=2000)
        return
    given = [fields[name] for name in attnames]
    others = [field for field in meta.concrete_fields
              if field.attname not in attnames and field is not meta.pk
              and not field.generated]
    template = model()  # the values an insert gives (defaults, auto_now dates)
    defaults = [field.get_db_prep_save(field.pre_save(template, True), connection=connection)
                for field in others]
    prepare = [_preparer(field, connection) for field in given]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in [*given, *others])
    with connection.cursor() as cursor, cursor.copy(
            f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([*(p(value) for p, value in zip(prepare, row, strict=True)),
                            *defaults])
