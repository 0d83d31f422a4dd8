"""The global search page (/<lang>/search/) lists partners and financing sources beside the
other types, each linked to its row on its list, in a bounded number of queries, and counts
a large group only up to the cap ("more than")."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from ess_platform.kernel.searching import views
from projects_bank.models import ProjectIdea
from tests.cooperatives.factories import CooperativeFactory, ProductFactory
from tests.events.factories import EventFactory
from tests.projects_bank.factories import FundingSourceFactory, IdeaFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def _search(client, language, query):
    with translation.override(language):
        url = reverse("search")
    return client.get(url, {"q": query})


@pytest.mark.parametrize(("language", "partners", "funding"), [
    ("ar", "الشركاء", "مصادر التمويل"),
    ("fr", "Partenaires", "Sources de financement"),
    ("zgh", "ⵉⵎⴷⵓⴽⴽⴰⵍ", "ⵉⵙⴰⴳⵎⵏ ⵏ ⵓⵙⴷⵔⵎ"),
])
def test_partners_and_financing_sources_are_groups_of_their_own(
        client, territory, language, partners, funding):
    partner = PartnerFactory(name_ar="جمعية تيزنيت للتنمية", name_fr="Association Tiznit")
    source = FundingSourceFactory(programme_ar="برنامج تيزنيت للتمويل",
                                  programme_fr="Programme Tiznit")
    PartnerFactory(name_ar="جمعية الرباط", name_fr="Association Rabat")  # not found

    response = _search(client, language, "تيزنيت")

    assert response.status_code == 200
    sections = {s["key"]: s for s in response.context["sections"]}
    assert sections["partners"]["total"] == 1 and sections["funding"]["total"] == 1
    assert [key for key in sections][-2:] == ["funding", "partners"]
    html = response.content.decode()
    with translation.override(language):
        assert str(sections["partners"]["label"]) in html
        assert str(sections["funding"]["label"]) in html
        partners_url = reverse("projects_bank:partners")
        funding_url = reverse("projects_bank:funding")
    assert partners in html and funding in html
    (partner_row,) = sections["partners"]["rows"]
    (funding_row,) = sections["funding"]["rows"]
    assert partner_row["url"].startswith(partners_url + "?q=")
    assert partner_row["url"].endswith(f"#partner-{partner.slug}")
    assert funding_row["url"].startswith(funding_url + "?q=")
    assert funding_row["url"].endswith(f"#funding-{source.slug}")


def test_a_partner_link_opens_its_list_with_the_partner_on_it(client, territory):
    partner = PartnerFactory(name_fr="Réseau Tamounte des femmes")
    PartnerFactory.create_batch(25)

    row = _search(client, "fr", "tamounte").context["sections"]
    url = next(s for s in row if s["key"] == "partners")["rows"][0]["url"]
    response = client.get(url.split("#")[0])

    assert response.status_code == 200
    assert f'id="partner-{partner.slug}"' in response.content.decode()


def test_the_global_search_stays_within_its_query_bound(
        client, territory, django_assert_max_num_queries):
    for n in range(7):
        cooperative = CooperativeFactory(name_fr=f"Coopérative Tiznit {n}", is_published=True)
        ProductFactory(cooperative=cooperative, name_fr=f"Bijou Tiznit {n}")
        EventFactory(title_fr=f"Salon Tiznit {n}")
        IdeaFactory(title=f"Idée Tiznit {n}", status=ProjectIdea.Status.ACCEPTED)
        PartnerFactory(name_fr=f"Association Tiznit {n}")
        FundingSourceFactory(programme_fr=f"Programme Tiznit {n}")

    _search(client, "fr", "Tiznit")  # the process's reference data (cooperatives/cache.py)
    cache.clear()
    # Three for the query's words, then two a type (its rows and its count): 3 + 2 × 6.
    with django_assert_max_num_queries(15):
        response = _search(client, "fr", "Tiznit")

    sections = {s["key"]: s for s in response.context["sections"]}
    assert {key: s["total"] for key, s in sections.items()} == dict.fromkeys(
        ("cooperatives", "products", "events", "ideas", "funding", "partners"), 7)


def test_a_large_group_says_more_than(client, territory, monkeypatch):
    monkeypatch.setattr(views, "COUNT_CAP", 5)
    PartnerFactory.create_batch(7, name_fr="Association Tiznit")

    response = _search(client, "fr", "Tiznit")

    partners = next(s for s in response.context["sections"] if s["key"] == "partners")
    assert partners["capped"] and partners["total"] == 5
    html = response.content.decode()
    assert "(plus de 5)" in html
    assert "Voir tous les résultats" in html
