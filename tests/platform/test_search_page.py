"""The global search page (/<lang>/search/?q=) and what every searched page explains:
results by type, matched words highlighted (escaped), "did you mean" and a wider filter."""

import pytest
from django.urls import reverse
from django.utils import translation

from ess_platform.kernel.searching.engine import Search
from ess_platform.kernel.searching.models import SpellingVariant
from ess_platform.kernel.searching.templatetags.search_tags import highlight
from projects_bank.models import ProjectIdea
from tests.cooperatives.factories import CooperativeFactory, ProductFactory
from tests.events.factories import EventFactory
from tests.projects_bank.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def _search_url(language):
    with translation.override(language):
        return reverse("search")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_global_search_groups_results_by_type(client, territory, language):
    cooperative = CooperativeFactory(name_ar="تعاونية تيزنيت للفضة", name_fr="",
                                     is_published=True)
    ProductFactory(cooperative=cooperative, name_ar="حلي تيزنيت", name_fr="")
    EventFactory(title_ar="معرض تيزنيت للحلي", title_fr="")
    IdeaFactory(title="ورشة حلي تيزنيت", status=ProjectIdea.Status.ACCEPTED)
    IdeaFactory(title="مسودة تيزنيت", status=ProjectIdea.Status.SUBMITTED)  # not public

    response = client.get(_search_url(language), {"q": "Tiznit"})

    assert response.status_code == 200
    sections = {s["key"]: s for s in response.context["sections"]}
    assert list(sections)[:4] == ["cooperatives", "products", "events", "ideas"]
    assert {key: s["total"] for key, s in sections.items()
            if key in ("cooperatives", "products", "events", "ideas")} == {
        "cooperatives": 1, "products": 1, "events": 1, "ideas": 1}
    html = response.content.decode()
    assert "<mark>تيزنيت</mark>" in html
    assert "مسودة" not in html
    assert f'lang="{language}"' in html


def test_global_search_links_each_type_to_its_list(client, territory):
    for n in range(7):
        CooperativeFactory(name_fr=f"Coopérative Tamounte {n}", is_published=True)

    response = client.get(_search_url("fr"), {"q": "tamounte"})

    section = response.context["sections"][0]
    assert section["total"] == 7 and len(section["rows"]) == 5
    assert f'{reverse("cooperatives:directory")}?q=tamounte' in response.content.decode()


@pytest.mark.parametrize(("language", "said"), [("ar", "هل تقصد:"),
                                                ("fr", "Vouliez-vous dire :")])
def test_empty_search_suggests_the_closest_name(client, territory, language, said):
    CooperativeFactory(name_fr="Coopérative Tamounte", is_published=True)

    response = client.get(_search_url(language), {"q": "tamoonteh"})

    assert response.context["empty"]
    assert response.context["suggestions"] == ["Tamounte"]
    html = response.content.decode()
    assert said in html
    assert "?q=Tamounte" in html


@pytest.mark.parametrize(("language", "said"), [
    ("ar", "ابحث من جديد دون المرشحات الأخرى"),
    ("fr", "Relancer la recherche sans les autres filtres")])
def test_empty_list_offers_the_search_without_its_other_filters(client, territory, language,
                                                                said):
    EventFactory(title_ar="", title_fr="Rencontre de Tamounte")
    with translation.override(language):
        url = reverse("events:list")

    response = client.get(url, {"q": "Tamounte", "kind": "fair", "region": "01"})

    html = response.content.decode()
    assert said in html
    assert 'href="?q=Tamounte"' in html


def test_a_search_without_other_filters_offers_no_wider_one(client, territory):
    with translation.override("fr"):
        url = reverse("events:list")

    response = client.get(url, {"q": "zzzzzz"})

    assert response.status_code == 200
    assert "Relancer la recherche" not in response.content.decode()
    assert "Essayez moins de mots" in response.content.decode()


def test_a_query_too_long_is_a_translated_400(client, territory):
    response = client.get(_search_url("fr"), {"q": "a" * 201})

    assert response.status_code == 400
    assert "200" in response.content.decode()  # Django's translated max_length message
    assert response.context["sections"] == []


def test_an_empty_query_shows_the_form_only(client, territory):
    response = client.get(_search_url("ar"))

    assert response.status_code == 200
    assert response.context["sections"] == []
    assert 'dir="rtl"' in response.content.decode()


def test_highlight_escapes_the_text_and_marks_matched_words(territory):
    search = Search("tiznit")

    html = highlight('<script>alert(1)</script> Coopérative Tiznit & Co', search)

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>Tiznit</mark>" in html
    assert "&amp;" in html


def test_highlight_marks_words_found_in_the_other_script(territory):
    search = Search("Tiznit")

    assert "<mark>تيزنيت</mark>" in highlight("تعاونية تيزنيت", search)


def test_a_variant_added_in_the_admin_is_searched_at_once(client, national_admin, territory):
    cooperative = CooperativeFactory(name_ar="تعاونية أكادير", name_fr="", is_published=True)
    client.force_login(national_admin)

    response = client.post(reverse("admin:searching_spellingvariant_add"),
                           {"name": "Agadir", "variant": "Agadeer", "note": ""})

    assert response.status_code == 302
    assert SpellingVariant.objects.count() == 1
    found = client.get("/api/v1/cooperatives/", {"search": "agadeer"}).json()["results"]
    assert [row["id"] for row in found] == [cooperative.pk]


def test_a_delegate_cannot_add_a_variant(client, delegate, territory):
    client.force_login(delegate)

    response = client.post(reverse("admin:searching_spellingvariant_add"),
                           {"name": "Agadir", "variant": "Agadeer", "note": ""})

    assert response.status_code == 403
    assert not SpellingVariant.objects.exists()
