import datetime

import pytest
from django.urls import reverse

from ess_platform.reports import services
from ess_platform.reports.models import Report
from tests.factories import DelegateFactory

from .factories import ReportFactory

pytestmark = pytest.mark.django_db

LIST = "/ar/reports/"


def _ask(client, **data):
    payload = {"period_start": "2025-01-01", "period_end": "2025-12-31", "language": "ar"}
    payload.update(data)
    return client.post(LIST, payload)


@pytest.fixture
def done_report(delegate, territory):
    report = ReportFactory(requester=delegate, region=delegate.region)
    services.build_report(report_id=report.pk)
    report.refresh_from_db()
    return report


def test_delegate_asks_for_a_report_on_their_region(client, delegate,
                                                    django_capture_on_commit_callbacks):
    client.force_login(delegate)
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, region=delegate.region_id)
    assert response.status_code == 302
    report = Report.objects.unscoped().get(requester=delegate)
    assert report.region == delegate.region
    assert report.status == Report.Status.DONE  # eager in tests


def test_delegate_cannot_ask_for_another_region(client, delegate, fes_meknes):
    client.force_login(delegate)
    response = _ask(client, region=fes_meknes.pk)
    assert response.status_code == 200
    assert response.context["form"].errors["region"] == [
        "لا يمكنك طلب تقارير إلا عن جهتك."]
    assert not Report.objects.unscoped().exists()


def test_delegate_cannot_ask_for_the_whole_country(client, delegate):
    client.force_login(delegate)
    response = _ask(client, region="")
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not Report.objects.unscoped().exists()


def test_period_ending_before_it_starts_is_refused(client, delegate):
    client.force_login(delegate)
    response = client.post(LIST.replace("/ar/", "/fr/"), {
        "region": delegate.region_id, "period_start": "2025-06-01",
        "period_end": "2025-05-31", "language": "fr"})
    assert response.status_code == 200
    assert response.context["form"].errors["period_end"] == [
        "La période doit se terminer le jour où elle commence ou après."]
    assert not Report.objects.unscoped().exists()


def test_national_admin_asks_for_the_whole_country(client, national_admin,
                                                   django_capture_on_commit_callbacks):
    client.force_login(national_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, region="")
    assert response.status_code == 302
    assert Report.objects.unscoped().get().region is None


def test_national_admin_asks_for_any_region(client, national_admin, fes_meknes):
    client.force_login(national_admin)
    assert _ask(client, region=fes_meknes.pk).status_code == 302
    assert Report.objects.unscoped().get().region == fes_meknes


def test_too_many_reports_at_once_are_refused(client, delegate):
    for _index in range(services.MAX_ACTIVE_PER_USER):
        ReportFactory(requester=delegate, region=delegate.region)
    client.force_login(delegate)
    response = _ask(client, region=delegate.region_id)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_member_cannot_open_reports(client, member):
    client.force_login(member)
    assert client.get(LIST).status_code == 403


def test_visitor_is_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302


def test_list_shows_only_my_reports_with_bounded_queries(client, delegate, other_delegate,
                                                         django_assert_max_num_queries):
    for _index in range(25):
        ReportFactory(requester=delegate, region=delegate.region)
    ReportFactory(requester=other_delegate, region=other_delegate.region)
    client.force_login(delegate)
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 25
    assert all(report.requester_id == delegate.pk for report in page.object_list)
    content = response.content.decode()
    assert "<progress" in content and "reports/reports.js" in content
    assert "<script>" not in content


def test_status_endpoint_reports_progress(client, delegate):
    report = ReportFactory(requester=delegate, region=delegate.region, progress=40,
                           status=Report.Status.RUNNING)
    client.force_login(delegate)
    data = client.get(reverse("reports:status", args=[report.pk])).json()
    assert data["progress"] == 40
    assert data["status"] == "running"
    assert data["finished"] is False
    assert data["files"] == {}


def test_status_of_someone_elses_report_is_404(client, delegate, other_delegate):
    report = ReportFactory(requester=delegate, region=delegate.region)
    client.force_login(other_delegate)
    assert client.get(reverse("reports:status", args=[report.pk])).status_code == 404


def test_requester_downloads_each_file(client, done_report, delegate):
    client.force_login(delegate)
    for kind, content_type in [("pdf", "application/pdf"), ("csv_zip", "application/zip")]:
        response = client.get(reverse("reports:download", args=[done_report.pk, kind]))
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert "attachment" in response["Content-Disposition"]
        body = b"".join(response.streaming_content)
    assert body[:2] == b"PK"


def test_someone_else_cannot_download(client, done_report, other_delegate):
    client.force_login(other_delegate)
    response = client.get(reverse("reports:download", args=[done_report.pk, "pdf"]))
    assert response.status_code == 404


def test_another_delegate_of_the_same_region_cannot_download(client, done_report):
    colleague = DelegateFactory(region=done_report.region)
    client.force_login(colleague)
    response = client.get(reverse("reports:download", args=[done_report.pk, "pdf"]))
    assert response.status_code == 404


def test_national_admin_cannot_download_a_delegates_report(client, done_report, national_admin):
    client.force_login(national_admin)
    response = client.get(reverse("reports:download", args=[done_report.pk, "xlsx"]))
    assert response.status_code == 404


def test_requester_moved_to_another_region_loses_access(client, done_report, delegate,
                                                        fes_meknes):
    delegate.region = fes_meknes
    delegate.save()
    client.force_login(delegate)
    response = client.get(reverse("reports:download", args=[done_report.pk, "pdf"]))
    assert response.status_code == 404


def test_unknown_file_kind_is_404(client, done_report, delegate):
    client.force_login(delegate)
    response = client.get(reverse("reports:download", args=[done_report.pk, "data"]))
    assert response.status_code == 404


def test_files_are_not_under_public_media(done_report, settings):
    from pathlib import Path

    media = Path(settings.MEDIA_ROOT).resolve()
    assert media not in Path(done_report.pdf.path).resolve().parents


def test_unfinished_report_has_no_download(client, delegate):
    report = ReportFactory(requester=delegate, region=delegate.region,
                           period_end=datetime.date(2025, 2, 1))
    client.force_login(delegate)
    assert client.get(reverse("reports:download", args=[report.pk, "pdf"])).status_code == 404


def test_admin_shows_delegates_only_their_regions_reports(client, delegate, other_delegate):
    mine = ReportFactory(requester=delegate, region=delegate.region)
    ReportFactory(requester=other_delegate, region=other_delegate.region)
    client.force_login(delegate)
    response = client.get(reverse("admin:reports_report_changelist"))
    assert response.status_code == 200
    assert [report.pk for report in response.context["cl"].result_list] == [mine.pk]
