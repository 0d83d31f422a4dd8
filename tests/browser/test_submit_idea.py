"""A project holder submits an idea in Arabic with a photo, on a phone, and sees its status."""

import pytest
from PIL import Image

from projects_bank.models import ProjectIdea
from tests.factories import PASSWORD, UserFactory, commune_in
from tests.projects_bank.factories import SectorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_project_holder_submits_an_idea_in_arabic_with_a_photo(
        page, live_server, screenshot, territory, tmp_path):
    holder = UserFactory(username="porteuse.test@example.ma", preferred_language="ar")
    sector = SectorFactory(slug="argan", name_ar="الأركان", name_fr="Argan")
    commune = commune_in("09")
    photo = tmp_path / "argan.png"
    Image.new("RGB", (64, 48), (170, 110, 40)).save(photo, "PNG")

    page.goto(f"{live_server.url}/ar/accounts/login/?next=/ar/projects/ideas/new/")
    page.fill("#id_username", holder.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/projects/ideas/new/")
    assert page.locator("html").get_attribute("dir") == "rtl"

    page.check("input[name=language][value=ar]")
    page.fill("#id_title", "وحدة نسائية لعصر زيت الأركان")
    page.fill("#id_summary", "تجهيز وحدة صغيرة لعصر الأركان وتلفيفه تديرها نساء الدوار.")
    page.fill("#id_need_addressed", "تُباع الثمار خاما بثمن زهيد.")
    page.select_option("#id_sector", str(sector.pk))
    # The place step by step: each list is loaded from the API once the one above is chosen.
    page.select_option("#id_region", commune.province.region.code)
    page.wait_for_selector(f"#id_province option[value='{commune.province.code}']",
                           state="attached")
    page.select_option("#id_province", commune.province.code)
    page.wait_for_selector(f"#id_commune option[value='{commune.code}']", state="attached")
    page.select_option("#id_commune", commune.code)
    page.fill("#id_expected_members", "12")
    page.fill("#id_expected_women", "10")
    page.fill("#id_expected_youth", "4")
    page.fill("#id_estimated_budget", "180000")
    page.fill("#id_expected_jobs", "7")
    page.set_input_files("#id_photo", str(photo))
    screenshot("projects-submit-idea-form-ar")
    page.locator("button[name=action][value=submit]").click()

    page.wait_for_url(f"{live_server.url}/ar/projects/ideas/*/")
    idea = ProjectIdea.objects.unscoped().get()
    assert idea.status == ProjectIdea.Status.SUBMITTED
    assert idea.photo.name.startswith("ideas/photos/")
    assert page.locator("h1").inner_text() == "وحدة نسائية لعصر زيت الأركان"
    assert page.locator("#idea-status").inner_text() == "مقدَّمة"
    assert page.locator(".timeline li").count() == 2
    # The phone gets the small copy (srcset); its width is scaled by the 480w descriptor.
    photo_src = page.locator("img.idea-photo").evaluate("img => img.currentSrc")
    assert photo_src.endswith("/photo/?size=small")
    assert page.locator("img.idea-photo").evaluate("img => img.complete && img.naturalWidth") > 0
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    screenshot("projects-idea-status-ar")
