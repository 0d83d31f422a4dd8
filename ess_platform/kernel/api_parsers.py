"""The API's request parsers: a body is refused with a 400 ParseError (translated), never
a 500, when it is not JSON, nests deeper than any resource of the API, or holds a NUL
character (which PostgreSQL cannot store)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .middleware import NULL_CHARACTER_MESSAGE, contains_nul

# The deepest resource of the API nests a few levels; 32 leaves room and bounds the work.
MAX_JSON_DEPTH = 32


def check_json(data, max_depth=MAX_JSON_DEPTH):
    """Walk the parsed body without recursion: depth and NUL characters."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                raise ParseError(
                    _("The request body is nested too deeply (at most %(depth)s levels).")
                    % {"depth": max_depth})
            if isinstance(value, dict):
                if any(contains_nul(key) for key in value):
                    raise ParseError(NULL_CHARACTER_MESSAGE)
                value = value.values()
            stack.extend((item, depth + 1) for item in value)
        elif contains_nul(value):
            raise ParseError(NULL_CHARACTER_MESSAGE)


def check_form(data):
    if any(contains_nul(key) or any(contains_nul(value) for value in data.getlist(key))
           for key in data):
        raise ParseError(NULL_CHARACTER_MESSAGE)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except (ParseError, RecursionError):
            # Too deep for the decoder itself, or not JSON (DRF's message is untranslated).
            raise ParseError(_("The request body is not valid JSON.")) from None
        check_json(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        check_form(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            result = super().parse(stream, media_type, parser_context)
        except ParseError:
            raise ParseError(_("The request body is not a valid multipart form.")) from None
        check_form(result.data)
        if any(contains_nul(getattr(upload, "name", "")) for upload in result.files.values()):
            raise ParseError(NULL_CHARACTER_MESSAGE)
        return result
