import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from cooperatives.models import Sector
from tests.cooperatives.factories import CooperativeFactory, ProductFactory, sector
from tests.factories import RegionalHubFactory

pytestmark = pytest.mark.django_db


def directory_url(language="ar"):
    with translation.override(language):
        return reverse("cooperatives:directory")


def names(response):
    return [c.registration_number for c in response.context["page"].object_list]


def test_sectors_of_the_articles_exist():
    assert set(Sector.objects.values_list("slug", flat=True)) >= {
        "handicrafts", "local_products", "argan", "agriculture", "rural_tourism",
        "artisanal_fishing", "services"}
    with translation.override("fr"):
        assert Sector.objects.get(slug="artisanal_fishing").name == "Pêche artisanale"
    with translation.override("ar"):
        assert Sector.objects.get(slug="artisanal_fishing").name == "الصيد التقليدي"


def test_directory_lists_published_cooperatives(client, cooperative):
    hidden = CooperativeFactory(is_published=False)
    response = client.get(directory_url())
    assert response.status_code == 200
    assert cooperative.registration_number in names(response)
    assert hidden.registration_number not in names(response)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_directory_renders_in_both_languages(client, cooperative, language):
    response = client.get(directory_url(language))
    html = response.content.decode()
    expected = cooperative.name_ar if language == "ar" else cooperative.name_fr
    assert expected in html
    assert f'lang="{language}"' in html


def test_filter_by_region(client, cooperative, other_cooperative):
    response = client.get(directory_url(), {"region": "03"})
    assert names(response) == [other_cooperative.registration_number]


def test_filter_by_province_and_commune(client, cooperative, other_cooperative):
    response = client.get(directory_url(), {"province": cooperative.province.code,
                                            "commune": cooperative.commune.code})
    assert names(response) == [cooperative.registration_number]


def test_filter_by_sector(client, cooperative):
    fishing = CooperativeFactory(sector=sector("artisanal_fishing"))
    response = client.get(directory_url(), {"sector": "artisanal_fishing"})
    assert names(response) == [fishing.registration_number]


def test_filter_women_led_and_youth_led(client):
    women = CooperativeFactory(women_led=True)
    youth = CooperativeFactory(youth_led=True)
    assert names(client.get(directory_url(), {"women_led": "1"})) == [
        women.registration_number]
    assert names(client.get(directory_url(), {"youth_led": "1"})) == [
        youth.registration_number]


@pytest.mark.parametrize("params", [
    {"region": "99"}, {"sector": "nope"}, {"commune": "<script>"}, {"women_led": "maybe"},
    {"region": "03", "province": "09.001"},
])
def test_bad_filter_gives_form_error_not_500(client, cooperative, params):
    response = client.get(directory_url(), params)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert names(response) == []


@pytest.mark.parametrize("page", ["abc", "-1", "99999", "1e9"])
def test_bad_page_number_never_fails(client, cooperative, page):
    response = client.get(directory_url(), {"page": page})
    assert response.status_code == 200


@pytest.mark.parametrize("query", ["الأركان", "الاركان", "إلاركان"[1:], "الأَرْكَان",
                                   "الأركــان"])
def test_arabic_search_ignores_hamza_harakat_tatweel(client, query):
    match = CooperativeFactory(name_ar="تعاونية الأركان النسائية",
                               sector=sector("local_products"))
    # Not of the argan sector (a query naming a sector finds its cooperatives).
    CooperativeFactory(name_ar="تعاونية الزيتون", sector=sector("agriculture"))
    assert names(client.get(directory_url(), {"q": query})) == [match.registration_number]


@pytest.mark.parametrize("query", ["النسائيه", "النسائية", "مصطفى", "مصطفي"])
def test_arabic_search_ta_marbuta_and_alef_maqsura(client, query):
    match = CooperativeFactory(name_ar="تعاونية مصطفي النسائيه")
    assert names(client.get(directory_url(), {"q": query})) == [match.registration_number]


@pytest.mark.parametrize("query", ["cooperative feminine", "COOPÉRATIVE Féminine",
                                   "féminine"])
def test_french_search_ignores_case_and_accents(client, query):
    match = CooperativeFactory(name_fr="Coopérative féminine Tifaout")
    CooperativeFactory(name_fr="Coopérative des pêcheurs")
    assert names(client.get(directory_url("fr"), {"q": query})) == [
        match.registration_number]


