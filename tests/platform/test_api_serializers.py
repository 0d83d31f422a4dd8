"""The fast list serializer (ess_platform/kernel/api_serializers.py) answers exactly what
DRF's own list serializer answers, link for link; the directory's products list is
cached like the cooperatives' and a write shows at once."""

from decimal import Decimal

import pytest
from rest_framework import serializers

from ess_platform.kernel import api_serializers
from ess_platform.kernel.api_serializers import LinkPattern
from tests.cooperatives.factories import CooperativeFactory, ProductFactory, sector
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/cooperatives/?page_size=100",
    "/api/v1/cooperatives/?region=09",
    "/api/v1/products/?page_size=100",
    "/api/v1/products/?sector=argan&region=09",
    "/api/v1/events/?upcoming=false",
]


@pytest.fixture
def directory(souss_massa, fes_meknes):
    first = CooperativeFactory(region_code="09", name_fr="Argane Tifaout",
                               latitude=Decimal("30.4"), longitude=Decimal("-9.6"))
    second = CooperativeFactory(region_code="03", sector=sector("handicrafts"))
    # Names and descriptions missing in one language or the other: the fallbacks.
    third = CooperativeFactory(region_code="09", name_fr="", description_ar="",
                               description_fr="Huile d'argan pressée à froid")
    CooperativeFactory(region_code="09", name_ar="", name_fr="Coopérative sans nom arabe",
                       description_ar="", description_fr="")
    ProductFactory(cooperative=first, price=Decimal("120.5"))
    ProductFactory(cooperative=second, name_fr="Tapis", name_ar="زربية")
    ProductFactory(cooperative=third, name_fr="", name_ar="أملو")
    EventFactory()
    EventFactory(region=second.region, capacity=30)


def pages(client, language, monkeypatch=None):
    from django.core.cache import cache

    out = []
    for path in LISTS:
        cache.clear()
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        out.append(response.content)
    return out


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_fast_lists_are_byte_identical_to_drf(client, directory, monkeypatch, language):
    fast = pages(client, language)
    monkeypatch.setattr(api_serializers.FastListSerializer, "to_representation",
                        serializers.ListSerializer.to_representation)
    assert pages(client, language) == fast


def test_links_are_the_reversed_ones(client, directory):
    from cooperatives.models import Cooperative
    from events.models import Event

    row = client.get("/api/v1/cooperatives/?region=09").json()["results"][0]
    cooperative = Cooperative.objects.unscoped().get(pk=row["id"])
    assert row["page"] == "http://testserver" + cooperative.get_absolute_url()
    assert row["url"] == f"http://testserver/api/v1/cooperatives/{cooperative.pk}/"
    event = client.get("/api/v1/events/?upcoming=false").json()["results"][0]
    assert event["url"] == "http://testserver" + Event.objects.unscoped().get(
        slug=event["slug"]).get_absolute_url()


def test_link_pattern_reverses_once_or_every_time_when_it_must():
    made = []

    def make(key):
        made.append(key)
        return f"/ar/cooperatives/{key}/"

    link = LinkPattern(make)
    assert [link(1), link(22), link(333)] == [
        "/ar/cooperatives/1/", "/ar/cooperatives/22/", "/ar/cooperatives/333/"]
    assert made == [api_serializers.MARKER]
    # A reverse() that does not write the key as given is asked each time.
    link = LinkPattern(lambda key: "/fixed/")
    assert link(5) == "/fixed/"


def test_products_list_is_cached_and_a_write_shows_at_once(client, directory,
                                                            django_assert_max_num_queries):
    path = "/api/v1/products/?region=09"
    names = [p["name_fr"] for p in client.get(path).json()["results"]]
    with django_assert_max_num_queries(1):  # the directory version (cooperatives/cache.py)
        assert [p["name_fr"] for p in client.get(path).json()["results"]] == names
    product = ProductFactory(cooperative=CooperativeFactory(region_code="09"),
                             name_fr="Amlou", name_ar="أملو")
    assert "Amlou" in [p["name_fr"] for p in client.get(path).json()["results"]]
    product.delete()
    assert "Amlou" not in [p["name_fr"] for p in client.get(path).json()["results"]]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_event_kind_label_is_the_display_of_its_kind(client, directory, language):
    from django.utils import translation

    from events.models import Event

    rows = client.get("/api/v1/events/?upcoming=false",
                      HTTP_ACCEPT_LANGUAGE=language).json()["results"]
    with translation.override(language):
        for row in rows:
            event = Event.objects.unscoped().get(slug=row["slug"])
            assert row["kind_label"] == event.get_kind_display()
