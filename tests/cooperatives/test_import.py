import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from cooperatives.importer import preview
from cooperatives.models import Cooperative, ImportJob
from cooperatives.services import confirm_import_job, create_import_job
from tests.cooperatives.factories import CooperativeFactory
from tests.factories import commune_in

pytestmark = pytest.mark.django_db

AR_HEADER = ["رقم التسجيل", "الاسم بالعربية", "الاسم بالفرنسية", "القطاع", "الجماعة",
             "تاريخ التأسيس", "عدد الأعضاء", "عدد النساء", "عدد الشباب"]
FR_HEADER = ["numero_enregistrement", "nom_ar", "nom_fr", "secteur", "commune",
             "date_creation", "adherents", "femmes", "jeunes"]


def csv_bytes(header, rows, bom=False, delimiter=","):
    lines = [delimiter.join(header)] + [delimiter.join(str(c) for c in row) for row in rows]
    text = "\n".join(lines) + "\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def xlsx_bytes(header, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(number, commune=None, **overrides):
    commune = commune or commune_in("09")
    values = {"number": number, "ar": "تعاونية تيفاوت", "fr": "Coopérative Tifaout",
              "sector": "argan", "commune": getattr(commune, "code", commune), "date": "2015-03-01",
              "members": 25, "women": 25, "youth": 4}
    values.update(overrides)
    return list(values.values())


def run(user, content, name="coops.csv", django_capture_on_commit_callbacks=None):
    job = create_import_job(user=user, upload=SimpleUploadedFile(name, content))
    with django_capture_on_commit_callbacks(execute=True):
        confirm_import_job(job=job)
    job.refresh_from_db()
    return job


def outcomes(job):
    return {(e["row"], e["outcome"], e.get("reason")) for e in job.report}


@pytest.fixture
def do_import(django_capture_on_commit_callbacks):
    def _run(user, content, name="coops.csv"):
        return run(user, content, name, django_capture_on_commit_callbacks)
    return _run


def test_good_csv_with_arabic_headers_creates_cooperatives(do_import, delegate):
    job = do_import(delegate, csv_bytes(AR_HEADER, [row("IMP-1"), row("IMP-2")]))
    assert job.status == ImportJob.Status.DONE
    assert (job.created_count, job.rejected_count) == (2, 0)
    coop = Cooperative.objects.unscoped().get(registration_number="IMP-1")
    assert coop.region.code == "09" and coop.province_id == coop.commune.province_id
    assert coop.founded_on.isoformat() == "2015-03-01"
    assert "تيفاوت" in coop.search_text and "tifaout" in coop.search_text


def test_csv_with_bom_and_semicolons_and_french_headers(do_import, delegate):
    content = csv_bytes(FR_HEADER, [row("IMP-3")], bom=True, delimiter=";")
    job = do_import(delegate, content)
    assert job.created_count == 1
    assert Cooperative.objects.unscoped().filter(registration_number="IMP-3").exists()


def test_xlsx_import(do_import, delegate):
    job = do_import(delegate, xlsx_bytes(FR_HEADER, [row("IMP-4", members=10, women=3,
                                                           youth=2)]), name="coops.xlsx")
    assert job.created_count == 1
    assert Cooperative.objects.unscoped().get(registration_number="IMP-4").members_count == 10


def test_existing_registration_number_is_updated(do_import, delegate):
    existing = CooperativeFactory(registration_number="IMP-5", name_fr="Ancien nom")
    job = do_import(delegate, csv_bytes(FR_HEADER, [row("IMP-5", fr="Nouveau nom")]))
    assert job.updated_count == 1
    existing.refresh_from_db()
    assert existing.name_fr == "Nouveau nom"
    assert "nouveau nom" in existing.search_text


def test_bad_rows_are_rejected_with_reasons_and_nothing_half_written(do_import, delegate):
    rows = [
        row("IMP-6"),
        row("IMP-6"),  # duplicate in the file
        row("IMP-7", commune="99.999.99"),  # unknown commune
        row("IMP-8", date="31/02/2015"),  # bad date
        row("IMP-9", sector="mining"),  # unknown sector
        row("IMP-10", women=50),  # more women than members
        row("IMP-11", members="-3"),  # bad number
        row(""),  # no registration number
    ]
    job = do_import(delegate, csv_bytes(FR_HEADER, rows))
    assert job.created_count == 1 and job.rejected_count == 7
    reasons = {e["row"]: e.get("reason") for e in job.report}
    assert reasons == {2: None, 3: "duplicate_in_file", 4: "unknown_commune", 5: "bad_date",
                       6: "unknown_sector", 7: "members_inconsistent", 8: "bad_number",
                       9: "missing_registration"}
    assert list(Cooperative.objects.unscoped().filter(registration_number__startswith="IMP-")
                .values_list("registration_number", flat=True)) == ["IMP-6"]


def test_delegate_rows_of_another_region_are_rejected(do_import, delegate):
    job = do_import(delegate, csv_bytes(FR_HEADER, [row("IMP-12"),
                                                     row("IMP-13", commune=commune_in("03"))]))
    assert outcomes(job) == {(2, "created", None), (3, "rejected", "other_region")}
    assert not Cooperative.objects.unscoped().filter(registration_number="IMP-13").exists()


