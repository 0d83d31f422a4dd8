"""Notify a person in their language; every caller goes through ``notify``.

A notification and its deliveries are rows written in the caller's transaction (an
outbox); the sending task is enqueued on commit and is safe to run twice.
"""

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Delivery, Notification


def notify(*, kind, key, context=None, user=None, email="", phone="", language=None, url=""):
    """Record a notification for a user (or a guest's e-mail/phone) and schedule delivery.

    ``kind`` names the templates ``notifications/<kind>.subject.txt`` and ``.body.txt``;
    ``key`` identifies the cause: the same key never notifies twice.
    """
    existing = Notification.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if user is not None:
        email = email or user.email
        phone = phone or user.phone
        language = language or user.preferred_language
    language = language or translation.get_language() or "ar"
    context = {**(context or {}), "user": user, "url": url}
    with translation.override(language):
        subject = " ".join(
            render_to_string(f"notifications/{kind}.subject.txt", context).split()
        )
        body = render_to_string(f"notifications/{kind}.body.txt", context).strip()
    notification = Notification.objects.create(
        key=key, kind=kind, recipient=user, email=email, phone=phone, language=language,
        subject=subject[:255], body=body, url=url,
    )
    channels = []
    if email:
        channels.append("email")
    Delivery.objects.bulk_create(
        [Delivery(notification=notification, channel=channel) for channel in channels]
    )
    if channels:
        from .tasks import deliver_notification

        transaction.on_commit(lambda: deliver_notification.delay(notification.pk))
    return notification


def deliver(notification_id):
    """Send every pending delivery of a notification once."""
    for delivery_id in Delivery.objects.filter(
        notification_id=notification_id, status=Delivery.Status.PENDING
    ).values_list("pk", flat=True):
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update()
                .select_related("notification")
                .filter(pk=delivery_id, status=Delivery.Status.PENDING)
                .first()
            )
            if delivery is None:
                continue
            delivery.attempts += 1
            note = delivery.notification
            send_mail(note.subject, note.body, None, [note.email])
            delivery.status = Delivery.Status.SENT
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["attempts", "status", "sent_at", "updated_at"])
