"""Spreadsheet exports that stream and cannot be turned into formulas.

Every cell that a spreadsheet would read as a formula (starting with =, +, -, @, or a tab
or carriage return before one) is prefixed with an apostrophe, the OWASP advice against
CSV injection. CSV streams row by row; XLSX is written in openpyxl's write-only mode to a
temporary file, so memory stays flat whatever the number of rows.
"""

import csv
import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse, StreamingHttpResponse

from .private_files import content_disposition

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value safe to put in a spreadsheet cell (numbers stay numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def iter_csv(header: Sequence[str], rows: Iterable[Sequence]):
    """Yield CSV lines (UTF-8 with BOM so spreadsheet programs read Arabic correctly)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        yield writer.writerow([safe_cell(v) for v in row])


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]):
    response = StreamingHttpResponse(iter_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition(filename)
    return response


def write_xlsx(fileobj, header: Sequence[str], rows: Iterable[Sequence], title="Export"):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    workbook.save(fileobj)


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence], title="Export"):
    spooled = tempfile.TemporaryFile()
    write_xlsx(spooled, header, rows, title=title)
    spooled.seek(0)
    response = FileResponse(
        spooled,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition(filename)
    return response
