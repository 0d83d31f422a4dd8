import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_arabic_home_is_right_to_left(page, live_server, screenshot):
    page.goto(f"{live_server.url}/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    heading = page.locator("h1")
    assert "للاقتصاد الاجتماعي والتضامني" in heading.inner_text()
    # Right to left for real: the brand sits to the right of the page on a phone.
    box = page.locator(".brand").bounding_box()
    assert box["x"] > 390 / 2 - box["width"]
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    screenshot("home-ar")


def test_french_home_is_left_to_right(page, live_server, screenshot):
    page.goto(f"{live_server.url}/fr/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    assert "économie sociale et solidaire" in page.locator("h1").inner_text()
    screenshot("home-fr")


def test_language_switcher_goes_from_french_to_arabic(page, live_server):
    page.goto(f"{live_server.url}/fr/regions/")
    page.locator("a[data-lang=ar]").click()
    page.wait_for_url(f"{live_server.url}/ar/regions/")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
