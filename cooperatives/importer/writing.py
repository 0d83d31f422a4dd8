"""Writing validated rows: new cooperatives created and known ones updated in bulk, each
batch in one transaction with its change records and a new directory version. When the
database refuses a batch (a constraint, a number created meanwhile), the batch is replayed
row by row in savepoints: a row is either fully written or rejected with the reason."""

from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ess_platform.history import recorded_by
from ess_platform.history.bulk import record_bulk, record_updates
from ess_platform.kernel.searching.index import learn_names_after_commit

from ..cache import bump_directory_version
from ..denormal import sync_product_placement
from ..models import Cooperative, Product
from ..search_text import SEARCH_FIELDS, build_search_text, products_to_research
from .validation import RowError, apply_to, check_for_create, check_model_rules


def bulk_update(cooperatives, field_names, batch_size=5000):
    """Update many cooperatives' columns (``field_names``) to their values in memory."""
    fields = [Cooperative._meta.get_field(name) for name in field_names]
    attnames = [field.attname for field in fields]
    update_rows([{"id": c.pk, **{name: getattr(c, name) for name in attnames}}
                 for c in cooperatives], attnames, batch_size=batch_size)


def update_rows(rows, attnames, batch_size=5000):
    """Set ``attnames`` of many cooperatives from plain values ({"id": pk, attname: value}).

    On PostgreSQL the values are copied (COPY) into a temporary table and applied by one
    UPDATE ... FROM per batch (Django's bulk_update builds CASE expressions that take
    minutes at 65,000); elsewhere (SQLite, the embedded default) by Django's bulk_update."""
    if not rows:
        return
    meta = Cooperative._meta
    if connection.vendor != "postgresql":
        Cooperative.objects.bulk_update(
            [Cooperative.from_db(connection.alias, ["id", *attnames],
                                 [row["id"], *(row[name] for name in attnames)])
             for row in rows],
            [meta.get_field(name).name for name in attnames], batch_size=200)
        return
    fields = [meta.get_field(name) for name in attnames]
    columns = [meta.pk, *fields]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(f.column) for f in columns)
    definitions = ", ".join(f"{quote(f.column)} {f.db_type(connection)}" for f in columns)
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
    pk = quote(meta.pk.column)
    keys = [meta.pk.attname, *attnames]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS import_values")
        cursor.execute(f"CREATE TEMPORARY TABLE import_values ({definitions})")
        try:
            for start in range(0, len(rows), batch_size):
                with cursor.copy(f"COPY import_values ({names}) FROM STDIN") as copy:
                    # Plain Python values (str, int, bool, Decimal, date, aware
                    # datetime, None): psycopg adapts them itself.
                    for row in rows[start:start + batch_size]:
                        copy.write_row([row[name] for name in keys])
                # Names quoted by the database backend; the values travel by COPY.
                cursor.execute(f"UPDATE {table} AS t SET {assignments} FROM import_values "  # noqa: S608
                               f"AS v WHERE t.{pk} = v.{pk}")
                cursor.execute("TRUNCATE import_values")
        finally:
            cursor.execute("DROP TABLE IF EXISTS import_values")


