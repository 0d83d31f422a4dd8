import io

from openpyxl import load_workbook

from ess_platform.kernel.exports import iter_csv, safe_cell, write_xlsx


def test_formula_cells_are_neutralised():
    for dangerous in ["=1+1", "+33", "-2", "@SUM(A1)", "\t=x", "\r=x"]:
        assert safe_cell(dangerous).startswith("'")


def test_numbers_and_plain_text_are_kept():
    assert safe_cell(-2) == -2
    assert safe_cell("تعاونية أركان") == "تعاونية أركان"
    assert safe_cell(None) == ""


def test_csv_starts_with_bom_and_escapes():
    text = "".join(iter_csv(["name"], [["=HYPERLINK(\"x\")"], ["أركان"]]))
    assert text.startswith("\ufeffname")
    assert "'=HYPERLINK" in text
    assert "أركان" in text


def test_xlsx_escapes_formulas():
    buffer = io.BytesIO()
    write_xlsx(buffer, ["name"], [["=cmd|' /C calc'!A0"]])
    buffer.seek(0)
    sheet = load_workbook(buffer).active
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0"
    assert sheet["A2"].data_type == "s"
