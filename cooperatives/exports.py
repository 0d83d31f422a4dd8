"""The directory as a spreadsheet: the public columns, shared by the site and the admin."""

from django.utils import timezone
from django.utils.translation import gettext as _

from ess_platform.exports import csv_response, xlsx_response

FORMATS = ("csv", "xlsx")


def export_header():
    return [
        _("Registration number"), _("Name (Arabic)"), _("Name (French)"), _("Legal form"),
        _("Sector"), _("Region code"), _("Region"), _("Province code"), _("Province"),
        _("Commune code"), _("Commune"), _("Founded on"), _("Members"), _("Women members"),
        _("Young members"), _("Women-led"), _("Youth-led"), _("Phone"), _("E-mail"),
        _("Website"), _("Latitude"), _("Longitude"),
    ]


def export_rows(queryset):
    """One row a cooperative, streamed in chunks (the queryset carries select_related)."""
    yes, no = _("Yes"), _("No")
    for c in queryset.iterator(chunk_size=2000):
        yield [
            c.registration_number, c.name_ar or "", c.name_fr or "", c.get_legal_form_display(),
            c.sector.name, c.region.code, c.region.name, c.province.code, c.province.name,
            c.commune.code, c.commune.name,
            c.founded_on.isoformat() if c.founded_on else "",
            c.members_count, c.women_members, c.youth_members,
            yes if c.women_led else no, yes if c.youth_led else no,
            c.phone, c.email, c.website,
            float(c.latitude) if c.latitude is not None else "",
            float(c.longitude) if c.longitude is not None else "",
        ]


def export_response(queryset, fmt):
    stamp = timezone.localdate().isoformat()
    filename = f"cooperatives-{stamp}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(filename, export_header(), export_rows(queryset),
                             title=_("Cooperatives"))
    return csv_response(filename, export_header(), export_rows(queryset))
