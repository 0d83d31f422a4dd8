"""Write a report's sections as a zip of CSV files, an XLSX workbook and a PDF.

Every spreadsheet cell goes through ``ess_platform.kernel.exports.safe_cell`` (no formulas). The
PDF is HTML rendered by WeasyPrint; in Arabic it is right to left with the Amiri font, and
its bar charts are SVG drawn here on the server (no script, no network).
"""

import io
import re
import tempfile
import zipfile
from datetime import date
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language_bidi

from ess_platform.kernel.exports import iter_csv, safe_cell
from ess_platform.kernel.formatting import local_number, local_value

PDF_TABLE_ROWS = 60
# Tamazight in Tifinagh: the font the site serves (static/fonts), embedded in the PDF.
TIFINAGH_FONT = "fonts/NotoSansTifinagh-Regular.ttf"
CHART_ROWS = 15


def write_csv_zip(fileobj, sections):
    """One UTF-8 CSV per section, in a zip."""
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, section in enumerate(sections, start=1):
            text = "".join(iter_csv(section["header"], section["rows"]))
            archive.writestr(f"{index:02d}-{section['key']}.csv", text.encode("utf-8"))


def _sheet_title(title, used):
    base = re.sub(r"[\[\]\*\?/\\:]", " ", str(title)).strip()[:28] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in used:
        candidate = f"{base[:25]} {number}"
        number += 1
    used.add(candidate.lower())
    return candidate


def write_xlsx(fileobj, sections, *, right_to_left=False):
    """A workbook with one sheet per section (write-only: memory stays flat)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    used = set()
    for section in sections:
        sheet = workbook.create_sheet(title=_sheet_title(section["title"], used))
        sheet.sheet_view.rightToLeft = right_to_left
        sheet.append([safe_cell(section["title"])])
        sheet.append([safe_cell(cell) for cell in section["header"]])
        for row in section["rows"]:
            sheet.append([safe_cell(cell) for cell in row])
    workbook.save(fileobj)


def bar_chart(section, *, rtl):
    """Rows of (label, SVG bar, value) for a section's chart, the longest bar = 100%."""
    chart = section.get("chart")
    if not chart or not section["rows"]:
        return None
    rows = sorted(section["rows"], key=lambda row: -(row[chart["value"]] or 0))[:CHART_ROWS]
    top = max((row[chart["value"]] or 0) for row in rows) or 1
    bars = []
    for row in rows:
        value = row[chart["value"]] or 0
        width = round(100 * value / top, 2)
        x = round(100 - width, 2) if rtl else 0
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" class="bar" viewBox="0 0 100 10" '
            'preserveAspectRatio="none" width="100%" height="10" role="img">'
            f'<rect x="0" y="0" width="100" height="10" fill="#e8efe9"/>'
            f'<rect x="{x}" y="0" width="{width}" height="10" fill="#0a6e4f"/></svg>'
        )
        bars.append({"label": row[chart["label"]], "svg": svg,
                     "value": local_number(value)})
    return bars


def tifinagh_font_url():
    """The file URL of the site's Tifinagh font for WeasyPrint (else the system's, by name)."""
    path = finders.find(TIFINAGH_FONT)
    return Path(path).resolve().as_uri() if path else ""


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _readable(cell):
    """A cell as the PDF shows it: sections keep days as ISO text (they are stored as
    JSON and go as they are to the workbook and CSV); the PDF writes them for people."""
    if isinstance(cell, str) and ISO_DAY.fullmatch(cell):
        try:
            return local_value(date.fromisoformat(cell))
        except ValueError:
            return cell
    return local_value(cell)


def render_html(report, sections):
    rtl = get_language_bidi()
    blocks = []
    for section in sections:
        rows = section["rows"]
        blocks.append({
            **section,
            "chart_rows": bar_chart(section, rtl=rtl),
            # Dates and numbers as people read them (the workbook and CSV keep values).
            "shown_rows": [[_readable(c) for c in row] for row in rows[:PDF_TABLE_ROWS]],
            "hidden_rows": max(len(rows) - PDF_TABLE_ROWS, 0),
        })
    return render_to_string("reports/pdf.html", {
        "report": report, "sections": blocks, "rtl": rtl, "generated_at": timezone.now(),
        "tifinagh_font": tifinagh_font_url(),
    })


def write_pdf(fileobj, report, sections):
    from weasyprint import HTML

    html = render_html(report, sections)
    HTML(string=html, base_url=None).write_pdf(fileobj)


def to_bytes(writer, *args, **kwargs):
    buffer = io.BytesIO()
    writer(buffer, *args, **kwargs)
    return buffer.getvalue()


def to_tempfile(writer, *args, **kwargs):
    """Write to a temporary file (for large workbooks) and return it rewound."""
    handle = tempfile.TemporaryFile()
    writer(handle, *args, **kwargs)
    handle.seek(0)
    return handle
