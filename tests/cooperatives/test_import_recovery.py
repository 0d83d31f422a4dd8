"""An import whose worker died is queued again by the shared heartbeat sweeper, at most
JOB_MAX_ATTEMPTS runs in all (ess_platform/kernel/jobs.py)."""

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cooperatives import services
from cooperatives.models import Cooperative, ImportJob
from cooperatives.tasks import run_import_job
from ess_platform.kernel import jobs

from .test_import import AR_HEADER, csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _job_settings(settings):
    settings.JOB_HEARTBEAT_TIMEOUT = 120
    settings.JOB_MAX_ATTEMPTS = 3


def _lost_import(user, *, attempts=1, beat_seconds_ago=600):
    """An import whose worker died half-way: running, its heartbeat long stopped."""
    job = services.create_import_job(
        user=user, upload=SimpleUploadedFile("coops.csv", csv_bytes(
            AR_HEADER, [row("LOST-1"), row("LOST-2")])))
    ImportJob.objects.unscoped().filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, attempts=attempts, processed_rows=1,
        queued_at=timezone.now() - datetime.timedelta(seconds=beat_seconds_ago + 10),
        started_at=timezone.now() - datetime.timedelta(seconds=beat_seconds_ago + 5),
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=beat_seconds_ago))
    job.refresh_from_db()
    return job


def test_import_of_a_dead_worker_is_queued_again_and_writes_each_row_once(
        delegate, django_capture_on_commit_callbacks):
    job = _lost_import(delegate)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = jobs.sweep(services.IMPORT_JOBS)
    assert outcome == {"requeued": [job.pk], "failed": [], "resent": []}
    job.refresh_from_db()
    assert (job.status, job.attempts, job.processed_rows) == (ImportJob.Status.DONE, 2, 2)
    assert Cooperative.objects.unscoped().filter(
        registration_number__startswith="LOST-").count() == 2


def test_import_with_a_fresh_heartbeat_is_left_alone(delegate,
                                                     django_capture_on_commit_callbacks):
    job = _lost_import(delegate, beat_seconds_ago=5)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert jobs.sweep(services.IMPORT_JOBS) == {"requeued": [], "failed": [], "resent": []}
    assert callbacks == []
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportJob.Status.RUNNING, 1)


def test_import_past_its_attempts_is_failed_in_its_authors_language(
        delegate, django_capture_on_commit_callbacks):
    delegate.preferred_language = "ar"
    delegate.save(update_fields=["preferred_language"])
    job = _lost_import(delegate, attempts=3)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outcome = jobs.sweep(services.IMPORT_JOBS)
    assert outcome == {"requeued": [], "failed": [job.pk], "resent": []}
    assert callbacks == []
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.finished_at
    assert "عدد مرات الانقطاع: 3" in job.error
    assert not Cooperative.objects.unscoped().filter(
        registration_number__startswith="LOST-").exists()


def test_import_message_of_an_earlier_attempt_is_ignored(delegate):
    job = _lost_import(delegate)
    run_import_job.apply(args=(job.pk, str(uuid.uuid4())))
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportJob.Status.RUNNING, 1)
    run_import_job.apply(args=(job.pk, str(job.attempt_token)))
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportJob.Status.DONE, 2)
