"""An idea's document and photo are private files: random names outside MEDIA_ROOT,
served only by the download views to whoever may read them; photos carry no EXIF."""

import importlib
import io
import re
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from ess_platform.kernel.private_files import content_disposition, private_storage
from projects_bank import services
from projects_bank.models import ProjectIdea
from tests.factories import UserFactory, commune_in
from tests.images import assert_no_metadata, image_with_metadata, jpeg_with_gps

from .factories import CallFactory, IdeaFactory, JuryAssignmentFactory, SectorFactory
from .helpers import real_pdf

pytestmark = pytest.mark.django_db

Status = ProjectIdea.Status
ARABIC_NAME = "خطة العمل النهائية.pdf"


def url(name, pk, lang="ar"):
    with translation.override(lang):
        return reverse(f"projects_bank:{name}", kwargs={"pk": pk})


def pdf_named(name):
    return SimpleUploadedFile(name, real_pdf().read(), content_type="application/pdf")


@pytest.fixture(autouse=True)
def _roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PRIVATE_FILES_SERVER = ""


@pytest.fixture
def call(souss_massa):
    return CallFactory(region=souss_massa)


@pytest.fixture
def idea(souss_massa, call):
    """A submitted idea of Souss-Massa in a call, with an Arabic-named PDF and a GPS photo."""
    author = UserFactory()
    return services.submit_idea(
        author=author, language="ar", title="تعاونية لتثمين الأركان",
        summary="وحدة لعصر الأركان.", need_addressed="دخل قار للنساء.",
        commune=commune_in("09"), sector=SectorFactory(), expected_members=10,
        expected_women=6, expected_youth=3, estimated_budget=90000, expected_jobs=4,
        call=call, document=pdf_named(ARABIC_NAME), photo=jpeg_with_gps("بيتي.jpg"),
    )


def ideas():
    """Every idea, whoever asks (the test looks behind the views)."""
    return ProjectIdea.objects.unscoped()


def juror_of(call):
    return JuryAssignmentFactory(call=call).juror


def get(client, user, name, idea):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url(name, idea.pk))


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- where and how the files are stored -------------------------------------------------


def test_files_are_stored_privately_under_random_names(idea, settings):
    for field_file in (idea.document, idea.photo):
        path = Path(field_file.path).resolve()
        assert Path(settings.PRIVATE_MEDIA_ROOT).resolve() in path.parents
        assert Path(settings.MEDIA_ROOT).resolve() not in path.parents
        assert re.fullmatch(r"[0-9a-f]{32}\.(pdf|jpg)", path.name)
        assert "خطة" not in field_file.name and "بيتي" not in field_file.name
    assert idea.document.name.startswith("ideas/documents/")
    assert idea.photo.name.startswith("ideas/photos/")
    assert (idea.document_name, idea.photo_name) == (ARABIC_NAME, "بيتي.jpg")


def test_the_public_media_url_does_not_reach_them(client, idea, settings):
    for field_file in (idea.document, idea.photo):
        assert client.get(f"/media/{field_file.name}").status_code == 404
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_stored_and_served_photo_carries_no_exif(client, idea):
    with idea.photo.storage.open(idea.photo.name, "rb") as stored:
        assert_no_metadata(stored.read())
    response = get(client, idea.author, "idea-photo", idea)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    data = body(response)
    assert Image.open(io.BytesIO(data)).size == (60, 30)
    assert_no_metadata(data)


def test_photo_sent_through_the_site_form_is_stored_without_exif(client, member, territory):
    client.force_login(member)
    data = {
        "submission_token": str(uuid.uuid4()), "language": "ar", "title": "فكرة",
        "summary": "ملخص", "need_addressed": "حاجة", "sector": SectorFactory().pk,
        "commune": commune_in("09").code, "expected_members": "5", "expected_women": "2",
        "expected_youth": "1", "estimated_budget": "1000", "expected_jobs": "1",
        "action": "submit", "photo": jpeg_with_gps("IMG_2031.JPG"),
        "document": pdf_named("plan.pdf"),
    }
    assert client.post(reverse("projects_bank:submit"), data).status_code == 302
    idea = ideas().get()
    assert (idea.photo_name, idea.document_name) == ("IMG_2031.JPG", "plan.pdf")
    with idea.photo.storage.open(idea.photo.name, "rb") as stored:
        assert_no_metadata(stored.read())


