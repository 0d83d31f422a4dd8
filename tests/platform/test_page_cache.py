"""Public pages and API lists kept whole for anonymous visitors (ess_platform/kernel/page_cache.py):
served again without a query, never to someone signed in, made obsolete by a write."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ess_platform.kernel import page_cache
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def queries_of(client, path, **headers):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, **headers)
    return response, len(ctx.captured_queries)


def test_an_anonymous_public_page_is_served_again_without_a_query(client, territory):
    first, first_queries = queries_of(client, "/fr/regions/")
    again, again_queries = queries_of(client, "/fr/regions/")

    assert first.status_code == again.status_code == 200
    assert first_queries > 0
    assert again_queries == 0
    assert again.content == first.content
    # The outer middlewares answer a cached page as a fresh one.
    assert again["Content-Language"] == "fr"
    assert again["X-Frame-Options"] == first["X-Frame-Options"]
    assert "Content-Security-Policy" in again


def test_each_language_has_its_own_page(client, territory):
    french = client.get("/fr/regions/")
    arabic = client.get("/ar/regions/")
    assert '<html lang="fr"' in french.text and '<html lang="ar"' in arabic.text
    assert '<html lang="ar"' in client.get("/ar/regions/").text


def test_a_saved_event_is_on_the_next_page(client, territory):
    client.get("/fr/events/")
    event = EventFactory(title_fr="Foire régionale des coopératives")
    assert event.title_fr in client.get("/fr/events/").text
    event.title_fr = "Salon national des coopératives"
    event.save()
    page = client.get("/fr/events/").text
    assert "Salon national des coopératives" in page
    assert "Foire régionale des coopératives" not in page


def test_a_deleted_event_leaves_the_page(client, territory):
    event = EventFactory(title_fr="Atelier supprimé")
    assert "Atelier supprimé" in client.get("/fr/events/").text
    event.delete()
    assert "Atelier supprimé" not in client.get("/fr/events/").text


def test_a_signed_in_member_never_gets_the_anonymous_page_nor_shares_theirs(
        client, territory, member):
    anonymous = client.get("/fr/regions/").text
    assert reverse("users:login") in anonymous

    client.force_login(member)
    theirs, queries = queries_of(client, "/fr/regions/")
    assert queries > 1
    assert reverse("users:logout") in theirs.text
    client.logout()

    from django.test import Client

    stranger = Client().get("/fr/regions/").text
    assert reverse("users:logout") not in stranger
    assert member.get_username() not in stranger


def test_a_page_with_a_message_to_show_is_not_shared(client, territory):
    _response, built = queries_of(client, "/fr/events/")
    client.cookies["messages"] = "anything"
    _response, queries = queries_of(client, "/fr/events/")
    assert built > 1 and queries > 1  # built again, not the cached copy (one query)


def test_pages_that_use_a_csrf_token_or_set_a_cookie_are_never_stored():
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    factory = RequestFactory()
    plain = factory.get("/fr/regions/")
    assert page_cache.storable(plain, HttpResponse("ok"))

    with_token = factory.get("/fr/regions/")
    get_token(with_token)
    assert not page_cache.storable(with_token, HttpResponse("a form"))

    from django.contrib.messages import add_message, get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    with_message = factory.get("/fr/regions/")
    with_message.session = {}
    with_message._messages = FallbackStorage(with_message)
    add_message(with_message, 20, "Vous êtes inscrit.")
    list(get_messages(with_message))  # shown on the page
    assert not page_cache.storable(with_message, HttpResponse("a message"))

    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("seen", "1")
    assert not page_cache.storable(plain, with_cookie)
    assert not page_cache.storable(plain, HttpResponse("gone", status=404))


def test_a_page_with_a_form_is_built_for_each_visitor(client, territory):
    import re

    # The sign-in page has a form (a CSRF token masked anew on each page).
    assert "users:login" not in settings.PUBLIC_PAGE_CACHE

    def token():
        html = client.get(reverse("users:login")).text
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    assert token() != token()


def test_the_api_lists_are_cached_per_language_for_anonymous_callers(client, territory):
    EventFactory(title_ar="ورشة التعاونيات", title_fr="Atelier des coopératives",
                 starts_at=timezone.now() + timezone.timedelta(days=3))
    arabic = client.get("/api/v1/events/", HTTP_ACCEPT_LANGUAGE="ar").json()
    french, queries = queries_of(client, "/api/v1/events/", HTTP_ACCEPT_LANGUAGE="fr")
    assert queries > 0
    assert arabic["results"][0]["title"] == "ورشة التعاونيات"
    assert french.json()["results"][0]["title"] == "Atelier des coopératives"

    again, queries = queries_of(client, "/api/v1/events/", HTTP_ACCEPT_LANGUAGE="fr")
    assert queries == 0
    assert again.json() == french.json()


def test_api_callers_with_credentials_and_the_change_feed_are_never_served_a_copy(
        client, territory):
    client.get("/api/v1/events/")
    response = client.get("/api/v1/events/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 401
    client.get("/api/v1/events/?updated_since=2020-01-01T00:00:00Z")
    _response, queries = queries_of(client, "/api/v1/events/?updated_since=2020-01-01T00:00:00Z")
    assert queries > 1


def test_a_bulk_write_calls_for_new_pages(client, territory):
    client.get("/fr/regions/")
    version = page_cache.public_version()
    page_cache.bump_public_version()
    assert page_cache.public_version() != version
    _response, queries = queries_of(client, "/fr/regions/")
    assert queries > 0


def test_a_cooperative_saved_while_the_cache_was_unreachable_still_renews_the_pages(
        client, territory, monkeypatch):
    """The directory's version lives in the database: a write whose cache call was lost
    (Redis unreachable) still makes the cached pages obsolete."""
    from tests.cooperatives.factories import CooperativeFactory

    first, built = queries_of(client, "/fr/cooperatives/")
    assert "Coopérative Tafraout Nouvelle" not in first.text
    # The directory page reads its version once: the cache's key and the view share it.
    _again, queries = queries_of(client, "/fr/cooperatives/")
    assert queries == 1 < built
    monkeypatch.setattr(page_cache, "bump_public_version", lambda: None)
    CooperativeFactory(name_fr="Coopérative Tafraout Nouvelle", is_published=True)
    assert "Coopérative Tafraout Nouvelle" in client.get("/fr/cooperatives/").text


def test_many_writes_in_one_transaction_renew_the_pages_once(territory,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        EventFactory.create_batch(3)
    assert callbacks.count(page_cache.renew_version) == 1
