"""Moroccan formats: day-first dates with the Moroccan month names, 24-hour times, digits
grouped by three in Arabic as in French, and numbers that feed machines left ungrouped."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, number_format, time_format

from regional_hubs.models import Region, RegionalHub
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import RegionalHubFactory

MOROCCAN_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت",
                   "شتنبر", "أكتوبر", "نونبر", "دجنبر"]
NBSP = "\xa0"


def url(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def test_an_arabic_date_is_day_first_with_the_moroccan_month():
    with translation.override("ar"):
        assert date_format(date(2026, 7, 5)) == "5 يوليوز 2026"
        assert date_format(date(2026, 7, 5), "SHORT_DATE_FORMAT") == "05/07/2026"
        assert date_format(datetime(2026, 12, 26, 22, 5), "DATETIME_FORMAT") == \
            "26 دجنبر 2026، 22:05"
        assert time_format(datetime(2026, 12, 26, 13, 5)) == "13:05"


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_has_its_moroccan_name_in_every_django_form(month):
    day = date(2026, month, 1)
    with translation.override("ar"):
        expected = MOROCCAN_MONTHS[month - 1]
        assert date_format(day, "F") == expected  # plain
        assert date_format(day, "N") == expected  # "abbrev. month"
        assert date_format(day, "E") == expected  # "alt. month"
        assert date_format(day, "b") == expected  # three-letter


def test_french_dates_stay_french():
    with translation.override("fr"):
        assert date_format(date(2026, 7, 5)) == "5 juillet 2026"
        assert number_format(3020431) == f"3{NBSP}020{NBSP}431"


def test_numbers_are_grouped_in_arabic_with_latin_digits():
    with translation.override("ar"):
        assert number_format(3020431) == f"3{NBSP}020{NBSP}431"
        assert number_format(1234.5, 1) == f"1{NBSP}234,5"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_population_is_grouped_on_the_region_page(client, souss_massa, language):
    Region.objects.filter(pk=souss_massa.pk).update(population_2024=3020431)
    response = client.get(url(language, "regional_hubs:region", souss_massa.slug))
    assert response.status_code == 200
    assert f"3{NBSP}020{NBSP}431" in response.text
    assert "3020431" not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "label", "verb"),
                         [("ar", "مفتوح", "فتح"), ("fr", "Ouvert", "Ouvrir")])
def test_an_open_hub_reads_as_open_not_as_the_verb(client, souss_massa, language, label, verb):
    hub = RegionalHubFactory(region=souss_massa, status=RegionalHub.Status.OPEN)
    response = client.get(url(language, "regional_hubs:hub", hub.slug))
    assert response.status_code == 200
    badge = f'<span class="badge status-open">{label}</span>'
    assert badge in response.text
    assert f'<span class="badge status-open">{verb}</span>' not in response.text


@pytest.mark.django_db
def test_a_registration_pk_in_a_form_value_is_not_grouped(client, souss_massa, delegate):
    event = EventFactory(region=souss_massa)
    RegistrationFactory(pk=1234, event=event, name="Fatima Zahra")
    client.force_login(delegate)
    with translation.override("ar"):
        page = client.get(reverse("events:check_in", kwargs={"slug": event.slug}))
    assert page.status_code == 200
    assert 'name="registration" value="1234"' in page.text
    assert f"1{NBSP}234" not in page.text
