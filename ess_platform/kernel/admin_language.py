"""The admin speaks Arabic and French only (settings.ADMIN_LANGUAGES).

Tamazight is offered on the public and member pages; an admin page asked for under
another language prefix (``/zgh/admin/...``) is redirected to the same page in the first
admin language instead of showing an admin half in Tamazight, half in Arabic.
"""

from django.conf import settings
from django.http import HttpResponseRedirect


class AdminLanguageMiddleware:
    """After LocaleMiddleware, which has read the language from the URL prefix."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = getattr(request, "LANGUAGE_CODE", None)
        prefix = f"/{language}/admin/"
        path = request.path_info
        if language not in settings.ADMIN_LANGUAGES and path.startswith(prefix):
            script_name = request.path[: len(request.path) - len(path)]
            location = f"{script_name}/{settings.ADMIN_LANGUAGES[0]}/admin/{path[len(prefix):]}"
            if request.META.get("QUERY_STRING"):
                location += "?" + request.META["QUERY_STRING"]
            return HttpResponseRedirect(location)
        return self.get_response(request)