def test_replacing_a_drafts_document_deletes_the_old_file(author, territory,
                                                          django_capture_on_commit_callbacks):
    fields = {"language": "ar", "title": "مسودة", "summary": "ملخص", "need_addressed": "حاجة",
              "commune": commune_in("09"), "sector": SectorFactory(), "expected_members": 4,
              "estimated_budget": 100, "document": pdf_named("v1.pdf")}
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.save_draft(author=author, **fields)
    first = draft.document.name
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.save_draft(author=author, idea=draft, document=pdf_named("v2.pdf"))
    assert draft.document_name == "v2.pdf"
    assert not private_storage().exists(first)
    assert private_storage().exists(draft.document.name)


# --- who may download -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "member", "other_delegate", "other_juror"])
@pytest.mark.parametrize("name", ["idea-document", "idea-photo"])
def test_files_of_an_unpublished_idea_are_404_to_outsiders(client, idea, who, name,
                                                           member, other_delegate):
    user = {"anonymous": None, "member": member, "other_delegate": other_delegate,
            "other_juror": juror_of(CallFactory())}[who]
    assert get(client, user, name, idea).status_code == 404


@pytest.mark.parametrize("who", ["author", "delegate", "national_admin", "juror"])
@pytest.mark.parametrize("name", ["idea-document", "idea-photo"])
def test_files_of_an_unpublished_idea_reach_its_author_reviewers_and_jury(
        client, idea, call, who, name, delegate, national_admin):
    user = {"author": idea.author, "delegate": delegate, "national_admin": national_admin,
            "juror": juror_of(call)}[who]
    assert get(client, user, name, idea).status_code == 200


def test_the_jury_does_not_see_the_files_of_a_draft(client, idea, call):
    ideas().filter(pk=idea.pk).update(status=Status.DRAFT)
    juror = juror_of(call)
    assert get(client, juror, "idea-document", idea).status_code == 404
    assert get(client, idea.author, "idea-document", idea).status_code == 200


@pytest.fixture
def published(idea):
    ideas().filter(pk=idea.pk).update(status=Status.ACCEPTED)
    idea.status = Status.ACCEPTED
    return idea


def test_photo_of_a_published_idea_is_public(client, published):
    response = get(client, None, "idea-photo", published)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    assert_no_metadata(body(response))


@pytest.mark.parametrize("who", ["anonymous", "member", "other_delegate"])
def test_business_plan_of_a_published_idea_stays_private(client, published, who, member,
                                                         other_delegate):
    user = {"anonymous": None, "member": member, "other_delegate": other_delegate}[who]
    assert get(client, user, "idea-document", published).status_code == 404


def test_business_plan_of_a_published_idea_reaches_author_delegate_and_jury(
        client, published, call, delegate):
    for user in (published.author, delegate, juror_of(call)):
        assert get(client, user, "idea-document", published).status_code == 200


def test_unknown_idea_and_missing_file_are_404(client, national_admin, souss_massa):
    client.force_login(national_admin)
    assert client.get(url("idea-document", 999_999)).status_code == 404
    bare = IdeaFactory(commune=commune_in("09"))
    assert client.get(url("idea-photo", bare.pk)).status_code == 404


# --- how they are sent -------------------------------------------------------------------


def test_download_carries_the_original_arabic_name_and_safe_headers(client, idea):
    response = get(client, idea.author, "idea-document", idea)
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(ARABIC_NAME)}" in disposition
    assert 'filename="' in disposition  # an ASCII fallback for old clients
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, no-store"
    assert body(response).startswith(b"%PDF-")


def test_photo_is_shown_inline_with_its_name(client, idea):
    response = get(client, idea.author, "idea-photo", idea)
    assert response["Content-Disposition"].startswith("inline;")
    assert quote("بيتي.jpg") in response["Content-Disposition"]


def test_nginx_mode_hands_the_file_to_nginx(client, idea, settings):
    settings.PRIVATE_FILES_SERVER = "nginx"
    settings.PRIVATE_FILES_ACCEL_PREFIX = "/protected/"
    response = get(client, idea.author, "idea-document", idea)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/{idea.document.name}"
    assert response.content == b""
    assert quote(ARABIC_NAME) in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_nginx_mode_still_checks_permissions(client, idea, member, settings):
    settings.PRIVATE_FILES_SERVER = "nginx"
    response = get(client, member, "idea-document", idea)
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_sendfile_mode_gives_the_path(client, idea, settings):
    settings.PRIVATE_FILES_SERVER = "sendfile"
    response = get(client, idea.author, "idea-document", idea)
    assert response["X-Sendfile"] == idea.document.path
    assert response.content == b""


