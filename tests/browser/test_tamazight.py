"""Tamazight in a real browser: the switcher leads to the Tifinagh page, left to right,
drawn with the Noto Sans Tifinagh font served by the site itself."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FONT_FACES = """async () => {
  await document.fonts.ready;
  return [...document.fonts]
    .filter(face => face.family.replace(/["']/g, "") === "Noto Sans Tifinagh")
    .map(face => face.status);
}"""


def test_switcher_goes_to_tamazight_in_tifinagh_with_the_sites_font(page, live_server,
                                                                    screenshot):
    fonts = []
    page.on("response", lambda response: fonts.append(response) if "/fonts/" in response.url
            else None)
    page.goto(f"{live_server.url}/fr/regions/")
    page.locator("a[data-lang=zgh]").click()
    page.wait_for_url(f"{live_server.url}/zgh/regions/")
    assert page.locator("html").get_attribute("lang") == "zgh"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    nav = page.locator(".main-nav").inner_text()
    assert "ⵜⵉⵎⵢⴰⵡⴰⵙⵉⵏ" in nav  # Cooperatives
    assert any("\u2d30" <= ch <= "\u2d7f" for ch in page.locator("h1").inner_text())
    assert "Noto Sans Tifinagh" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "loaded" in page.evaluate(FONT_FACES)
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Tifinagh\"', 'ⵜⴰⵎⴰⵣⵉⵖⵜ')")
    # The font came from the site's own static files (no CDN: the CSP allows 'self' only).
    served = [r for r in fonts if r.url.startswith(f"{live_server.url}/static/")]
    assert served and served[0].ok and "NotoSansTifinagh" in served[0].url
    screenshot("regions-zgh")


def test_the_switcher_offers_tamazight_by_its_own_name(page, live_server):
    page.goto(f"{live_server.url}/ar/")
    button = page.locator("a[data-lang=zgh]")
    assert button.inner_text() == "ⵜⴰⵎⴰⵣⵉⵖⵜ"
    assert button.get_attribute("lang") == "zgh"
    page.locator("a[data-lang=fr]").click()
    page.wait_for_url(f"{live_server.url}/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