def test_delegate_cannot_update_a_cooperative_of_another_region(do_import, delegate):
    CooperativeFactory(registration_number="IMP-14", region_code="03")
    job = do_import(delegate, csv_bytes(["numero_enregistrement", "nom_fr"],
                                        [["IMP-14", "Pris"]]))
    assert outcomes(job) == {(2, "rejected", "other_region")}
    assert Cooperative.objects.unscoped().get(registration_number="IMP-14").name_fr != "Pris"


def test_national_admin_imports_any_region(do_import, national_admin):
    job = do_import(national_admin, csv_bytes(FR_HEADER, [row("IMP-15",
                                                               commune=commune_in("03"))]))
    assert job.created_count == 1


def test_commune_by_name_and_sector_by_arabic_name(do_import, delegate):
    commune = commune_in("09")
    job = do_import(delegate, csv_bytes(FR_HEADER, [row("IMP-16", commune=commune,
                                                         sector="الأركان")]))
    assert job.created_count == 1 or job.report[0]["reason"] == "ambiguous_commune"
    job = do_import(delegate, csv_bytes(
        ["numero_enregistrement", "nom_fr", "secteur", "commune", "province"],
        [["IMP-17", "X", "argan", commune.name_fr, commune.province.code]]))
    assert job.created_count == 1


def test_malformed_file_fails_with_clear_error(do_import, delegate):
    job = do_import(delegate, b"PK\x03\x04garbage", name="coops.xlsx")
    assert job.status == ImportJob.Status.FAILED and job.error
    assert not Cooperative.objects.unscoped().filter(registration_number__startswith="IMP").exists()


def test_missing_required_columns_fail(do_import, delegate):
    job = do_import(delegate, csv_bytes(["foo", "bar"], [["1", "2"]]))
    assert job.status == ImportJob.Status.FAILED


def test_preview_detects_columns_and_validates_first_rows(delegate):
    content = csv_bytes(AR_HEADER, [row("IMP-18"), row("IMP-19", commune=commune_in("03"))])
    result = preview(io.BytesIO(content), "x.csv", region_id=delegate.region_id)
    assert ("رقم التسجيل", "registration_number") in result["detected"]
    assert [r["outcome"] for r in result["rows"]] == ["create", "rejected"]
    assert not Cooperative.objects.unscoped().filter(registration_number="IMP-18").exists()


def test_admin_import_journey(client, delegate, django_capture_on_commit_callbacks):
    client.force_login(delegate)
    upload = SimpleUploadedFile("coops.csv", csv_bytes(FR_HEADER, [row("IMP-20")]))
    response = client.post(reverse("admin:cooperatives_import"), {"file": upload})
    job = ImportJob.objects.unscoped().get()
    assert response.url == reverse("admin:cooperatives_import_preview", args=[job.pk])
    page = client.get(response.url)
    assert page.status_code == 200 and "IMP-20" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:cooperatives_import_preview", args=[job.pk]))
    status = client.get(reverse("admin:cooperatives_import_status", args=[job.pk])).json()
    assert status["finished"] and status["created"] == 1 and status["percent"] == 100
    progress = client.get(reverse("admin:cooperatives_import_progress", args=[job.pk]))
    assert progress.status_code == 200
    report = client.get(reverse("admin:cooperatives_import_report", args=[job.pk]))
    assert "IMP-20" in b"".join(report.streaming_content).decode()


def test_other_delegate_cannot_see_the_import_job(client, delegate, other_delegate):
    job = create_import_job(user=delegate, upload=SimpleUploadedFile(
        "c.csv", csv_bytes(FR_HEADER, [row("IMP-21")])))
    client.force_login(other_delegate)
    assert client.get(reverse("admin:cooperatives_import_status",
                              args=[job.pk])).status_code == 404


def test_upload_form_refuses_other_file_types(client, delegate):
    client.force_login(delegate)
    upload = SimpleUploadedFile("coops.pdf", b"%PDF-1.4")
    response = client.post(reverse("admin:cooperatives_import"), {"file": upload})
    assert response.status_code == 200 and not ImportJob.objects.unscoped().exists()


def test_confirmed_import_waiting_for_a_broker_is_swept_and_runs_once(
        delegate, django_capture_on_commit_callbacks, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from cooperatives import services
    from cooperatives.models import ImportJob
    from ess_platform.kernel import jobs

    content = csv_bytes(AR_HEADER, [row("SWEEP-1")])
    job = create_import_job(user=delegate,
                            upload=SimpleUploadedFile("coops.csv", content))
    # The broker is down when the job is confirmed: nothing runs, the job waits.
    monkeypatch.setattr(jobs, "run_in_background", lambda task, *args: False)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_import_job(job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PENDING
    monkeypatch.undo()

    assert services.sweep_waiting_imports() == []  # too recent to be presumed lost
    ImportJob.objects.unscoped().filter(pk=job.pk).update(
        queued_at=timezone.now() - timedelta(minutes=5))
    assert services.sweep_waiting_imports() == [job.pk]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.created_count == 1
    # A second copy of the task finds the job done and changes nothing.
    assert services.execute_import_job(job_id=job.pk) is None
