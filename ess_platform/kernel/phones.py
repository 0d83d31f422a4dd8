"""The one phone rule: numbers parsed and checked by ``phonenumbers`` against the numbering
plan, Moroccan when written without a country code, stored and sent as E.164.

Forms, model validators, services, the SMS channel and the WhatsApp link all go through
these functions, so '06 12-34 56 78', '+212 612 345 678' and '00212612345678' are one
number everywhere ('+212612345678').
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: Numbers written without a country code are Moroccan.
PHONE_REGION = "MA"

#: What people type around the digits: a leading +, spaces, dots, dashes, brackets (any
#: script's digits: phonenumbers reads Arabic-Indic digits too). Letters are refused.
_PHONE_CHARS = re.compile(r"^\+?[\d .\-()]+$")
_MAX_LENGTH = 40

INVALID_MESSAGE = _("Enter a phone number of 9 to 15 digits, for example +212 600 000 000.")


def parse_phone(value):
    """The valid number ``value`` writes (a ``phonenumbers.PhoneNumber``), or None."""
    value = (value or "").strip()
    if not value or len(value) > _MAX_LENGTH or not _PHONE_CHARS.match(value):
        return None
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def normalize_phone(value):
    """One form for every spelling of a number: E.164, Moroccan when no country code is
    given. Text that is no valid number keeps its digits and a leading +, for the
    validator to refuse (and for look-ups by what was typed)."""
    value = (value or "").strip()
    if not value:
        return ""
    number = parse_phone(value)
    if number is not None:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    digits = "".join(ch for ch in value if ch.isdigit())
    return ("+" if value.startswith("+") else "") + digits


def phone_validator(value):
    """Model and form validator: blank, or a number the numbering plan knows.

    On a model field (the cooperatives', hubs', hub contacts' and partners' phones) it is
    checked by every ModelForm, the admin and DRF's ModelSerializers, and the spreadsheet
    import reports it as a row error. A number stored before the rule is refused at the
    next edit of its record, on its own field and with this message, so the person editing
    sees which field to correct (or clear); saves that do not go through a form (services,
    tasks, bulk writes) never re-check it.
    """
    if value and parse_phone(value) is None:
        raise ValidationError(INVALID_MESSAGE, code="phone")


def clean_phone(value):
    """The E.164 form of ``value`` ("" when blank); ValidationError when it is no number."""
    value = (value or "").strip()
    if not value:
        return ""
    phone_validator(value)
    return normalize_phone(value)


def whatsapp_url(value):
    """WhatsApp's click-to-chat link for a valid number (https://wa.me/<digits>), else ""."""
    number = parse_phone(value)
    if number is None:
        return ""
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"https://wa.me/{e164.lstrip('+')}"
