"""Every download names its file with one helper: an ASCII ``filename`` and the RFC 6266 /
RFC 5987 ``filename*`` for names that are not plain ASCII (Arabic, French accents)."""

import re
from types import SimpleNamespace
from urllib.parse import quote, unquote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import RequestFactory
from django.urls import reverse

from ess_platform.kernel.exports import csv_response, xlsx_response
from ess_platform.kernel.private_files import content_disposition, serve_private_file
from events.views import _calendar_response

ARABIC_NAME = "دليل التعاونيات النسائية.pdf"
HEADER = re.compile(
    r"""^(attachment|inline); filename="([\x20-\x7e]+)"; filename\*=UTF-8''(\S+)$""")


def assert_names(header, name):
    """A header any browser parses: ASCII only, a fallback name, and the real one."""
    header.encode("ascii")  # raises on a header Django had to MIME-encode
    match = HEADER.match(header)
    assert match, header
    fallback, encoded = match.group(2), match.group(3)
    assert '"' not in fallback and "\\" not in fallback
    assert fallback.endswith(name.rsplit(".", 1)[-1])
    assert unquote(encoded) == name
    assert encoded == quote(name)


@pytest.mark.parametrize("name", [ARABIC_NAME, "Coopérative d'huile.csv", 'a "b"\\c.pdf'])
def test_helper_names_the_file_twice(name):
    assert_names(content_disposition(name), name)


def test_plain_ascii_name_stays_simple():
    assert content_disposition("cooperatives-2025-05-01.csv") == (
        'attachment; filename="cooperatives-2025-05-01.csv"')


def test_media_pdf_with_arabic_name(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / ARABIC_NAME).write_bytes(b"%PDF-1.4\n%%EOF\n")
    response = client.get(reverse("media", kwargs={"path": f"docs/{ARABIC_NAME}"}))
    assert response.status_code == 200
    assert_names(response["Content-Disposition"], ARABIC_NAME)


def test_csv_export_with_arabic_name():
    response = csv_response("تعاونيات.csv", ["الاسم"], [["أملو"]])
    assert_names(response["Content-Disposition"], "تعاونيات.csv")


def test_xlsx_export_with_arabic_name():
    response = xlsx_response("المسجلون.xlsx", ["الاسم"], [["أملو"]])
    assert_names(response["Content-Disposition"], "المسجلون.xlsx")
    response.file_to_stream.close()


def test_calendar_with_arabic_name():
    request = RequestFactory().get("/")
    response = _calendar_response(request, [], "ملتقى", "ملتقى أكادير.ics")
    assert_names(response["Content-Disposition"], "ملتقى أكادير.ics")


def test_private_file_and_report_downloads_with_arabic_name(tmp_path, settings):
    settings.PRIVATE_FILES_SERVER = ""
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("reports/r.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    stored = SimpleNamespace(storage=storage, name=name)
    response = serve_private_file(stored, filename="تقرير سوس ماسة.pdf")
    assert_names(response["Content-Disposition"], "تقرير سوس ماسة.pdf")
    response.file_to_stream.close()
