"""The admin's search box is Arabic-aware, like the public directory (SQLite and PostgreSQL)."""

import pytest
from django.urls import reverse

from cooperatives.selectors import cooperative_list
from tests.cooperatives.factories import CooperativeFactory, sector
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.projects_bank.factories import IdeaFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def admin_search(client, user, model_label, query):
    client.force_login(user)
    app_label, model_name = model_label.split(".")
    response = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"), {"q": query})
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


def test_admin_finds_the_cooperatives_the_directory_finds(client, national_admin, territory):
    written = [
        CooperativeFactory(name_ar="تعاونية الأركان النسائية", name_fr="Coopérative Tifaout"),
        CooperativeFactory(name_ar="تعاونية الإركان للتجميل", name_fr="Coopérative Amal"),
        CooperativeFactory(name_ar="تعاونية زيت أركان", name_fr="Argan Souss"),
    ]
    CooperativeFactory(name_ar="تعاونية الصيد التقليدي", name_fr="Pêche artisanale",
                       sector=sector("artisanal_fishing"))
    for cooperative in written:
        cooperative.is_published = True
        cooperative.save()

    found = admin_search(client, national_admin, "cooperatives.cooperative", "الاركان")

    # The article is not part of the word: "الاركان" finds "أركان" written without it too.
    directory = {c.pk for c in cooperative_list(q="الاركان")}
    assert found == directory == {c.pk for c in written}


def test_cooperative_search_reads_french_without_accents(client, national_admin, territory):
    peche = CooperativeFactory(name_fr="Coopérative de Pêche Imsouane")
    CooperativeFactory(name_fr="Coopérative du miel")

    assert admin_search(client, national_admin, "cooperatives.cooperative",
                        "PECHE imsouane") == {peche.pk}


def test_idea_search_folds_hamza_ta_marbuta_and_harakat(client, delegate, territory):
    oil = IdeaFactory(title="وحدةٌ لتثمين زيت الأَركان")
    IdeaFactory(title="مشروع الصيد البحري")

    assert admin_search(client, delegate, "projects_bank.projectidea",
                        "وحده الاركان") == {oil.pk}


def test_event_search_folds_arabic_and_french(client, delegate, territory):
    fair = EventFactory(title_ar="معرض المنتجات المجالية", title_fr="Salon régional")
    EventFactory(title_ar="ورشة تشاورية", title_fr="Atelier de concertation")

    assert admin_search(client, delegate, "events.event", "معرض") == {fair.pk}
    assert admin_search(client, delegate, "events.event", "REGIONAL") == {fair.pk}
    assert admin_search(client, delegate, "events.event", "المجاليه") == {fair.pk}


def test_partner_search_folds_accents(client, national_admin, territory):
    federation = PartnerFactory(name_fr="Fédération des coopératives", name_ar="جامعة التعاونيات")
    PartnerFactory(name_fr="Banque", name_ar="بنك")

    assert admin_search(client, national_admin, "projects_bank.partner",
                        "federation") == {federation.pk}
    assert admin_search(client, national_admin, "projects_bank.partner",
                        "جامعه") == {federation.pk}


def test_user_search_folds_accents_and_hamza(client, national_admin, territory):
    helene = UserFactory(first_name="Hélène", last_name="Aït Ahmed")
    asmaa = UserFactory(first_name="أسماء", last_name="الإدريسي")

    assert admin_search(client, national_admin, "users.user", "helene") == {helene.pk}
    assert admin_search(client, national_admin, "users.user", "اسماء الادريسي") == {asmaa.pk}


def test_a_delegate_search_stays_in_their_region(client, delegate, territory):
    own = EventFactory(title_ar="معرض سوس")
    EventFactory(title_ar="معرض فاس", region=territory.get(code="03"))

    assert admin_search(client, delegate, "events.event", "معرض") == {own.pk}
