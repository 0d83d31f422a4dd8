"""Periodic jobs of the platform as a whole."""

from celery import shared_task

from ess_platform.kernel import jobs
from ess_platform.kernel.notifications.scheduling import once_per_schedule


@shared_task(name="ess_platform.jobs.sweep_stalled_jobs", acks_late=True, soft_time_limit=50,
             time_limit=60)
@once_per_schedule("jobs.sweep_stalled_jobs", 60)
def sweep_stalled_jobs():
    """Beat, every minute: queue again the jobs of a dead worker, resend those never taken."""
    return jobs.sweep_all()
