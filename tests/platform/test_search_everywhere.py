"""The site's one search (ess_platform.kernel.searching) on every list that searches: the public
pages in both interface languages, the API's ?search= and the admin, each class of what
people type (clitics, digits, elisions, keyboard letters, names in the other script, the
spelling variants table, sector and product names in the other script, one-letter typos in
Arabic and French). Runs on SQLite and on PostgreSQL alike (DATABASE_URL)."""

import pytest
from django.urls import reverse
from django.utils import translation

from ess_platform.kernel.searching.models import SpellingVariant
from projects_bank.models import ProjectIdea
from tests.cooperatives.factories import CooperativeFactory, ProductFactory
from tests.events.factories import EventFactory
from tests.projects_bank.factories import FundingSourceFactory, IdeaFactory, PartnerFactory

pytestmark = pytest.mark.django_db

DECOY = ("تعاونية الصيد البحري", "Pêche maritime Safi")


def _cooperative(ar, fr):
    # Away from the places the cases name: a query naming a cooperative's own sector or
    # place finds it by that (tests/cooperatives/test_search_facets.py).
    return CooperativeFactory(name_ar=ar, name_fr=fr, is_published=True, region_code="01")


def _product(ar, fr):
    seller = CooperativeFactory(name_ar="تعاونية البائع", name_fr="Coopérative vendeuse",
                                is_published=True)
    return ProductFactory(cooperative=seller, name_ar=ar, name_fr=fr)


def _event(ar, fr):
    return EventFactory(title_ar=ar, title_fr=fr)


def _idea(ar, fr):
    return IdeaFactory(title=ar or fr, language="ar" if ar else "fr",
                       summary="", status=ProjectIdea.Status.ACCEPTED)


def _partner(ar, fr):
    return PartnerFactory(name_ar=ar, name_fr=fr, services_ar="", services_fr="")


def _funding(ar, fr):
    return FundingSourceFactory(programme_ar=ar, programme_fr=fr, funder_ar="", funder_fr="")


#: list: (make a record from its Arabic and French names, page URL name, API path,
#:        admin changelist URL name or None)
LISTS = {
    "cooperatives": (_cooperative, "cooperatives:directory", "/api/v1/cooperatives/",
                     "admin:cooperatives_cooperative_changelist"),
    "products": (_product, "cooperatives:products", "/api/v1/products/", None),
    "events": (_event, "events:list", "/api/v1/events/", "admin:events_event_changelist"),
    "ideas": (_idea, "projects_bank:ideas", "/api/v1/ideas/",
              "admin:projects_bank_projectidea_changelist"),
    "partners": (_partner, "projects_bank:partners", "/api/v1/partners/",
                 "admin:projects_bank_partner_changelist"),
    "funding": (_funding, "projects_bank:funding", "/api/v1/funding-sources/",
                "admin:projects_bank_fundingsource_changelist"),
}

#: class: (the record's Arabic name, its French name, the query typed)
CASES = {
    "clitics": ("ملتقى الكرامة للتنمية", "", "وبالكرامة"),
    "clitic lil": ("دليل التعاونيات الفلاحية", "", "للتعاونيات"),
    "arabic-indic digits": ("ملتقى سوس 2025", "", "ملتقى ٢٠٢٥"),
    "eastern arabic-indic digits": ("", "Forum Souss 2025", "forum ۲۰۲۵"),
    "french elisions": ("", "Huile d'argan de Tamri", "l'huile d’argan"),
    "keyboard letters": ("ملتقى الكرامة", "", "کرامہ"),
    "place latin finds arabic": ("ملتقى تيزنيت", "", "Tiznit"),
    "place arabic finds latin": ("", "Rencontre de Tiznit", "تيزنيت"),
    "place two words": ("ملتقى بني ملال", "", "Béni Mellal"),
    "variants table": ("ملتقى أكادير", "", "Agadeer"),
    "sector latin finds arabic": ("ملتقى الفلاحة المستدامة", "", "Agriculture"),
    "sector arabic finds latin": ("", "Salon de la pêche artisanale", "الصيد التقليدي"),
    "product latin finds arabic": ("ملتقى الزعفران الحر", "", "Safran"),
    "typo french": ("", "Rencontre de Tamounte", "tamonte"),
    "typo french extra letter": ("", "Rencontre Essaouira", "essaouirra"),
    "typo arabic": ("ملتقى الزعفران", "", "زعفرن"),
}


@pytest.fixture
def variants(db):
    """A spelling in the variants table, and a product whose name is known in both scripts."""
    SpellingVariant.objects.create(name="Agadir", variant="Agadeer")
    ProductFactory(name_ar="زعفران", name_fr="Safran")


def _page_ids(response):
    return {obj.pk for obj in response.context["page"].object_list}


def _api_ids(response):
    return {row.get("id", row.get("slug")) for row in response.json()["results"]}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("kind", list(LISTS))
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_page_finds_what_people_type(client, territory, variants, kind, case, language):
    make, url_name, _api, _admin = LISTS[kind]
    ar, fr, query = CASES[case]
    record, decoy = make(ar, fr), make(*DECOY)

    with translation.override(language):
        url = reverse(url_name)
    response = client.get(url, {"q": query})

    assert response.status_code == 200
    assert record.pk in _page_ids(response)
    assert decoy.pk not in _page_ids(response)


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("kind", list(LISTS))
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_api_search_finds_what_people_type(client, territory, variants, kind, case,
                                           language):
    make, _url, api, _admin = LISTS[kind]
    ar, fr, query = CASES[case]
    record, decoy = make(ar, fr), make(*DECOY)

    response = client.get(api, {"search": query}, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    found = _api_ids(response)
    assert record.pk in found or getattr(record, "slug", None) in found
    assert decoy.pk not in found and getattr(decoy, "slug", None) not in found


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("kind", [kind for kind, spec in LISTS.items() if spec[3]])
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_admin_search_finds_what_people_type(client, national_admin, territory, variants,
                                             kind, case, language):
    make, _url, _api, admin_url = LISTS[kind]
    ar, fr, query = CASES[case]
    record, decoy = make(ar, fr), make(*DECOY)
    client.force_login(national_admin)

    with translation.override(language):
        url = reverse(admin_url)
    response = client.get(url, {"q": query})

    assert response.status_code == 200
    found = {obj.pk for obj in response.context["cl"].result_list}
    assert record.pk in found
    assert decoy.pk not in found
