"""Reads of accounts: the one account an identifier names."""

from django.db.models import Q

from .models import User, normalize_email, normalize_phone, normalize_username


def find_account(identifier):
    """The one account a username, e-mail or phone names (in any case), or None."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    lowered = identifier.lower()
    for lookup in (Q(username=lowered), Q(email=lowered)):
        user = User.objects.filter(lookup).first()
        if user is not None:
            return user
    phone = normalize_phone(identifier)
    if len(phone.lstrip("+")) >= 6:
        return User.objects.filter(phone=phone).first()
    return None


def lockout_key(identifier):
    """What sign-in failures are counted against: the account's username when the
    identifier names one (so its e-mail, phone and every spelling count together), else
    the identifier lowercased."""
    user = find_account(identifier)
    return user.username if user is not None else normalize_username(identifier)


def existing_account(*, email="", phone=""):
    """The oldest account holding this e-mail or phone (as address or username), or None."""
    email, phone = normalize_email(email), normalize_phone(phone)
    lookup = Q(pk__in=[])
    if email:
        lookup |= Q(email=email) | Q(username=email)
    if phone:
        lookup |= Q(phone=phone) | Q(username=phone)
    return User.objects.filter(lookup).order_by("pk").first()


def demo_user(username):
    """An account of the demo data (seeded by ess_platform.demo), for each app's demo."""
    return User.objects.get(username=username)
