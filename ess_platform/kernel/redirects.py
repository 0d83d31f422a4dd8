"""Where to go after signing in, up or out: a ``next`` URL only if it stays on this site."""

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_url(request, url):
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next_url(request, default="home", url=None, field="next"):
    """The ``next`` URL of the request (POST, then GET) when it is local, else ``default``
    (``None``: an empty string).

    ``url`` checks a value read elsewhere (e.g. stored with a pending sign-up).
    """
    if url is None:
        url = request.POST.get(field) or request.GET.get(field) or ""
    url = url.strip()
    if is_safe_url(request, url):
        return url
    return "" if default is None else resolve_url(default)


class SafeNextMixin:
    """For Django's LoginView and LogoutView: their ``next`` goes through safe_next_url."""

    def get_redirect_url(self):
        return safe_next_url(self.request, default=None, field=self.redirect_field_name)
