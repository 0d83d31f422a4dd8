from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import RegionalHubFactory

from .factories import EventFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_api_lists_published_events_with_places_left(client, souss_massa):
    event = EventFactory(region=souss_massa, capacity=5)
    RegistrationFactory(event=event)
    EventFactory(region=souss_massa, is_published=False)
    data = client.get("/api/v1/events/").json()
    assert data["count"] == 1
    assert data["results"][0]["slug"] == event.slug
    assert data["results"][0]["places_left"] == 4
    assert data["results"][0]["region"] == "09"


def test_api_filters_by_region_kind_hub_and_dates(client, souss_massa, fes_meknes):
    hub = RegionalHubFactory(region=souss_massa)
    start = timezone.now() + timedelta(days=40)
    match = EventFactory(region=souss_massa, kind="fair", hub=hub, starts_at=start,
                         ends_at=start + timedelta(hours=5))
    EventFactory(region=fes_meknes, kind="fair", starts_at=start,
                 ends_at=start + timedelta(hours=5))
    EventFactory(region=souss_massa, kind="workshop")
    day = timezone.localtime(start).date()
    response = client.get("/api/v1/events/", {
        "region": "09", "kind": "fair", "hub": hub.slug,
        "from": day.isoformat(), "to": day.isoformat()})
    assert [e["slug"] for e in response.json()["results"]] == [match.slug]
    response = client.get("/api/v1/events/", {"to": (day - timedelta(days=1)).isoformat(),
                                              "region": "09", "kind": "fair"})
    assert response.json()["count"] == 0


def test_api_detail_has_sessions_in_the_requested_language(client, souss_massa):
    event = EventFactory(region=souss_massa)
    SessionFactory(event=event, title_fr="Ouverture", title_ar="الافتتاح")
    data = client.get(f"/api/v1/events/{event.slug}/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert data["title"] == event.title_fr
    assert data["sessions"][0]["title"] == "Ouverture"
    data = client.get(f"/api/v1/events/{event.slug}/", HTTP_ACCEPT_LANGUAGE="ar").json()
    assert data["sessions"][0]["title"] == "الافتتاح"


def test_api_list_makes_a_bounded_number_of_queries(client, souss_massa,
                                                    django_assert_max_num_queries):
    hub = RegionalHubFactory(region=souss_massa)
    for _ in range(30):
        event = EventFactory(region=souss_massa, hub=hub, capacity=3)
        RegistrationFactory(event=event)
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/events/", {"page_size": 100})
    assert response.json()["count"] == 30


def test_api_detail_makes_a_bounded_number_of_queries(client, souss_massa,
                                                      django_assert_max_num_queries):
    event = EventFactory(region=souss_massa)
    for _ in range(10):
        SessionFactory(event=event)
    with django_assert_max_num_queries(4):
        assert client.get(f"/api/v1/events/{event.slug}/").status_code == 200


def test_api_is_read_only(client, souss_massa, national_admin):
    client.force_login(national_admin)
    assert client.post("/api/v1/events/", {}).status_code == 405
