"""The directory page's help around its list: counts per filter value, sort orders, card
photos, and the closest matches when the filters find nothing."""

import pytest
from django.urls import reverse
from django.utils import translation

from cooperatives.services import save_product
from tests.cooperatives.factories import CooperativeFactory, ProductFactory, sector
from tests.images import jpeg_with_gps

pytestmark = pytest.mark.django_db


def directory_url(language="fr"):
    with translation.override(language):
        return reverse("cooperatives:directory")


def test_filter_values_show_how_many_cooperatives_they_give(client):
    for _ in range(3):
        CooperativeFactory(women_led=True)
    CooperativeFactory(region_code="03", sector=sector("handicrafts"))
    html = client.get(directory_url(), {"sector": "argan"}).content.decode()
    # Each value counted with the other filters applied (argan: 3 in Souss-Massa, 0 in
    # Fès-Meknès), and the sector facet without the sector filter (1 handicrafts).
    assert "Souss-Massa (3)" in html
    assert "Fès-Meknès (0)" in html
    assert "Artisanat (1)" in html
    assert ">Oui (3)<" in html


def test_sort_orders_the_list(client):
    CooperativeFactory(name_fr="Alpha", members_count=5, women_members=0, youth_members=0)
    CooperativeFactory(name_fr="Beta", members_count=50, women_members=0, youth_members=0)

    def order(sort):
        response = client.get(directory_url(), {"sort": sort})
        return [c.name_fr for c in response.context["page"].object_list]
    assert order("") == ["Alpha", "Beta"]
    assert order("members") == ["Beta", "Alpha"]
    assert order("newest") == ["Beta", "Alpha"]


def test_bad_sort_is_a_field_error_not_a_crash(client):
    response = client.get(directory_url(), {"sort": "drop table"})
    assert response.status_code == 200
    assert response.context["form"].errors["sort"]


def test_cards_show_a_product_photo(client):
    cooperative = CooperativeFactory()
    product = ProductFactory(cooperative=cooperative)
    product.photo = jpeg_with_gps()
    save_product(product=product, photo_changed=True)
    product.refresh_from_db()
    html = client.get(directory_url()).content.decode()
    assert product.thumbnail.url in html
    assert 'class="coop-card__photo"' in html


def test_no_match_suggests_the_closest_wider_filters(client):
    CooperativeFactory(women_led=True, youth_led=False)
    CooperativeFactory(region_code="03", women_led=True, youth_led=True)
    html = client.get(directory_url(), {"region": "09", "women_led": "1",
                                        "youth_led": "1"}).content.decode()
    assert "0 coopérative trouvée." in html or "0 coopératives trouvées." in html
    # Dropping the region gives 1, dropping "youth-led" gives 1: both offered, with their
    # links keeping the other filters.
    assert "?women_led=1&amp;youth_led=1" in html
    assert "?region=09&amp;women_led=1" in html
    # Dropping "women-led" still gives nothing: not offered.
    assert "?region=09&amp;youth_led=1" not in html
