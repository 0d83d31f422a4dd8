"""The idea form on a phone: the place chosen step by step without JavaScript, a draft
with a title only, the server's translated validation, files re-asked in words."""

import io
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image

from projects_bank.models import ProjectIdea
from regional_hubs.models import Commune

from .factories import SectorFactory
from .helpers import png_file

pytestmark = pytest.mark.django_db

Status = ProjectIdea.Status


def new_idea_url(lang="ar"):
    with translation.override(lang):
        return reverse("projects_bank:submit")


def options(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return [value for value in re.findall(r'<option value="([^"]*)"', select) if value]


def selected(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    found = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return found.group(1) if found else ""


@pytest.fixture
def place(territory):
    commune = Commune.objects.select_related("province__region").get(
        code=Commune.objects.filter(province__region__code="09").order_by("code")
        .values_list("code", flat=True).first())
    return commune


def test_form_opens_with_regions_only_and_stays_small(client, member, territory):
    client.force_login(member)
    response = client.get(new_idea_url())
    html = response.text
    assert response.status_code == 200
    assert len(options(html, "region")) == 12
    assert options(html, "province") == []
    assert options(html, "commune") == []
    assert len(response.content) < 40_000  # it was 112 KB with every commune listed


def test_without_javascript_next_narrows_step_by_step_and_keeps_the_input(
        client, member, place):
    client.force_login(member)
    token = str(uuid.uuid4())
    typed = {"submission_token": token, "language": "fr", "title": "Séchoir solaire",
             "summary": "Sécher les figues au soleil.", "expected_members": "7"}
    province, region = place.province, place.province.region
    step1 = client.post(new_idea_url("fr"), {**typed, "region": region.code,
                                             "action": "narrow"})
    assert step1.status_code == 200
    assert not ProjectIdea.objects.unscoped().exists()
    assert 'class="error"' not in step1.text  # no complaint while narrowing
    assert province.code in options(step1.text, "province")
    assert set(options(step1.text, "province")) == set(
        region.provinces.values_list("code", flat=True))
    assert options(step1.text, "commune") == []
    assert 'value="Séchoir solaire"' in step1.text
    assert "Sécher les figues au soleil." in step1.text

    step2 = client.post(new_idea_url("fr"), {**typed, "region": region.code,
                                             "province": province.code, "action": "narrow"})
    assert selected(step2.text, "region") == region.code
    assert selected(step2.text, "province") == province.code
    assert set(options(step2.text, "commune")) == set(
        province.communes.values_list("code", flat=True))

    done = client.post(new_idea_url("fr"), {**typed, "region": region.code,
                                            "province": province.code,
                                            "commune": place.code, "action": "draft"})
    idea = ProjectIdea.objects.unscoped().get()
    assert done.status_code == 302
    assert (idea.commune, idea.province, idea.region) == (place, province, region)


def test_changing_the_region_drops_a_province_of_the_old_one(client, member, place):
    client.force_login(member)
    response = client.post(new_idea_url("fr"), {
        "submission_token": str(uuid.uuid4()), "title": "x", "region": "01",
        "province": place.province.code, "commune": place.code, "action": "narrow"})
    assert selected(response.text, "province") == ""
    assert place.province.code not in options(response.text, "province")
    assert options(response.text, "commune") == []


def test_draft_saves_with_a_title_only(client, member, territory):
    client.force_login(member)
    response = client.post(new_idea_url(), {"submission_token": str(uuid.uuid4()),
                                            "title": "فكرة أولى", "action": "draft"})
    idea = ProjectIdea.objects.unscoped().get()
    assert response.status_code == 302
    assert idea.status == Status.DRAFT
    assert (idea.commune, idea.region, idea.sector, idea.expected_members) == (
        None, None, None, None)
    page = client.get(response["Location"])
    assert page.status_code == 200
    mine = client.get(reverse("projects_bank:mine"))
    assert "فكرة أولى" in mine.text


def test_draft_needs_its_title(client, member, territory):
    client.force_login(member)
    response = client.post(new_idea_url("fr"), {"submission_token": str(uuid.uuid4()),
                                                "title": "", "action": "draft"})
    assert response.status_code == 200
    assert not ProjectIdea.objects.unscoped().exists()
    assert re.search(r'id="field-title".*?class="error"', response.text, re.S)


def test_submitting_a_title_only_is_refused_beside_each_field_in_french(
        client, member, territory):
    client.force_login(member)
    response = client.post(new_idea_url("fr"), {"submission_token": str(uuid.uuid4()),
                                                "title": "Ma coopérative",
                                                "action": "submit"})
    assert response.status_code == 200
    assert not ProjectIdea.objects.unscoped().exists()
    html = response.text
    for name in ("summary", "need_addressed", "sector", "commune", "expected_members",
                 "estimated_budget"):
        block = re.search(
            rf'id="field-{name}".*?</div>\s*(?:<div class="field|<div class="actions)',
            html, re.S).group(0)
        assert "Obligatoire pour soumettre l’idée" in block, name
    assert 'value="Ma coopérative"' in html


def test_every_site_form_leaves_validation_to_the_server(client, member, territory):
    client.force_login(member)
    html = client.get(new_idea_url("fr")).text
    form = re.search(r'<form[^>]*id="idea-form"[^>]*>', html).group(0)
    assert "novalidate" in form
    assert "Choisir un fichier" in html
    assert "Aucun fichier choisi" in html


def test_a_refused_form_asks_for_the_file_again(client, member, territory):
    client.force_login(member)
    response = client.post(new_idea_url("fr"), {
        "submission_token": str(uuid.uuid4()), "title": "Avec photo",
        "region": "09", "action": "narrow", "photo": png_file()})
    assert response.status_code == 200
    assert "Choisissez à nouveau le fichier" in response.text


def test_a_complete_idea_is_submitted_with_the_commune_code(client, member, place):
    client.force_login(member)
    sector = SectorFactory()
    response = client.post(new_idea_url(), {
        "submission_token": str(uuid.uuid4()), "language": "ar", "title": "مشروع",
        "summary": "ملخص", "need_addressed": "حاجة", "sector": sector.pk,
        "commune": place.code, "expected_members": "5", "expected_women": "1",
        "expected_youth": "1", "estimated_budget": "1000", "expected_jobs": "1",
        "action": "submit"})
    assert response.status_code == 302
    idea = ProjectIdea.objects.unscoped().get()
    assert idea.status == Status.SUBMITTED
    assert idea.region == place.province.region


def test_idea_photo_has_a_small_copy_served_for_phones(client, member, territory):
    client.force_login(member)
    big = png_file("terrain.png", size=(1600, 1200))
    client.post(new_idea_url(), {"submission_token": str(uuid.uuid4()), "title": "صورة",
                                 "photo": big, "action": "draft"})
    idea = ProjectIdea.objects.unscoped().get()
    assert idea.photo_thumbnail.name.startswith("ideas/thumbnails/")
    photo_url = reverse("projects_bank:idea-photo", kwargs={"pk": idea.pk})
    small = client.get(photo_url, {"size": "small"})
    full = client.get(photo_url)
    with Image.open(io.BytesIO(b"".join(small.streaming_content))) as image:
        assert image.size == (480, 360)
    with Image.open(io.BytesIO(b"".join(full.streaming_content))) as image:
        assert image.size == (1600, 1200)
    page = client.get(idea.get_absolute_url()).text
    assert f'src="{photo_url}?size=small"' in page
    assert f"{photo_url}?size=small 480w" in page
    assert client.get(photo_url, {"size": "small"}).status_code == 200
    client.logout()
    assert client.get(photo_url, {"size": "small"}).status_code == 404  # a draft stays private


def test_every_site_form_template_turns_the_browser_bubbles_off():
    """Validation is the server's, in the page's language, beside each field."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    forms = [
        (path, tag) for path in root.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and "admin" not in path.parts
        for tag in re.findall(r"<form\b[^>]*>", path.read_text(), re.S)
    ]
    assert len(forms) > 20
    assert [(str(path), tag) for path, tag in forms if "novalidate" not in tag] == []
