import datetime
import io
import zipfile

import pytest
from django.utils import translation
from openpyxl import load_workbook

from cooperatives.models import Cooperative
from ess_platform.kernel.notifications.models import Notification
from ess_platform.reports import services
from ess_platform.reports.models import Report
from ess_platform.reports.tasks import build_report

from .factories import CooperativeFactory, ReportFactory

pytestmark = pytest.mark.django_db


def _label(choice):
    with translation.override("fr"):
        return str(choice.label)


def _rows(report, key):
    return {row[0]: row[1:] for row in report.data["sections"][key]["rows"]}


@pytest.fixture
def built(demo_data, delegate):
    report = ReportFactory(requester=delegate, region=delegate.region, language="fr")
    assert services.build_report(report_id=report.pk) == Report.Status.DONE
    report.refresh_from_db()
    return report


def test_build_finishes_with_files_and_full_progress(built):
    assert built.status == Report.Status.DONE
    assert built.progress == 100
    assert built.finished_at and built.expires_at > built.finished_at
    assert {kind for kind, _file in built.files()} == {"pdf", "xlsx", "csv_zip"}
    for _kind, field_file in built.files():
        assert field_file.storage.exists(field_file.name)


def test_cooperative_figures_of_the_region_and_period(built):
    summary = _rows(built, "cooperatives")
    assert summary["Coopératives"] == [3]
    assert summary["Fondées pendant la période"] == [1]
    assert summary["Membres"] == [72]
    assert summary["Coopératives dirigées par des femmes"] == [2]
    assert summary["Part des coopératives dirigées par des femmes (%)"] == [66.7]
    assert summary["Part des coopératives dirigées par des jeunes (%)"] == [33.3]


def test_cooperatives_by_sector_and_legal_form(built):
    assert _rows(built, "by_sector")["Argan"][:4] == [2, 60, 2, 1]
    assert _rows(built, "by_sector")["Artisanat"][:2] == [1, 12]
    legal = _rows(built, "by_legal_form")
    assert legal[_label(Cooperative.LegalForm.UNION)][0] == 1


def test_ideas_by_status_count_the_period_and_region_only(built):
    from projects_bank.models import ProjectIdea

    ideas = _rows(built, "ideas")
    assert ideas[_label(ProjectIdea.Status.SUBMITTED)] == [1]
    assert ideas[_label(ProjectIdea.Status.ACCEPTED)] == [1]
    assert ideas[_label(ProjectIdea.Status.REJECTED)] == [1]
    assert ideas[_label(ProjectIdea.Status.INCUBATED)] == [0]


def test_calls_list_their_winners(built):
    (call,) = built.data["sections"]["calls"]["rows"]
    assert call[0] == "Ideathon Souss-Massa"
    assert call[4] == 2
    assert call[5].startswith("1. وحدة تثمين الأركان")


def test_events_and_attendance(built):
    from events.models import Event

    kinds = _rows(built, "events_by_kind")
    assert kinds[_label(Event.Kind.FAIR)] == [1, 4, 3, 75.0]
    assert kinds[_label(Event.Kind.WORKSHOP)] == [1, 1, 1, 100.0]
    assert len(built.data["sections"]["events"]["rows"]) == 2


def test_national_report_counts_every_region(demo_data, national_admin):
    report = ReportFactory(requester=national_admin, region=None, language="fr")
    services.build_report(report_id=report.pk)
    report.refresh_from_db()
    assert _rows(report, "cooperatives")["Coopératives"] == [4]


def test_building_twice_notifies_once_and_keeps_the_files(built, mailoutbox):
    names = [field_file.name for _kind, field_file in built.files()]
    assert services.build_report(report_id=built.pk) == Report.Status.DONE
    built.refresh_from_db()
    assert [field_file.name for _kind, field_file in built.files()] == names
    assert Notification.objects.filter(key=f"report:{built.pk}:report_ready").count() == 1


def test_requester_is_notified_when_ready(demo_data, delegate, mailoutbox,
                                          django_capture_on_commit_callbacks):
    report = ReportFactory(requester=delegate, region=delegate.region)
    with django_capture_on_commit_callbacks(execute=True):
        services.build_report(report_id=report.pk)
    note = Notification.objects.get(key=f"report:{report.pk}:report_ready")
    assert note.recipient == delegate
    assert note.url == "/ar/reports/"
    assert len(mailoutbox) == 1


def test_rebuild_resumes_from_the_sections_it_has(demo_data, delegate):
    report = ReportFactory(requester=delegate, region=delegate.region, status="running")
    marker = {"key": "cooperatives", "title": "kept", "header": ["a"], "rows": [["kept", 1]],
              "chart": None, "note": ""}
    Report.objects.unscoped().filter(pk=report.pk).update(
        data={"sections": {"cooperatives": marker}}, progress=12)
    services.build_report(report_id=report.pk)
    report.refresh_from_db()
    assert report.data["sections"]["cooperatives"] == marker
    assert "by_sector" in report.data["sections"]
    assert report.status == Report.Status.DONE


def test_a_failing_build_is_recorded_and_the_requester_told(delegate, monkeypatch,
                                                            django_capture_on_commit_callbacks):
    report = ReportFactory(requester=delegate, region=delegate.region)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "build_report", broken)
    with django_capture_on_commit_callbacks(execute=True):
        assert build_report.delay(report.pk).get() == "failed"
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "disk full" in report.error
    assert Notification.objects.filter(key=f"report:{report.pk}:report_failed").exists()


def test_workbook_has_one_sheet_per_section(built):
    with built.xlsx.open("rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    assert len(workbook.sheetnames) == len(built.data["sections"])
    assert workbook.worksheets[0]["A1"].value == "Coopératives : chiffres clés"


def test_csv_zip_has_one_file_per_section(built):
    with built.csv_zip.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    names = archive.namelist()
    assert len(names) == len(built.data["sections"])
    text = archive.read(names[1]).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Secteur,Coopératives")


def test_exports_neutralise_spreadsheet_formulas(territory, delegate):
    from .factories import SectorFactory

    CooperativeFactory(sector=SectorFactory(slug="evil", name_fr="=HYPERLINK(\"x\")",
                                            name_ar="=HYPERLINK(\"x\")"))
    report = ReportFactory(requester=delegate, region=delegate.region, language="fr")
    services.build_report(report_id=report.pk)
    report.refresh_from_db()
    with report.xlsx.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).worksheets[1]
    assert sheet["A3"].value == "'=HYPERLINK(\"x\")"
    with report.csv_zip.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert "'=HYPERLINK" in archive.read(archive.namelist()[1]).decode("utf-8-sig")


def test_expired_reports_lose_their_files(built):
    paths = [field_file.path for _kind, field_file in built.files()]
    Report.objects.unscoped().filter(pk=built.pk).update(
        expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert services.delete_expired_reports() == 1
    built.refresh_from_db()
    assert built.status == Report.Status.EXPIRED
    assert built.files() == []
    assert not any(__import__("os").path.exists(path) for path in paths)


def test_sweeper_enqueues_reports_never_picked_up(territory, delegate,
                                                  django_capture_on_commit_callbacks):
    report = ReportFactory(requester=delegate, region=delegate.region)
    Report.objects.unscoped().filter(pk=report.pk).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert services.sweep_stalled_reports() == 1
    report.refresh_from_db()
    assert report.status == Report.Status.DONE


def test_sweeper_leaves_recent_reports_alone(territory, delegate):
    ReportFactory(requester=delegate, region=delegate.region)
    assert services.sweep_stalled_reports() == 0
