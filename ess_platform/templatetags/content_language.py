"""Content shown in a language other than the page's: ``{% load content_language %}``.

Content fields are written in Arabic and French (modeltranslation, no Tamazight columns).
A field falls back to Arabic, then French, when the page's language has no text for it:
always on a Tamazight page, and on an Arabic page whose item was only written in French.
``{% content_lang obj "field" %}`` writes the ``lang`` and ``dir`` attributes of the
language actually shown, so that the text keeps its own direction and fonts inside the
page (Arabic right to left inside a left-to-right Tifinagh page), and
``{% fallback_note obj "field" %}`` says so in words. Both write nothing when the field
is shown in the page's own language.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

register = template.Library()

NOTES = {
    "ar": _("This text is not available in your language; it is shown in Arabic."),
    "fr": _("This text is not available in your language; it is shown in French."),
}


def shown_language(obj, field):
    """The language whose text ``obj.<field>`` shows on this page, or None."""
    try:
        options = translator.get_options_for_model(type(obj))
    except NotRegistered:
        return None
    if field not in options.fields:
        return None
    page = get_language()
    order = [page] if page in mt_settings.AVAILABLE_LANGUAGES else [mt_settings.DEFAULT_LANGUAGE]
    order += [code for code in mt_settings.FALLBACK_LANGUAGES.get("default", ())
              if code not in order]
    for code in order:
        if getattr(obj, build_localized_fieldname(field, code), None) not in (None, ""):
            return code
    return None


def _fallback(obj, field):
    shown = shown_language(obj, field)
    return shown if shown and shown != get_language() else None


@register.simple_tag
def content_lang(obj, field):
    """`` lang="ar" dir="rtl"`` when the field is shown in another language than the page's."""
    shown = _fallback(obj, field)
    if not shown:
        return ""
    direction = "rtl" if get_language_info(shown)["bidi"] else "ltr"
    return format_html(' lang="{}" dir="{}"', shown, direction)


@register.simple_tag
def fallback_note(obj, field):
    """A short note, in the page's language, that the field is shown in another language."""
    shown = _fallback(obj, field)
    if not shown or shown not in NOTES:
        return ""
    return format_html('<p class="fallback-note">{}</p>', NOTES[shown])
