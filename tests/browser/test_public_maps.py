"""The public face in Chromium, in Arabic and French, on a phone and a desktop: search from
the home page, zoom the directory map into a region and open a cluster, the home page's
weight; axe-core on the home, directory and region pages (0 critical, 0 serious)."""

import random
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from cooperatives.models import Cooperative, Sector
from regional_hubs.models import Commune, Region

from .axe import assert_pages_pass_axe
from .test_phone_pages import LOAD_LAZY_IMAGES, MEASURE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
LANGUAGES = ["ar", "fr"]
MAX_BYTES = 150 * 1024
#: Cooperatives seeded around Agadir, so that the map has clusters to open.
SOUSS_POINTS = 240


@pytest.fixture
def public_site(live_server):
    import_module("cooperatives.migrations.0003_sectors").create_sectors(django_apps, None)
    call_command("seed_demo", quiet_accounts=True, verbosity=0)
    rng = random.Random(17)
    communes = list(Commune.objects.select_related("province__region").filter(
        province__region__code="09").order_by("code")[:5])
    sector = Sector.objects.get(slug="argan")
    Cooperative.objects.bulk_create([Cooperative(
        registration_number=f"MAP-{n:05d}", name_ar=f"تعاونية أركان سوس {n}",
        name_fr=f"Coopérative Argan Souss {n}", sector=sector, commune=commune,
        province=commune.province, region=commune.province.region,
        latitude=Decimal(f"{30.4 + rng.uniform(-0.5, 0.5):.6f}"),
        longitude=Decimal(f"{-9.4 + rng.uniform(-0.5, 0.5):.6f}"),
        members_count=12, women_members=8)
        for n, commune in ((n, communes[n % len(communes)]) for n in range(SOUSS_POINTS))])
    return live_server


def open_page(browser, viewport, url):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="load")
    return page, errors


def start_map(page, viewport):
    """On a phone the map waits for the visitor's tap; on a desktop it starts by itself."""
    if viewport is PHONE:
        assert page.locator(".ess-map__canvas").count() == 0
        page.locator(".ess-map__start").click()
    page.wait_for_selector(".ess-map__frame.is-interactive")
    page.wait_for_selector(".ess-map__shape")
    page.wait_for_selector(".ess-map__cluster")
    page.wait_for_selector(".ess-map__canvas[data-zoom]")


#: The map has drawn the clusters of a closer view (map.js sets data-zoom once drawn).
ZOOMED_PAST = "zoom => +document.querySelector('.ess-map__canvas').dataset.zoom > zoom"
ZOOMED_PAST_OR_POPUP = """zoom =>
  +document.querySelector('.ess-map__canvas').dataset.zoom > zoom
  || document.querySelector('.leaflet-popup') !== null"""


def zoom(page):
    return page.evaluate("() => document.querySelector('.ess-map__canvas').ess.getZoom()")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_from_home_then_zoom_the_map_and_open_a_cluster(browser, public_site, lang,
                                                               viewport):
    # Search from the home page: the site's search answers in the same language.
    page, errors = open_page(browser, viewport, f"{public_site.url}/{lang}/")
    word = "أركان" if lang == "ar" else "argan"
    page.fill("#home-q", word)
    page.locator(".home-search button[type=submit]").click()
    page.wait_for_url(f"**/{lang}/search/?q=*")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert word in page.content()

    page.goto(f"{public_site.url}/{lang}/cooperatives/", wait_until="load")
    # On a phone the results come before the map.
    results = page.locator(".coop-results").bounding_box()
    frame = page.locator(".ess-map__frame").bounding_box()
    if viewport is PHONE:
        assert results["y"] < frame["y"]
    start_map(page, viewport)
    # Region names as labels, in the page's language.
    souss = Region.objects.get(code="09")
    souss_name = souss.name_ar if lang == "ar" else souss.name_fr
    assert page.locator(".ess-map__label-text", has_text=souss_name).count() == 1
    country = zoom(page)

    # Into Souss-Massa: selecting the region zooms to it, and the list follows the map.
    page.locator(".ess-map__shape--09").dispatch_event("click")
    # Functions, not expressions: an expression would be polled through eval(), which the
    # site's Content-Security-Policy forbids.
    page.wait_for_function(ZOOMED_PAST, arg=country)
    region_zoom = zoom(page)
    listed = page.locator(f"#directory-map-list .ess-map__item a[href^='/{lang}/cooperatives/']")
    listed.first.wait_for()

    # Open the largest cluster: the map zooms into it (or lists it when it cannot). The
    # clusters of this view are the ones drawn once its requests are answered.
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => document.querySelectorAll('.ess-map__cluster').length > 0")
    biggest = page.evaluate("""() => {
      const counts = [...document.querySelectorAll('.ess-map__cluster-count')]
        .map(e => parseInt(e.textContent.replace(/\\D/g, ''), 10));
      return counts.indexOf(Math.max(...counts));
    }""")
    page.locator(".ess-map__cluster").nth(biggest).click()
    page.wait_for_function(ZOOMED_PAST_OR_POPUP, arg=region_zoom)
    # The list names cooperatives of the view; one click opens a profile.
    listed.first.wait_for()
    name = listed.first.inner_text()
    listed.first.click()
    page.wait_for_url(f"**/{lang}/cooperatives/*/")
    assert name in page.locator("h1").inner_text()
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_is_under_150_kb_on_a_first_visit(browser, public_site, lang):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.goto(f"{public_site.url}/{lang}/", wait_until="load")
    page.evaluate(LOAD_LAZY_IMAGES)
    measure = page.evaluate(MEASURE)
    assert measure["bytes"] <= MAX_BYTES, sorted(measure["resources"], key=lambda r: -r[1])
    assert measure["width"] <= PHONE["width"]
    # What it shows: figures, the regions' map, events, calls, the newest cooperatives.
    assert page.locator(".figures dd").count() == 3
    assert page.locator(".home-map svg a").count() == 12
    assert page.locator("#events-title + ul li").count() >= 1
    assert page.locator(".home-newest li").count() >= 1
    context.close()


def axe_paths(lang):
    region = Region.objects.get(code="09")
    return [f"/{lang}/", f"/{lang}/cooperatives/", f"/{lang}/cooperatives/?region=09",
            f"/{lang}/regions/", f"/{lang}/regions/{region.slug}/", f"/{lang}/regions/hubs/"]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_public_pages_pass_axe(browser, public_site, viewport):
    """axe-core on each page in both languages, with the interactive map where it starts."""
    paths = [path for lang in LANGUAGES for path in axe_paths(lang)]
    assert_pages_pass_axe(browser, public_site.url, paths, viewport,
                          map_starts=viewport is DESKTOP)