# What Cooperative.clean() reads.
MODEL_RULE_FIELDS = ("members_count", "women_members", "youth_members")
# What str(cooperative) reads (its name in the active language, or the other one): the
# text of its change record.
REPR_FIELDS = ("name_ar", "name_fr")
# What a cooperative's products copy from it (cooperatives/denormal.py).
PLACEMENT_ATTNAMES = frozenset({"sector_id", "region_id"})


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
    again: no new ``updated_at`` (the change feed has nothing to tell), no change record.
    Known cooperatives are compared, checked, written and put on record from their stored
    values, without a model instance each (building one is the slow part of 65,000)."""
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
              *REPR_FIELDS, *(SEARCH_FIELDS if searched else ())]
    wanted = {Cooperative._meta.get_field(name).attname for name in loaded}
    # In the model's field order, as Model.from_db() reads them.
    attnames = [f.attname for f in Cooperative._meta.concrete_fields if f.attname in wanted]
    searched = {Cooperative._meta.get_field(name).attname for name in searched}
    existing = _stored_values(attnames, [clean["registration_number"] for _n, clean in valid])
    to_create, to_update, unchanged, rejected = [], [], [], []
    rules = Cooperative()  # one instance the model's rules and its str() read, row after row
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
            changed = [name for name, value in values.items() if stored[name] != value]
            if not changed:
                unchanged.append((row_number, number))
                continue
            new = {**stored, **values}
            for name in (*MODEL_RULE_FIELDS, *REPR_FIELDS):
                setattr(rules, name, new[name])
            check_model_rules(rules)
            to_update.append(_Update(row_number, stored, new, changed, str(rules)))
        except RowError as error:
            rejected.append((row_number, number, error))
    # The search text follows the names (and the products' names) it is made of.
    research = {update.new["id"]: _instance(attnames, update.new) for update in to_update
                if searched.intersection(update.changed)}
    products = {}
    if research:
        for product in Product.objects.unscoped().filter(
            cooperative_id__in=list(research)
        ).only("pk", "cooperative_id", "search_text", "name_ar", "name_fr"):
            products.setdefault(product.cooperative_id, []).append(product)
    for update in to_update:
        cooperative = research.get(update.new["id"])
        if cooperative is not None:
            update.new["search_text"] = cooperative.search_text = build_search_text(
                cooperative_values=cooperative, product_values=products.get(cooperative.pk, ()))
    # ... and so does each product's, which holds its cooperative's names.
    reproducts = products_to_research(cooperatives=list(research.values()), products=products)
    for _n, cooperative in to_create:
        cooperative.search_text = build_search_text(cooperative_values=cooperative)
    now = timezone.now()
    for update in to_update:
        update.new["updated_at"] = now
    # The columns some row changes, and its time (every row is written whole anyway).
    columns = {name for update in to_update for name in update.changed} | {"updated_at"}
    if research:
        columns.add("search_text")
    try:
        with transaction.atomic():
            Cooperative.objects.bulk_create([c for _n, c in to_create], batch_size=2000)
            update_rows([update.new for update in to_update],
                        [name for name in attnames if name in columns])
            Product.objects.bulk_update(reproducts, ["search_text"], batch_size=2000)
            # Bulk writes send no signals: the products take their cooperatives' new sector
            # and region here (cooperatives/denormal.py).
            sync_product_placement(cooperative_ids=[
                update.new["id"] for update in to_update
                if PLACEMENT_ATTNAMES.intersection(update.changed)])
            if to_create or to_update:
                bump_directory_version()  # bulk writes send no signals; counts at commit
                # ... nor are their names learnt by the search (typos): once committed.
                learn_names_after_commit(Cooperative, _ids_of(
                    [c for _n, c in to_create] + list(research.values())))
            # ... nor change records: written here, in the batch's transaction.
            record_bulk(created=[c for _n, c in to_create], actor=actor)
            record_updates(Cooperative, [
                (update.new["id"], update.text, update.new["region_id"],
                 {name: (update.stored[name], update.new[name]) for name in update.changed})
                for update in to_update], actor=actor)
        written = [(n, c.registration_number, "created") for n, c in to_create]
        written += [(update.row_number, update.new["registration_number"], "updated")
                    for update in to_update]
    except IntegrityError:
        written = _write_one_by_one(to_create, [
            (update.row_number, _instance(attnames, update.new)) for update in to_update],
            rejected, actor)
    written += [(n, number, "updated") for n, number in unchanged]
    return written, rejected


@dataclass
class _Update:
    """A known cooperative that a row changes: its stored and new values ({attname:
    value}), the attnames that differ, and its text (str()) once changed."""

    row_number: int
    stored: dict
    new: dict
    changed: list
    text: str


def _instance(attnames, values):
    """A cooperative as loaded from the database with these values."""
    return Cooperative.from_db(connection.alias, attnames, [values[name] for name in attnames])


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
