"""Latin fragments inside Arabic keep their shape: file types, e-mail addresses, web
addresses, codes and phone numbers are isolated (Unicode isolates, ``dir``, ``<bdi>``) on
the pages and in the plain-text messages that show them."""

import pytest
from django.utils import translation

from ess_platform.kernel.notifications.models import Notification
from ess_platform.kernel.notifications.rendering import outgoing
from events.services import register_for_event
from tests.cooperatives.factories import CooperativeFactory
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


def test_the_calendar_link_keeps_its_file_type_whole_in_arabic(client, souss_massa):
    event = EventFactory(region=souss_massa)
    with translation.override("ar"):
        page = client.get(event.get_absolute_url()).text
    assert f"أضف إلى الأجندة {LRI}(.ics){PDI}" in page
    assert "(ics.)" not in page
    with translation.override("fr"):
        assert LRI not in client.get(event.get_absolute_url()).text  # French is left to right


def test_a_cooperatives_address_and_website_are_left_to_right(client, souss_massa):
    cooperative = CooperativeFactory(email="contact@argan.ma", website="https://argan.ma/",
                                     phone="+212528000000", is_published=True)
    with translation.override("ar"):
        page = client.get(cooperative.get_absolute_url()).text
    assert '<dd dir="ltr"><a href="mailto:contact@argan.ma">' in page
    assert '<dd dir="ltr"><a href="https://argan.ma/"' in page
    assert '<dd dir="ltr"><a href="tel:+212528000000">' in page


def test_the_inbox_lets_each_line_find_its_direction(client, souss_massa):
    user = UserFactory(preferred_language="ar")
    register_for_event(event=EventFactory(region=souss_massa, title_ar="Terr'ESS Agadir"),
                       user=user)
    client.force_login(user)
    with translation.override("ar"):
        page = client.get("/ar/inbox/").text
    assert '<strong dir="auto">' in page
    assert "http://" not in page.split('<ul class="inbox">')[1].split("</ul>")[0]


def test_a_check_in_code_is_isolated_in_an_arabic_email_not_in_a_french_one(souss_massa):
    event = EventFactory(region=souss_massa)
    arabic = UserFactory(preferred_language="ar", email="ar@example.ma")
    french = UserFactory(preferred_language="fr", email="fr@example.ma")
    codes = {user.pk: register_for_event(event=event, user=user).code
             for user in (arabic, french)}
    arabic_body = outgoing(Notification.objects.get(recipient=arabic))["body"]
    french_body = outgoing(Notification.objects.get(recipient=french))["body"]
    assert f"{FSI}{codes[arabic.pk]}{PDI}" in arabic_body
    assert codes[french.pk] in french_body and FSI not in french_body
