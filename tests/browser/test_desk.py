"""The Marrakech-Safi delegate works the desk in Arabic on a tablet: the queue by status,
one idea with its photo and history, and the moves as buttons up to incubation."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from projects_bank.models import IdeaStatusChange, ProjectIdea
from regional_hubs.models import Region
from tests.factories import PASSWORD, DelegateFactory, commune_in
from tests.projects_bank.factories import IdeaFactory, ProgrammeFactory, SectorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Status = ProjectIdea.Status


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (190, 90, 120)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="roses.png")


def test_marrakech_delegate_reviews_and_incubates_an_idea_in_arabic(
        page, live_server, screenshot, territory):
    marrakech = Region.objects.get(code="07")
    delegate = DelegateFactory(username="delegue.marrakech@example.ma", region=marrakech,
                               first_name="حسن", last_name="العمراني")
    sector = SectorFactory(slug="local_products", name_ar="المنتجات المحلية",
                           name_fr="Produits du terroir")
    commune = commune_in("07")
    idea = IdeaFactory(commune=commune, sector=sector, title="وحدة لتقطير ماء الورد",
                       summary="تقطير الورد والأعشاب العطرية التي تجمعها النساء.")
    idea.photo.save("roses.png", _png(), save=False)
    ProjectIdea.objects.unscoped().filter(pk=idea.pk).update(photo=idea.photo.name)
    IdeaFactory(commune=commune, sector=sector, status=Status.UNDER_REVIEW,
                title="دار ضيافة قروية")
    IdeaFactory(commune=commune_in("09"), title="فكرة من سوس ماسة")
    from regional_hubs.services import accompaniment_place

    programme = ProgrammeFactory(hub=accompaniment_place(region=marrakech),
                                 title_ar="الفوج الأول للاحتضان", title_fr="Cohorte 1")

    page.set_viewport_size({"width": 1024, "height": 768})  # a tablet, held sideways
    page.goto(f"{live_server.url}/ar/accounts/login/?next=/ar/projects/desk/")
    page.fill("#id_username", delegate.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/projects/desk/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "مكتب المندوب"
    # The queue: the region's two ideas, counted by status; not the other region's.
    assert page.locator(".desk-item").count() == 2
    assert "فكرة من سوس ماسة" not in page.content()
    submitted = page.locator(".desk-count[data-status=submitted] .count")
    assert submitted.inner_text() == "1"
    page.locator(".desk-count[data-status=under_review]").click()
    page.wait_for_url("**status=under_review")
    assert page.locator(".desk-item").count() == 1
    screenshot("desk-queue-ar")

    # One idea: photo, text, history in words, the next moves as buttons.
    page.goto(f"{live_server.url}/ar/projects/desk/ideas/{idea.pk}/")
    assert page.locator("img.idea-photo").evaluate("img => img.naturalWidth") == 80
    actions = page.locator("form.desk-action")
    assert actions.count() == 2  # start the review, or reject
    page.locator("form.desk-action[data-action=under_review] button").click()
    page.wait_for_selector("form.desk-action[data-action=accepted]")
    assert page.locator("#idea-status").inner_text() == "قيد الدراسة"
    accept = page.locator("form.desk-action[data-action=accepted]")
    accept.locator("textarea").fill("فكرة واعدة، مبروك.")
    accept.locator("button").click()
    page.wait_for_selector("form.desk-action[data-action=incubated]")
    incubate = page.locator("form.desk-action[data-action=incubated]")
    incubate.locator("select").select_option(str(programme.pk))
    incubate.locator("button").click()
    page.wait_for_selector("form.desk-action[data-action=enrol]")
    history = page.locator("#journey li")
    assert history.count() == 4  # started, accepted, incubated, enrolled
    assert "حسن العمراني" in history.nth(1).inner_text()
    assert "الفوج الأول للاحتضان" in history.nth(3).inner_text()
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    screenshot("desk-idea-ar")

    idea.refresh_from_db()
    assert idea.status == Status.INCUBATED
    assert list(IdeaStatusChange.objects.unscoped().filter(idea=idea)
                .values_list("to_status", "changed_by")) == [
        ("under_review", delegate.pk), ("accepted", delegate.pk), ("incubated", delegate.pk)]
    assert idea.enrolments.get().programme == programme
