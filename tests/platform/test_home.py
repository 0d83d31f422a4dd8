"""The home page answers: a search box, national figures by region, upcoming events, open
calls and the newest cooperatives with their photos, in a bounded number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cooperatives.services import save_product
from tests.cooperatives.factories import CooperativeFactory, ProductFactory
from tests.events.factories import EventFactory
from tests.images import jpeg_with_gps

pytestmark = pytest.mark.django_db


def home_url(language="fr"):
    with translation.override(language):
        return reverse("home")


def test_home_searches_the_whole_site(client):
    html = client.get(home_url("ar")).content.decode()
    with translation.override("ar"):
        search = reverse("search")
    assert f'action="{search}"' in html
    assert 'name="q"' in html


def test_home_shows_national_figures_by_region(client, territory):
    CooperativeFactory(members_count=20, women_members=15)
    CooperativeFactory(members_count=20, women_members=5, region_code="03")
    CooperativeFactory(members_count=100, women_members=100, is_published=False)
    response = client.get(home_url())
    figures = response.context["figures"]
    assert (figures["cooperatives"], figures["members"], figures["women_share"]) == (2, 40, 50)
    souss = next(r for r in figures["regions"] if r["code"] == "09")
    assert (souss["cooperatives"], souss["women_share"]) == (1, 75)
    html = response.content.decode()
    # The small map: the 12 regions by name, each linking to its page.
    assert html.count('<a href="/fr/regions/') >= 12
    assert 'aria-label="Souss-Massa: 1"' in html


def test_home_lists_upcoming_events_and_newest_cooperatives_with_photos(client, territory):
    soon = EventFactory(title_fr="Salon Argan Souss",
                        starts_at=timezone.now() + datetime.timedelta(days=3),
                        ends_at=timezone.now() + datetime.timedelta(days=4))
    EventFactory(title_fr="Atelier passé", starts_at=timezone.now() - datetime.timedelta(days=9),
                 ends_at=timezone.now() - datetime.timedelta(days=8))
    with_photo = CooperativeFactory(name_fr="Coopérative avec photo")
    product = ProductFactory(cooperative=with_photo)
    product.photo = jpeg_with_gps()
    save_product(product=product, photo_changed=True)
    product.refresh_from_db()
    CooperativeFactory(name_fr="Coopérative sans photo")
    html = client.get(home_url()).content.decode()
    assert soon.title_fr in html and "Atelier passé" not in html
    assert "Coopérative avec photo" in html and product.thumbnail.url in html
    assert "Coopérative sans photo" not in html


def test_home_queries_are_bounded(client, territory, django_assert_max_num_queries):
    for _ in range(15):
        CooperativeFactory()
    # Communes count, directory version (twice: figures, newest), figures (totals, by
    # region, regions), newest (rows, photos), events, calls, sections' lookups.
    with django_assert_max_num_queries(12):
        assert client.get(home_url()).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(home_url()).status_code == 200
