"""Reads of reports."""

from .models import Report


def active_count(user):
    """How many of the user's reports are waiting or being built."""
    return Report.objects.owned_by(user).filter(
        status__in=[Report.Status.QUEUED, Report.Status.RUNNING]).count()
