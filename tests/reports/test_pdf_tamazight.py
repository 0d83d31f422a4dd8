"""The Tamazight PDF report: Tifinagh text, left to right, with the site's own Noto Sans
Tifinagh embedded, and dates day first with the Tamazight month names."""

import io

import pytest
from pypdf import PdfReader

from ess_platform.reports import services
from ess_platform.reports.rendering import TIFINAGH_FONT, tifinagh_font_url

from .factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tamazight_pdf(demo_data, delegate):
    report = ReportFactory(requester=delegate, region=delegate.region, language="zgh")
    services.build_report(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == report.Status.DONE, report.error
    with report.pdf.open("rb") as handle:
        return handle.read()


def _fonts(pdf):
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def _text(pdf):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_uses_the_fonts_file_the_site_serves():
    assert tifinagh_font_url().startswith("file://")
    assert tifinagh_font_url().endswith(TIFINAGH_FONT)


def test_tamazight_pdf_embeds_noto_sans_tifinagh(tamazight_pdf):
    fonts = _fonts(tamazight_pdf)  # e.g. "/HEUIUC+Noto-Sans-Tifinagh": a subset, embedded
    assert any("NotoSansTifinagh" in name.replace("-", "") for name in fonts), fonts


def test_tamazight_pdf_text_is_tifinagh(tamazight_pdf):
    text = _text(tamazight_pdf)
    assert sum("\u2d30" <= ch <= "\u2d7f" for ch in text) > 200
    assert "ⴰⵏⵇⵇⵉⵙ ⵖⴼ ⵜⴷⴰⵎⵙⴰ ⵜⴰⵏⴰⵎⵓⵏⵜ ⴷ ⵜⵏⵎⵢⴰⵡⴰⵙⵜ" in text  # the title
    assert "ⵜⵉⵎⵢⴰⵡⴰⵙⵉⵏ ⵙ ⵓⴳⵣⵣⵓⵎ" in text  # Cooperatives by sector


def test_tamazight_pdf_dates_are_day_first_with_tifinagh_months(tamazight_pdf):
    text = _text(tamazight_pdf)
    assert "ⵙⴳ 1 ⵉⵏⵏⴰⵢⵔ 2025 ⴰⵔ 31 ⴷⵓⵊⴰⵏⴱⵉⵔ 2025" in text
