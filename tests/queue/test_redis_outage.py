"""Redis stopped: every page and API endpoint of the demo still answers, and the cache is
coherent again when Redis returns.

Each test starts its own redis-server (never the shared one) with an append-only file, so
a restart brings back what was cached before the outage, as a persisted or partitioned
Redis would: a directory page cached before a write made during the outage must not be
served after it. The cache, the health check and (for the publishing POST) the Celery
broker point at that server. Needs only the redis-server binary; runs on SQLite too.
"""

import html
import io
import logging
import re
import shutil
import socket
import subprocess
import uuid
from collections import deque

import pytest
import redis
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from rest_framework.authtoken.models import Token

from cooperatives.forms import CooperativeProfileForm
from cooperatives.models import Cooperative
from ess_platform.api import router
from ess_platform.demo import DEMO_PASSWORD
from ess_platform.kernel.notifications.models import Delivery
from projects_bank.models import ProjectIdea
from regional_hubs.models import Commune

from .conftest import broker, wait_for

OWN_REDIS_SERVER = True  # conftest: no REDIS_URL or PostgreSQL needed
REDIS_SERVER = shutil.which("redis-server")

pytestmark = [
    pytest.mark.queue,
    pytest.mark.django_db,
    pytest.mark.skipif(not REDIS_SERVER,
                       reason="needs a redis-server binary (Debian package redis-server)"),
]

MANAGER = "gerante@demo.ess.ma"
COOPERATIVE = "DEMO-09-001"
API_LIST = "/api/v1/cooperatives/"
DIRECTORY = "/fr/cooperatives/"
# Not crawled: the admin (staff only, its own tests), uploaded files, sign-out, language
# switching (POST only).
SKIP = ("/admin/", "/media/", "/logout/", "/i18n/")
# Pages whose path differs only in its numbers are one kind: two of each are enough.
PER_KIND = 2


class RedisServer:
    def __init__(self, directory):
        self.directory = directory
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = directory / "redis.log"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.directory)],
            stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        wait_for(self.answers, 20, interval=0.05, message="redis-server to start")

    def answers(self):
        if self.process.poll() is not None:
            raise AssertionError(f"redis-server exited:\n{self.log.read_text()[-2000:]}")
        client = redis.Redis.from_url(self.url, socket_timeout=0.5)
        try:
            return client.ping()
        except redis.exceptions.ConnectionError:
            return False
        finally:
            client.close()

    def keys(self):
        client = redis.Redis.from_url(self.url)
        try:
            return client.dbsize()
        finally:
            client.close()

    def kill(self):
        """SIGKILL, as when the machine or container of Redis dies."""
        if self.process and self.process.poll() is None:
            self.process.kill()
        if self.process:
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def site_on_redis(settings, redis_server):
    """The cache and the health check on this server (Django rebuilds the cache objects
    when CACHES changes, and again when the test restores it)."""
    settings.REDIS_URL = redis_server.url
    settings.CACHES = {"default": {
        "BACKEND": "ess_platform.kernel.cache.ResilientRedisCache",
        "LOCATION": redis_server.url,
        "KEY_PREFIX": "outage-test",
        "OPTIONS": {"RETRY_AFTER": 0.2},
    }}
    return redis_server


@pytest.fixture
def demo(territory):
    from django.core.management import call_command

    call_command("seed_demo", quiet_accounts=True, stdout=io.StringIO())


