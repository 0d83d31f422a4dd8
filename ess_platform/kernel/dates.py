"""One "today" for the whole platform: the date in Morocco (settings.TIME_ZONE,
Africa/Casablanca), never the UTC date, so calls, deadlines and reminders agree with the
forms at any hour of the night."""

from django.utils import timezone


def local_today(now=None):
    """Today's date in Morocco (or the local date of the moment ``now``)."""
    return timezone.localdate(now)


def local_date(moment):
    """The local date of an aware datetime."""
    return timezone.localdate(moment)
