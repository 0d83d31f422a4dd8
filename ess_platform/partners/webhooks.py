"""Signed webhooks, delivered through the notifications outbox.

An event for an endpoint is a Notification (no recipient: nobody's inbox) with one
Delivery on the "webhook" channel, written in the transaction of the change; the outbox
then sends it after commit, sweeps it when the broker was down, claims it before sending
and retries it with backoff (ess_platform/kernel/notifications/services.py). The body is the
notification's text, the same bytes at every attempt; each attempt is signed afresh:

    X-ESS-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>

Targets: https only (http to loopback when WEBHOOK_ALLOW_LOOPBACK is on), and the host must
resolve to public addresses, unless the operator lists it in WEBHOOK_ALLOWED_HOSTS. The
address is checked when the endpoint is registered and again at every send, and the
connection goes to the address that was checked (no second lookup to rebind).
"""

import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import ssl
import time
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.notifications.channels import Channel
from ess_platform.kernel.notifications.models import Delivery, Notification

from .models import WebhookDelivery, WebhookEndpoint

CHANNEL = "webhook"
TIMEOUT = 10


class TargetRefused(ValueError):
    """The URL may not be called (scheme, or an address in a private range)."""

    permanent = True


class EndpointPaused(RuntimeError):
    permanent = True


def allow_loopback():
    return bool(getattr(settings, "WEBHOOK_ALLOW_LOOPBACK", False))


def allowed_hosts():
    return {host.lower() for host in getattr(settings, "WEBHOOK_ALLOWED_HOSTS", [])}


def pause_after():
    return int(getattr(settings, "WEBHOOK_PAUSE_AFTER", 10))


