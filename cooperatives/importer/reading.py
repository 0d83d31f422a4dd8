"""Reading a spreadsheet: the first sheet of an XLSX or CSV file as a header and rows, and
which column holds which field (Arabic, French or English headers)."""

import csv
import io
import re

from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.search import normalize

# Canonical field -> header spellings (compared after normalize() and _ / - to spaces).
COLUMNS = {
    "registration_number": ["رقم التسجيل", "رقم التسجيل في السجل", "numero enregistrement",
                            "numero d'enregistrement", "n enregistrement",
                            "n° enregistrement", "registration number", "matricule"],
    "name_ar": ["الاسم بالعربية", "اسم التعاونية", "الاسم", "nom ar", "nom arabe", "name ar"],
    "name_fr": ["الاسم بالفرنسية", "nom", "nom fr", "nom francais", "raison sociale",
                "name fr", "name"],
    "legal_form": ["الشكل القانوني", "forme juridique", "legal form"],
    "sector": ["القطاع", "قطاع النشاط", "secteur", "secteur d'activite", "sector"],
    "province": ["الإقليم", "العمالة او الإقليم", "province", "code province"],
    "commune": ["الجماعة", "رمز الجماعة", "commune", "code commune", "commune code"],
    "founded_on": ["تاريخ التأسيس", "date creation", "date de creation", "founded on",
                   "date de constitution"],
    "members_count": ["عدد الأعضاء", "عدد المنخرطين", "nombre adherents", "adherents",
                      "nombre de membres", "membres", "members", "members count"],
    "women_members": ["عدد النساء", "عدد العضوات", "femmes", "nombre de femmes",
                      "women members"],
    "youth_members": ["عدد الشباب", "jeunes", "nombre de jeunes", "youth members"],
    "women_led": ["تسيرها امرأة", "تعاونية نسائية", "dirigee par une femme", "feminine",
                  "women led"],
    "youth_led": ["يسيرها شاب", "تعاونية شبابية", "dirigee par un jeune", "youth led"],
    "description_ar": ["الوصف", "الوصف بالعربية", "description ar", "description arabe"],
    "description_fr": ["الوصف بالفرنسية", "description", "description fr"],
    "address_ar": ["العنوان", "العنوان بالعربية", "adresse ar", "address ar"],
    "address_fr": ["العنوان بالفرنسية", "adresse", "adresse fr", "address", "address fr"],
    "phone": ["الهاتف", "رقم الهاتف", "telephone", "tel", "phone"],
    "email": ["البريد الإلكتروني", "email", "e-mail", "courriel", "mail"],
    "website": ["الموقع الإلكتروني", "site web", "site internet", "website"],
    "latitude": ["خط العرض", "latitude", "lat"],
    "longitude": ["خط الطول", "longitude", "lon", "lng"],
}


class SpreadsheetError(Exception):
    """The file cannot be read at all (not XLSX/CSV, no header...)."""


def _header_key(text):
    return re.sub(r"[\s_\-]+", " ", normalize(text).replace("’", "'")).strip()


HEADER_INDEX = {_header_key(alias): name for name, aliases in COLUMNS.items()
                for alias in [name, *aliases]}


def _read_csv(fileobj):
    raw = fileobj.read()
    if isinstance(raw, str):
        text = raw.lstrip("\ufeff")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SpreadsheetError(_("The CSV file is not in UTF-8. Save it as “CSV UTF-8” "
                                     "and upload it again.")) from None
    sample = text[:5000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text, newline=""), dialect)


def _read_xlsx(fileobj):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - zipfile, XML and openpyxl errors on a damaged or fake file
        raise SpreadsheetError(_("This file is not a valid XLSX workbook.")) from None
    sheet = workbook.worksheets[0]
    return sheet.iter_rows(values_only=True)


def read_table(fileobj, filename):
    """(headers, iterator of rows) of the first sheet; rows are lists of cell values."""
    fileobj.seek(0)
    if filename.lower().endswith(".xlsx"):
        rows = _read_xlsx(fileobj)
    elif filename.lower().endswith(".csv"):
        rows = _read_csv(fileobj)
    else:
        raise SpreadsheetError(_("Upload an XLSX or CSV file."))
    try:
        for header in rows:
            if any(cell not in (None, "") for cell in header):
                break
        else:
            raise SpreadsheetError(_("The file is empty."))
    except csv.Error:
        raise SpreadsheetError(_("This CSV file cannot be read.")) from None
    headers = ["" if h is None else str(h).strip() for h in header]

    def data_rows():
        for row in rows:
            if row and any(cell not in (None, "") and str(cell).strip() for cell in row):
                yield list(row)

    return headers, data_rows()


def detect_columns(headers):
    """{column index: field name} for the recognised headers, and the ignored headers."""
    mapping, ignored, used = {}, [], set()
    for index, header in enumerate(headers):
        name = HEADER_INDEX.get(_header_key(header))
        if name and name not in used:
            mapping[index] = name
            used.add(name)
        elif header:
            ignored.append(header)
    # Only the number is required: a file may update some columns of existing
    # cooperatives; a row that creates one must also give a name, sector and commune.
    missing = [] if "registration_number" in used else ["registration_number"]
    return mapping, ignored, missing


def row_values(row, mapping):
    """{field name: raw cell value} of one row."""
    return {name: (row[index] if index < len(row) else None)
            for index, name in mapping.items()}
