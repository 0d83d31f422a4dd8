"""Import cooperatives from a spreadsheet (XLSX or CSV, Arabic/French/English headers).

Every row is validated completely before anything is written; only valid rows reach the
database, in batches (bulk_create / bulk_update). If a batch fails at the database (a
registration number created meanwhile...), it is replayed row by row in savepoints, so a
row is either fully written or rejected with its reason: nothing half-imported.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ess_platform import jobs
from ess_platform.history import recorded_by
from ess_platform.history.bulk import record_bulk, snapshot
from ess_platform.search import normalize
from regional_hubs.models import Commune

from .cache import bump_directory_version
from .models import Cooperative, ImportJob, Product, Sector
from .services import build_search_text

BATCH_SIZE = 2000
PREVIEW_ROWS = 20

# Canonical field -> header spellings (compared after normalize() and _ / - to spaces).
COLUMNS = {
    "registration_number": ["رقم التسجيل", "رقم التسجيل في السجل", "numero enregistrement",
                            "numero d'enregistrement", "n enregistrement",
                            "n° enregistrement", "registration number", "matricule"],
    "name_ar": ["الاسم بالعربية", "اسم التعاونية", "الاسم", "nom ar", "nom arabe", "name ar"],
    "name_fr": ["الاسم بالفرنسية", "nom", "nom fr", "nom francais", "raison sociale",
                "name fr", "name"],
    "legal_form": ["الشكل القانوني", "forme juridique", "legal form"],
    "sector": ["القطاع", "قطاع النشاط", "secteur", "secteur d'activite", "sector"],
    "province": ["الإقليم", "العمالة او الإقليم", "province", "code province"],
    "commune": ["الجماعة", "رمز الجماعة", "commune", "code commune", "commune code"],
    "founded_on": ["تاريخ التأسيس", "date creation", "date de creation", "founded on",
                   "date de constitution"],
    "members_count": ["عدد الأعضاء", "عدد المنخرطين", "nombre adherents", "adherents",
                      "nombre de membres", "membres", "members", "members count"],
    "women_members": ["عدد النساء", "عدد العضوات", "femmes", "nombre de femmes",
                      "women members"],
    "youth_members": ["عدد الشباب", "jeunes", "nombre de jeunes", "youth members"],
    "women_led": ["تسيرها امرأة", "تعاونية نسائية", "dirigee par une femme", "feminine",
                  "women led"],
    "youth_led": ["يسيرها شاب", "تعاونية شبابية", "dirigee par un jeune", "youth led"],
    "description_ar": ["الوصف", "الوصف بالعربية", "description ar", "description arabe"],
    "description_fr": ["الوصف بالفرنسية", "description", "description fr"],
    "address_ar": ["العنوان", "العنوان بالعربية", "adresse ar", "address ar"],
    "address_fr": ["العنوان بالفرنسية", "adresse", "adresse fr", "address", "address fr"],
    "phone": ["الهاتف", "رقم الهاتف", "telephone", "tel", "phone"],
    "email": ["البريد الإلكتروني", "email", "e-mail", "courriel", "mail"],
    "website": ["الموقع الإلكتروني", "site web", "site internet", "website"],
    "latitude": ["خط العرض", "latitude", "lat"],
    "longitude": ["خط الطول", "longitude", "lon", "lng"],
}
TEXT_FIELDS = ("name_ar", "name_fr", "description_ar", "description_fr", "address_ar",
               "address_fr", "phone", "email", "website")
LENGTHS = {"registration_number": 40, "name_ar": 200, "name_fr": 200, "address_ar": 255,
           "address_fr": 255, "phone": 30, "email": 254, "website": 200}

REASONS = {
    "missing_registration": _("The registration number is missing."),
    "duplicate_in_file": _("Registration number %(number)s already appears on row %(row)s."),
    "missing_name": _("The name is missing (Arabic or French)."),
    "missing_sector": _("The sector is missing."),
    "unknown_sector": _("Unknown sector “%(value)s”."),
    "missing_commune": _("The commune is missing."),
    "unknown_commune": _("Unknown commune “%(value)s”."),
    "ambiguous_commune": _("Several communes are named “%(value)s”: give its code or "
                           "its province."),
    "unknown_province": _("Unknown province “%(value)s”."),
    "bad_date": _("“%(value)s” is not a valid date (use YYYY-MM-DD or DD/MM/YYYY)."),
    "bad_number": _("“%(value)s” is not a valid number of people (%(column)s)."),
    "bad_boolean": _("“%(value)s” is not yes or no (%(column)s)."),
    "bad_legal_form": _("Unknown legal form “%(value)s”."),
    "bad_email": _("“%(value)s” is not a valid e-mail address."),
    "bad_website": _("“%(value)s” is not a valid web address."),
    "bad_coordinate": _("“%(value)s” is not a valid position in Morocco (%(column)s)."),
    "too_long": _("The value of %(column)s is too long."),
    "members_inconsistent": _("Women or young members exceed the members."),
    "other_region": _("This cooperative is in %(region)s, outside your region."),
    "database_error": _("The database refused this row: %(error)s"),
}
OUTCOMES = {"created": _("Created"), "updated": _("Updated"), "rejected": _("Rejected"),
            "create": _("Will be created"), "update": _("Will be updated")}

TRUE_WORDS = {"1", "yes", "y", "true", "oui", "o", "x", "نعم", "vrai"}
FALSE_WORDS = {"0", "no", "n", "false", "non", "لا", "faux"}
LEGAL_FORMS = {
    "cooperative": Cooperative.LegalForm.COOPERATIVE,
    "تعاونيه": Cooperative.LegalForm.COOPERATIVE,
    "union": Cooperative.LegalForm.UNION,
    "union de cooperatives": Cooperative.LegalForm.UNION,
    "union of cooperatives": Cooperative.LegalForm.UNION,
    "اتحاد": Cooperative.LegalForm.UNION,
    "اتحاد التعاونيات": Cooperative.LegalForm.UNION,
    "federation": Cooperative.LegalForm.FEDERATION,
    "federation de cooperatives": Cooperative.LegalForm.FEDERATION,
    "federation of cooperatives": Cooperative.LegalForm.FEDERATION,
    "جامعه": Cooperative.LegalForm.FEDERATION,
    "جامعه التعاونيات": Cooperative.LegalForm.FEDERATION,
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


class SpreadsheetError(Exception):
    """The file cannot be read at all (not XLSX/CSV, no header...)."""


def _header_key(text):
    return re.sub(r"[\s_\-]+", " ", normalize(text).replace("’", "'")).strip()


HEADER_INDEX = {_header_key(alias): name for name, aliases in COLUMNS.items()
                for alias in [name, *aliases]}


# ---------------------------------------------------------------- reading the file

def _read_csv(fileobj):
    raw = fileobj.read()
    if isinstance(raw, str):
        text = raw.lstrip("\ufeff")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SpreadsheetError(_("The CSV file is not in UTF-8. Save it as “CSV UTF-8” "
                                     "and upload it again.")) from None
    sample = text[:5000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text, newline=""), dialect)


def _read_xlsx(fileobj):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # zipfile, XML and openpyxl errors on a damaged or fake file
        raise SpreadsheetError(_("This file is not a valid XLSX workbook.")) from None
    sheet = workbook.worksheets[0]
    return sheet.iter_rows(values_only=True)


def read_table(fileobj, filename):
    """(headers, iterator of rows) of the first sheet; rows are lists of cell values."""
    fileobj.seek(0)
    if filename.lower().endswith(".xlsx"):
        rows = _read_xlsx(fileobj)
    elif filename.lower().endswith(".csv"):
        rows = _read_csv(fileobj)
    else:
        raise SpreadsheetError(_("Upload an XLSX or CSV file."))
    try:
        for header in rows:
            if any(cell not in (None, "") for cell in header):
                break
        else:
            raise SpreadsheetError(_("The file is empty."))
    except csv.Error:
        raise SpreadsheetError(_("This CSV file cannot be read.")) from None
    headers = ["" if h is None else str(h).strip() for h in header]

    def data_rows():
        for row in rows:
            if row and any(cell not in (None, "") and str(cell).strip() for cell in row):
                yield list(row)

    return headers, data_rows()


def detect_columns(headers):
    """{column index: field name} for the recognised headers, and the ignored headers."""
    mapping, ignored, used = {}, [], set()
    for index, header in enumerate(headers):
        name = HEADER_INDEX.get(_header_key(header))
        if name and name not in used:
            mapping[index] = name
            used.add(name)
        elif header:
            ignored.append(header)
    # Only the number is required: a file may update some columns of existing
    # cooperatives; a row that creates one must also give a name, sector and commune.
    missing = [] if "registration_number" in used else ["registration_number"]
    return mapping, ignored, missing


# ---------------------------------------------------------------- validating rows

class RowError(Exception):
    def __init__(self, reason, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = {k: str(v) for k, v in params.items()}


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _count(value, column):
    text = normalize(_text(value)).replace(" ", "")
    if not text:
        return None
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise RowError("bad_number", value=_text(value), column=column) from None
    if number < 0 or number != number.to_integral_value() or number > 10_000_000:
        raise RowError("bad_number", value=_text(value), column=column)
    return int(number)


def _boolean(value, column):
    if isinstance(value, bool):
        return value
    text = normalize(_text(value))
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise RowError("bad_boolean", value=_text(value), column=column)


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        result = value.date()
    elif isinstance(value, datetime.date):
        result = value
    else:
        text = normalize(_text(value))
        result = None
        if re.fullmatch(r"\d{4}", text):
            result = datetime.date(int(text), 1, 1)
        for fmt in DATE_FORMATS:
            if result:
                break
            try:
                result = datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        if result is None:
            raise RowError("bad_date", value=_text(value))
    if result.year < 1900 or result > timezone.localdate():
        raise RowError("bad_date", value=_text(value))
    return result


def _coordinate(value, column, low, high):
    text = _text(value).replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise RowError("bad_coordinate", value=_text(value), column=column) from None
    if not low <= number <= high:
        raise RowError("bad_coordinate", value=_text(value), column=column)
    return number


@dataclass
class ImportContext:
    """Reference data loaded once per import (a few queries), and the rows seen so far."""

    region_id: int | None = None  # a delegate's region: other regions' rows are rejected
    communes_by_code: dict = field(default_factory=dict)
    communes_by_name: dict = field(default_factory=dict)
    provinces: dict = field(default_factory=dict)
    sectors: dict = field(default_factory=dict)
    region_names: dict = field(default_factory=dict)
    seen: dict = field(default_factory=dict)
    columns: dict = field(default_factory=dict)

    @classmethod
    def load(cls, *, region_id=None):
        context = cls(region_id=region_id)
        for commune in Commune.objects.select_related("province__region").only(
            "pk", "code", "name_ar", "name_fr", "province_id", "province__code",
            "province__name_ar", "province__name_fr", "province__region_id",
            "province__region__name_ar", "province__region__name_fr",
        ):
            context.communes_by_code[commune.code] = commune
            for name in {commune.name_ar, commune.name_fr}:
                key = normalize(name)
                if key:
                    context.communes_by_name.setdefault(key, []).append(commune)
            province = commune.province
            context.region_names[province.region_id] = province.region.name
            for key in {province.code, normalize(province.name_ar),
                        normalize(province.name_fr)}:
                if key:
                    context.provinces[key] = province
        for sector in Sector.objects.all():
            for key in {sector.slug, normalize(sector.name_ar), normalize(sector.name_fr)}:
                if key:
                    context.sectors[key] = sector
        return context

    def column_label(self, name):
        return self.columns.get(name, name)

    def commune(self, value, province_value):
        text = _text(value)
        if not text:
            return None
        commune = self.communes_by_code.get(text)
        if commune:
            return commune
        candidates = self.communes_by_name.get(normalize(text), [])
        if province_value:
            province = self.provinces.get(_text(province_value)) or self.provinces.get(
                normalize(_text(province_value)))
            if province is None:
                raise RowError("unknown_province", value=_text(province_value))
            candidates = [c for c in candidates if c.province_id == province.pk]
        if len(candidates) > 1 and self.region_id:
            in_region = [c for c in candidates if c.province.region_id == self.region_id]
            candidates = in_region or candidates
        if not candidates:
            raise RowError("unknown_commune", value=text)
        if len(candidates) > 1:
            raise RowError("ambiguous_commune", value=text)
        return candidates[0]

    def sector(self, value):
        text = _text(value)
        if not text:
            return None
        sector = self.sectors.get(text) or self.sectors.get(normalize(text))
        if sector is None:
            raise RowError("unknown_sector", value=text)
        return sector


def validate_row(values, context, row_number):
    """Clean one row ({field: raw value}) into model values, or raise RowError."""
    clean = {}
    number = normalize(_text(values.get("registration_number"))).upper().replace(" ", "")
    if not number:
        raise RowError("missing_registration")
    if len(number) > LENGTHS["registration_number"]:
        raise RowError("too_long", column=context.column_label("registration_number"))
    if number in context.seen:
        raise RowError("duplicate_in_file", number=number, row=context.seen[number])
    context.seen[number] = row_number
    clean["registration_number"] = number

    for name in TEXT_FIELDS:
        if name in values:
            text = _text(values[name])
            if name in LENGTHS and len(text) > LENGTHS[name]:
                raise RowError("too_long", column=context.column_label(name))
            if text:
                clean[name] = text
    if "email" in clean:
        try:
            validate_email(clean["email"])
        except ValidationError:
            raise RowError("bad_email", value=clean["email"]) from None
    if "website" in clean:
        if "://" not in clean["website"]:
            clean["website"] = "https://" + clean["website"]
        try:
            URLValidator()(clean["website"])
        except ValidationError:
            raise RowError("bad_website", value=clean["website"]) from None

    if "legal_form" in values and _text(values["legal_form"]):
        form = LEGAL_FORMS.get(normalize(_text(values["legal_form"])))
        if form is None:
            raise RowError("bad_legal_form", value=_text(values["legal_form"]))
        clean["legal_form"] = form

    sector = context.sector(values.get("sector"))
    if sector:
        clean["sector"] = sector
    commune = context.commune(values.get("commune"), values.get("province"))
    if commune:
        clean["commune"] = commune
        if context.region_id and commune.province.region_id != context.region_id:
            raise RowError("other_region",
                           region=context.region_names.get(commune.province.region_id, ""))

    if "founded_on" in values:
        founded = _date(values["founded_on"])
        if founded:
            clean["founded_on"] = founded
    for name in ("members_count", "women_members", "youth_members"):
        if name in values:
            count = _count(values[name], context.column_label(name))
            if count is not None:
                clean[name] = count
    for name in ("women_led", "youth_led"):
        if name in values:
            flag = _boolean(values[name], context.column_label(name))
            if flag is not None:
                clean[name] = flag
    for name, low, high in (("latitude", 20, Decimal("36.5")),
                            ("longitude", Decimal("-17.5"), Decimal("-0.9"))):
        if name in values:
            position = _coordinate(values[name], context.column_label(name), low, high)
            if position is not None:
                clean[name] = position
    return clean


def check_for_create(clean):
    if not (clean.get("name_ar") or clean.get("name_fr")):
        raise RowError("missing_name")
    if "sector" not in clean:
        raise RowError("missing_sector")
    if "commune" not in clean:
        raise RowError("missing_commune")
    _check_counts(clean.get("members_count", 0), clean.get("women_members", 0),
                  clean.get("youth_members", 0))


def _check_counts(members, women, youth):
    if women > members or youth > members:
        raise RowError("members_inconsistent")


def apply_to(cooperative, clean):
    """Set the cleaned values on a cooperative (new or existing), with its place."""
    for name, value in clean.items():
        if name == "sector":
            cooperative.sector_id = value.pk
        elif name == "commune":
            cooperative.commune_id = value.pk
            cooperative.province_id = value.province_id
            cooperative.region_id = value.province.region_id
        else:
            setattr(cooperative, name, value)
    return cooperative


# ---------------------------------------------------------------- preview

def _row_values(row, mapping):
    return {name: (row[index] if index < len(row) else None)
            for index, name in mapping.items()}


def reason_text(entry):
    message = REASONS.get(entry.get("reason", ""), "")
    return str(message) % entry.get("params", {}) if message else ""


def preview(fileobj, filename, *, region_id=None, limit=PREVIEW_ROWS):
    """What the first rows would give, without writing anything."""
    headers, rows = read_table(fileobj, filename)
    mapping, ignored, missing = detect_columns(headers)
    context = ImportContext.load(region_id=region_id)
    context.columns = {name: headers[index] for index, name in mapping.items()}
    sample = []
    for offset, row in enumerate(rows):
        if offset >= limit:
            break
        sample.append((offset + 2, row))
    numbers = set()
    for _row_number, row in sample:
        values = _row_values(row, mapping)
        numbers.add(normalize(_text(values.get("registration_number"))).upper().replace(
            " ", ""))
    existing = dict(Cooperative.objects.unscoped().filter(registration_number__in=numbers)
                    .values_list("registration_number", "region_id"))
    results = []
    for row_number, row in sample:
        values = _row_values(row, mapping)
        entry = {"row": row_number, "cells": [_text(c) for c in row[:len(headers)]]}
        try:
            clean = validate_row(values, context, row_number)
            number = clean["registration_number"]
            if number in existing:
                if context.region_id and existing[number] != context.region_id:
                    raise RowError("other_region",
                                   region=context.region_names.get(existing[number], ""))
                entry["outcome"] = "update"
            else:
                check_for_create(clean)
                entry["outcome"] = "create"
        except RowError as error:
            entry.update(outcome="rejected", reason=error.reason, params=error.params)
        entry["outcome_label"] = str(OUTCOMES[entry["outcome"]])
        entry["reason_text"] = reason_text(entry)
        results.append(entry)
    return {
        "headers": headers,
        "detected": [(headers[index], name) for index, name in sorted(mapping.items())],
        "ignored": ignored,
        "missing": missing,
        "rows": results,
    }


# ---------------------------------------------------------------- running

def _chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_import(job):
    """Import every row of a job's file; fills the job's counters and report."""
    region_id = job.region_id
    with job.file.open("rb") as fileobj:
        headers, rows = read_table(fileobj, job.original_name)
        mapping, _ignored, missing = detect_columns(headers)
        if missing:
            raise SpreadsheetError(_("Required columns are missing: %(columns)s.")
                                   % {"columns": ", ".join(missing)})
        all_rows = list(rows)
    context = ImportContext.load(region_id=region_id)
    context.columns = {name: headers[index] for index, name in mapping.items()}
    # Each progress write is also the job's heartbeat (ess_platform.jobs).
    kind = jobs.kind_of(ImportJob)
    jobs.beat(kind, job, total_rows=len(all_rows))
    report, counts, processed = [], {"created": 0, "updated": 0, "rejected": 0}, 0
    actor = job.created_by  # the changes are on record as made by the import's creator

    def reject(row_number, number, error):
        report.append({"row": row_number, "registration_number": number,
                       "outcome": "rejected", "reason": error.reason,
                       "params": error.params})
        counts["rejected"] += 1

    numbered = ((index + 2, row) for index, row in enumerate(all_rows))
    for batch in _chunks(numbered, BATCH_SIZE):
        valid = []
        for row_number, row in batch:
            values = _row_values(row, mapping)
            try:
                valid.append((row_number, validate_row(values, context, row_number)))
            except RowError as error:
                raw = _text(values.get("registration_number"))
                reject(row_number, raw, error)
        _write_batch(valid, context, report, counts, reject, actor=actor)
        processed += len(batch)
        jobs.beat(kind, job, processed_rows=processed, created_count=counts["created"],
                  updated_count=counts["updated"], rejected_count=counts["rejected"])
    report.sort(key=lambda entry: entry["row"])
    return report, counts, len(all_rows)


def bulk_update(cooperatives, field_names, batch_size=1000):
    """Update many cooperatives' columns. On PostgreSQL, one UPDATE ... FROM (VALUES ...)
    a batch (Django's bulk_update builds CASE expressions that take minutes at 65,000)."""
    if not cooperatives:
        return
    if connection.vendor != "postgresql":
        Cooperative.objects.bulk_update(cooperatives, field_names, batch_size=200)
        return
    meta = Cooperative._meta
    fields = [meta.get_field(name) for name in field_names]
    pk = meta.pk
    columns = [pk, *fields]
    quote = connection.ops.quote_name
    casts = ", ".join(f"%s::{f.db_type(connection)}" for f in columns)
    names = ", ".join(quote(f.column) for f in columns)
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(cooperatives), batch_size):
            chunk = cooperatives[start:start + batch_size]
            values = ", ".join([f"({casts})"] * len(chunk))
            params = [f.get_db_prep_save(getattr(c, f.attname), connection)
                      for c in chunk for f in columns]
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} FROM (VALUES {values}) "
                f"AS v({names}) WHERE t.{quote(pk.column)} = v.{quote(pk.column)}",
                params,
            )


