"""The Arabic PDF: Amiri embedded, letters joined, right to left; a page image is kept."""

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from ess_platform.reports import services

from .factories import ReportFactory

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _normalise(text):
    """Presentation forms back to letters, no marks or spaces: comparable in any order."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith(("M", "Z"))
                   and ch not in "\u200e\u200f\u061c")


def _contains_words(extracted, phrase):
    """True if the phrase is there in logical or in visual (reversed) order."""
    flat = _normalise(extracted)
    target = _normalise(phrase)
    return target in flat or target[::-1] in flat


@pytest.fixture
def arabic_pdf(demo_data, delegate):
    report = ReportFactory(requester=delegate, region=delegate.region, language="ar")
    services.build_report(report_id=report.pk)
    report.refresh_from_db()
    with report.pdf.open("rb") as handle:
        return handle.read()


def test_arabic_pdf_embeds_amiri(arabic_pdf):
    reader = PdfReader(io.BytesIO(arabic_pdf))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Amiri" in name for name in fonts), fonts


def test_arabic_pdf_text_has_the_arabic_titles(arabic_pdf):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(arabic_pdf)).pages)
    assert _contains_words(text, "تقرير الاقتصاد الاجتماعي والتضامني")
    assert _contains_words(text, "التعاونيات حسب القطاع")
    assert _contains_words(text, "الأركان")


def test_arabic_pdf_letters_are_shaped(arabic_pdf):
    """Joined letters come out as Arabic presentation forms or as the base letters of a
    shaped run; isolated letters separated by spaces would mean no shaping happened."""
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(arabic_pdf)).pages)
    assert "ت ق ر ي ر" not in text and "ر ي ر ق ت" not in text
    assert _contains_words(text, "تقرير")


def test_arabic_pdf_page_image_is_kept(arabic_pdf, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report-ar.pdf").write_bytes(arabic_pdf)
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is installed by make install-test")
    source = tmp_path / "report.pdf"
    source.write_bytes(arabic_pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                    str(source), str(ARTIFACTS / "report-ar-page1")], check=True, timeout=60)
    image = ARTIFACTS / "report-ar-page1.png"
    assert image.stat().st_size > 10_000


def test_french_pdf_reads_left_to_right(demo_data, national_admin):
    report = ReportFactory(requester=national_admin, language="fr")
    services.build_report(report_id=report.pk)
    report.refresh_from_db()
    with report.pdf.open("rb") as handle:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Rapport sur l'économie sociale et solidaire" in text
    assert "Coopératives par secteur" in text
