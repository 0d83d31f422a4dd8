"""Writing validated rows: new cooperatives created and known ones updated in bulk, each
batch in one transaction with its change records and a new directory version. When the
database refuses a batch (a constraint, a number created meanwhile), the batch is replayed
row by row in savepoints: a row is either fully written or rejected with the reason."""

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ess_platform.history import recorded_by
from ess_platform.history.bulk import record_bulk, snapshot
from ess_platform.kernel.searching.index import learn_names_after_commit

from ..cache import bump_directory_version
from ..models import Cooperative, Product
from ..search_text import SEARCH_FIELDS, build_search_text, products_to_research
from .validation import RowError, apply_to, check_for_create, check_model_rules


def bulk_update(cooperatives, field_names, batch_size=5000):
    """Update many cooperatives' columns. On PostgreSQL the new values are copied (COPY)
    into a temporary table and applied by one UPDATE ... FROM per batch (Django's
    bulk_update builds CASE expressions that take minutes at 65,000)."""
    if not cooperatives:
        return
    if connection.vendor != "postgresql":
        Cooperative.objects.bulk_update(cooperatives, field_names, batch_size=200)
        return
    meta = Cooperative._meta
    fields = [meta.get_field(name) for name in field_names]
    columns = [meta.pk, *fields]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(f.column) for f in columns)
    definitions = ", ".join(f"{quote(f.column)} {f.db_type(connection)}" for f in columns)
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
    pk = quote(meta.pk.column)
    attnames = [f.attname for f in columns]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS import_values")
        cursor.execute(f"CREATE TEMPORARY TABLE import_values ({definitions})")
        try:
            for start in range(0, len(cooperatives), batch_size):
                with cursor.copy(f"COPY import_values ({names}) FROM STDIN") as copy:
                    # Plain Python values (str, int, bool, Decimal, date, aware
                    # datetime, None): psycopg adapts them itself.
                    for cooperative in cooperatives[start:start + batch_size]:
                        copy.write_row([getattr(cooperative, name) for name in attnames])
                # Names quoted by the database backend; the values travel by COPY.
                cursor.execute(f"UPDATE {table} AS t SET {assignments} FROM import_values "  # noqa: S608
                               f"AS v WHERE t.{pk} = v.{pk}")
                cursor.execute("TRUNCATE import_values")
        finally:
            cursor.execute("DROP TABLE IF EXISTS import_values")


# What Cooperative.clean() reads.
MODEL_RULE_FIELDS = ("members_count", "women_members", "youth_members")


def _model_values(clean):
    """{attname: value} as stored, from a row's clean values."""
    values = {}
    for name, value in clean.items():
        if name == "sector":
            values["sector_id"] = value.pk
        elif name == "commune":
            values["commune_id"] = value.pk
            values["province_id"] = value.province_id
            values["region_id"] = value.province.region_id
        else:
            values[name] = value
    return values


def _differs(cooperative, values):
    return any(getattr(cooperative, name) != value for name, value in values.items())


def _stored_values(attnames, numbers):
    """{registration number: {attname: stored value}} of the known cooperatives."""
    if connection.vendor != "postgresql":
        rows = Cooperative.objects.unscoped().filter(
            registration_number__in=numbers).values_list(*attnames)
    else:  # one array parameter instead of thousands of placeholders
        meta = Cooperative._meta
        quote = connection.ops.quote_name
        column = {field.attname: field.column for field in meta.concrete_fields}
        columns = ", ".join(quote(column[name]) for name in attnames)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns} FROM {quote(meta.db_table)} "  # noqa: S608 - quoted names
                           f"WHERE {quote('registration_number')} = ANY(%s)", [numbers])
            rows = cursor.fetchall()
    index = attnames.index("registration_number")
    return {row[index]: dict(zip(attnames, row, strict=True)) for row in rows}


