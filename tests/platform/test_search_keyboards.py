"""Search reads Persian/Urdu keyboard letters and Arabic-Indic digits as Arabic letters and
Latin digits: in ``normalize``, the directory page, the API, the admin search, and in the
search text already stored (data migration 0013)."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import translation

from cooperatives.models import Cooperative
from ess_platform.kernel.search import ARABIC_FOLDS, normalize
from ess_platform.kernel.search_sql import _DROPPED, _FOLDED
from tests.cooperatives.factories import CooperativeFactory
from tests.projects_bank.factories import IdeaFactory

KEYBOARD_LETTERS = {
    "ی": "ي", "ې": "ي", "ۍ": "ي", "ێ": "ي", "ے": "ي", "ۓ": "ي", "ٸ": "ي",
    "ک": "ك", "ڪ": "ك", "ګ": "ك",
    "ہ": "ه", "ۂ": "ه", "ۃ": "ه", "ھ": "ه", "ە": "ه", "ۀ": "ه",
}


@pytest.mark.parametrize(("typed", "arabic"), KEYBOARD_LETTERS.items())
def test_normalize_folds_each_keyboard_letter(typed, arabic):
    assert normalize(f"ب{typed}ت") == f"ب{arabic}ت"


@pytest.mark.parametrize("digits", ["٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"])
def test_normalize_reads_arabic_indic_digits_as_latin(digits):
    assert normalize(digits) == "0123456789"
    assert normalize(f"ت-{digits[2]}{digits[7]}") == "ت-27"


def test_existing_folds_are_kept():
    assert normalize("الأَرْكَــان إِنْ آل ٱلله") == "الاركان ان ال الله"
    assert normalize("تعاونية مصطفى") == "تعاونيه مصطفي"
    assert normalize("مسؤول رئيس") == "مسوول رييس"
    assert normalize("Coopérative FÉMININE œuvre") == "cooperative feminine oeuvre"
    assert normalize("ك ي ه ء") == "ك ي ه ء"  # the Arabic letters themselves are kept


def test_admin_translate_table_is_the_search_table():
    """PostgreSQL's translate() in the admin folds every letter normalize() folds."""
    for char, folded in ARABIC_FOLDS.items():
        if folded:
            assert _FOLDED[char] == folded
        else:
            assert char in _DROPPED and char not in _FOLDED
    assert set(KEYBOARD_LETTERS) <= set(_FOLDED)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["تعاونیة کوثر", "کوثر", "الکوثر", "ڪوثر"])
def test_directory_page_and_api_find_arabic_names_typed_on_a_persian_keyboard(client, query):
    match = CooperativeFactory(name_ar="تعاونية الكوثر النسائية")
    CooperativeFactory(name_ar="تعاونية الزيتون")
    with translation.override("ar"):
        url = reverse("cooperatives:directory")

    page = client.get(url, {"q": query})
    api = client.get("/api/v1/cooperatives/", {"search": query})

    assert [c.registration_number for c in page.context["page"].object_list] == [
        match.registration_number]
    assert [c["registration_number"] for c in api.json()["results"]] == [
        match.registration_number]


@pytest.mark.django_db
def test_a_name_stored_with_keyboard_letters_is_found_with_arabic_ones(client):
    match = CooperativeFactory(name_ar="تعاونیہ کوثر")
    CooperativeFactory(name_ar="تعاونية الزيتون")

    response = client.get("/api/v1/cooperatives/", {"search": "تعاونيه كوثر"})

    assert [c["registration_number"] for c in response.json()["results"]] == [
        match.registration_number]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["٢٠٢٤-٠٠٧", "۲۰۲۴-۰۰۷", "2024-007"])
def test_arabic_indic_digits_find_a_latin_registration_number(client, query):
    match = CooperativeFactory(registration_number="AGA-2024-007")
    CooperativeFactory(registration_number="AGA-2024-008")

    response = client.get("/api/v1/cooperatives/", {"search": query})

    assert [c["registration_number"] for c in response.json()["results"]] == [
        match.registration_number]


def admin_search(client, user, model_label, query):
    client.force_login(user)
    app_label, model_name = model_label.split(".")
    response = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"), {"q": query})
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


@pytest.mark.django_db
def test_admin_cooperative_search_reads_keyboard_letters_and_digits(client, national_admin,
                                                                    territory):
    match = CooperativeFactory(name_ar="تعاونية الكوثر", registration_number="AGA-2024-007")
    CooperativeFactory(name_ar="تعاونية الزيتون", registration_number="AGA-2024-008")

    assert admin_search(client, national_admin, "cooperatives.cooperative",
                        "الکوثر") == {match.pk}
    assert admin_search(client, national_admin, "cooperatives.cooperative",
                        "۲۰۲۴-۰۰۷") == {match.pk}


@pytest.mark.django_db
def test_admin_field_search_folds_keyboard_letters_in_the_database(client, delegate, territory):
    """Ideas have no stored search column: the column is folded in SQL (translate() on
    PostgreSQL), on both sides of the comparison."""
    typed_arabic = IdeaFactory(title="وحدة لتثمين الكسكس البلدي")
    typed_persian = IdeaFactory(title="وحدہ لتثمین الکسکس")
    IdeaFactory(title="مشروع الصيد البحري")

    expected = {typed_arabic.pk, typed_persian.pk}
    assert admin_search(client, delegate, "projects_bank.projectidea", "الکسکس") == expected
    assert admin_search(client, delegate, "projects_bank.projectidea", "الكسكس") == expected
    assert admin_search(client, delegate, "projects_bank.projectidea", "الصید") == {
        IdeaFactory._meta.model.objects.unscoped().get(title="مشروع الصيد البحري").pk}


@pytest.mark.django_db
def test_migration_recomputes_stored_search_text():
    cooperative = CooperativeFactory(name_ar="تعاونیہ کوثر", name_fr="Kawtar")
    untouched = CooperativeFactory(name_ar="تعاونية الزيتون")
    # The search text as the previous normalisation stored it.
    Cooperative.objects.unscoped().filter(pk=cooperative.pk).update(
        search_text=f"{cooperative.registration_number.lower()} | تعاونیہ کوثر | kawtar")
    before = Cooperative.objects.unscoped().get(pk=untouched.pk).search_text
    migration = importlib.import_module(
        "cooperatives.migrations.0013_search_text_keyboard_letters")

    migration.recompute_search_text(apps, SimpleNamespace(connection=connection))

    rows = dict(Cooperative.objects.unscoped().values_list("pk", "search_text"))
    number = cooperative.registration_number.lower()
    assert rows[cooperative.pk] == f"{number} | تعاونيه كوثر | kawtar"
    assert rows[untouched.pk] == before
