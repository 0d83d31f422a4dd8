import logging

from celery import shared_task

from ess_platform.kernel import jobs
from ess_platform.kernel.notifications.scheduling import once_per_schedule

from . import services

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3,
             soft_time_limit=25 * 60, time_limit=30 * 60,
             on_give_up=jobs.abandon_task(services.JOBS))
def build_report(self, report_id, token=None):
    """Build a report in steps; started again after a lost worker, it resumes.

    ``token``: the attempt token it was sent with; a message of an earlier attempt, or one
    for a report already built, does nothing (see ess_platform.kernel.jobs).
    """
    try:
        return services.build_report(report_id=report_id, token=token,
                                     keep_alive=not self.request.is_eager)
    except jobs.JobLost:
        logger.warning("Report %s was taken over by another attempt; this run stops.",
                       report_id)
        return "superseded"
    except Exception as exc:
        logger.exception("Building report %s failed (try %s)", report_id,
                         self.request.retries + 1)
        if (self.request.is_eager or self.request.retries >= self.max_retries
                or not jobs.release(services.JOBS, report_id)):
            services.fail(report_id=report_id, error=f"{exc.__class__.__name__}: {exc}")
            return "failed"
        raise self.retry(exc=exc, countdown=30 * 2 ** self.request.retries) from None


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60)
@once_per_schedule("reports.sweep_stalled_reports", 5 * 60)
def sweep_stalled_reports():
    """Reports only; beat runs ess_platform.kernel.jobs.sweep_stalled_jobs for every kind of job."""
    return services.sweep_stalled_reports()


@shared_task(acks_late=True, soft_time_limit=4 * 60, time_limit=5 * 60)
@once_per_schedule("reports.delete_expired_reports", 24 * 60 * 60)
def delete_expired_reports():
    """Beat, daily: delete the files of expired reports."""
    return services.delete_expired_reports()


@shared_task(acks_late=True, soft_time_limit=14 * 60, time_limit=15 * 60)
@once_per_schedule("reports.refresh_territory", 24 * 60 * 60)
def refresh_territory():
    """Beat, nightly: reload the official territory and census figures (idempotent)."""
    from regional_hubs.services import load_territory

    return str(load_territory())
