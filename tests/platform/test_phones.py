"""The one phone rule (ess_platform.kernel.phones): Moroccan by default, E.164 out, the same
answer for forms, model validators, services and the links built from a number."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ess_platform.kernel.phones import (
    clean_phone,
    normalize_phone,
    parse_phone,
    phone_validator,
    whatsapp_url,
)

MOBILE = "+212612345678"


@pytest.mark.parametrize("written", [
    "0612345678",
    "06 12 34 56 78",
    "06-12-34-56-78",
    "06.12.34.56.78",
    "٠٦١٢٣٤٥٦٧٨",  # Arabic-Indic digits, as a phone keyboard in Arabic types them
    "+212612345678",
    "+212 6 12 34 56 78",
    "+212 (0)6 12 34 56 78",
    "00212612345678",
    "212612345678",
])
def test_local_and_international_spellings_are_one_moroccan_number(written):
    assert parse_phone(written) is not None
    assert normalize_phone(written) == MOBILE
    assert clean_phone(written) == MOBILE
    phone_validator(written)  # no error


def test_a_number_from_abroad_keeps_its_country():
    assert clean_phone("+33 6 12 34 56 78") == "+33612345678"


@pytest.mark.parametrize("written", [
    "12345",                  # too short
    "061234567890123",        # too long for Morocco
    "+212 12345678",          # no such Moroccan range
    "06 12 AB 56 78",         # letters
    "+999 612345678",         # no such country code
    "0612345678 ext 5",       # words around the digits
    "+" + "6" * 50,           # absurdly long
])
def test_invalid_numbers_are_refused(written):
    assert parse_phone(written) is None
    with pytest.raises(ValidationError) as caught:
        clean_phone(written)
    assert caught.value.code == "phone"
    with pytest.raises(ValidationError):
        phone_validator(written)


def test_blank_is_no_number_and_no_error():
    assert clean_phone("  ") == ""
    assert normalize_phone(None) == ""
    phone_validator("")


def test_invalid_text_keeps_its_digits_for_lookups():
    assert normalize_phone("+ 12-345") == "+12345"


@pytest.mark.parametrize("language, message", [
    ("fr", "Saisissez un numéro de 9 à 15 chiffres"),
    ("ar", "أدخل رقم هاتف"),
])
def test_the_error_is_written_in_the_page_language(language, message):
    with translation.override(language):
        with pytest.raises(ValidationError) as caught:
            clean_phone("12345")
        assert message in caught.value.messages[0]


def test_whatsapp_link_uses_the_e164_digits():
    assert whatsapp_url("06 12 34 56 78") == "https://wa.me/212612345678"
    assert whatsapp_url("12345") == ""
    assert whatsapp_url("") == ""
