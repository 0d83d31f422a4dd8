"""django-axes hooks: what a sign-in failure counts against, and the lockout page.

Failures are counted per (account, client address): a stranger elsewhere cannot lock the
owner out of their usual place, and every spelling of one account (username, e-mail,
phone, any case) counts as the same account. A locked-out owner gets an unlock link.
"""

from django.shortcuts import render

from .selectors import lockout_key


def lockout_username(request, credentials=None):
    """AXES_USERNAME_CALLABLE: the account a sign-in attempt names, the same for every
    spelling of it (computed once per request)."""
    if credentials:
        identifier = credentials.get("username")
    else:
        data = getattr(request, "data", None) or request.POST
        identifier = data.get("username")
    if not identifier:
        return identifier
    cache = request.__dict__.setdefault("_lockout_keys", {})
    if identifier not in cache:
        cache[identifier] = lockout_key(identifier)
    return cache[identifier]


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page, which names no account (axes' own JSON
    answer would give the username an e-mail or phone belongs to)."""
    return render(request, "registration/locked_out.html", status=429)