def _write_batch(valid, context, report, counts, reject, actor=None):
    if not valid:
        return
    existing = Cooperative.objects.unscoped().in_bulk(
        [clean["registration_number"] for _n, clean in valid], field_name="registration_number")
    to_create, to_update, before = [], [], {}
    for row_number, clean in valid:
        number = clean["registration_number"]
        cooperative = existing.get(number)
        try:
            if cooperative is None:
                check_for_create(clean)
                cooperative = apply_to(Cooperative(), clean)
                cooperative.search_text = build_search_text(cooperative)
                to_create.append((row_number, cooperative))
            else:
                if context.region_id and cooperative.region_id != context.region_id:
                    raise RowError("other_region",
                                   region=context.region_names.get(cooperative.region_id, ""))
                previous = snapshot(cooperative)
                apply_to(cooperative, clean)
                _check_counts(cooperative.members_count, cooperative.women_members,
                              cooperative.youth_members)
                to_update.append((row_number, cooperative))
                before[id(cooperative)] = previous
        except RowError as error:
            reject(row_number, number, error)
    # Only the columns the file gives (plus what follows from them) are updated: fewer
    # CASE branches for bulk_update. The untranslated columns (name, description,
    # address) belong to modeltranslation and are left alone.
    update_fields = sorted({
        name for _n, clean in valid for name in clean if name != "registration_number"
    } | {"updated_at", "search_text"})
    if "commune" in update_fields:
        update_fields += ["province", "region"]
    if to_update:
        products = {}
        for product in Product.objects.unscoped().filter(
            cooperative_id__in=[c.pk for _n, c in to_update]
        ).only("cooperative_id", "name_ar", "name_fr"):
            products.setdefault(product.cooperative_id, []).append(product)
        for _n, cooperative in to_update:
            cooperative.search_text = build_search_text(cooperative,
                                                         products.get(cooperative.pk, ()))
    now = timezone.now()
    for _n, cooperative in to_update:
        cooperative.updated_at = now
    try:
        with transaction.atomic():
            Cooperative.objects.bulk_create([c for _n, c in to_create], batch_size=1000)
            bulk_update([c for _n, c in to_update], update_fields)
            bump_directory_version()  # bulk writes send no signals; counts at commit
            # ... nor change records: written here, one query, in the batch's transaction.
            record_bulk(created=[c for _n, c in to_create],
                        updated=[(before[id(c)], c) for _n, c in to_update],
                        fields=update_fields, actor=actor)
        written = to_create + to_update
    except IntegrityError:
        # Replay row by row: each row in its own savepoint, the failing ones rejected.
        for _n, cooperative in to_create:
            cooperative.pk = None
            cooperative._state.adding = True
        written = []
        with recorded_by(actor):  # each save writes its own record (signals)
            for row_number, cooperative in to_create + to_update:
                try:
                    with transaction.atomic():
                        cooperative.save()
                    written.append((row_number, cooperative))
                except IntegrityError as error:
                    reject(row_number, cooperative.registration_number,
                           RowError("database_error",
                                    error=str(error).splitlines()[0][:200]))
    created_ids = {id(c) for _n, c in to_create}
    for row_number, cooperative in written:
        outcome = "created" if id(cooperative) in created_ids else "updated"
        counts[outcome] += 1
        report.append({"row": row_number,
                       "registration_number": cooperative.registration_number,
                       "outcome": outcome})
