"""Validating rows: raw cell values to model values (numbers, dates, places, sectors named
in Arabic or French), then the cooperative's own rules (`Cooperative.clean()`), each
refusal with a reason the import report shows in the reader's language."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.phones import phone_validator
from ess_platform.kernel.search import normalize
from regional_hubs.models import Commune

from ..models import Cooperative, Sector

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
    "bad_phone": _("“%(value)s” is not a valid phone number."),
    "bad_coordinate": _("“%(value)s” is not a valid position in Morocco (%(column)s)."),
    "too_long": _("The value of %(column)s is too long."),
    # Cooperative.clean() refusals, by their code; any other one is "model_rule".
    "members_inconsistent": _("Women or young members exceed the members."),
    "model_rule": _("This row breaks a rule of the directory: %(error)s"),
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
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PLAIN_COUNT = re.compile(r"\d{1,8}")
COORDINATES = {"latitude": (Decimal("20"), Decimal("36.5")),
               "longitude": (Decimal("-17.5"), Decimal("-0.9"))}
MICRO = Decimal("0.000001")
validate_url = URLValidator()


class RowError(Exception):
    def __init__(self, reason, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = {k: str(v) for k, v in params.items()}


def reason_text(entry):
    message = REASONS.get(entry.get("reason", ""), "")
    return str(message) % entry.get("params", {}) if message else ""


# ---------------------------------------------------------------- cell values

def text_of(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def registration_number_of(value):
    return normalize(text_of(value)).upper().replace(" ", "")


def _count(value, column):
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10_000_000:
        return value
    raw = text_of(value)
    if PLAIN_COUNT.fullmatch(raw) and int(raw) <= 10_000_000:  # the usual cell
        return int(raw)
    text = normalize(raw).replace(" ", "")
    if not text:
        return None
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise RowError("bad_number", value=raw, column=column) from None
    if number < 0 or number != number.to_integral_value() or number > 10_000_000:
        raise RowError("bad_number", value=raw, column=column)
    return int(number)


def _boolean(value, column):
    if isinstance(value, bool):
        return value
    text = normalize(text_of(value))
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise RowError("bad_boolean", value=text_of(value), column=column)


def _parse_date(text):
    if ISO_DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return None
    if re.fullmatch(r"\d{4}", text):
        return datetime.date(int(text), 1, 1)
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _date(value, today):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        result = value.date()
    elif isinstance(value, datetime.date):
        result = value
    else:
        result = _parse_date(normalize(text_of(value)))
        if result is None:
            raise RowError("bad_date", value=text_of(value))
    if result.year < 1900 or result > today:
        raise RowError("bad_date", value=text_of(value))
    return result


def _coordinate(value, column, low, high):
    text = text_of(value).replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text).quantize(MICRO)
    except InvalidOperation:
        raise RowError("bad_coordinate", value=text_of(value), column=column) from None
    if not low <= number <= high:
        raise RowError("bad_coordinate", value=text_of(value), column=column)
    return number


# ---------------------------------------------------------------- reference data

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
    today: datetime.date = field(default_factory=timezone.localdate)

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
        text = text_of(value)
        if not text:
            return None
        commune = self.communes_by_code.get(text)
        if commune:
            return commune
        candidates = self.communes_by_name.get(normalize(text), [])
        if province_value:
            province = self.provinces.get(text_of(province_value)) or self.provinces.get(
                normalize(text_of(province_value)))
            if province is None:
                raise RowError("unknown_province", value=text_of(province_value))
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
        text = text_of(value)
        if not text:
            return None
        sector = self.sectors.get(text) or self.sectors.get(normalize(text))
        if sector is None:
            raise RowError("unknown_sector", value=text)
        return sector

    def check_region(self, region_id):
        """A delegate's import touches only their own region's cooperatives."""
        if self.region_id and region_id != self.region_id:
            raise RowError("other_region", region=self.region_names.get(region_id, ""))


# ---------------------------------------------------------------- rows

def validate_row(values, context, row_number):
    """Clean one row ({field: raw value}) into model values, or raise RowError."""
    clean = {}
    number = registration_number_of(values.get("registration_number"))
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
            text = text_of(values[name])
            if name in LENGTHS and len(text) > LENGTHS[name]:
                raise RowError("too_long", column=context.column_label(name))
            if text:
                clean[name] = text
    if "email" in clean:
        try:
            validate_email(clean["email"])
        except ValidationError:
            raise RowError("bad_email", value=clean["email"]) from None
    if "phone" in clean:
        # The one phone rule (the field's validator): kept as written, like the admin keeps it.
        try:
            phone_validator(clean["phone"])
        except ValidationError:
            raise RowError("bad_phone", value=clean["phone"]) from None
    if "website" in clean:
        if "://" not in clean["website"]:
            clean["website"] = "https://" + clean["website"]
        try:
            validate_url(clean["website"])
        except ValidationError:
            raise RowError("bad_website", value=clean["website"]) from None

    if "legal_form" in values and text_of(values["legal_form"]):
        form = LEGAL_FORMS.get(normalize(text_of(values["legal_form"])))
        if form is None:
            raise RowError("bad_legal_form", value=text_of(values["legal_form"]))
        clean["legal_form"] = form

    sector = context.sector(values.get("sector"))
    if sector:
        clean["sector"] = sector
    commune = context.commune(values.get("commune"), values.get("province"))
    if commune:
        clean["commune"] = commune
        context.check_region(commune.province.region_id)

    if "founded_on" in values:
        founded = _date(values["founded_on"], context.today)
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
    for name, (low, high) in COORDINATES.items():
        if name in values:
            position = _coordinate(values[name], context.column_label(name), low, high)
            if position is not None:
                clean[name] = position
    return clean


def check_for_create(clean):
    """What a new cooperative needs beyond a valid row: a name, a sector and a commune."""
    if not (clean.get("name_ar") or clean.get("name_fr")):
        raise RowError("missing_name")
    if "sector" not in clean:
        raise RowError("missing_sector")
    if "commune" not in clean:
        raise RowError("missing_commune")


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


def check_model_rules(cooperative):
    """The cooperative's own rules (Cooperative.clean()), as the admin and the site apply
    them; the database's constraints have the last word when the row is written."""
    try:
        cooperative.clean()
    except ValidationError as error:
        errors = (error.error_dict.values() if hasattr(error, "error_dict")
                  else [error.error_list])
        codes = [e.code for field_errors in errors for e in field_errors]
        reason = next((code for code in codes if code in REASONS), None)
        if reason:
            raise RowError(reason) from None
        raise RowError("model_rule", error=" ".join(error.messages)) from None
