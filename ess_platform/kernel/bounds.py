"""The ranges a value from a request must stay in before it reaches a query or date
arithmetic: a number or date the database or Python cannot hold (a 23-digit id, the day
after 9999-12-31) is a field error, not an overflow deep inside a view (a 500)."""

from datetime import UTC, date, datetime, time

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

# PostgreSQL's bigint, the widest integer column of the schema.
INTEGER_RANGE = (-(2**63), 2**63 - 1)
# One day of margin on each side of Python's dates, for day arithmetic and time zones.
DATE_RANGE = (date(2, 1, 1), date(9998, 12, 31))
DATETIME_RANGE = (datetime.combine(DATE_RANGE[0], time.min, tzinfo=UTC),
                  datetime.combine(DATE_RANGE[1], time.max, tzinfo=UTC))


def _limits(field):
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return INTEGER_RANGE
    if isinstance(field, forms.DateTimeField):
        return DATETIME_RANGE
    if isinstance(field, forms.DateField):
        return DATE_RANGE
    return None


def bound_field(field):
    """Add the range to a number or date form field (and to each part of a range field)."""
    if isinstance(field, forms.MultiValueField):
        for part in field.fields:
            bound_field(part)
        return
    limits = _limits(field)
    if limits is not None:
        field.validators = [*field.validators, MinValueValidator(limits[0]),
                            MaxValueValidator(limits[1])]


class BoundedFormMixin:
    """For a site form whose numbers or dates go into a query or date arithmetic."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            bound_field(field)
