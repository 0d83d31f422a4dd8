import pytest
from django.core.cache import cache

from ess_platform.reports import tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _db_locks(settings):
    settings.SCHEDULE_LOCK_BACKEND = "db"
    cache.clear()


def test_territory_refresh_runs_once_per_night(territory, monkeypatch):
    calls = []
    monkeypatch.setattr("regional_hubs.services.load_territory", lambda: calls.append(1) or {})
    tasks.refresh_territory.apply()
    tasks.refresh_territory.apply()
    assert calls == [1]


def test_expired_files_clean_up_runs_once_per_day(territory):
    assert tasks.delete_expired_reports.apply().get() == 0
    assert tasks.delete_expired_reports.apply().get() is None


def test_stalled_report_sweep_runs_once_per_schedule(territory):
    assert tasks.sweep_stalled_reports.apply().get() == 0
    assert tasks.sweep_stalled_reports.apply().get() is None
