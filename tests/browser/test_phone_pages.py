"""Every public and member page of the demo site is light and fits a phone.

At 375 × 812, in Arabic and in French, each page opened in a fresh browser context (an
empty cache: a first visit) must load at most 150 KB in all (HTML, CSS, JavaScript and
the images it shows, lazy ones included) and must not scroll sideways. The pages are the
URLconf's parameterless pages that answer 200 (signed in as a member for the member
pages), one page of each kind of detail, and the needs pages of one region, one
province and one of its communes. The browser's cache is off rather than a new context
opened for each page.
"""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from cooperatives.models import Cooperative
from ess_platform.demo import DEMO_PASSWORD
from events.models import Event
from projects_bank.models import Call, ProjectIdea
from regional_hubs.models import Province, RegionalHub

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 375, 812
MAX_BYTES = 150 * 1024
MEMBER = "porteuse@demo.ess.ma"
#: The site's page namespaces; the admin, the API and the files served are not pages.
SITE_NAMESPACES = {"", "users", "notifications", "regional_hubs", "cooperatives",
                   "projects_bank", "events"}
#: Parameterless names that are not pages to look at (an action, a download, a feed).
NOT_PAGES = {"users:logout", "healthz", "set_language", "api-docs", "api-schema"}


def parameterless_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if inner in SITE_NAMESPACES:
                yield from parameterless_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.regex.groups:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def detail_paths():
    """One page of each kind of detail, and the needs pages of a region, a province and a
    commune."""
    province = Province.objects.select_related("region").get(code=Province.objects.filter(
        region__code="09").order_by("code").values_list("code", flat=True)[0])
    yield province.region.get_absolute_url()
    yield reverse("regional_hubs:region_needs", args=[province.region.slug])
    yield reverse("regional_hubs:province_needs", args=[province.region.slug, province.code])
    commune = province.communes.order_by("code").first()
    yield reverse("regional_hubs:commune_needs",
                  args=[province.region.slug, province.code, commune.code])
    yield RegionalHub.objects.public().order_by("pk").first().get_absolute_url()
    yield Cooperative.objects.public().filter(products__isnull=False).order_by(
        "pk").first().get_absolute_url()
    yield Event.objects.public().order_by("starts_at").first().get_absolute_url()
    yield ProjectIdea.objects.public().order_by("pk").first().get_absolute_url()
    yield Call.objects.public().order_by("pk").first().get_absolute_url()


def crawl_list(client):
    """(path, needs a member) for every page in both languages."""
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.get(username=MEMBER)
    pages = []
    for lang in ("ar", "fr"):
        with translation.override(lang):
            paths = [(reverse(name), False) for name in sorted(set(parameterless_names()))
                     if name not in NOT_PAGES]
            paths += [(path, False) for path in detail_paths()]
        for path, _member in paths:
            client.logout()
            response = client.get(path)
            assert response.status_code < 500, path
            if response.status_code == 200 and "text/html" in response["Content-Type"]:
                pages.append((path, False))
                continue
            client.force_login(member)
            response = client.get(path)
            if response.status_code == 200 and "text/html" in response["Content-Type"]:
                pages.append((path, True))
    return pages


MEASURE = """() => {
  const entries = [...performance.getEntriesByType("navigation"),
                   ...performance.getEntriesByType("resource")];
  return {
    bytes: entries.reduce((sum, e) => sum + (e.transferSize || e.encodedBodySize || 0), 0),
    resources: entries.map(e => [e.name, e.transferSize || e.encodedBodySize || 0]),
    width: document.documentElement.scrollWidth,
  };
}"""


LOAD_LAZY_IMAGES = """async () => {
  window.scrollTo(0, document.body.scrollHeight);
  const images = [...document.images];
  images.forEach(image => { image.loading = "eager"; });
  await Promise.all(images.filter(image => !image.complete).map(
    image => new Promise(done => { image.onload = image.onerror = done; })));
}"""


@pytest.fixture
def demo_site(live_server):
    # A live server's test flushes the tables after the test before it, reference rows
    # written by data migrations (the sectors) included: write them again first.
    import_module("cooperatives.migrations.0003_sectors").create_sectors(django_apps, None)
    call_command("seed_demo", quiet_accounts=True, verbosity=0)
    return live_server


def test_every_page_is_light_and_fits_a_phone(browser, demo_site, client):
    pages = crawl_list(client)
    assert len(pages) >= 30
    assert any(member for _path, member in pages)
    login = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = login.new_page()
    page.goto(f"{demo_site.url}/fr/accounts/login/")
    page.fill("#id_username", MEMBER)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    member_state = login.storage_state()
    login.close()

    too_heavy, too_wide = [], []
    # One tab for visitors, one for the member; the cache is off, so that every page is
    # measured as on a first visit.
    tabs = {}
    for member, state in ((False, None), (True, member_state)):
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT},
                                      storage_state=state)
        tabs[member] = context.new_page()
        context.new_cdp_session(tabs[member]).send("Network.setCacheDisabled",
                                                   {"cacheDisabled": True})
    for path, member in pages:
        page = tabs[member]
        page.goto(demo_site.url + path, wait_until="load")
        # Lazy images count too: bring them into view, then wait for them.
        page.evaluate(LOAD_LAZY_IMAGES)
        measure = page.evaluate(MEASURE)
        if measure["bytes"] > MAX_BYTES:
            too_heavy.append((path, measure["bytes"], sorted(
                measure["resources"], key=lambda r: -r[1])[:3]))
        if measure["width"] > WIDTH:
            too_wide.append((path, measure["width"]))
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"overflow-{len(too_wide)}.png"))
    for page in tabs.values():
        page.context.close()
    assert (too_heavy, too_wide) == ([], [])
