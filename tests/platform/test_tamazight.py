"""Tamazight (Standard Moroccan Tamazight in Tifinagh, ``zgh``): a third interface language
for the public and member pages, left to right, with its own formats, a switcher entry,
content that falls back to Arabic then French and says so, and an admin kept in Arabic."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format, time_format
from django.utils.translation import get_language_info

from ess_platform.kernel import formatting
from events.services import register_for_event, send_reminders
from regional_hubs.models import Region
from tests.cooperatives.factories import CooperativeFactory
from tests.events.factories import EventFactory
from tests.factories import RegionalHubFactory, UserFactory

TAMAZIGHT_MONTHS = ["ⵉⵏⵏⴰⵢⵔ", "ⴱⵕⴰⵢⵕ", "ⵎⴰⵕⵚ", "ⵉⴱⵔⵉⵔ", "ⵎⴰⵢⵢⵓ", "ⵢⵓⵏⵢⵓ", "ⵢⵓⵍⵢⵓⵣ", "ⵖⵓⵛⵜ",
                    "ⵛⵓⵜⴰⵏⴱⵉⵔ", "ⴽⵜⵓⴱⵔ", "ⵏⵓⵡⴰⵏⴱⵉⵔ", "ⴷⵓⵊⴰⵏⴱⵉⵔ"]
NBSP = "\xa0"
CASABLANCA = ZoneInfo("Africa/Casablanca")


def url(language, name, *args, **kwargs):
    with translation.override(language):
        return reverse(name, args=args, kwargs=kwargs or None)


def has_tifinagh(text):
    return any("\u2d30" <= ch <= "\u2d7f" for ch in text)


def test_tamazight_is_known_by_name_and_left_to_right():
    info = get_language_info("zgh")
    assert info["name_local"] == "ⵜⴰⵎⴰⵣⵉⵖⵜ"
    assert info["bidi"] is False
    with translation.override("zgh"):
        assert translation.get_language_bidi() is False


@pytest.mark.django_db
def test_tamazight_home_is_left_to_right_in_tifinagh(client):
    response = client.get("/zgh/")
    assert response.status_code == 200
    assert '<html lang="zgh" dir="ltr">' in response.text
    assert "ⵜⴰⴷⴰⵎⵙⴰ ⵜⴰⵏⴰⵎⵓⵏⵜ ⴷ ⵜⵏⵎⵢⴰⵡⴰⵙⵜ" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(("page_language", "offered"), [
    ("ar", {"fr", "zgh"}), ("fr", {"ar", "zgh"}), ("zgh", {"ar", "fr"}),
])
def test_switcher_offers_each_other_language_with_its_own_page(client, page_language, offered):
    html = client.get(f"/{page_language}/regions/").text
    for code in offered:
        assert f'class="lang-switch" href="/{code}/regions/" hreflang="{code}"' in html
    assert f'hreflang="{page_language}"' not in html
    # One link per other language, each to its own page.
    assert html.count('class="lang-switch"') == 2


@pytest.mark.django_db
def test_switching_to_tamazight_keeps_the_page_and_is_remembered(client):
    response = client.post(reverse("set_language"), {"language": "zgh", "next": "/zgh/regions/"})
    assert response.status_code == 302
    assert response["Location"] == "/zgh/regions/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr").headers["Location"] == "/zgh/"


@pytest.mark.django_db
def test_accept_language_tamazight_lands_on_the_tamazight_home(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zgh,fr;q=0.5")["Location"] == "/zgh/"


@pytest.mark.django_db
def test_sign_in_and_sign_up_pages_render_in_tamazight(client):
    for name, words in [("users:login", "ⴽⵛⵎ"), ("users:signup", "ⵙⵏⵓⵍⴼⵓ ⴰⵎⵉⴹⴰⵏ ⵉⵏⵓ"),
                        ("users:password_reset", "ⴰⵣⵏ ⴰⵙⵖⵏ")]:
        response = client.get(url("zgh", name))
        assert response.status_code == 200, name
        assert words in response.text, name


@pytest.mark.django_db
def test_djangos_own_form_errors_are_in_tamazight(client):
    response = client.post(url("zgh", "users:login"), {"username": "", "password": ""})
    assert response.status_code == 200
    assert "ⴰⵏⵔⴰⵔ ⴰⴷ ⵉⵇⵇⴰⵏ." in response.text  # This field is required.
    assert "This field is required." not in response.text
    assert "هذا الحقل مطلوب" not in response.text


@pytest.mark.django_db
def test_password_reset_mail_asked_on_a_tamazight_page_is_in_tamazight(
        client, member, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("zgh", "users:password_reset"), {"email": member.email})
    assert response.status_code == 302
    [message] = mailoutbox
    assert has_tifinagh(message.subject)
    assert "ⴰⵣⵓⵍ" in message.body
    assert "/zgh/accounts/reset/" in message.body


# The admin stays Arabic and French.

@pytest.mark.django_db
def test_tamazight_admin_address_redirects_to_the_same_admin_page_in_arabic(client):
    response = client.get("/zgh/admin/cooperatives/cooperative/?q=argan")
    assert response.status_code == 302
    assert response["Location"] == "/ar/admin/cooperatives/cooperative/?q=argan"
    assert client.get("/zgh/admin/")["Location"] == "/ar/admin/"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_arabic_and_french_admin_are_not_redirected(admin_client, language):
    response = admin_client.get(f"/{language}/admin/")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.text


@pytest.mark.django_db
def test_a_tamazight_public_page_is_not_redirected(client):
    assert client.get("/zgh/cooperatives/").status_code == 200


# Content written in Arabic and French only: shown in Arabic, then French, and said so.

@pytest.mark.django_db
def test_an_arabic_only_description_shows_in_arabic_with_a_note(client, territory):
    cooperative = CooperativeFactory(description_ar="تعاونية نسائية لإنتاج زيت الأركان",
                                     description_fr="")
    response = client.get(url("zgh", "cooperatives:detail", pk=cooperative.pk))
    assert response.status_code == 200
    html = response.text
    assert '<div class="prose" lang="ar" dir="rtl"><p>تعاونية نسائية لإنتاج زيت الأركان</p>' in html
    assert ('<p class="fallback-note">ⴰⴹⵕⵉⵚ ⴰⴷ ⵓⵔ ⵉⵍⵍⵉ ⵙ ⵜⵓⵜⵍⴰⵢⵜ ⵏⵏⴽ; '
            "ⵉⵜⵜⵓⵙⵎⴰⵍ ⵙ ⵜⵄⵔⴰⴱⵜ.</p>") in html
    assert f'<h1 lang="ar" dir="rtl">{cooperative.name_ar}</h1>' in html


@pytest.mark.django_db
def test_a_french_only_description_falls_back_to_french_left_to_right(client, territory):
    cooperative = CooperativeFactory(description_ar="", description_fr="Huile d'argan")
    html = client.get(url("zgh", "cooperatives:detail", pk=cooperative.pk)).text
    assert '<div class="prose" lang="fr" dir="ltr"><p>Huile d&#x27;argan</p>' in html
    assert "ⵉⵜⵜⵓⵙⵎⴰⵍ ⵙ ⵜⴼⵔⴰⵏⵙⵉⵙⵜ." in html


@pytest.mark.django_db
def test_content_in_the_page_language_carries_no_note(client, territory):
    cooperative = CooperativeFactory(description_ar="زيت الأركان", description_fr="Huile")
    for language in ("ar", "fr"):
        html = client.get(url(language, "cooperatives:detail", pk=cooperative.pk)).text
        assert "fallback-note" not in html
        assert '<div class="prose">' in html


@pytest.mark.django_db
def test_hub_and_event_pages_in_tamazight_mark_their_arabic_texts(client, souss_massa):
    hub = RegionalHubFactory(region=souss_massa, description_ar="فضاء للتكوين والاحتضان",
                             description_fr="")
    html = client.get(url("zgh", "regional_hubs:hub", hub.slug)).text
    assert f'<h1 lang="ar" dir="rtl">{hub.name_ar}</h1>' in html
    assert '<div class="prose" lang="ar" dir="rtl"><p>فضاء للتكوين والاحتضان</p>' in html
    assert "ⵉⵜⵜⵓⵙⵎⴰⵍ ⵙ ⵜⵄⵔⴰⴱⵜ." in html
    event = EventFactory(region=souss_massa, description_ar="ورشة حول التسويق")
    html = client.get(url("zgh", "events:detail", event.slug)).text
    assert f'<h1 lang="ar" dir="rtl">{event.title_ar}</h1>' in html
    assert '<div lang="ar" dir="rtl"><p>ورشة حول التسويق</p>' in html


@pytest.mark.django_db
def test_an_arabic_page_says_when_it_shows_the_french_text(client, territory):
    cooperative = CooperativeFactory(description_ar="", description_fr="Huile d'argan")
    html = client.get(url("ar", "cooperatives:detail", pk=cooperative.pk)).text
    assert '<div class="prose" lang="fr" dir="ltr">' in html
    assert "هذا النص غير متوفر بلغتك؛ يُعرض بالفرنسية." in html


# Formats: day first, Tamazight month names in Tifinagh, 24-hour clock, grouped digits.

def test_a_tamazight_date_is_day_first_with_the_tifinagh_month():
    with translation.override("zgh"):
        assert date_format(date(2026, 7, 5)) == "5 ⵢⵓⵍⵢⵓⵣ 2026"
        assert date_format(date(2026, 7, 5), "SHORT_DATE_FORMAT") == "05/07/2026"
        assert date_format(datetime(2026, 12, 26, 22, 5), "DATETIME_FORMAT") == \
            "26 ⴷⵓⵊⴰⵏⴱⵉⵔ 2026, 22:05"
        assert time_format(datetime(2026, 12, 26, 13, 5)) == "13:05"


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_has_its_tifinagh_name_in_every_django_form(month):
    day = date(2026, month, 1)
    with translation.override("zgh"):
        expected = TAMAZIGHT_MONTHS[month - 1]
        for form in ("F", "N", "E", "b"):
            assert date_format(day, form) == expected, form


def test_tamazight_numbers_are_grouped_with_latin_digits():
    with translation.override("zgh"):
        assert number_format(3020431) == f"3{NBSP}020{NBSP}431"
        assert number_format(1234.5, 1) == f"1{NBSP}234,5"


@pytest.mark.django_db
def test_a_population_is_grouped_on_a_tamazight_region_page(client, souss_massa):
    Region.objects.filter(pk=souss_massa.pk).update(population_2024=3020431)
    response = client.get(url("zgh", "regional_hubs:region", souss_massa.slug))
    assert response.status_code == 200
    assert f"3{NBSP}020{NBSP}431" in response.text
    assert "3020431" not in response.text


@pytest.mark.django_db
def test_an_event_date_on_a_tamazight_page_is_day_first_in_tifinagh(client, souss_massa):
    starts = datetime(2027, 7, 5, 10, 0, tzinfo=CASABLANCA)
    event = EventFactory(region=souss_massa, starts_at=starts,
                         ends_at=datetime(2027, 7, 5, 14, 30, tzinfo=CASABLANCA))
    response = client.get(url("zgh", "events:detail", event.slug))
    assert response.status_code == 200
    assert "5 ⵢⵓⵍⵢⵓⵣ 2027" in response.text
    assert "10:00" in response.text and "14:30" in response.text
    assert "July" not in response.text and "يوليوز" not in response.text


# The same forms in the other channels: the e-mail, the SMS and the formatting helper.

#: 13:05 UTC is 14:05 in Casablanca.
MOMENT = datetime(2030, 11, 27, 13, 5, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def event(souss_massa):
    return EventFactory(region=souss_massa, starts_at=MOMENT,
                        ends_at=MOMENT + timedelta(hours=3), title_fr="Salon de l'argan",
                        title_ar="معرض الأركان")


def test_the_helper_writes_tamazight_forms_on_moroccan_time():
    with translation.override("zgh"), timezone.override("UTC"):
        assert formatting.local_date(MOMENT) == "27 ⵏⵓⵡⴰⵏⴱⵉⵔ 2030"
        assert formatting.local_time(MOMENT) == "14:05"
        assert formatting.local_datetime(MOMENT) == "27 ⵏⵓⵡⴰⵏⴱⵉⵔ 2030, 14:05"
        assert formatting.local_number(3020431) == f"3{NBSP}020{NBSP}431"


@pytest.mark.django_db
def test_a_tamazight_reader_gets_the_confirmation_email_in_tamazight(
        event, django_capture_on_commit_callbacks):
    user = UserFactory(preferred_language="zgh", email="zgh@example.ma")
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=event, user=user)
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    assert "27 ⵏⵓⵡⴰⵏⴱⵉⵔ 2030, 14:05" in message.body
    assert has_tifinagh(message.subject)


@pytest.mark.django_db
def test_a_guest_registered_on_a_tamazight_page_gets_the_reminder_sms_in_tamazight(
        event, sms_gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=event, name="Itto", phone="0612345678", language="zgh")
    assert len(sms_gateway.received(1)) == 1  # the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(now=MOMENT - timedelta(hours=36)) == 1
    *_, reminder = received = sms_gateway.received(2)
    assert len(received) == 2
    assert "27/11/2030 14:05" in reminder.text
    assert has_tifinagh(reminder.text)
