"""``{{ text|highlight:search }}``: the words a search matched, in <mark>, the rest escaped."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from ess_platform.kernel.search import normalize

register = template.Library()

_TOKENS = re.compile(r"(\s+)")


@register.filter(needs_autoescape=True)
def highlight(text, search, autoescape=True):
    escape = conditional_escape if autoescape else (lambda value: value)
    words = [word for word in getattr(search, "highlight_words", ()) if len(word) >= 2]
    if text is None:
        return ""
    if not words:
        return escape(text)
    parts = []
    for token in _TOKENS.split(str(text)):
        folded = normalize(token)
        if folded and any(word in folded for word in words):
            parts.append(format_html("<mark>{}</mark>", token))
        else:
            parts.append(escape(token))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - escaped above
