"""Reads of notifications: a person's channels, their unread count, the overdue outbox."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from . import conf
from .channels import registry
from .models import Delivery, Notification, NotificationPreference


def chosen_channels(user):
    """The channel names a user receives (the inbox is always on)."""
    available = registry()
    if user is None:
        wanted = conf.default_channels()
    else:
        preference = NotificationPreference.objects.filter(user=user).first()
        wanted = preference.channels if preference is not None else conf.default_channels()
    names = [name for name, channel in available.items() if not channel.optional]
    names += [name for name in wanted if name in available and name not in names]
    return names


def overdue_deliveries(*, older_than=None, now=None):
    """Pending deliveries due for longer than ``older_than`` seconds, and the SENDING
    claims older than NOTIFICATION_SEND_TIMEOUT (their worker died mid-send)."""
    now = now or timezone.now()
    older_than = conf.sweep_after() if older_than is None else older_than
    limit = now - timedelta(seconds=older_than)
    pending = Q(status=Delivery.Status.PENDING) & (
        Q(next_attempt_at__lte=limit) | Q(next_attempt_at__isnull=True, updated_at__lte=limit))
    lost = Q(status=Delivery.Status.SENDING,
             claimed_at__lte=now - timedelta(seconds=conf.send_timeout()))
    return Delivery.objects.filter(pending | lost)


def unread_count(user):
    """How many of the user's notifications are unread (0 for an anonymous visitor)."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
