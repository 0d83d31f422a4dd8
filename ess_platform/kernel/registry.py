"""What each app adds to the platform's periodic jobs and reports.

The beat schedule and the report's sections are not lists written on the top floor: each
app registers its own in its ``AppConfig.ready()`` (``register_schedule`` with the name of
a task it owns, ``register_report_section`` with a builder in its ``report_sections.py``).
The Celery app reads ``beat_schedule()`` once the apps are ready; the report builder asks
``report_sections()``. An app that is not installed simply adds nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

_SCHEDULES = {}
_REPORT_SECTIONS = {}


def register_schedule(name, *, task, schedule, **options):
    """One beat entry: ``task`` (a task name) run every ``schedule`` (seconds, a
    timedelta or a crontab); ``options`` are the other keys of a beat entry (``args``,
    ``kwargs``, ``options``, ``relative``). Registering the same entry again is a no-op;
    another entry under a taken name is a mistake."""
    entry = {"task": task, "schedule": schedule, **options}
    if _SCHEDULES.setdefault(name, entry) != entry:
        raise ValueError(f"The beat schedule already has an entry named {name!r}.")


def beat_schedule():
    """Every registered entry, as Celery's ``beat_schedule`` setting takes them."""
    return {name: dict(entry) for name, entry in _SCHEDULES.items()}


@dataclass(frozen=True)
class ReportSection:
    key: str
    build: Callable  # build(report) -> dict (see ess_platform.kernel.report_figures.section)
    order: int


def register_report_section(key, builder, *, order):
    """A section of the report: ``builder(report)`` returns its figures. Sections come in
    ``order`` (the cooperatives, then the projects bank, then the events)."""
    section = ReportSection(key, builder, order)
    if _REPORT_SECTIONS.setdefault(key, section) != section:
        raise ValueError(f"The report already has a section named {key!r}.")


def report_sections():
    """The registered sections in report order, as (key, builder) pairs."""
    return [(section.key, section.build)
            for section in sorted(_REPORT_SECTIONS.values(), key=lambda s: (s.order, s.key))]
