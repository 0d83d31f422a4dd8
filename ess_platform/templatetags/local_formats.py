"""Template filters for ``ess_platform.kernel.formatting``: ``{% load local_formats %}``.

``{{ event.starts_at|local_datetime }}``, ``|local_date``, ``|local_date:"SHORT_DATE_FORMAT"``,
``|local_time``, ``|local_number``, ``|local_number:1``; ``|isolate`` wraps a fragment in
Unicode isolates for plain text (e-mail, SMS), ``|bdi`` in ``<bdi>`` for HTML.
"""

from django import template
from django.utils.html import format_html

from ess_platform.kernel import formatting

register = template.Library()


@register.filter
def local_date(value, format_name="DATE_FORMAT"):
    return formatting.local_date(value, format_name)


@register.filter
def local_datetime(value, format_name="DATETIME_FORMAT"):
    return formatting.local_datetime(value, format_name)


@register.filter
def local_time(value, format_name="TIME_FORMAT"):
    return formatting.local_time(value, format_name)


@register.filter
def local_number(value, decimals=None):
    return formatting.local_number(value, None if decimals in (None, "") else int(decimals))


@register.filter(is_safe=True)
def isolate(value):
    """Plain text only: HTML uses ``|bdi``."""
    return formatting.isolate(value)


@register.filter
def bdi(value):
    """``<bdi>value</bdi>``, escaped: a Latin fragment, code or URL inside Arabic HTML."""
    if value in (None, ""):
        return ""
    return format_html("<bdi>{}</bdi>", value)
