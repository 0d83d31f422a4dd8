"""What every section of the report shares: its shape, the period, the requester's scope,
names in the report's language and shares in percent.

Each app writes its own sections (``<app>/report_sections.py``) with these and registers
them (``ess_platform.kernel.registry.register_report_section``). A section is a plain dict
(title, header, rows, optional chart), already written in the report's language, so it can
be stored on the report (a rebuilt report resumes from the sections it already has) and
written to PDF, XLSX and CSV alike.
"""

from datetime import datetime, time, timedelta

from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone, translation


def translated_name(path):
    """A translated name across a relation, in the active language, else the other one
    (names are written in Arabic and French: a Tamazight report shows the Arabic name)."""
    language = translation.get_language() if translation.get_language() == "fr" else "ar"
    other = "fr" if language == "ar" else "ar"
    text = CharField()
    return Coalesce(NullIf(F(f"{path}_{language}"), Value(""), output_field=text),
                    NullIf(F(f"{path}_{other}"), Value(""), output_field=text),
                    F(path), output_field=text)


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def period_bounds(report):
    """The report's period as aware datetimes [start, end)."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(report.period_start, time.min), tz)
    end = timezone.make_aware(datetime.combine(report.period_end + timedelta(days=1), time.min),
                              tz)
    return start, end


def in_scope(queryset, report, lookup="region"):
    """What the requester may manage, narrowed to the report's region."""
    queryset = queryset.managed_by(report.requester)
    if report.region_id:
        return queryset.filter(**{lookup: report.region_id})
    return queryset


def section(key, title, header, rows, chart=None, note=""):
    return {"key": key, "title": title, "header": list(header), "rows": rows,
            "chart": chart, "note": note}
