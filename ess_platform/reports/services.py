"""Request and build reports.

A report is a row written in the requester's transaction; building it is enqueued on
commit. The build runs in steps (one per section, then each file) and records its progress
and what it already has after each step, so a run started again after a worker died
resumes where it stopped; a finished report is never built twice. Its heartbeat, its
attempts and its recovery after a lost worker are the shared ones of ``ess_platform.kernel.jobs``.
"""

import logging
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ess_platform.kernel import jobs
from ess_platform.kernel.notifications import conf as notification_conf
from ess_platform.kernel.notifications.services import notify
from ess_platform.kernel.registry import report_sections

from . import rendering
from .models import Report
from .permissions import may_request
from .selectors import active_count

logger = logging.getLogger(__name__)

#: At most this many reports per person waiting or being built.
MAX_ACTIVE_PER_USER = 5
#: The files are kept this long after the report is built.
RETENTION_DAYS = 30
FILE_STEPS = ("csv_zip", "xlsx", "pdf")


def _setting(name, default, cast):
    return notification_conf._value(name, default, cast)


def step_delay():
    """Seconds to wait after each step: 0, except in tests that kill a worker mid-way."""
    return _setting("REPORT_STEP_DELAY", 0.0, float)


def check_report_request(*, requester, region, period_start=None, period_end=None):
    """Raise ValidationError (by field) if this person may not ask for this report now:
    the region they may report on, a period in order, at most MAX_ACTIVE_PER_USER reports
    waiting or being built. The form and request_report both ask here."""
    errors = {}
    if not may_request(requester, region):
        errors["region"] = (
            _("Only national administrators can ask for a report on the whole country.")
            if region is None else _("You can only ask for reports on your own region."))
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = _("The period must end on or after the day it starts.")
    if active_count(requester) >= MAX_ACTIVE_PER_USER:
        errors[NON_FIELD_ERRORS] = _(
            "Several of your reports are still being built; wait for one to finish before "
            "asking for another.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def request_report(*, requester, region, period_start, period_end, language):
    """Record a report request and enqueue its build after commit."""
    # One request at a time per person, so the limit holds against a double submit.
    get_user_model()._base_manager.select_for_update().filter(pk=requester.pk).first()
    check_report_request(requester=requester, region=region, period_start=period_start,
                         period_end=period_end)
    report = Report(requester=requester, region=region, period_start=period_start,
                    period_end=period_end, language=language)
    report.full_clean()
    report.save()
    transaction.on_commit(lambda: enqueue_build(report_id=report.pk))
    return report


def enqueue_build(*, report_id):
    """Hand the build to the broker; if it is down the report stays queued for the sweeper."""
    token = (Report.objects.unscoped().filter(pk=report_id)
             .values_list("attempt_token", flat=True).first())
    return token is not None and jobs.enqueue(JOBS, report_id, token)


def _steps():
    return [key for key, _builder in report_sections()] + list(FILE_STEPS)


def _record(report, **fields):
    """Save a step's progress; it is also the heartbeat (JobLost if another run took over)."""
    jobs.beat(JOBS, report, updated_at=timezone.now(), **fields)


def _file_is_there(field_file):
    return bool(field_file) and field_file.storage.exists(field_file.name)


def build_report(*, report_id, token=None, keep_alive=False):
    """Build (or finish building) a report; safe to run again at any point.

    ``token`` is the attempt token the task was sent with (None: any); ``keep_alive``
    beats in a background thread during long steps (in a worker).
    """
    report = jobs.claim(JOBS, report_id, token)
    if report is None:
        return (Report.objects.unscoped().filter(pk=report_id)
                .values_list("status", flat=True).first())
    with jobs.keep_alive(JOBS, report, enabled=keep_alive):
        return _build(report)


def _build(report):
    steps = _steps()
    delay = step_delay()
    sections_data = dict(report.data.get("sections", {}))
    with translation.override(report.language):
        for index, (key, builder) in enumerate(report_sections()):
            if key not in sections_data:
                sections_data[key] = builder(report)
                _record(report, data={"sections": sections_data}, step=key,
                        progress=_percent(index + 1, steps))
                if delay:
                    time.sleep(delay)
        sections = [sections_data[key] for key, _builder in report_sections()]
        done = len(sections)
        stamp = f"report-{report.pk}-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}"
        for offset, step in enumerate(FILE_STEPS, start=1):
            field_file = getattr(report, step)
            if not _file_is_there(field_file):
                _write_file(report, step, sections, stamp)
                _record(report, step=step, progress=_percent(done + offset, steps),
                        **{step: getattr(report, step).name})
                if delay:
                    time.sleep(delay)
    return finish(report=report)


def _percent(done, steps):
    return min(99, round(100 * done / max(len(steps), 1)))


def _write_file(report, step, sections, stamp):
    field_file = getattr(report, step)
    if step == "csv_zip":
        field_file.save(f"{stamp}-csv.zip",
                        ContentFile(rendering.to_bytes(rendering.write_csv_zip, sections)),
                        save=False)
    elif step == "xlsx":
        handle = rendering.to_tempfile(rendering.write_xlsx, sections,
                                       right_to_left=translation.get_language_bidi())
        with handle:
            field_file.save(f"{stamp}.xlsx", File(handle), save=False)
    elif step == "pdf":
        field_file.save(f"{stamp}.pdf",
                        ContentFile(rendering.to_bytes(rendering.write_pdf, report, sections)),
                        save=False)


def finish(*, report):
    """Mark the report ready (once) and tell its requester."""
    now = timezone.now()
    with transaction.atomic():
        updated = Report.objects.unscoped().filter(
            pk=report.pk, status=Report.Status.RUNNING, attempts=report.attempts).update(
            status=Report.Status.DONE, progress=100, step="", finished_at=now,
            expires_at=now + timedelta(days=RETENTION_DAYS), error="", updated_at=now)
        if updated:
            report.refresh_from_db()
            _notify(report, "report_ready")
    return Report.Status.DONE


def fail(*, report_id, error):
    """Record a build that will not succeed, and tell the requester."""
    with transaction.atomic():
        report = Report.objects.unscoped().select_related("region", "requester").get(
            pk=report_id)
        updated = Report.objects.unscoped().filter(
            pk=report_id, status__in=[Report.Status.QUEUED, Report.Status.RUNNING]
        ).update(status=Report.Status.FAILED, error=str(error)[:2000],
                 finished_at=timezone.now(), updated_at=timezone.now())
        if updated:
            report.refresh_from_db()
            logger.error("Report %s failed: %s", report_id, error)
            _notify(report, "report_failed")


def _notify(report, kind):
    user = report.requester
    with translation.override(user.preferred_language or report.language):
        url = reverse("reports:list")
    notify(kind=kind, key=f"report:{report.pk}:{kind}", user=user, url=url,
           context={"report": report})


def sweep_stalled_reports():
    """Enqueue again reports never picked up (broker down) or abandoned by a lost worker."""
    outcome = jobs.sweep(JOBS)
    return sum(len(ids) for ids in outcome.values())


def delete_expired_reports(*, now=None):
    """Delete the files of reports past their retention date; the row stays, EXPIRED."""
    now = now or timezone.now()
    count = 0
    for report in Report.objects.unscoped().filter(status=Report.Status.DONE,
                                                   expires_at__lte=now):
        for _kind, field_file in report.files():
            field_file.delete(save=False)
        Report.objects.unscoped().filter(pk=report.pk).update(
            status=Report.Status.EXPIRED, pdf="", xlsx="", csv_zip="", updated_at=now)
        count += 1
    return count


JOBS = jobs.JobKind(
    model=Report, task="ess_platform.reports.tasks.build_report",
    waiting=Report.Status.QUEUED, running=Report.Status.RUNNING,
    finished=(Report.Status.DONE, Report.Status.FAILED, Report.Status.EXPIRED),
    waiting_since="updated_at",
    give_up=lambda report, reason: fail(report_id=report.pk, error=reason),
    language=lambda report: report.language,
)
