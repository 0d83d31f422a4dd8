"""A request that carries a NUL character is refused once, here, before any view runs.

PostgreSQL cannot store or compare a text holding NUL ("A string literal cannot contain
NUL"), so such a value reaching a query is a 500 wherever it comes from. No address,
query, form, slug or header of the platform has a use for NUL, so the request is answered
400 rather than cleaned: stripping would silently turn "a\\x00b" into another value ("ab")
that the client never sent. Checked here: the path, the query string, a url-encoded form
body and the headers. A multipart body is left to its reader (Django's form fields and the
API's parsers refuse NUL themselves) so that it is parsed once, by the view. A cookie is
not something the user typed: a cookie holding NUL is dropped, as if absent, so that a
browser with a damaged cookie is not locked out.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

NULL_CHARACTER_MESSAGE = _("The request contains a null character, which is not allowed.")
# Cookies are handled apart; the Authorization header is judged by the API's
# authentication, which answers 401 (ess_platform/kernel/api_auth.py).
UNCHECKED_HEADERS = {"HTTP_COOKIE", "HTTP_AUTHORIZATION"}


def contains_nul(value):
    return isinstance(value, str) and "\x00" in value


def _query_has_nul(query):
    return any(contains_nul(key) or any(contains_nul(value) for value in query.getlist(key))
               for key in query)


def request_has_nul(request):
    if contains_nul(request.path) or _query_has_nul(request.GET):
        return True
    if (request.method == "POST"
            and request.content_type == "application/x-www-form-urlencoded"
            and _query_has_nul(request.POST)):
        return True
    return any(contains_nul(value) for key, value in request.META.items()
               if key.startswith("HTTP_") and key not in UNCHECKED_HEADERS)


class RejectNullCharactersMiddleware:
    """Placed before the session middleware, which reads the session cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [name for name, value in request.COOKIES.items() if contains_nul(value)]:
            del request.COOKIES[name]
        if not request_has_nul(request):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=True)
        with translation.override(language):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": str(NULL_CHARACTER_MESSAGE)}, status=400)
            # The site's 400 page, as the URLconf's handler400 renders it.
            return render(request, "400.html", status=400)
