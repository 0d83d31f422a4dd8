"""What changes API keys and webhook endpoints: the site, the admin and the API call these."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ess_platform.kernel.notifications.services import notify

from .models import ApiKey, ApiKeyUsage, WebhookEndpoint, hash_key
from .permissions import can_decide_keys, is_partner, may_have_scope
from .webhooks import TargetRefused, check_target


def request_key(*, owner, name, purpose, scope=ApiKey.Scope.READ):
    if not may_have_scope(owner, scope):
        raise ValidationError({"scope": _("Only a cooperative's manager may ask for this "
                                          "scope.")})
    return ApiKey.objects.create(owner=owner, name=name, purpose=purpose, scope=scope)


def _decide(key, status, by):
    if not can_decide_keys(by):
        raise PermissionDenied
    if key.status != ApiKey.Status.REQUESTED:
        return False
    key.status, key.decided_by, key.decided_at = status, by, timezone.now()
    key.save(update_fields=["status", "decided_by", "decided_at"])
    kind = "api_key_approved" if status == ApiKey.Status.APPROVED else "api_key_refused"
    with translation.override(key.owner.preferred_language):
        url = reverse("partners:api_keys")
    notify(kind=kind, key=f"{kind}:{key.pk}", user=key.owner, context={"api_key": key},
           url=url)
    return True


def approve_key(*, key, by):
    """The owner is told, and sees the key once on their page."""
    return _decide(key, ApiKey.Status.APPROVED, by)


def refuse_key(*, key, by):
    return _decide(key, ApiKey.Status.REFUSED, by)


def _new_secret(key):
    for _attempt in range(5):
        prefix = secrets.token_hex(4)
        secret = f"{prefix}.{secrets.token_urlsafe(32)}"
        key.prefix, key.hashed_key = prefix, hash_key(secret)
        try:
            with transaction.atomic():
                key.save(update_fields=["prefix", "hashed_key", "status", "issued_at"])
        except IntegrityError:  # the prefix is taken (1 chance in 4 billion)
            continue
        return secret
    raise RuntimeError("no free key prefix")


def issue_key(*, key, owner):
    """Show an approved key (once) or replace an active one's secret (rotation: the old
    secret stops working at once). Returns the secret, never stored in clear."""
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        if key.owner_id != owner.pk:
            raise PermissionDenied
        if key.status not in {ApiKey.Status.APPROVED, ApiKey.Status.ACTIVE}:
            raise ValidationError(_("This key cannot be shown."))
        key.status, key.issued_at = ApiKey.Status.ACTIVE, timezone.now()
        return _new_secret(key)


def revoke_key(*, key, by):
    """The owner (or a national administrator) revokes a key; it answers 401 from now."""
    if key.owner_id != by.pk and not can_decide_keys(by):
        raise PermissionDenied
    updated = ApiKey.objects.filter(pk=key.pk).exclude(status=ApiKey.Status.REVOKED).update(
        status=ApiKey.Status.REVOKED, revoked_at=timezone.now())
    return bool(updated)


def record_use(*, key):
    """Count one request on today's row: one UPDATE (an INSERT on the day's first)."""
    today = timezone.localdate()
    if ApiKeyUsage.objects.filter(key=key, day=today).update(requests=F("requests") + 1):
        return
    try:
        with transaction.atomic():
            ApiKeyUsage.objects.create(key=key, day=today, requests=1)
    except IntegrityError:  # another request created it meanwhile
        ApiKeyUsage.objects.filter(key=key, day=today).update(requests=F("requests") + 1)


def _clean_events(events):
    valid = set(WebhookEndpoint.Event.values)
    if not events or not set(events) <= valid:
        raise ValidationError({"events": _("Choose one or more of: %(events)s.")
                               % {"events": ", ".join(WebhookEndpoint.Event.values)}})
    return [event for event in WebhookEndpoint.Event.values if event in set(events)]


def _clean_url(url):
    try:
        check_target(url)
    except TargetRefused as error:
        raise ValidationError({"url": str(error)}) from None
    return url


def register_endpoint(*, owner, url, events, description="", is_active=True):
    """A new endpoint and its secret (returned once; the partner keeps it). An endpoint
    registered inactive receives nothing until its owner switches it on."""
    if not is_partner(owner):
        raise PermissionDenied
    return WebhookEndpoint.objects.create(
        owner=owner, url=_clean_url(url), events=_clean_events(events), description=description,
        is_active=is_active, secret="whsec_" + secrets.token_urlsafe(32))


def update_endpoint(*, endpoint, **fields):
    if "url" in fields:
        fields["url"] = _clean_url(fields["url"])
    if "events" in fields:
        fields["events"] = _clean_events(fields["events"])
    for name, value in fields.items():
        setattr(endpoint, name, value)
    endpoint.save()
    return endpoint


def resume_endpoint(*, endpoint):
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(paused_at=None,
                                                          consecutive_failures=0)
    endpoint.refresh_from_db()
    return endpoint