def parameterless_paths(patterns=None, namespace=""):
    """The path of every named URL of the project that takes no argument."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += parameterless_paths(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            try:
                found.append(reverse(f"{namespace}{pattern.name}"))
            except NoReverseMatch:
                continue  # takes arguments: reached by following links instead
    return found


def api_paths(client):
    """Every list of the API router and the first item of each (anonymous view)."""
    paths = []
    for _prefix, viewset, basename in router.registry:
        try:
            list_path = reverse(f"{basename}-list")
        except NoReverseMatch:
            continue
        paths.append(list_path)
        response = client.get(list_path)
        if response.status_code != 200:
            continue
        data = response.json()
        items = data.get("results", []) if isinstance(data, dict) else data
        if not items:
            continue
        lookup = viewset.lookup_field
        value = items[0].get(lookup, items[0].get("id") if lookup == "pk" else None)
        if value is None:
            continue
        try:
            paths.append(reverse(f"{basename}-detail",
                                 kwargs={viewset.lookup_url_kwarg or lookup: value}))
        except NoReverseMatch:
            continue
    return paths


def crawl(client, starts):
    """GET the start paths and the site's pages they link to (PER_KIND of each kind);
    answer (paths visited, [(path, status) of every 5xx])."""
    queue, visited, kinds, errors = deque(starts), [], {}, []
    while queue:
        path = queue.popleft()
        kind = re.sub(r"\d+", "N", path)
        if path in visited or any(part in path for part in SKIP):
            continue
        if path not in starts and kinds.get(kind, 0) >= PER_KIND:
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        visited.append(path)
        response = client.get(path)
        if response.status_code >= 500:
            errors.append((path, response.status_code))
        if response.get("Content-Type", "").startswith("text/html"):
            for link in re.findall(r'href="(/(?:ar|fr)/[^"#?]*)', response.content.decode()):
                queue.append(html.unescape(link))
    return visited, errors


def profile_data(cooperative, **changes):
    """The manager's profile form as the browser posts it, with ``changes``."""
    form = CooperativeProfileForm(instance=cooperative)
    data = {}
    for name, value in model_to_dict(cooperative, fields=list(form.fields)).items():
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = str(value)
    data.update(changes)
    return data


def idea_data(commune):
    from cooperatives.models import Sector

    return {
        "submission_token": str(uuid.uuid4()), "language": "fr",
        "title": "Unité de valorisation du cactus", "summary": "Transformer la figue de "
        "Barbarie en confiture et en huile.", "need_addressed": "Peu de revenus l'hiver.",
        "sector": Sector.objects.first().pk, "commune": commune.code, "expected_members": "9",
        "expected_women": "6", "expected_youth": "3", "estimated_budget": "60000",
        "expected_jobs": "4", "action": "submit",
    }


