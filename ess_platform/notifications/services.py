"""Notify a person in their language; every caller goes through ``notify``.

A notification and one delivery per chosen channel are rows written in the caller's
transaction (an outbox). Sending is enqueued on commit; if the broker is down the rows stay
pending and ``sweep_pending_deliveries`` (beat, every minute) enqueues them again. Sending
locks the delivery row and checks its status, so a delivery enqueued twice is sent once.
Errors are retried with exponential backoff, then recorded as FAILED with the last error.
"""

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import conf
from .channels import get_channel, registry
from .models import Delivery, Notification, NotificationPreference

logger = logging.getLogger(__name__)


class RetryLater(Exception):  # noqa: N818 - a signal, not an error
    """A delivery failed and is due again in ``countdown`` seconds."""

    def __init__(self, delivery_id, countdown, error):
        super().__init__(f"delivery {delivery_id}: retry in {countdown:.0f}s ({error})")
        self.delivery_id = delivery_id
        self.countdown = countdown


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


def save_preferences(*, user, channels):
    """Record the optional channels a user wants."""
    optional = [name for name, channel in registry().items() if channel.optional]
    chosen = [name for name in optional if name in set(channels)]
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"channels": chosen}
    )
    return preference


def notify(*, kind, key, context=None, user=None, email="", phone="", language=None, url="",
           channels=None):
    """Record a notification for a user (or a guest's e-mail/phone) and schedule delivery.

    ``kind`` names the templates ``notifications/<kind>.subject.txt`` and ``.body.txt``;
    ``key`` identifies the cause: the same key never notifies twice. ``channels`` overrides
    the person's choice (rarely needed: e.g. a password reset goes by e-mail only).
    """
    existing = Notification.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if user is not None:
        email = email or user.email
        phone = phone or user.phone
        language = language or user.preferred_language
    language = language or translation.get_language() or "ar"
    # Messages leave the site: their links are absolute; the inbox keeps the path.
    absolute_url = url if not url or "://" in url else settings.SITE_URL.rstrip("/") + url
    context = {**(context or {}), "user": user, "url": absolute_url}
    with translation.override(language):
        subject = " ".join(
            render_to_string(f"notifications/{kind}.subject.txt", context).split()
        )
        body = render_to_string(f"notifications/{kind}.body.txt", context).strip()
    notification = Notification.objects.create(
        key=key, kind=kind, recipient=user, email=email, phone=phone, language=language,
        subject=subject[:255], body=body, url=url,
    )
    available = registry()
    names = channels if channels is not None else chosen_channels(user)
    now = timezone.now()
    deliveries = []
    for name in names:
        channel = available.get(name)
        if channel is None or not channel.reaches(notification):
            continue
        if not channel.optional:
            # The inbox is the row itself: delivered as soon as it is committed.
            deliveries.append(Delivery(notification=notification, channel=name,
                                       status=Delivery.Status.SENT, sent_at=now))
        else:
            deliveries.append(Delivery(notification=notification, channel=name,
                                       next_attempt_at=now))
    Delivery.objects.bulk_create(deliveries)
    pending = list(
        notification.deliveries.filter(status=Delivery.Status.PENDING).values_list("pk", flat=True)
    )
    if pending:
        transaction.on_commit(lambda: enqueue_deliveries(pending))
    return notification


def enqueue_deliveries(delivery_ids):
    """Hand deliveries to the broker; a broker failure leaves them pending for the sweeper.

    Runs after the caller's commit: it must never fail the caller's request.
    """
    from .tasks import send_delivery

    enqueued = 0
    for delivery_id in delivery_ids:
        try:
            send_delivery.apply_async((delivery_id,))
        except Exception:  # noqa: BLE001 - broker down: the sweeper enqueues it later
            if send_delivery.app.conf.task_always_eager:
                raise
            logger.warning(
                "Could not enqueue delivery %s; it stays pending for the sweeper.",
                delivery_id, exc_info=True,
            )
            break
        enqueued += 1
    return enqueued


def backoff(attempts):
    """Seconds before the next try after ``attempts`` failures: doubling, capped, jittered."""
    delay = min(conf.retry_base() * (2 ** max(attempts - 1, 0)), conf.retry_max())
    return delay * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not security


def send_delivery(delivery_id):
    """Send one delivery at most once; raise RetryLater when it should be tried again.

    The row is locked for the send and its status checked inside the lock, so two workers
    (or a re-delivered task) cannot both send it. Returns the delivery's final status.
    """
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != Delivery.Status.PENDING:
            return getattr(delivery, "status", None)
        notification = Notification.objects.get(pk=delivery.notification_id)
        delivery.attempts += 1
        channel = get_channel(delivery.channel)
        try:
            if channel is None:
                raise LookupError(f"channel {delivery.channel!r} is not configured")
            channel.send(notification)
        except Exception as exc:  # noqa: BLE001 - any error is recorded, never dropped
            delivery.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            if delivery.attempts >= conf.max_attempts() or channel is None:
                delivery.status = Delivery.Status.FAILED
                delivery.next_attempt_at = None
                delivery.save(update_fields=["attempts", "status", "last_error",
                                             "next_attempt_at", "updated_at"])
                logger.error("Delivery %s failed for good after %s attempts: %s",
                             delivery.pk, delivery.attempts, delivery.last_error)
                return delivery.status
            countdown = backoff(delivery.attempts)
            delivery.next_attempt_at = timezone.now() + timedelta(seconds=countdown)
            delivery.save(update_fields=["attempts", "last_error", "next_attempt_at",
                                         "updated_at"])
            retry = RetryLater(delivery.pk, countdown, delivery.last_error)
        else:
            delivery.status = Delivery.Status.SENT
            delivery.sent_at = timezone.now()
            delivery.next_attempt_at = None
            delivery.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at",
                                         "updated_at"])
            return delivery.status
    logger.warning("%s", retry)
    raise retry


def deliver(notification_id):
    """Send every pending delivery of a notification once (errors: see send_delivery)."""
    for delivery_id in Delivery.objects.filter(
        notification_id=notification_id, status=Delivery.Status.PENDING
    ).values_list("pk", flat=True):
        send_delivery(delivery_id)


def overdue_deliveries(*, older_than=None, now=None):
    """Pending deliveries due for longer than ``older_than`` seconds."""
    now = now or timezone.now()
    older_than = conf.sweep_after() if older_than is None else older_than
    limit = now - timedelta(seconds=older_than)
    return Delivery.objects.filter(status=Delivery.Status.PENDING).filter(
        Q(next_attempt_at__lte=limit) | Q(next_attempt_at__isnull=True, updated_at__lte=limit)
    )


def sweep_pending_deliveries(*, older_than=None, batch=1000):
    """Enqueue again what was recorded but never sent (broker down, worker lost...)."""
    ids = list(overdue_deliveries(older_than=older_than).order_by("pk")
               .values_list("pk", flat=True)[:batch])
    if not ids:
        return 0
    # Due again from now: a slow queue is not swept twice a minute.
    Delivery.objects.filter(pk__in=ids, status=Delivery.Status.PENDING).update(
        next_attempt_at=timezone.now()
    )
    return enqueue_deliveries(ids)


def retry_deliveries(queryset):
    """An administrator sends failed deliveries again (fresh attempts)."""
    ids = list(queryset.exclude(status=Delivery.Status.SENT).values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(
        status=Delivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: enqueue_deliveries(ids))
    return len(ids)


def mark_read(*, user, notification_ids=None):
    """Mark a user's notifications read (all unread ones when no ids are given)."""
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=notification_ids)
    return queryset.update(read_at=timezone.now())


def unread_count(user):
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
