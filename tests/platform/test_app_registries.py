"""Each app registers its own beat entries and report sections in the kernel's registry
(ess_platform/kernel/registry.py); the Celery app and the report builder read it."""

import re
from pathlib import Path

import pytest

from ess_platform.celery import app
from ess_platform.kernel import registry

ROOT = Path(__file__).resolve().parents[2]

#: The beat schedule as it was written in settings before each app registered its own.
EXPECTED_SCHEDULE = {
    "events-send-reminders": {"task": "events.send_reminders", "schedule": 15 * 60},
    "jobs-sweep-stalled": {"task": "ess_platform.jobs.sweep_stalled_jobs", "schedule": 60},
    "notifications-sweep-pending": {
        "task": "ess_platform.notifications.tasks.sweep_pending_deliveries", "schedule": 60},
    "reports-delete-expired": {
        "task": "ess_platform.reports.tasks.delete_expired_reports", "schedule": 24 * 60 * 60},
    "territory-refresh": {
        "task": "ess_platform.reports.tasks.refresh_territory", "schedule": 24 * 60 * 60},
    "search-refresh-index": {
        "task": "ess_platform.searching.tasks.refresh_search_index", "schedule": 24 * 60 * 60},
}

#: Report sections in report order, and the app whose module builds each.
EXPECTED_SECTIONS = [
    ("cooperatives", "cooperatives"), ("by_sector", "cooperatives"),
    ("by_province", "cooperatives"), ("by_legal_form", "cooperatives"),
    ("ideas", "projects_bank"), ("calls", "projects_bank"),
    ("events_by_kind", "events"), ("events", "events"),
]


def test_the_registry_holds_every_apps_schedule():
    assert registry.beat_schedule() == EXPECTED_SCHEDULE


def test_the_celery_app_runs_the_registered_schedule():
    app.finalize()
    assert app.conf.beat_schedule == EXPECTED_SCHEDULE


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    missing = {entry["task"] for entry in registry.beat_schedule().values()} - set(app.tasks)
    assert missing == set()


def test_the_registry_holds_each_apps_report_sections_in_order():
    sections = registry.report_sections()
    assert [(key, builder.__module__) for key, builder in sections] == [
        (key, f"{app_label}.report_sections") for key, app_label in EXPECTED_SECTIONS]


def test_a_taken_name_is_refused_and_the_same_entry_is_not_doubled():
    registry.register_schedule("events-send-reminders", task="events.send_reminders",
                               schedule=15 * 60)
    assert registry.beat_schedule() == EXPECTED_SCHEDULE
    with pytest.raises(ValueError):
        registry.register_schedule("events-send-reminders", task="other.task", schedule=60)
    key, builder = registry.report_sections()[0]
    with pytest.raises(ValueError):
        registry.register_report_section(key, lambda report: {}, order=1)
    assert registry.report_sections()[0] == (key, builder)


def test_the_kernel_registry_and_figures_name_no_app():
    apps = "regional_hubs|cooperatives|projects_bank|events|reports"
    for name in ("registry.py", "report_figures.py"):
        text = (ROOT / "ess_platform" / "kernel" / name).read_text()
        code = re.sub(r'"""[\s\S]*?"""|#.*', "", text)  # docstrings may explain the apps
        assert not re.search(rf"\b({apps})\b", code), name


def test_settings_keep_no_beat_schedule_of_their_own():
    from django.conf import settings

    assert not hasattr(settings, "CELERY_BEAT_SCHEDULE")