def test_search_finds_product_names(client, cooperative):
    ProductFactory(cooperative=cooperative, name_ar="أملو باللوز", name_fr="Amlou aux amandes")
    assert names(client.get(directory_url(), {"q": "املو"})) == [
        cooperative.registration_number]
    assert names(client.get(directory_url(), {"q": "amandes"})) == [
        cooperative.registration_number]


def test_search_finds_descriptions(client):
    match = CooperativeFactory(description_fr="Tissage de tapis berbères")
    assert names(client.get(directory_url(), {"q": "berberes"})) == [
        match.registration_number]


def test_directory_queries_are_bounded(client, django_assert_max_num_queries):
    for _ in range(25):
        CooperativeFactory()
    # Directory version, the filters' choices (regions with their provinces, sectors), the
    # facet summary (read, and built as it is older than the version: one GROUP BY written
    # and returned), the page's rows with their photos: none per row.
    with django_assert_max_num_queries(6):
        response = client.get(directory_url(), {"region": "09", "sector": "argan"})
    assert len(response.context["page"].object_list) == 20
    cache.clear()
    # Then: the version, the summary read, the rows.
    with django_assert_max_num_queries(3):
        response = client.get(directory_url(), {"sector": "argan", "women_led": "1"})
    assert response.status_code == 200


def test_directory_keeps_its_choices_in_the_process_between_cache_misses(
        client, django_assert_max_num_queries):
    for _ in range(25):
        CooperativeFactory()
    client.get(directory_url())
    cache.clear()
    # Version, grouped counts, rows: the choices are not read again.
    with django_assert_max_num_queries(3):
        response = client.get(directory_url(), {"region": "09", "sector": "argan"})
    assert len(response.context["page"].object_list) == 20


def test_a_sector_renamed_shows_in_the_directory_choices(client):
    argan = Sector.objects.get(slug="argan")
    client.get(directory_url())
    argan.name_ar = "أركان معدل"
    argan.save()
    cache.clear()
    assert "أركان معدل" in client.get(directory_url()).content.decode()


def test_directory_shows_map_of_located_cooperatives(client):
    CooperativeFactory(latitude="30.420000", longitude="-9.590000")
    html = client.get(directory_url()).content.decode()
    # Without script: the regions shaded by count; with it, the clusters of the map's view.
    assert "<svg" in html and 'href="?region=09"' in html
    assert 'data-ess-map="directory-map-config"' in html
    assert reverse("cooperatives:map_clusters") in html


def test_detail_page_shows_facts_products_hub_and_json_ld(client, cooperative):
    hub = RegionalHubFactory(region=cooperative.region)
    ProductFactory(cooperative=cooperative, name_ar="زيت الأركان الغذائي")
    response = client.get(cooperative.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "زيت الأركان الغذائي" in html
    assert hub.name_ar in html
    assert cooperative.commune.name_ar in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                                re.S).group(1))
    assert data["@type"] == "Organization"
    assert data["identifier"] == cooperative.registration_number


def test_json_ld_cannot_close_the_script_element(client):
    cooperative = CooperativeFactory(name_ar="</script><script>alert(1)</script>")
    html = client.get(cooperative.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(ld)["name"] == "</script><script>alert(1)</script>"


def test_detail_queries_are_bounded(client, cooperative, django_assert_max_num_queries):
    for _ in range(5):
        ProductFactory(cooperative=cooperative)
    # The cooperative, its products, its certifications, who receives its questions, and
    # the sections of other apps (its origin, its fairs).
    with django_assert_max_num_queries(7):
        client.get(cooperative.get_absolute_url())


def test_unpublished_cooperative_page_is_404(client):
    cooperative = CooperativeFactory(is_published=False)
    assert client.get(cooperative.get_absolute_url()).status_code == 404


def test_directory_counts_every_region_while_a_province_is_chosen(client):
    CooperativeFactory(region_code="09")
    CooperativeFactory(region_code="03")
    form = client.get(directory_url(), {"region": "09", "province": "09.581"}).context["form"]
    labels = {str(value): str(label) for value, label in form.fields["region"].widget.choices}
    # Each region is counted without the region and province chosen.
    assert labels["03"].endswith("(1)")
    assert labels["09"].endswith("(1)")
