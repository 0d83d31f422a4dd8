"""The one way dates, times and numbers are written for people, in every channel.

Pages, e-mails, SMS texts, the PDF report and iCal descriptions all write a moment through
these functions (templates through the ``local_formats`` filters): the active language's
format module (``ess_platform/formats``: day first, Moroccan month names in Arabic, 24-hour
clock, digits grouped with a no-break space) and Morocco's clock (Africa/Casablanca),
whatever timezone is active. Machine values (ISO dates in CSV, ``datetime=""``, form
values) are not written here.

Plain text has no markup to isolate a Latin fragment inside Arabic; ``isolate`` wraps it
in the Unicode isolates FSI ... PDI so that the bidi algorithm keeps it in one piece.
"""

from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language

FSI = "\u2068"  # FIRST STRONG ISOLATE: the fragment takes its own direction
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE


@lru_cache(maxsize=1)
def _zone():
    return ZoneInfo(settings.TIME_ZONE)


def in_morocco(moment):
    """An aware datetime on Morocco's clock (a naive one is taken as already local)."""
    if isinstance(moment, datetime) and timezone.is_aware(moment):
        return moment.astimezone(_zone())
    return moment


def local_date(value, format_name="DATE_FORMAT"):
    """``27 نونبر 2026`` / ``27 novembre 2026`` (the local date of a datetime)."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        value = in_morocco(value).date() if timezone.is_aware(value) else value.date()
    return formats.date_format(value, format_name, use_l10n=True)


def local_datetime(value, format_name="DATETIME_FORMAT"):
    """``27 نونبر 2026، 14:05`` / ``27 novembre 2026 14:05``."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime):
        return local_date(value)
    return formats.date_format(in_morocco(value), format_name, use_l10n=True)


def local_time(value, format_name="TIME_FORMAT"):
    """``14:05`` on Morocco's clock."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        value = in_morocco(value)
    return formats.time_format(value, format_name, use_l10n=True)


def local_number(value, decimals=None):
    """``3 020 431`` (no-break spaces); ``decimals`` fixes the digits after the comma."""
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return str(value)
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True,
                                 force_grouping=True)


def local_value(value):
    """Any value as a person reads it: moments, days, times and numbers localised, the
    rest as text (report tables hold a mix)."""
    if isinstance(value, datetime):
        return local_datetime(value)
    if isinstance(value, date):
        return local_date(value)
    if isinstance(value, time):
        return local_time(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return local_number(value)
    return "" if value is None else str(value)


def isolate(text, language=None):
    """A fragment (URL, code, phone number, file name, Latin name) isolated for plain text
    in a right-to-left language, so that Arabic around it does not reorder it. Left to
    right texts are left as they are (an isolate would push a French SMS out of GSM 7-bit).
    """
    text = "" if text is None else str(text)
    if not text or (text.startswith(FSI) and text.endswith(PDI)):
        return text
    language = language or get_language() or settings.LANGUAGE_CODE
    if language.split("-")[0] not in settings.LANGUAGES_BIDI:
        return text
    return f"{FSI}{text}{PDI}"
