"""Change records in words: field labels, choice labels, yes/no, dates, related objects."""

import datetime

from dateutil import parser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

EMPTY = "—"


def _value(record, field, value):
    if value is None or value == "None" or value == "":
        return EMPTY
    if field is None:
        return str(value)
    if field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if str(value) == "True" else _("No")
    if isinstance(field, (models.ForeignKey, models.OneToOneField)):
        return str(record._get_changes_display_for_fk_field(field, str(value)))
    if isinstance(field, (models.DateTimeField, models.DateField)):
        try:
            moment = parser.parse(str(value))
        except (ValueError, OverflowError):
            return str(value)
        if isinstance(field, models.DateTimeField):
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)
            return formats.localize(timezone.localtime(moment))
        return formats.localize(moment.date())
    return str(value)


def change_lines(record):
    """[(label, old, new)] for a record, in the active language."""
    model = record.content_type.model_class()
    lines = []
    for name, values in (record.changes or {}).items():
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            if field is not None and not hasattr(field, "verbose_name"):
                field = None  # a reverse relation: no label or choices of its own
        label = capfirst(getattr(field, "verbose_name", name)) if field is not None else name
        if isinstance(values, dict) and values.get("type") == "m2m":
            objects = ", ".join(values.get("objects", []))
            if values.get("operation") == "delete":
                lines.append((label, objects, EMPTY))
            else:
                lines.append((label, EMPTY, objects))
            continue
        old, new = (list(values) + [None, None])[:2]
        lines.append((label, _value(record, field, old), _value(record, field, new)))
    return lines


def change_line(label, old, new):
    return _("%(label)s: %(old)s → %(new)s") % {"label": label, "old": old, "new": new}


def change_summary(record):
    return "; ".join(change_line(*line) for line in change_lines(record))
