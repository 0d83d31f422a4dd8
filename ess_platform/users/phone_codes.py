"""One-time codes sent by SMS: they prove that a person holds a phone number.

A code is six digits, kept only as a keyed hash, valid PHONE_CODE_MAX_AGE seconds, used
once, and dead after PHONE_CODE_MAX_FAILURES wrong tries; asking for a new one replaces the
old. Asking is rate-limited per number (PHONE_CODE_PER_NUMBER codes in
PHONE_CODE_NUMBER_WINDOW seconds) and per client address (PHONE_CODE_PER_IP in
PHONE_CODE_IP_WINDOW), counted in the database so every web node sees the same counts.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import PhoneCode

SALT = "ess_platform.users.phone_codes"


def _setting(name, default):
    return int(getattr(settings, name, default))


def max_age():
    return _setting("PHONE_CODE_MAX_AGE", 10 * 60)


def max_failures():
    return _setting("PHONE_CODE_MAX_FAILURES", 5)


class TooManyCodes(Exception):
    """Too many codes asked for this number or from this address; the message says when
    to try again, in the active language."""

    def __init__(self, minutes):
        self.minutes = minutes
        super().__init__(ngettext(
            "Too many codes were asked for this number or from your connection. Try again "
            "in %(minutes)s minute.",
            "Too many codes were asked for this number or from your connection. Try again "
            "in %(minutes)s minutes.", minutes) % {"minutes": minutes})


def _hash(phone, purpose, code):
    return salted_hmac(SALT, f"{phone}|{purpose}|{code}", algorithm="sha256").hexdigest()


def _wait(queryset, limit, window, now):
    """Minutes until a request is allowed again, or 0 when it is allowed now."""
    since = now - timedelta(seconds=window)
    recent = list(queryset.filter(created_at__gt=since).order_by("-created_at")
                  .values_list("created_at", flat=True)[:limit])
    if len(recent) < limit:
        return 0
    free_at = recent[-1] + timedelta(seconds=window)
    return max(1, -(-int((free_at - now).total_seconds()) // 60))


def issue_code(*, phone, purpose, client_ip=None):
    """Record a new code for ``phone`` and return it (the caller sends it, or not).

    Raises TooManyCodes when the number or the address asked too often.
    """
    now = timezone.now()
    with transaction.atomic():
        wait = max(
            _wait(PhoneCode.objects.filter(phone=phone, purpose=purpose),
                  _setting("PHONE_CODE_PER_NUMBER", 3),
                  _setting("PHONE_CODE_NUMBER_WINDOW", 15 * 60), now),
            _wait(PhoneCode.objects.filter(client_ip=client_ip),
                  _setting("PHONE_CODE_PER_IP", 10),
                  _setting("PHONE_CODE_IP_WINDOW", 60 * 60), now) if client_ip else 0,
        )
        if wait:
            raise TooManyCodes(wait)
        PhoneCode.objects.filter(phone=phone, purpose=purpose, used_at__isnull=True).update(
            used_at=now)
        PhoneCode.objects.filter(created_at__lt=now - timedelta(days=1)).delete()
        code = f"{secrets.randbelow(10**6):06d}"
        PhoneCode.objects.create(
            phone=phone, purpose=purpose, code_hash=_hash(phone, purpose, code),
            client_ip=client_ip, expires_at=now + timedelta(seconds=max_age()))
    return code


def use_code(*, phone, purpose, code):
    """True once for the right code of the number's latest live code; False otherwise
    (wrong, expired, used, replaced, or too many wrong tries). A wrong try counts."""
    code = (code or "").strip()
    now = timezone.now()
    with transaction.atomic():
        row = (PhoneCode.objects.select_for_update()
               .filter(phone=phone, purpose=purpose, used_at__isnull=True)
               .order_by("-created_at").first())
        if row is None or row.expires_at <= now or row.failures >= max_failures():
            return False
        if not (code.isdigit() and constant_time_compare(_hash(phone, purpose, code),
                                                          row.code_hash)):
            row.failures += 1
            row.save(update_fields=["failures"])
            return False
        row.used_at = now
        row.save(update_fields=["used_at"])
    return True


def wrong_code_message():
    return _("This code is wrong, has expired or was already used. Check the last SMS we "
             "sent, or ask for a new code.")
