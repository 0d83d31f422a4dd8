import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.notifications.models import Notification


class Tombstone(models.Model):
    """An object that left a public data set (deleted, or no longer public) and when.

    One row per object: it is refreshed when the object leaves again and removed when the
    object becomes public again (it is then in the list with a newer ``updated_at``).
    """

    dataset = models.CharField(_("data set"), max_length=40)
    object_id = models.BigIntegerField(_("object id"))
    lookup = models.CharField(_("lookup"), max_length=200, blank=True,
                              help_text=_("The API detail URL's name for it (slug, code, id)."))
    deleted_at = models.DateTimeField(_("left the data set at"))

    class Meta:
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")
        constraints = [models.UniqueConstraint(fields=["dataset", "object_id"],
                                               name="tombstone_unique_object")]
        indexes = [models.Index(fields=["deleted_at", "id"], name="tombstone_deleted_at_id"),
                   models.Index(fields=["dataset", "deleted_at", "id"],
                                name="tombstone_dataset_deleted_at")]

    def __str__(self):
        return f"{self.dataset}:{self.object_id}"


def hash_key(key):
    """Keys are long random strings: one SHA-256 is enough (no password stretching)."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKey(models.Model):
    """A partner's API key: asked for on the site, approved by a national administrator,
    shown once, stored hashed (``prefix.secret``: the prefix finds the row)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved, not yet shown")
        ACTIVE = "active", _("Active")
        REFUSED = "refused", _("Refused")
        REVOKED = "revoked", _("Revoked")

    class Scope(models.TextChoices):
        READ = "read", _("Read the open data")
        WRITE_IDEAS = "write-ideas", _("Read, and submit project ideas")
        WRITE_PRODUCTS = "write-products", _("Read, and keep my cooperatives' products")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"),
                              on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(_("name"), max_length=100)
    purpose = models.TextField(_("purpose"))
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices,
                             default=Scope.READ)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.REQUESTED, editable=False)
    quota_per_hour = models.PositiveIntegerField(_("requests per hour"), default=1000)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, null=True, blank=True,
                              editable=False)
    hashed_key = models.CharField(_("hashed key"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   editable=False, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    issued_at = models.DateTimeField(_("key issued at"), null=True, blank=True,
                                     editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self):
        return f"{self.name} ({self.prefix or '-'})"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE


class ApiKeyUsage(models.Model):
    """Requests made with a key on one day (Africa/Casablanca)."""

    key = models.ForeignKey(ApiKey, verbose_name=_("API key"), on_delete=models.CASCADE,
                            related_name="usage")
    day = models.DateField(_("day"))
    requests = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("API key usage")
        verbose_name_plural = _("API key usage")
        constraints = [models.UniqueConstraint(fields=["key", "day"],
                                               name="api_key_usage_unique_day")]

    def __str__(self):
        return f"{self.key_id}:{self.day}:{self.requests}"


class WebhookEndpoint(models.Model):
    """A partner's URL and the events it receives, signed with its own secret."""

    class Event(models.TextChoices):
        COOPERATIVE_CREATED = "cooperative.created", _("A cooperative is published")
        COOPERATIVE_UPDATED = "cooperative.updated", _("A published cooperative changes")
        IDEA_PUBLISHED = "idea.published", _("A project idea is published")
        EVENT_PUBLISHED = "event.published", _("An event is published")
        RANKING_PUBLISHED = "ranking.published", _("A call's ranking is published")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"),
                              on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    description = models.CharField(_("description"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True,
                                     help_text=_("Set after repeated failures; resume it to "
                                                 "receive events again."))
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    """One event sent to one endpoint: the outbox row is its Notification's Delivery
    (channel "webhook"); this row is the partner's delivery log."""

    endpoint = models.ForeignKey(WebhookEndpoint, verbose_name=_("endpoint"),
                                 on_delete=models.CASCADE, related_name="deliveries")
    notification = models.OneToOneField(Notification, verbose_name=_("notification"),
                                        on_delete=models.CASCADE, related_name="webhook")
    event = models.CharField(_("event"), max_length=40)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("answer's HTTP status"), null=True,
                                                       blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["endpoint", "-created_at"])]

    def __str__(self):
        return f"{self.event} → {self.endpoint_id}"
