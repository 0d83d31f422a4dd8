"""The territory pages' interactive map in Chromium, in Arabic and French, on a phone and a
desktop: the province and commune needs pages draw the region's provinces with the
province outlined; axe-core finds 0 critical and 0 serious violations on the region, hub
and needs pages (national, region, province, commune) in both languages."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from regional_hubs.models import Province, RegionalHub

from .axe import assert_pages_pass_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
LANGUAGES = ["ar", "fr"]
TIZNIT, AMMELNE = "09.581", "09.581.09.05"


@pytest.fixture
def territory_site(live_server):
    import_module("cooperatives.migrations.0003_sectors").create_sectors(django_apps, None)
    call_command("seed_demo", quiet_accounts=True, verbosity=0)
    return live_server


def needs_paths(lang):
    province = Province.objects.select_related("region").get(code=TIZNIT)
    base = f"/{lang}/regions/{province.region.slug}/needs/{TIZNIT}/"
    return {"province": base, "commune": f"{base}{AMMELNE}/"}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("which", ["province", "commune"])
def test_needs_page_map_draws_the_province_outlined(browser, territory_site, lang, viewport,
                                                    which):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(territory_site.url + needs_paths(lang)[which], wait_until="load")
    frame = page.locator(".ess-map__frame")
    if viewport is PHONE:
        # The SVG map until the visitor asks for the interactive one (Leaflet not loaded).
        assert frame.locator(".ess-map__fallback svg.territory-map").is_visible()
        assert page.evaluate("() => typeof window.L") == "undefined"
        frame.locator(".ess-map__start").click()
    page.wait_for_selector(".ess-map__frame.is-interactive")
    page.wait_for_selector(".ess-map__shape--highlight")
    province = Province.objects.get(code=TIZNIT)
    name = province.name_ar if lang == "ar" else province.name_fr
    assert page.locator(".ess-map__label-text", has_text=name).count() >= 1
    # The outlined province's name is in the legend, in the page's language.
    assert name in page.locator(".ess-map__legend").inner_text()
    # Our own shapes only: no tile server without a configured URL.
    assert page.locator(".leaflet-tile").count() == 0
    # The outlined province is in view.
    box = page.locator(".ess-map__shape--highlight").bounding_box()
    canvas = page.locator(".ess-map__canvas").bounding_box()
    assert box and canvas and box["width"] > 10
    assert canvas["x"] - 1 <= box["x"] + box["width"] / 2 <= canvas["x"] + canvas["width"] + 1
    assert errors == []
    context.close()


def axe_paths(lang):
    hub = RegionalHub.objects.public().select_related("region").filter(region__code="09").first()
    paths = [f"/{lang}/regions/{hub.region.slug}/", f"/{lang}/regions/hubs/{hub.slug}/",
             f"/{lang}/regions/needs/", f"/{lang}/regions/{hub.region.slug}/needs/"]
    return paths + list(needs_paths(lang).values())


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_territory_pages_pass_axe(browser, territory_site, viewport):
    """axe-core on each page in both languages, with the interactive map where it starts."""
    paths = [path for lang in LANGUAGES for path in axe_paths(lang)]
    assert_pages_pass_axe(browser, territory_site.url, paths, viewport,
                          map_starts=viewport is DESKTOP, map_required=True)
