"""Public hub, region and needs pages, in Arabic (RTL) and French."""

import pytest
from django.urls import reverse
from django.utils import translation

from regional_hubs.models import HubPartner

pytestmark = pytest.mark.django_db


def url(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def test_hub_page_renders_in_arabic_right_to_left(client, souss_hub):
    HubPartner.objects.create(hub=souss_hub, name_ar="الوكالة الفرنسية للتنمية",
                              name_fr="AFD", kind=HubPartner.Kind.DONOR)
    response = client.get(url("ar", "regional_hubs:hub", souss_hub.slug))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in content
    assert "قطب سوس ماسة" in content
    assert "الخدمات" in content  # "Services", translated
    assert "الشركاء" in content  # "Partners", translated
    assert "الوكالة الفرنسية للتنمية" in content
    assert "<svg" in content


def test_hub_page_renders_in_french(client, souss_hub):
    response = client.get(url("fr", "regional_hubs:hub", souss_hub.slug))
    content = response.content.decode()
    assert 'dir="ltr"' in content
    assert "Pôle Souss-Massa" in content
    assert "Partenaires" in content
    assert "Formation et renforcement des capacités" in content


def test_hub_page_lists_region_cooperatives_and_events_counts(client, souss_hub):
    content = client.get(url("fr", "regional_hubs:hub", souss_hub.slug)).content.decode()
    assert "Coopératives et événements" in content


def test_unknown_hub_slug_is_a_translated_404(client, territory):
    response = client.get(url("ar", "regional_hubs:hub", "no-such-hub"))
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()


def test_unknown_region_slug_is_a_404_in_french(client, territory):
    response = client.get(url("fr", "regional_hubs:region", "atlantide"))
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_unknown_province_of_a_region_is_a_404(client, souss_massa):
    # Fès belongs to Fès-Meknès, not to Souss-Massa.
    response = client.get(url("fr", "regional_hubs:province_needs", souss_massa.slug, "03.231"))
    assert response.status_code == 404


def test_hub_list_queries_are_bounded(client, territory, django_assert_max_num_queries):
    from tests.factories import HubServiceFactory, RegionalHubFactory

    for region in territory:
        HubServiceFactory(hub=RegionalHubFactory(region=region))
    with django_assert_max_num_queries(6):
        response = client.get(url("fr", "regional_hubs:hubs"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == 12


def test_hub_list_filters_by_status(client, souss_hub, fes_hub):
    fes_hub.status = "planned"
    fes_hub.save()
    content = client.get(url("fr", "regional_hubs:hubs"), {"status": "planned"}).content.decode()
    assert "Pôle Fès-Meknès" in content and "Pôle Souss-Massa" not in content


def test_region_list_queries_are_bounded(client, territory, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(url("ar", "regional_hubs:regions")).status_code == 200


def test_region_page_shows_hub_provinces_and_figures(client, souss_hub, indicators):
    response = client.get(url("fr", "regional_hubs:region", souss_hub.region.slug))
    content = response.content.decode()
    assert "Pôle Souss-Massa" in content
    assert "Tiznit" in content
    assert "Taux de chômage" in content


def test_region_needs_page_renders_in_arabic(client, souss_massa, indicators,
                                            django_assert_max_num_queries):
    # The process reads the directory's reference data and facet summary once a version.
    client.get(url("ar", "regional_hubs:region_needs", souss_massa.slug))
    with django_assert_max_num_queries(6):
        response = client.get(url("ar", "regional_hubs:region_needs", souss_massa.slug))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in content
    assert "القطاعات الواعدة" in content  # "Promising sectors"
    assert "معدل البطالة" in content  # "Unemployment rate"
    assert "<svg" in content and "<path" in content


def test_region_needs_page_names_argan_for_souss_massa_in_french(client, souss_massa,
                                                                 indicators):
    content = client.get(url("fr", "regional_hubs:region_needs",
                             souss_massa.slug)).content.decode()
    assert "Secteurs prometteurs" in content
    assert "Argan" in content
    assert "Comment les secteurs prometteurs sont-ils choisis" in content


def test_region_needs_map_follows_the_chosen_indicator(client, souss_massa, indicators):
    content = client.get(url("fr", "regional_hubs:region_needs", souss_massa.slug),
                         {"indicator": "illiteracy_rate"}).content.decode()
    assert 'value="illiteracy_rate" selected' in content


def test_unknown_indicator_falls_back_to_the_default(client, souss_massa, indicators):
    response = client.get(url("fr", "regional_hubs:region_needs", souss_massa.slug),
                          {"indicator": "<script>"})
    assert response.status_code == 200
    assert 'value="unemployment_rate" selected' in response.content.decode()


def test_province_needs_page_compares_with_region_and_country(client, souss_massa, indicators):
    response = client.get(url("fr", "regional_hubs:province_needs", souss_massa.slug, "09.581"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Tiznit" in content and "Maroc" in content and "Souss-Massa" in content


def test_national_needs_page_lists_the_twelve_regions(client, indicators,
                                                      django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(url("fr", "regional_hubs:needs"))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('data-code="') == 12
    assert "Dakhla" in content