def cooperative_names(client):
    api = client.get(API_LIST, {"search": "Tifaout"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert api.status_code == 200
    page = client.get(DIRECTORY)
    assert page.status_code == 200
    return [item["name"] for item in api.json()["results"]], html.unescape(
        page.content.decode())


def test_site_degrades_during_an_outage_and_is_coherent_after_it(
        site_on_redis, demo, caplog, django_capture_on_commit_callbacks):
    server = site_on_redis
    anonymous = Client(raise_request_exception=False)
    old_name = Cooperative.objects.unscoped().get(registration_number=COOPERATIVE).name_fr
    # Cached before the outage, persisted by Redis across its restart.
    api_names, page = cooperative_names(anonymous)
    assert old_name in api_names and old_name in page
    assert server.keys() > 0

    server.kill()
    caplog.set_level(logging.WARNING, logger="ess_platform.kernel.cache")

    health = anonymous.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["checks"]["cache"] == "error: ConnectionError"
    assert health.json()["checks"]["broker"] == "error: ConnectionError"

    with translation.override("fr"):
        starts = parameterless_paths() + api_paths(anonymous)
    assert {"/api/v1/regions/", API_LIST, DIRECTORY} <= set(starts)
    visited, errors = crawl(anonymous, starts)
    assert errors == []
    assert len(visited) > 60
    for detail in (r"/fr/cooperatives/\d+/", r"/fr/events/[\w-]+/", r"/fr/regions/hubs/[\w-]+/",
                   r"/fr/projects/ideas/\d+/", r"/api/v1/cooperatives/\d+/",
                   r"/api/v1/hubs/[\w-]+/"):
        assert any(re.fullmatch(detail, path) for path in visited), detail

    # A manager signs in (django-axes and sessions are in the database) and saves.
    manager = Client(raise_request_exception=False)
    signed_in = manager.post(reverse("users:login"),
                             {"username": MANAGER, "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302
    cooperative = Cooperative.objects.unscoped().get(registration_number=COOPERATIVE)
    new_name = "Coopérative Tifaout renommée pendant la panne"
    with translation.override("fr"):
        manage = reverse("cooperatives:manage", kwargs={"pk": cooperative.pk})
        submit = reverse("projects_bank:submit")
    saved = manager.post(manage, profile_data(cooperative, name_fr=new_name))
    assert saved.status_code == 302, saved.content.decode()[:2000]
    cooperative.refresh_from_db()
    assert cooperative.name_fr == new_name

    # A POST that enqueues: the idea is saved, its notifications wait in the outbox.
    with broker(server.url), django_capture_on_commit_callbacks(execute=True):
        submitted = manager.post(submit, idea_data(Commune.objects.get(code="09.163.01.03")))
    assert submitted.status_code == 302, submitted.content.decode()[:2000]
    idea = ProjectIdea.objects.unscoped().get(title="Unité de valorisation du cactus")
    assert idea.status == ProjectIdea.Status.SUBMITTED
    assert Delivery.objects.filter(status=Delivery.Status.PENDING).exists()

    visited, errors = crawl(manager, starts + [manage, reverse("cooperatives:mine")])
    assert errors == []
    outage_warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(outage_warnings) == 1  # once per outage, not once per call

    # Redis returns with what it held before the outage: no stale directory.
    server.start()
    assert server.keys() > 0
    assert anonymous.get("/healthz").json() == {"status": "ok", "checks": {
        "database": "ok", "broker": "ok", "cache": "ok"}}
    for _read in ("fills the cache", "reads it"):
        api_names, page = cooperative_names(anonymous)
        assert new_name in api_names and old_name not in api_names
        assert new_name in page and old_name not in page
    assert any("reachable again" in r.getMessage() for r in caplog.records)


@pytest.fixture
def token(db):
    from tests.factories import UserFactory

    return Token.objects.create(user=UserFactory()).key


BAD_TOKENS = ["Token not-a-token!", "Token", "Token a b", "Token " + "0" * 40]
AUTH_PATHS = [API_LIST, API_LIST + "?page=2", API_LIST + "?region=09",
              "/api/v1/regions/", "/api/v1/hubs/"]


@pytest.mark.parametrize("redis_up", [True, False], ids=["redis-up", "redis-down"])
def test_a_bad_token_is_401_on_cached_and_uncached_paths(site_on_redis, demo, token,
                                                        redis_up):
    client = Client(raise_request_exception=False)
    for path in AUTH_PATHS:
        client.get(path)  # an anonymous read first: cached where the path is cached
    assert site_on_redis.keys() > 0  # the cooperatives list pages are cached
    if not redis_up:
        site_on_redis.kill()
    for path in AUTH_PATHS:
        for header in BAD_TOKENS:
            response = client.get(path, HTTP_AUTHORIZATION=header)
            assert response.status_code == 401, (path, header, response.status_code)
        granted = client.get(path, HTTP_AUTHORIZATION=f"Token {token}")
        assert granted.status_code in (200, 404), (path, granted.status_code)
    assert client.get(API_LIST, HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


@pytest.mark.parametrize("redis_up", [True, False], ids=["redis-up", "redis-down"])
def test_throttles_count_with_redis_and_let_requests_through_without_it(
        site_on_redis, territory, monkeypatch, redis_up):
    """Throttle counters live in the cache: without it they read as empty, so requests are
    allowed (a 200, never a 500) until Redis returns."""
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    if not redis_up:
        site_on_redis.kill()
    client = Client(raise_request_exception=False)
    statuses = [client.get("/api/v1/regions/").status_code for _ in range(3)]
    assert statuses == ([200, 200, 429] if redis_up else [200, 200, 200])
