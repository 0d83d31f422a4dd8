from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to one person, recorded in the same transaction as its cause."""

    key = models.CharField(_("key"), max_length=200, unique=True,
                           help_text=_("Identifies the cause, so one cause notifies once."))
    kind = models.CharField(_("kind"), max_length=60)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"),
                                  on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="notifications")
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=3)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    sms_text = models.TextField(
        _("SMS text"), blank=True,
        help_text=_("The short form an SMS carries; empty: the subject and the link."))
    url = models.CharField(_("link"), max_length=500, blank=True)
    params = models.JSONField(
        _("parameters"), null=True, blank=True,
        help_text=_("What the kind's texts are written from, in the reader's language "
                    "(objects by reference); empty: the stored texts are shown."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.subject

    @property
    def url_absolute(self):
        """The link as a message outside the site carries it."""
        if not self.url or "://" in self.url:
            return self.url
        return settings.SITE_URL.rstrip("/") + self.url


class Delivery(models.Model):
    """One channel's delivery of a notification; its status is the outbox.

    SENDING is a claim, committed before the provider is called: ``claimed_by`` names the
    run (its task id) and ``claimed_at`` when it started (see services.send_delivery).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(Notification, verbose_name=_("notification"),
                                     on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=20)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        _("next attempt at"), null=True, blank=True,
        help_text=_("When a pending delivery is due; the sweeper re-enqueues overdue ones."))
    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True,
                                  help_text=_("The run that is sending it, or sent it last."))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"],
                                    name="delivery_unique_channel")
        ]
        indexes = [
            models.Index(fields=["status", "updated_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self):
        from .channels import registry

        channel = registry().get(self.channel)
        return gettext("%(channel)s: %(status)s") % {
            "channel": channel.label if channel is not None else self.channel,
            "status": self.get_status_display()}

    @property
    def idempotency_key(self):
        """The same for every attempt of this delivery, and no other delivery's anywhere."""
        created = self.notification.created_at
        return f"{created:%Y%m%d%H%M%S%f}.{self.notification_id}.{self.pk}"


class NotificationPreference(models.Model):
    """The channels a person chose; without a row, the default channels apply."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                                on_delete=models.CASCADE,
                                related_name="notification_preference")
    channels = models.JSONField(_("channels"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return ", ".join(self.channels)


class ScheduleLock(models.Model):
    """A periodic job's lock row, used when no shared cache exists."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    locked_until = models.DateTimeField(_("locked until"))

    class Meta:
        verbose_name = _("schedule lock")
        verbose_name_plural = _("schedule locks")

    def __str__(self):
        return self.name