def check_target(url):
    """The (scheme, host, port, address) to connect to; TargetRefused when not allowed."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or not host:
        raise TargetRefused(_("Only https URLs are accepted."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError, UnicodeError):
        raise TargetRefused(_("This host name does not resolve.")) from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    loopback = all(address.is_loopback for address in addresses)
    if parts.scheme == "http" and not (loopback and allow_loopback()):
        raise TargetRefused(_("Only https URLs are accepted."))
    if host not in allowed_hosts():
        for address in addresses:
            if address.is_loopback and allow_loopback():
                continue
            if not address.is_global or address.is_multicast:
                raise TargetRefused(
                    _("This URL leads to a private or reserved address; ask the platform's "
                      "operator to allow its host."))
    return parts.scheme, host, port, str(addresses[0])


def sign(secret, timestamp, body):
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret, body, timestamp=None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to an address already checked, with the certificate checked for the host."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url, body, headers):
    """POST ``body``; (status, first bytes of the answer). Redirects are not followed."""
    scheme, host, port, address = check_target(url)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if scheme == "https":
        connection = _PinnedHTTPSConnection(host, port, address, timeout=TIMEOUT)
    else:
        connection = http.client.HTTPConnection(address, port, timeout=TIMEOUT)
    host_header = host if parts.port is None else f"{host}:{port}"
    try:
        connection.request("POST", path, body=body,
                           headers={**headers, "Host": host_header,
                                    "Content-Length": str(len(body))})
        response = connection.getresponse()
        return response.status, response.read(500)
    finally:
        connection.close()


def _api_url(dataset, obj, lookup):
    names = {"cooperatives": "cooperative-detail", "ideas": "idea-detail",
             "events": "event-detail", "calls": "call-detail"}
    try:
        path = reverse(names[dataset], args=[getattr(obj, lookup)])
    except (KeyError, NoReverseMatch):
        return ""
    return settings.SITE_URL.rstrip("/") + path


def emit(event, dataset, obj, lookup, *, once=False):
    """Record one delivery of ``event`` about ``obj`` to every endpoint that wants it.

    ``once``: at most one delivery of this event about this object per endpoint, ever
    (a ranking is published once). Otherwise every call is a new event.
    """
    endpoints = [endpoint for endpoint in WebhookEndpoint.objects.filter(
        is_active=True, paused_at__isnull=True) if event in endpoint.events]
    if not endpoints:
        return []
    event_id = uuid.uuid4().hex
    now = timezone.now()
    payload = {
        "id": event_id, "event": str(event), "created_at": now.isoformat(),
        "data": {"dataset": dataset, "id": obj.pk, "lookup": str(getattr(obj, lookup)),
                 "url": _api_url(dataset, obj, lookup)},
    }
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    delivery_ids = []
    for endpoint in endpoints:
        cause = f"{obj.pk}" if once else event_id
        key = f"webhook:{endpoint.pk}:{event}:{dataset}:{cause}"
        if once and Notification.objects.filter(key=key).exists():
            continue
        notification = Notification.objects.create(
            key=key, kind="webhook", language=settings.LANGUAGE_CODE,
            subject=str(event), body=body, url=endpoint.url)
        WebhookDelivery.objects.create(endpoint=endpoint, notification=notification,
                                       event=str(event))
        delivery = Delivery.objects.create(notification=notification, channel=CHANNEL,
                                           next_attempt_at=now)
        delivery_ids.append(delivery.pk)
    if delivery_ids:
        from ess_platform.kernel.notifications.services import enqueue_deliveries

        transaction.on_commit(lambda: enqueue_deliveries(delivery_ids=delivery_ids))
    return delivery_ids


class WebhookChannel(Channel):
    """Posts a webhook notification to its endpoint; never offered to people."""

    name = CHANNEL
    label = _("Webhook")

    def reaches(self, notification):
        return True

    def send(self, notification, *, idempotency_key=""):
        log = WebhookDelivery.objects.select_related("endpoint").get(notification=notification)
        endpoint = log.endpoint
        if not endpoint.is_active or endpoint.paused_at is not None:
            raise EndpointPaused(f"endpoint {endpoint.pk} is paused or inactive")
        body = notification.body.encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "ESS-Maroc-Webhooks/1",
            "X-ESS-Event": log.event,
            "X-ESS-Delivery": idempotency_key,
            "X-ESS-Signature": signature_header(endpoint.secret, body),
        }
        now = timezone.now()
        status, error, refused = None, "", False
        try:
            status, answer = post(endpoint.url, body, headers)
            if not 200 <= status < 300:
                error = f"HTTP {status}: {answer[:200].decode('utf-8', 'replace')}"
        except TargetRefused as exc:
            error, refused = str(exc), True
        except (OSError, http.client.HTTPException) as exc:
            error = f"{exc.__class__.__name__}: {exc}"
        WebhookDelivery.objects.filter(pk=log.pk).update(
            attempts=F("attempts") + 1, last_attempt_at=now, response_status=status,
            error=error[:500], delivered_at=None if error else now)
        if not error:
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
            return
        _count_failure(endpoint)
        # A refused target is not tried again (the outbox records it failed at once).
        raise TargetRefused(error) if refused else RuntimeError(error)


def _count_failure(endpoint):
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=F("consecutive_failures") + 1)
    failures = WebhookEndpoint.objects.filter(pk=endpoint.pk).values_list(
        "consecutive_failures", flat=True).first() or 0
    if failures >= pause_after():
        with translation.override(endpoint.owner.preferred_language):
            pause_endpoint(endpoint=endpoint)


def pause_endpoint(*, endpoint):
    """Too many failures in a row: stop sending and tell the owner (a service, kept beside
    the sending that decides it)."""
    now = timezone.now()
    if not WebhookEndpoint.objects.filter(pk=endpoint.pk, paused_at__isnull=True).update(
            paused_at=now):
        return False
    from ess_platform.kernel.notifications.services import notify

    notify(kind="webhook_paused", key=f"webhook_paused:{endpoint.pk}:{now.timestamp()}",
           user=endpoint.owner, context={"endpoint": endpoint})
    return True
