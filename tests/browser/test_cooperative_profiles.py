"""A visitor acts on a cooperative's profile and reads a commune's needs, in Arabic and
French, on a phone and a desktop; the pages pass axe (no critical or serious issue)."""

from datetime import timedelta
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone, translation

from cooperatives.models import Certification, Product
from ess_platform.kernel.notifications.models import Notification
from events.models import Event
from regional_hubs.models import Commune, Region
from regional_hubs.services import load_indicators
from tests.cooperatives.factories import CooperativeFactory, ManagerFactory, ProductFactory
from tests.events.factories import EventFactory
from tests.factories import PASSWORD, UserFactory

from .axe import format_violations, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
LANGS = pytest.mark.parametrize("lang", ["ar", "fr"])
AMMELNE = "09.581.09.05"


@pytest.fixture
def world(live_server, territory):
    """A published cooperative of Tiznit with a manager, priced products, a label and a
    fair; the census figures of every territory."""
    import_module("cooperatives.migrations.0003_sectors").create_sectors(django_apps, None)
    load_indicators()
    manager = UserFactory(username="gerante@example.ma", email="gerante@example.ma",
                          preferred_language="ar")
    cooperative = CooperativeFactory(
        commune=Commune.objects.get(code="09.581.01.07"), name_ar="تعاونية تيفاوين",
        name_fr="Coopérative Tifawin", phone="0528 86 12 34", whatsapp="0661234567",
        email="", address_fr="Douar Tagmout", address_ar="دوار تاكموت")
    ManagerFactory(cooperative=cooperative, user=manager)
    ProductFactory(cooperative=cooperative, name_ar="زيت الأركان", name_fr="Huile d'argan",
                   price=Decimal("180"), unit=Product.Unit.LITRE)
    ProductFactory(cooperative=cooperative, name_ar="أملو", name_fr="Amlou",
                   price=Decimal("90"), unit=Product.Unit.KILOGRAM,
                   availability=Product.Availability.ON_ORDER)
    Certification.objects.create(cooperative=cooperative, kind=Certification.Kind.ONSSA,
                                 reference="AS.09.581.12")
    fair = EventFactory(kind=Event.Kind.FAIR, title_ar="معرض الأركان", title_fr="Salon de l'argan",
                        starts_at=timezone.now() + timedelta(days=20),
                        ends_at=timezone.now() + timedelta(days=22))
    fair.cooperatives.add(cooperative)
    return {"server": live_server, "cooperative": cooperative, "manager": manager}


def path(lang, name, *args, query=""):
    with translation.override(lang):
        return reverse(name, args=args) + (f"?{query}" if query else "")


