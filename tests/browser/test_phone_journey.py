"""A newcomer on a phone, in Arabic, at 375 × 812: signs up with a phone number only and the
code read from what the real SMS gateway (Kannel and its fake SMSC) delivered, submits an
idea choosing the commune step by step (each list loaded from the API), saves a second one
as a draft with a title only, and finds both in "my ideas".

The live server runs in this process: the ``sms_gateway`` settings point its SMS channel at
the gateway, and the notification tasks run eagerly after each request's commit.
"""

import re

import pytest

from ess_platform.users.models import User
from projects_bank.models import ProjectIdea
from tests.factories import commune_in
from tests.projects_bank.factories import SectorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 375, 812
PHONE = "+212612345678"
PASSWORD = "argan-souss-2025"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="ar-MA",
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_newcomer_signs_up_by_phone_then_submits_an_idea_and_a_draft_in_arabic(
        phone, live_server, territory, sms_gateway):
    page, base = phone, live_server.url
    sector = SectorFactory(slug="argan", name_ar="الأركان", name_fr="Argan")
    commune = commune_in("09")
    province, region = commune.province, commune.province.region

    # Sign up with a phone number only: no e-mail address.
    page.goto(f"{base}/ar/accounts/signup/?next=/ar/projects/ideas/new/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert page.locator("#id_preferred_language").input_value() == "ar"
    page.fill("#id_first_name", "فاطمة")
    page.fill("#id_phone", "06 12 34 56 78")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/accounts/signup/code/**")
    assert not User.objects.exists()  # no account before the code
    [sms] = sms_gateway.received(1)
    assert sms.to == PHONE and "رمز" in sms.text
    code = re.search(r"\b(\d{6})\b", sms.text).group(1)
    assert page.locator("#id_phone").input_value() == PHONE  # the number is kept
    page.fill("#id_code", code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/projects/ideas/new/")
    member = User.objects.get(phone=PHONE)
    assert member.email == "" and member.preferred_language == "ar"
    assert member.first_name == "فاطمة" and member.check_password(PASSWORD)
    assert len(sms_gateway.received(2, timeout=0.3)) == 1  # one SMS, the code
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    # The page opens with the 12 regions and no commune list at all.
    assert page.locator("#id_region option[value]:not([value=''])").count() == 12
    assert page.locator("#id_commune option:not([value=''])").count() == 0
    assert page.locator(".narrow-button").count() == 0  # JavaScript loads the lists
    for control in ("#id_region", "#id_title", "button[value=submit]"):
        assert page.locator(control).bounding_box()["height"] >= 44, control
    assert page.locator("label.file-button").first.inner_text() == "اختر ملفا"

    page.fill("#id_title", "وحدة نسائية لتثمين الأركان")
    page.select_option("#id_region", region.code)
    page.wait_for_selector(f"#id_province option[value='{province.code}']", state="attached")
    assert page.locator("#id_province option:not([value=''])").count() == \
        region.provinces.count()
    page.select_option("#id_province", province.code)
    page.wait_for_selector(f"#id_commune option[value='{commune.code}']", state="attached")
    assert page.locator("#id_commune option:not([value=''])").count() == \
        province.communes.count()
    assert page.locator(f"#id_commune option[value='{commune.code}']").inner_text() == \
        commune.name_ar
    page.select_option("#id_commune", commune.code)
    page.select_option("#id_sector", str(sector.pk))
    page.fill("#id_summary", "تجهيز وحدة صغيرة لعصر الأركان تديرها نساء الدوار.")
    page.fill("#id_need_addressed", "تُباع الثمار خاما بثمن زهيد.")
    page.fill("#id_expected_members", "12")
    page.fill("#id_expected_women", "10")
    page.fill("#id_estimated_budget", "180000")
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_url(f"{base}/ar/projects/ideas/*/")
    submitted = ProjectIdea.objects.unscoped().get(title="وحدة نسائية لتثمين الأركان")
    assert submitted.status == ProjectIdea.Status.SUBMITTED
    assert submitted.commune == commune

    page.goto(f"{base}/ar/projects/ideas/new/")
    page.fill("#id_title", "فكرة في طور الإعداد")
    page.locator("button[name=action][value=draft]").click()
    page.wait_for_url(f"{base}/ar/projects/ideas/*/")
    draft = ProjectIdea.objects.unscoped().get(title="فكرة في طور الإعداد")
    assert draft.status == ProjectIdea.Status.DRAFT and draft.commune is None

    page.goto(f"{base}/ar/projects/ideas/mine/")
    rows = page.locator("main").inner_text()
    assert "وحدة نسائية لتثمين الأركان" in rows and "فكرة في طور الإعداد" in rows
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