def test_ascii_names_need_no_extended_form():
    assert content_disposition("plan.pdf") == 'attachment; filename="plan.pdf"'
    header = content_disposition('a"b\r\n.pdf', as_attachment=False)
    assert "\r" not in header and "\n" not in header
    assert header.startswith('inline; filename="a_b__.pdf"')


# --- pages, API and admin link to the views, never to a storage URL -------------------------


def test_idea_page_links_to_the_download_views(client, idea):
    client.force_login(idea.author)
    page = client.get(url("idea", idea.pk)).content.decode()
    assert url("idea-document", idea.pk) in page
    assert url("idea-photo", idea.pk) in page
    assert ARABIC_NAME in page
    assert "/media/" not in page


def test_published_idea_page_shows_the_photo_but_not_the_document(client, published):
    page = client.get(url("idea", published.pk)).content.decode()
    assert url("idea-photo", published.pk) in page
    assert url("idea-document", published.pk) not in page


def test_score_page_gives_the_juror_the_document(client, idea, call):
    ideas().filter(pk=idea.pk).update(status=Status.SHORTLISTED)
    client.force_login(juror_of(call))
    with translation.override("ar"):
        score_url = reverse("projects_bank:score", kwargs={"slug": call.slug, "pk": idea.pk})
    page = client.get(score_url).content.decode()
    assert url("idea-document", idea.pk) in page


def test_api_gives_absolute_download_urls_or_null(client, published):
    response = client.get(f"/api/v1/ideas/{published.pk}/")
    data = response.json()
    assert data["photo"] == "http://testserver" + url("idea-photo", published.pk)
    assert data["document"] is None
    client.force_login(published.author)
    data = client.get(f"/api/v1/ideas/{published.pk}/").json()
    assert data["document"] == "http://testserver" + url("idea-document", published.pk)


def test_api_file_fields_are_null_without_a_file(client, souss_massa):
    bare = IdeaFactory(commune=commune_in("09"), status=Status.ACCEPTED)
    data = client.get(f"/api/v1/ideas/{bare.pk}/").json()
    assert data["photo"] is None and data["document"] is None


def test_api_list_stays_bounded_for_a_signed_in_member(client, member, souss_massa,
                                                       django_assert_max_num_queries):
    for _ in range(15):
        IdeaFactory(commune=commune_in("09"), status=Status.ACCEPTED,
                    call=CallFactory(), document="ideas/documents/x.pdf")
    client.force_login(member)
    with django_assert_max_num_queries(12):
        data = client.get("/api/v1/ideas/").json()
    assert all(row["document"] is None for row in data["results"])


def test_admin_change_page_links_to_the_download_views(client, idea, delegate):
    client.force_login(delegate)
    page = client.get(reverse("admin:projects_bank_projectidea_change", args=[idea.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert reverse("projects_bank:idea-document", kwargs={"pk": idea.pk}) in content
    assert ARABIC_NAME in content


# --- the data migration ------------------------------------------------------------------


def test_migration_moves_public_files_to_private_random_names(
        souss_massa, settings, django_capture_on_commit_callbacks):
    migration = importlib.import_module("projects_bank.migrations.0003_private_idea_files")
    old_document = default_storage.save("ideas/documents/2025/04/plan de Fatima.pdf",
                                        ContentFile(real_pdf().read()))
    old_photo = default_storage.save("ideas/photos/2025/04/IMG_1.jpg",
                                     ContentFile(image_with_metadata("JPEG")))
    old = IdeaFactory(commune=commune_in("09"))
    ideas().filter(pk=old.pk).update(document=old_document, photo=old_photo)

    class SchemaEditor:
        connection = type("Connection", (), {"alias": "default"})

    with django_capture_on_commit_callbacks(execute=True):
        migration.move_to_private_storage(django_apps, SchemaEditor)
    old = ideas().get(pk=old.pk)
    assert (old.document_name, old.photo_name) == ("plan de Fatima.pdf", "IMG_1.jpg")
    assert re.fullmatch(r"ideas/documents/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", old.document.name)
    assert private_storage().exists(old.document.name)
    assert not default_storage.exists(old_document)
    assert not default_storage.exists(old_photo)
    with private_storage().open(old.photo.name, "rb") as stored:
        assert_no_metadata(stored.read())
