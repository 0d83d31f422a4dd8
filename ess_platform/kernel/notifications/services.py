"""Notify a person in their language; every caller goes through ``notify``.

A notification and one delivery per chosen channel are rows written in the caller's
transaction (an outbox). Sending is enqueued on commit; if the broker is down the rows stay
pending and ``sweep_pending_deliveries`` (beat, every minute) enqueues them again. Errors
are retried with exponential backoff, then recorded as FAILED with the last error.

Sending is recorded in three steps, so that no transaction stays open across a provider
call: a claim (status SENDING, the run's id, the time) is committed first; the provider
is called outside any transaction; SENT (or the error) is recorded after. A delivery
enqueued twice is sent once: a second run finds the claim and leaves it.

A worker that dies between the provider's answer and the record leaves a SENDING claim
behind, and nobody knows whether the message went out. Such a claim is lost once it is
older than NOTIFICATION_SEND_TIMEOUT, or at once when the broker redelivers the very
message whose run made it. The choice is at least once (NOTIFICATION_UNCONFIRMED_SENDS =
"resend", the default): the delivery is sent again, counted as an attempt, so the person
gets the message, at worst twice; "fail" makes it at most once (recorded FAILED, visible
in the admin, never sent twice). SMTP has no idempotency key: every attempt of a delivery
carries the same Message-ID, which lets mail clients and mailboxes that deduplicate show
one copy. A channel whose provider takes an idempotency key passes ``idempotency_key`` on.
"""

import logging
import random
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from . import conf
from .channels import get_channel, registry
from .models import Delivery, Notification, NotificationPreference
from .rendering import dump_params, render_parts, render_text  # noqa: F401 - render_text: public
from .selectors import chosen_channels, overdue_deliveries

logger = logging.getLogger(__name__)


class RetryLater(Exception):
    """A delivery failed and is due again in ``countdown`` seconds."""

    def __init__(self, delivery_id, countdown, error):
        super().__init__(f"delivery {delivery_id}: retry in {countdown:.0f}s ({error})")
        self.delivery_id = delivery_id
        self.countdown = countdown


def save_preferences(*, user, channels):
    """Record the optional channels a user wants."""
    optional = [name for name, channel in registry().items() if channel.optional]
    chosen = [name for name in optional if name in set(channels)]
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"channels": chosen}
    )
    return preference


def _has_preference(user):
    return user is not None and NotificationPreference.objects.filter(user=user).exists()


def _phone_fallback(notification, names, available):
    """A person known only by phone gets SMS by default: when no default channel but the
    inbox reaches them, every channel that reaches their phone is added."""
    if any(available[name].optional and available[name].reaches(notification)
           for name in names if name in available):
        return []
    return [name for name, channel in available.items()
            if channel.optional and name not in names and channel.reaches(notification)]


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
    context = {**(context or {}), "user": user}
    # The texts are written again in the reader's language (rendering.py); these are the
    # snapshot in the language of its making, shown when its parameters are gone.
    texts = render_parts(kind, context, language, url=url)
    notification = Notification.objects.create(
        key=key, kind=kind, recipient=user, email=email, phone=phone, language=language,
        subject=texts["subject"], body=texts["body"], sms_text=texts["sms"], url=url,
        params=dump_params(context),
    )
    available = registry()
    names = channels if channels is not None else chosen_channels(user)
    if channels is None and not _has_preference(user):
        names = names + _phone_fallback(notification, names, available)
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
        transaction.on_commit(lambda: enqueue_deliveries(delivery_ids=pending))
    return notification


#: The Celery name of the task that sends one delivery (tasks.py), looked up by name so
#: that the services never import the tasks that call them.
SEND_DELIVERY_TASK = "ess_platform.notifications.tasks.send_delivery"


def enqueue_deliveries(*, delivery_ids):
    """Hand deliveries to the broker; a broker failure leaves them pending for the sweeper.

    Runs after the caller's commit: it must never fail the caller's request.
    """
    from ess_platform.kernel.task_names import task_named

    send_delivery = task_named(SEND_DELIVERY_TASK)
    enqueued = 0
    for delivery_id in delivery_ids:
        try:
            send_delivery.apply_async((delivery_id,))
        except Exception:  # broker down: the sweeper enqueues it later
            if send_delivery.app.conf.task_always_eager:
                raise
            logger.warning(
                "Could not enqueue delivery %s; it stays pending for the sweeper.",
                delivery_id, exc_info=True,
            )
            break
        enqueued += 1
    return enqueued


def backoff(*, attempts):
    """Seconds before the next try after ``attempts`` failures: doubling, capped, jittered."""
    delay = min(conf.retry_base() * (2 ** max(attempts - 1, 0)), conf.retry_max())
    return delay * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not security


def send_delivery(*, delivery_id, run=None):
    """Send one delivery; raise RetryLater when it should be tried again.

    ``run`` names this run (the task id; a redelivered message keeps it). Returns the
    delivery's status after this run: SENDING when another run holds a live claim.
    """
    delivery, notification = _claim(delivery_id, run or uuid.uuid4().hex)
    if notification is None:
        return getattr(delivery, "status", None)
    channel = get_channel(delivery.channel)
    try:
        if channel is None:
            raise LookupError(f"channel {delivery.channel!r} is not configured")
        channel.send(notification, idempotency_key=delivery.idempotency_key)
    except Exception as exc:  # noqa: BLE001 - any error is recorded, never dropped
        # An error marked ``permanent`` (a refused webhook target) is not tried again.
        return _record_failure(delivery, exc, for_good=channel is None
                               or getattr(exc, "permanent", False))
    return _record_sent(delivery)