def write_batch(valid, context, *, actor=None):
    """Write a batch of validated rows [(row number, clean values)].

    Returns (written, rejected): [(row number, registration number, "created" or
    "updated")] and [(row number, registration number, RowError)]. A known cooperative
    whose values are already those of its row counts as updated but is not written
    again: no new ``updated_at`` (the change feed has nothing to tell), no change record."""
    if not valid:
        return [], []
    # Only the columns the file gives (plus what follows from them) are read and updated.
    # The untranslated columns (name, description, address) belong to modeltranslation
    # and are left alone.
    given = {name for _n, clean in valid for name in clean} - {"registration_number"}
    update_fields = sorted(given | {"updated_at", "search_text"})
    if "commune" in update_fields:
        update_fields += ["province", "region"]
    searched = set(SEARCH_FIELDS) & given
    loaded = ["id", "registration_number", "region", *update_fields, *MODEL_RULE_FIELDS,
              *(SEARCH_FIELDS if searched else ())]
    wanted = {Cooperative._meta.get_field(name).attname for name in loaded}
    # In the model's field order, as Model.from_db() reads them.
    attnames = [f.attname for f in Cooperative._meta.concrete_fields if f.attname in wanted]
    existing = _stored_values(attnames, [clean["registration_number"] for _n, clean in valid])
    to_create, to_update, unchanged, before, rejected = [], [], [], {}, []
    for row_number, clean in valid:
        number = clean["registration_number"]
        stored = existing.get(number)
        try:
            if stored is None:
                check_for_create(clean)
                cooperative = apply_to(Cooperative(), clean)
                check_model_rules(cooperative)
                to_create.append((row_number, cooperative))
                continue
            context.check_region(stored["region_id"])
            values = _model_values(clean)
            if not any(stored[name] != value for name, value in values.items()):
                unchanged.append((row_number, number))
                continue
            # A model instance only for what changes (building one is the slow part).
            cooperative = Cooperative.from_db(connection.alias, attnames,
                                              [stored[name] for name in attnames])
            previous = snapshot(cooperative)
            apply_to(cooperative, clean)
            check_model_rules(cooperative)
            to_update.append((row_number, cooperative))
            before[id(cooperative)] = (previous, _differs(previous, {
                name: values[name] for name in searched if name in values}))
        except RowError as error:
            rejected.append((row_number, number, error))
    # The search text follows the names (and the products' names) it is made of.
    research = [c for _n, c in to_update if before[id(c)][1]]
    products = {}
    if research:
        for product in Product.objects.unscoped().filter(
            cooperative_id__in=[c.pk for c in research]
        ).only("pk", "cooperative_id", "search_text", "name_ar", "name_fr"):
            products.setdefault(product.cooperative_id, []).append(product)
    for cooperative in research:
        cooperative.search_text = build_search_text(
            cooperative_values=cooperative, product_values=products.get(cooperative.pk, ()))
    # ... and so does each product's, which holds its cooperative's names.
    reproducts = products_to_research(cooperatives=research, products=products)
    for _n, cooperative in to_create:
        cooperative.search_text = build_search_text(cooperative_values=cooperative)
    now = timezone.now()
    for _n, cooperative in to_update:
        cooperative.updated_at = now
    try:
        with transaction.atomic():
            Cooperative.objects.bulk_create([c for _n, c in to_create], batch_size=2000)
            bulk_update([c for _n, c in to_update], update_fields)
            Product.objects.bulk_update(reproducts, ["search_text"], batch_size=2000)
            if to_create or to_update:
                bump_directory_version()  # bulk writes send no signals; counts at commit
                # ... nor are their names learnt by the search (typos): once committed.
                learn_names_after_commit(Cooperative, _ids_of(
                    [c for _n, c in to_create] + research))
            # ... nor change records: written here, in the batch's transaction.
            record_bulk(created=[c for _n, c in to_create],
                        updated=[(before[id(c)][0], c) for _n, c in to_update],
                        fields=update_fields, actor=actor)
        written = [(n, c.registration_number, "created") for n, c in to_create]
        written += [(n, c.registration_number, "updated") for n, c in to_update]
    except IntegrityError:
        written = _write_one_by_one(to_create, to_update, rejected, actor)
    written += [(n, number, "updated") for n, number in unchanged]
    return written, rejected


def _ids_of(cooperatives):
    """Their primary keys (read back by registration number where the database gave none
    on a bulk insert)."""
    ids = [c.pk for c in cooperatives if c.pk is not None]
    missing = [c.registration_number for c in cooperatives if c.pk is None]
    if missing:
        ids += Cooperative.objects.unscoped().filter(
            registration_number__in=missing).values_list("pk", flat=True)
    return ids


def _write_one_by_one(to_create, to_update, rejected, actor):
    """Replay a refused batch: each row in its own savepoint, the failing ones rejected."""
    for _n, cooperative in to_create:
        cooperative.pk = None
        cooperative._state.adding = True
    created = {id(c) for _n, c in to_create}
    written = []
    with recorded_by(actor):  # each save writes its own record (signals)
        for row_number, cooperative in to_create + to_update:
            try:
                with transaction.atomic():
                    cooperative.save()
            except IntegrityError as error:
                rejected.append((row_number, cooperative.registration_number,
                                 RowError("database_error",
                                          error=str(error).splitlines()[0][:200])))
            else:
                outcome = "created" if id(cooperative) in created else "updated"
                written.append((row_number, cooperative.registration_number, outcome))
    return written