def open_page(browser, viewport, lang):
    context = browser.new_context(viewport=viewport, locale="ar-MA" if lang == "ar" else "fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@LANGS
@VIEWPORTS
def test_visitor_asks_the_cooperative_and_the_manager_reads_it_once(browser, world, lang,
                                                                    viewport):
    server, cooperative = world["server"], world["cooperative"]
    context, page = open_page(browser, viewport, lang)
    page.goto(server.url + path(lang, "cooperatives:detail", cooperative.pk))
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator("a[href='https://wa.me/212661234567']").count() == 2
    assert page.locator("a[href='tel:+212528861234']").count() == 2
    assert "AS.09.581.12" in page.locator("main").inner_text()
    assert page.locator("#fairs-title").is_visible()
    assert no_sideways_scroll(page)

    page.locator(".contact-actions a[href='#ask']").click()
    form = page.locator("#ask form")
    form.locator("[name=name]").fill("Fatima Zahra")
    form.locator("[name=email]").fill("fatima@example.org")
    form.locator("[name=product]").select_option(label="Amlou" if lang == "fr" else "أملو")
    form.locator("[name=message]").fill("Bonjour, pouvez-vous livrer 5 kg d'amlou à Agadir ?")
    form.locator("button[type=submit]").click()
    page.wait_for_url(server.url + path(lang, "cooperatives:detail", cooperative.pk))
    assert page.locator(".messages .success").is_visible()
    # A second click on "back" and "send" would post the same form token: still one.
    notes = Notification.objects.filter(kind="cooperative_inquiry")
    assert notes.count() == 1
    assert notes.get().recipient == world["manager"]
    context.close()

    context, page = open_page(browser, viewport, lang)
    page.goto(server.url + path(lang, "users:login", query="next=" +
                                path(lang, "notifications:inbox")))
    page.fill("#id_username", world["manager"].username)
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(server.url + path(lang, "notifications:inbox"))
    items = page.locator(".inbox-item")
    assert items.count() == 1
    assert "Fatima Zahra" in items.first.inner_text()
    assert "5 kg" in items.first.inner_text()
    context.close()


@LANGS
def test_rate_limit_shows_a_translated_error(browser, world, settings, lang):
    settings.INQUIRY_PER_IP = 1
    server, cooperative = world["server"], world["cooperative"]
    context, page = open_page(browser, PHONE, lang)
    for number in range(2):
        page.goto(server.url + path(lang, "cooperatives:ask", cooperative.pk))
        page.fill("#id_name", "Ali")
        page.fill("#id_phone", f"06612345{number}7")
        page.fill("#id_message", f"Question numéro {number} sur vos produits")
        page.locator("form.ask-form button[type=submit]").click()
        page.wait_for_load_state()
    error = page.locator(".errors").inner_text()
    assert ("رسائل كثيرة" if lang == "ar" else "Trop de messages") in error
    assert Notification.objects.filter(kind="cooperative_inquiry").count() == 1
    context.close()


@LANGS
def test_non_manager_cannot_open_the_edit_pages(browser, world, lang):
    server, cooperative = world["server"], world["cooperative"]
    visitor = UserFactory(username="visiteur@example.ma")
    context, page = open_page(browser, PHONE, lang)
    page.goto(server.url + path(lang, "users:login"))
    page.fill("#id_username", visitor.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    for name in ("cooperatives:manage", "cooperatives:certifications"):
        response = page.goto(server.url + path(lang, name, cooperative.pk))
        assert response.status == 403
    page.goto(server.url + path(lang, "cooperatives:detail", cooperative.pk))
    assert page.locator(f"a[href='{path(lang, 'cooperatives:manage', cooperative.pk)}']"
                        ).count() == 0
    context.close()


@LANGS
@VIEWPORTS
def test_visitor_browses_a_commune_needs_from_its_province(browser, world, lang, viewport):
    server = world["server"]
    region = Region.objects.get(code="09")
    commune = Commune.objects.get(code=AMMELNE)
    context, page = open_page(browser, viewport, lang)
    page.goto(server.url + path(lang, "regional_hubs:province_needs", region.slug, "09.581"))
    name = commune.name_ar if lang == "ar" else commune.name_fr
    page.locator(f"#communes-title ~ .table-wrap a:text-is('{name}')").click()
    page.wait_for_url(server.url + path(lang, "regional_hubs:commune_needs", region.slug,
                                        "09.581", AMMELNE))
    assert name in page.locator("h1").inner_text()
    assert page.locator("#sectors-title").is_visible()
    assert page.locator("#comparison-title ~ .table-wrap th[scope=col]").count() == 4
    assert page.locator("svg path[data-code='09.581']").count() == 1
    assert no_sideways_scroll(page)
    context.close()


def axe_paths(lang, cooperative):
    region = Region.objects.get(code="09")
    return [
        path(lang, "cooperatives:detail", cooperative.pk),
        path(lang, "cooperatives:ask", cooperative.pk),
        path(lang, "cooperatives:products"),
        path(lang, "cooperatives:products", query="sector=argan&min_price=50&sort=price"),
        path(lang, "regional_hubs:region_needs", region.slug),
        path(lang, "regional_hubs:province_needs", region.slug, "09.581"),
        path(lang, "regional_hubs:commune_needs", region.slug, "09.581", AMMELNE),
    ]


@VIEWPORTS
def test_profile_products_and_needs_pages_pass_axe(browser, world, viewport):
    server, cooperative = world["server"], world["cooperative"]
    failures = {}
    for lang in ("ar", "fr"):
        context, page = open_page(browser, viewport, lang)
        for url in axe_paths(lang, cooperative):
            page.goto(server.url + url, wait_until="load")
            violations = run_axe(page)
            if violations:
                failures[url] = format_violations(violations)
        context.close()
    assert not failures, "\n\n".join(f"{url}\n{report}" for url, report in failures.items())
