"""Accounts: find one by any identifier, sign up by link or SMS code, unlock a locked
sign-in, reset a password by SMS code.

Every answer a stranger sees is the same whether an account exists or not: what differs
is only the message sent to the address itself, which its owner alone reads.
"""

import hashlib
import secrets
from datetime import timedelta

from axes.models import AccessAttempt
from axes.utils import reset as reset_lockout
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac

from ess_platform.kernel.notifications.channels import registry
from ess_platform.kernel.notifications.services import notify

from . import phone_codes
from .models import (
    PendingSignup,
    PhoneCode,
    User,
    normalize_email,
    normalize_phone,
)
from .selectors import existing_account, find_account

UNLOCK_SALT = "ess_platform.users.unlock"


def unlock_link_max_age():
    """Seconds an unlock link stays valid."""
    return int(getattr(settings, "UNLOCK_LINK_MAX_AGE", 60 * 60))


def signup_link_max_age():
    """Seconds a sign-up link stays valid."""
    return int(getattr(settings, "SIGNUP_LINK_MAX_AGE", 24 * 60 * 60))


def message_channels():
    """Channels that reach a person outside the site (a locked-out person has no inbox)."""
    return [name for name, channel in registry().items() if channel.optional]


def _link(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def _window(seconds):
    return int(timezone.now().timestamp() // seconds)


# Unlocking ------------------------------------------------------------------------------

def _lockout_state(user):
    """Changes when the account's lockout is cleared or a new one starts, and when its
    password changes: a link made for one state cannot be used in another (single use)."""
    oldest = (AccessAttempt.objects.filter(username=user.username)
              .order_by("pk").values_list("pk", flat=True).first())
    return salted_hmac(UNLOCK_SALT, f"{user.pk}|{user.password}|{oldest}").hexdigest()[:32]


def make_unlock_token(*, user):
    signer = signing.TimestampSigner(salt=UNLOCK_SALT)
    return signer.sign_object({"u": user.pk, "s": _lockout_state(user)})


def unlock_token_user(*, token):
    """The account an unlock token is valid for now, or None (forged, expired, used)."""
    try:
        data = signing.TimestampSigner(salt=UNLOCK_SALT).unsign_object(
            token, max_age=unlock_link_max_age())
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(str(data.get("s")), _lockout_state(user)):
        return None
    return user


def request_unlock(*, identifier):
    """Send an unlock link to the account's own e-mail and phone, if there is an account.

    Returns nothing a caller could show: the page says the same in every case. At most
    one message per account and lockout every ten minutes.
    """
    user = find_account(identifier)
    if user is None or not user.is_active or not (user.email or user.phone):
        return
    state = _lockout_state(user)
    url = _link("users:unlock", user.preferred_language, token=make_unlock_token(user=user))
    notify(
        kind="account_unlock",
        key=f"account-unlock:{user.pk}:{state}:{_window(600)}",
        context={"name": user.get_short_name() or user.get_username(),
                 "minutes": unlock_link_max_age() // 60},
        email=user.email, phone=user.phone, language=user.preferred_language,
        url=url, channels=message_channels(),
    )


def unlock(*, token):
    """Clear every sign-in lockout of the token's account; the account, or None."""
    with transaction.atomic():
        user = unlock_token_user(token=token)
        if user is None:
            return None
        reset_lockout(username=user.username)
    return user


# Signing up -----------------------------------------------------------------------------

def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def start_signup(*, email="", phone="", first_name="", last_name="", preferred_language="ar",
                 password_hash, next_url="", client_ip=None):
    """Sign up without telling whether the address has an account.

    A new address gets a link that creates the account (a phone number alone gets a
    six-digit code by SMS instead, entered on the site); an address that has one gets a
    message telling its owner someone tried (and how to sign in or reset the password).
    The caller shows the same page either way. A phone-only sign-up raises
    phone_codes.TooManyCodes, for known and unknown numbers alike, when asked too often.
    """
    email, phone = normalize_email(email), normalize_phone(phone)
    PendingSignup.objects.filter(
        created_at__lt=timezone.now() - timedelta(seconds=signup_link_max_age())).delete()
    by_code = bool(phone and not email)
    code = phone_codes.issue_code(phone=phone, purpose=PhoneCode.Purpose.SIGNUP,
                                  client_ip=client_ip) if by_code else ""
    owner = existing_account(email=email, phone=phone)
    if owner is not None:
        notify(
            kind="account_signup_attempt",
            key=f"account-signup-attempt:{owner.pk}:{_window(3600)}",
            context={"name": owner.get_short_name() or owner.get_username(),
                     "login_url": _absolute(_link("users:login", owner.preferred_language)),
                     "reset_url": _absolute(_link(
                         "users:password_reset_phone" if by_code else "users:password_reset",
                         owner.preferred_language))},
            email=owner.email if owner.email == email else "",
            phone=owner.phone if owner.phone == phone else "",
            language=owner.preferred_language, channels=message_channels(),
        )
        return None
    token = secrets.token_urlsafe(32)
    pending = PendingSignup.objects.create(
        token_hash=_token_hash(token), email=email, phone=phone, first_name=first_name,
        last_name=last_name, preferred_language=preferred_language, password=password_hash,
        next_url=next_url[:500],
    )
    if by_code:
        notify(
            kind="account_signup_code", key=f"account-signup-code:{pending.pk}",
            context={"code": code, "minutes": phone_codes.max_age() // 60},
            phone=phone, language=preferred_language, channels=message_channels(),
        )
        return pending
    notify(
        kind="account_signup",
        key=f"account-signup:{pending.pk}",
        context={"name": first_name or email or phone,
                 "hours": signup_link_max_age() // 3600},
        email=email, phone=phone, language=preferred_language,
        url=_link("users:signup_confirm", preferred_language, token=token),
        channels=message_channels(),
    )
    return pending


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def pending_signup(*, token):
    """The pending sign-up a link opens, if it is still valid."""
    if not token or len(token) > 100:
        return None
    return PendingSignup.objects.filter(
        token_hash=_token_hash(token),
        created_at__gte=timezone.now() - timedelta(seconds=signup_link_max_age()),
    ).first()


def complete_signup(*, token):
    """Create the account of a sign-up link (once); returns (user, next_url) or (None, "").

    The link proves the address: if an account took it meanwhile, nothing is created.
    """
    with transaction.atomic():
        pending = pending_signup(token=token)
        if pending is None:
            return None, ""
        pending = PendingSignup.objects.select_for_update().filter(pk=pending.pk).first()
        if pending is None:
            return None, ""
        return _create_account(pending)


def complete_phone_signup(*, phone, code):
    """Create the account of a phone-only sign-up whose SMS code is right (once);
    (user, next_url), or (None, "") for a wrong, expired or used code."""
    phone = normalize_phone(phone)
    with transaction.atomic():
        if not phone or not phone_codes.use_code(phone=phone, purpose=PhoneCode.Purpose.SIGNUP,
                                                 code=code):
            return None, ""
        pending = (PendingSignup.objects.select_for_update()
                   .filter(phone=phone, email="",
                           created_at__gte=timezone.now()
                           - timedelta(seconds=signup_link_max_age()))
                   .order_by("-created_at").first())
        if pending is None:
            return None, ""
        PendingSignup.objects.filter(phone=phone, email="").exclude(pk=pending.pk).delete()
        return _create_account(pending)


def _create_account(pending):
    """Inside the caller's transaction, with ``pending`` locked."""
    pending.delete()
    if existing_account(email=pending.email, phone=pending.phone) is not None:
        return None, ""
    user = User(
        username=pending.email or pending.phone, email=pending.email, phone=pending.phone,
        first_name=pending.first_name, last_name=pending.last_name,
        preferred_language=pending.preferred_language, password=pending.password,
    )
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        return None, ""
    return user, pending.next_url


# Resetting a password by SMS ------------------------------------------------------------

def request_password_reset_code(*, phone, client_ip=None, language=None):
    """Send a reset code by SMS to the account with this number, if there is one.

    Returns nothing a caller could show: a code is recorded (and counted against the rate
    limits) for unknown numbers too, only never sent. Raises phone_codes.TooManyCodes.
    """
    phone = normalize_phone(phone)
    code = phone_codes.issue_code(phone=phone, purpose=PhoneCode.Purpose.PASSWORD_RESET,
                                  client_ip=client_ip)
    user = User.objects.filter(phone=phone, is_active=True).first() if phone else None
    if user is None:
        return
    notify(
        kind="password_reset_code",
        key=f"password-reset-code:{user.pk}:{_token_hash(code + phone)[:16]}:{_window(60)}",
        context={"code": code, "minutes": phone_codes.max_age() // 60},
        phone=phone, language=language or user.preferred_language,
        channels=message_channels(),
    )


def reset_password_with_code(*, phone, code, password):
    """Set a new password when the SMS code is right (once); the account, or None.

    The account's sign-in lockouts are cleared: its owner just proved the phone.
    """
    phone = normalize_phone(phone)
    with transaction.atomic():
        if not phone or not phone_codes.use_code(
                phone=phone, purpose=PhoneCode.Purpose.PASSWORD_RESET, code=code):
            return None
        user = User.objects.select_for_update().filter(phone=phone, is_active=True).first()
        if user is None:
            return None
        user.set_password(password)
        user.save(update_fields=["password"])
        reset_lockout(username=user.username)
    return user