def _claim_is_lost(delivery, run, now):
    if delivery.claimed_at is None or delivery.claimed_by == run:
        # The broker handed this run's own message out again: its earlier run died.
        return True
    return delivery.claimed_at <= now - timedelta(seconds=conf.send_timeout())


def _claim(delivery_id, run):
    """Commit this run's claim on a delivery; (delivery, notification), or (delivery, None)
    when there is nothing to send."""
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            return None, None
        if delivery.status == Delivery.Status.SENDING:
            if not _claim_is_lost(delivery, run, now):
                logger.info("Delivery %s is being sent by %s; left alone.", delivery.pk,
                            delivery.claimed_by)
                return delivery, None
            with translation.override(settings.LANGUAGE_CODE):
                delivery.last_error = gettext(
                    "Interrupted while sending (its worker stopped): the message may or may "
                    "not have gone out.")
            if conf.unconfirmed_sends() == "fail" or delivery.attempts >= conf.max_attempts():
                delivery.status = Delivery.Status.FAILED
                delivery.next_attempt_at = None
                delivery.save(update_fields=["status", "last_error", "next_attempt_at",
                                             "updated_at"])
                logger.error("Delivery %s: its send was interrupted; recorded as failed.",
                             delivery.pk)
                return delivery, None
            logger.warning("Delivery %s: its send was interrupted; sending it again.",
                           delivery.pk)
        elif delivery.status != Delivery.Status.PENDING:
            return delivery, None
        delivery.status = Delivery.Status.SENDING
        delivery.attempts += 1
        delivery.claimed_by = run
        delivery.claimed_at = now
        delivery.save(update_fields=["status", "attempts", "claimed_by", "claimed_at",
                                     "last_error", "updated_at"])
        notification = Notification.objects.get(pk=delivery.notification_id)
    delivery.notification = notification
    return delivery, notification


def _owned(delivery):
    return Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING,
                                   claimed_by=delivery.claimed_by)


def _record_sent(delivery):
    now = timezone.now()
    fields = {"status": Delivery.Status.SENT, "sent_at": now, "next_attempt_at": None,
              "updated_at": now}
    if not _owned(delivery).update(**fields):
        # Another run took the claim over meanwhile; the message went out all the same.
        logger.warning("Delivery %s was sent by %s after its claim was taken over.",
                       delivery.pk, delivery.claimed_by)
        Delivery.objects.filter(pk=delivery.pk).exclude(status=Delivery.Status.SENT).update(
            **fields)
    delivery.status = Delivery.Status.SENT
    return delivery.status


def _record_failure(delivery, exc, *, for_good=False):
    error = f"{exc.__class__.__name__}: {exc}"[:2000]
    now = timezone.now()
    if for_good or delivery.attempts >= conf.max_attempts():
        _owned(delivery).update(status=Delivery.Status.FAILED, last_error=error,
                                next_attempt_at=None, updated_at=now)
        logger.error("Delivery %s failed for good after %s attempts: %s",
                     delivery.pk, delivery.attempts, error)
        return Delivery.Status.FAILED
    countdown = backoff(attempts=delivery.attempts)
    if not _owned(delivery).update(status=Delivery.Status.PENDING, last_error=error,
                                   next_attempt_at=now + timedelta(seconds=countdown),
                                   updated_at=now):
        return Delivery.objects.filter(pk=delivery.pk).values_list("status", flat=True).first()
    retry = RetryLater(delivery.pk, countdown, error)
    logger.warning("%s", retry)
    raise retry


def give_up_delivery(*, delivery_id, runs):
    """Its task lost its worker in each of ``runs`` runs: record the delivery as failed."""
    with translation.override(settings.LANGUAGE_CODE):
        reason = ngettext(
            "Its worker stopped during each of %(count)s attempt to send it; it will not "
            "be tried again.",
            "Its worker stopped during each of %(count)s attempts to send it; it will not "
            "be tried again.", runs) % {"count": runs}
    logger.error("Delivery %s: its task lost its worker %s times; recorded as failed.",
                 delivery_id, runs)
    return Delivery.objects.filter(pk=delivery_id).exclude(
        status__in=[Delivery.Status.SENT, Delivery.Status.FAILED]
    ).update(status=Delivery.Status.FAILED, last_error=reason, next_attempt_at=None,
             updated_at=timezone.now())


def deliver(*, notification_id):
    """Send every pending delivery of a notification once (errors: see send_delivery)."""
    for delivery_id in Delivery.objects.filter(
        notification_id=notification_id, status=Delivery.Status.PENDING
    ).values_list("pk", flat=True):
        send_delivery(delivery_id=delivery_id)


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
    return enqueue_deliveries(delivery_ids=ids)


def retry_deliveries(*, queryset):
    """An administrator sends failed deliveries again (fresh attempts)."""
    live_claim = timezone.now() - timedelta(seconds=conf.send_timeout())
    ids = list(queryset.exclude(status=Delivery.Status.SENT)
               .exclude(status=Delivery.Status.SENDING, claimed_at__gt=live_claim)
               .values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(
        status=Delivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: enqueue_deliveries(delivery_ids=ids))
    return len(ids)


def mark_read(*, user, notification_ids=None):
    """Mark a user's notifications read (all unread ones when no ids are given)."""
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=notification_ids)
    return queryset.update(read_at=timezone.now())
