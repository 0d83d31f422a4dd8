"""The directory's cached pages change as soon as the directory does."""

import pytest

from cooperatives.importer import bulk_update
from cooperatives.models import Cooperative
from tests.cooperatives.factories import CooperativeFactory, ProductFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/cooperatives/?region=09"


def names(client):
    return sorted(c["name_fr"] for c in client.get(API).json()["results"])


def test_second_read_comes_from_the_cache(client, django_assert_max_num_queries):
    CooperativeFactory(name_fr="Argane Tifaout")
    client.get(API)
    with django_assert_max_num_queries(1):  # the directory version (cooperatives/cache.py)
        assert client.get(API).status_code == 200


def test_a_saved_cooperative_shows_at_once(client):
    cooperative = CooperativeFactory(name_fr="Argane Tifaout")
    assert names(client) == ["Argane Tifaout"]
    cooperative.name_fr = "Argane Tifaout Aït Baha"
    cooperative.save()
    assert names(client) == ["Argane Tifaout Aït Baha"]


def test_a_new_product_or_a_deletion_shows_at_once(client):
    cooperative = CooperativeFactory(name_fr="Argane Tifaout")
    other = CooperativeFactory(name_fr="Safran Taliouine")
    assert names(client) == ["Argane Tifaout", "Safran Taliouine"]
    ProductFactory(cooperative=cooperative)
    other.delete()
    assert names(client) == ["Argane Tifaout"]


def test_bulk_writes_without_signals_show_at_once(client):
    cooperative = CooperativeFactory(name_fr="Argane Tifaout")
    assert names(client) == ["Argane Tifaout"]
    cooperative.name_fr = "Argane renommée"
    from cooperatives.cache import bump_directory_version

    bulk_update([cooperative], ["name_fr"])
    bump_directory_version()
    assert Cooperative.objects.unscoped().get(pk=cooperative.pk).name_fr == "Argane renommée"
    assert names(client) == ["Argane renommée"]


def test_languages_are_cached_apart(client):
    CooperativeFactory(name_ar="تعاونية تيفاوت", name_fr="Argane Tifaout")
    ar = client.get(API, HTTP_ACCEPT_LANGUAGE="ar").json()["results"][0]["name"]
    fr = client.get(API, HTTP_ACCEPT_LANGUAGE="fr").json()["results"][0]["name"]
    assert (ar, fr) == ("تعاونية تيفاوت", "Argane Tifaout")


def test_cached_page_is_the_same_json_and_html_asks_bypass_it(client):
    CooperativeFactory(name_fr="Argane Tifaout")
    first = client.get(API)
    second = client.get(API)
    assert second.content == first.content
    assert second["Content-Type"] == "application/json"
    assert "Accept" in second["Vary"]
    browsable = client.get(API, HTTP_ACCEPT="text/html")
    assert browsable["Content-Type"].startswith("text/html")


def test_throttles_apply_to_cached_pages(client, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    CooperativeFactory(name_fr="Argane Tifaout")
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    assert [client.get(API).status_code for _ in range(3)] == [200, 200, 429]


def test_directory_page_is_cached_and_changes_at_once(client, django_assert_max_num_queries):
    cooperative = CooperativeFactory(name_fr="Argane Tifaout")
    url = "/fr/cooperatives/?region=09"
    assert "Argane Tifaout" in client.get(url).content.decode()
    with django_assert_max_num_queries(1):  # the directory version
        html = client.get(url).content.decode()
    assert "<h1>" in html and "Argane Tifaout" in html  # served unescaped, from the cache
    cooperative.name_fr = "Argane Aït Baha"
    cooperative.save()
    assert "Argane Aït Baha" in client.get(url).content.decode()


def _grouped(queries):
    return [q["sql"] for q in queries if "GROUP BY" in q["sql"] and "COUNT" in q["sql"]]


def test_directory_counts_are_shared_by_pages_and_languages_until_a_write(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    CooperativeFactory(name_fr="Argane Tifaout")
    with CaptureQueriesContext(connection) as first:
        assert "Argane Tifaout" in client.get("/fr/cooperatives/?region=09").content.decode()
    assert len(_grouped(first.captured_queries)) == 1
    # Another language and another page of the same filters: the groups come from the cache.
    with CaptureQueriesContext(connection) as again:
        assert client.get("/ar/cooperatives/?region=09&sort=name").status_code == 200
    assert _grouped(again.captured_queries) == []
    # A write makes them obsolete: the new cooperative is counted at once.
    CooperativeFactory(name_fr="Safran Taliouine")
    with CaptureQueriesContext(connection) as after:
        html = client.get("/fr/cooperatives/?region=09&sort=name").content.decode()
    assert len(_grouped(after.captured_queries)) == 1
    assert "Safran Taliouine" in html and "2 coopératives" in html
