"""Signed webhooks, delivered through the outbox to a real HTTP server on loopback."""

import hashlib
import hmac
import http.server
import json
import threading
import time

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from ess_platform.kernel.notifications.models import Delivery, Notification
from ess_platform.partners import services
from ess_platform.partners.models import ApiKey, WebhookEndpoint
from tests.cooperatives.factories import CooperativeFactory
from tests.factories import NationalAdminFactory, UserFactory


class Receiver(http.server.ThreadingHTTPServer):
    def __init__(self, status):
        super().__init__(("127.0.0.1", 0), Handler)
        self.status, self.received = status, []


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((dict(self.headers), body))
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, *args):
        pass


def receiver_at(status):
    server = Receiver(status)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def receiver():
    servers = []

    def start(status=200):
        servers.append(receiver_at(status))
        return servers[-1]
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def _loopback(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    settings.WEBHOOK_PAUSE_AFTER = 3
    settings.NOTIFICATION_MAX_ATTEMPTS = 6


@pytest.fixture
def partner(territory):
    user = UserFactory()
    key = services.request_key(owner=user, name="portal", purpose="sync")
    services.approve_key(key=key, by=NationalAdminFactory())
    secret = services.issue_key(key=key, owner=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    return user, client


def verify(secret, header, body, tolerance=300):
    """The README's receiver snippet."""
    fields = dict(part.split("=", 1) for part in header.split(","))
    timestamp, signature = int(fields["t"]), fields["v1"]
    if abs(time.time() - timestamp) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body,
                        hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def register(client, url, events=("cooperative.created", "cooperative.updated")):
    return client.post(reverse("webhook-list"), {"url": url, "events": list(events)},
                       format="json")


@pytest.mark.django_db
def test_one_signed_delivery_per_change(partner, receiver,
                                        django_capture_on_commit_callbacks):
    user, client = partner
    server = receiver()
    answer = register(client, f"http://127.0.0.1:{server.server_port}/hook")
    assert answer.status_code == 201
    secret = answer.json()["secret"]
    assert "secret" not in client.get(reverse("webhook-detail", args=[answer.json()["id"]])).json()
    with django_capture_on_commit_callbacks(execute=True):
        cooperative = CooperativeFactory()
    assert len(server.received) == 1
    headers, body = server.received[0]
    assert verify(secret, headers["X-ESS-Signature"], body)
    assert not verify("whsec_wrong", headers["X-ESS-Signature"], body)
    payload = json.loads(body)
    assert payload["event"] == "cooperative.created"
    assert payload["data"]["id"] == cooperative.pk
    with django_capture_on_commit_callbacks(execute=True):
        cooperative.members_count = 25
        cooperative.save()
    assert [json.loads(b)["event"] for _h, b in server.received] == [
        "cooperative.created", "cooperative.updated"]
    log = client.get(reverse("webhook-deliveries", args=[answer.json()["id"]])).json()
    assert [row["status"] for row in log["results"]] == ["sent", "sent"]
    assert all(row["response_status"] == 200 for row in log["results"])
    # Nobody's inbox holds webhook messages.
    assert not Notification.objects.filter(kind="webhook", recipient__isnull=False).exists()


@pytest.mark.django_db
def test_an_event_not_chosen_is_not_sent(partner, receiver, django_capture_on_commit_callbacks):
    _user, client = partner
    server = receiver()
    register(client, f"http://127.0.0.1:{server.server_port}/", events=["event.published"])
    with django_capture_on_commit_callbacks(execute=True):
        CooperativeFactory()
    assert server.received == []


@pytest.mark.django_db
def test_an_endpoint_registered_inactive_receives_nothing_until_switched_on(
        partner, receiver, django_capture_on_commit_callbacks):
    _user, client = partner
    server = receiver()
    answer = client.post(reverse("webhook-list"), {
        "url": f"http://127.0.0.1:{server.server_port}/", "events": ["cooperative.created"],
        "is_active": False}, format="json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["is_active"] is False
    with django_capture_on_commit_callbacks(execute=True):
        CooperativeFactory()
    assert server.received == []
    detail = reverse("webhook-detail", args=[answer.json()["id"]])
    assert client.patch(detail, {"is_active": True}, format="json").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        CooperativeFactory()
    assert len(server.received) == 1


@pytest.mark.django_db
def test_a_failing_receiver_is_retried_then_paused_and_its_owner_told(
        partner, receiver, django_capture_on_commit_callbacks):
    user, client = partner
    server = receiver(status=500)
    endpoint_id = register(client, f"http://127.0.0.1:{server.server_port}/").json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        CooperativeFactory()
    assert len(server.received) == 3  # WEBHOOK_PAUSE_AFTER, then no more calls
    endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
    assert endpoint.paused_at is not None
    assert Delivery.objects.get(channel="webhook").status == Delivery.Status.FAILED
    assert Notification.objects.filter(recipient=user, kind="webhook_paused").count() == 1
    # Paused: the next change is not sent; resumed: it is.
    with django_capture_on_commit_callbacks(execute=True):
        CooperativeFactory()
    assert len(server.received) == 3
    server.status = 200
    assert client.post(reverse("webhook-resume", args=[endpoint_id])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        CooperativeFactory()
    assert len(server.received) == 4


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "https://10.0.0.5/hook", "https://192.168.1.1/", "https://169.254.169.254/latest/",
    "https://[fc00::1]/", "https://100.64.0.1/", "http://93.184.216.34/", "ftp://127.0.0.1/",
])
def test_private_and_plain_http_targets_are_refused(partner, url):
    _user, client = partner
    answer = register(client, url)
    assert answer.status_code == 400
    assert "url" in answer.json()


@pytest.mark.django_db
def test_loopback_is_refused_unless_allowed(partner, settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    _user, client = partner
    assert register(client, "http://127.0.0.1:9/").status_code == 400
    settings.WEBHOOK_ALLOWED_HOSTS = ["10.0.0.5"]
    assert register(client, "https://10.0.0.5/hook").status_code == 201


@pytest.mark.django_db
def test_the_address_is_checked_again_at_send_time(partner, receiver, settings,
                                                   django_capture_on_commit_callbacks):
    _user, client = partner
    server = receiver()
    register(client, f"http://127.0.0.1:{server.server_port}/")
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    with django_capture_on_commit_callbacks(execute=True):
        CooperativeFactory()
    assert server.received == []
    delivery = Delivery.objects.get(channel="webhook")
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == 1


@pytest.mark.django_db
def test_only_partners_manage_webhooks_and_only_their_own(partner, territory):
    user, client = partner
    other = UserFactory()
    plain = APIClient()
    assert plain.get(reverse("webhook-list")).status_code in (401, 403)
    plain.force_authenticate(other)
    assert plain.get(reverse("webhook-list")).status_code == 403
    endpoint = WebhookEndpoint.objects.create(owner=other, url="https://example.org/",
                                              events=["idea.published"], secret="x")
    assert client.get(reverse("webhook-detail", args=[endpoint.pk])).status_code == 404
    ApiKey.objects.filter(owner=user).update(status=ApiKey.Status.REVOKED)
    assert client.get(reverse("webhook-list")).status_code == 401


@pytest.mark.django_db
def test_publications_of_ideas_and_events_are_sent_once(partner, receiver,
                                                        django_capture_on_commit_callbacks):
    from projects_bank import services as ideas
    from tests.events.factories import EventFactory
    from tests.projects_bank.factories import IdeaFactory

    _user, client = partner
    server = receiver()
    register(client, f"http://127.0.0.1:{server.server_port}/",
             events=["idea.published", "event.published"])
    reviewer = NationalAdminFactory()
    with django_capture_on_commit_callbacks(execute=True):
        idea = IdeaFactory()  # submitted: not public, nothing sent
        event = EventFactory(is_published=False)
    assert server.received == []
    with django_capture_on_commit_callbacks(execute=True):
        ideas.start_review(idea=idea, by=reviewer)
        ideas.accept(idea=idea, by=reviewer)
        event.is_published = True
        event.save()
    with django_capture_on_commit_callbacks(execute=True):
        event.capacity = 40
        event.save()  # a change, not a publication
    sent = sorted((json.loads(b)["event"], json.loads(b)["data"]["id"])
                  for _h, b in server.received)
    assert sent == sorted([("idea.published", idea.pk), ("event.published", event.pk)])


@pytest.mark.django_db
def test_a_ranking_is_announced_once(partner, receiver, django_capture_on_commit_callbacks):
    from projects_bank.models import Call
    from tests.projects_bank.factories import CallFactory

    _user, client = partner
    server = receiver()
    register(client, f"http://127.0.0.1:{server.server_port}/", events=["ranking.published"])
    with django_capture_on_commit_callbacks(execute=True):
        call = CallFactory(status=Call.Status.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        Call.objects.unscoped().filter(pk=call.pk).update(status=Call.Status.PUBLISHED)
        call.refresh_from_db()
        call.save()
        call.save()
    assert [json.loads(b)["event"] for _h, b in server.received] == ["ranking.published"]
