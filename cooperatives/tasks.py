from celery import shared_task

from ess_platform.kernel import jobs
from ess_platform.kernel.notifications.scheduling import once_per_schedule

from . import services


@shared_task(bind=True, name="cooperatives.run_import_job", acks_late=True,
             reject_on_worker_lost=True, soft_time_limit=25 * 60, time_limit=30 * 60,
             on_give_up=jobs.abandon_task(services.IMPORT_JOBS))
def run_import_job(self, job_id, token=None):
    """``token``: the attempt token it was sent with (see ess_platform.kernel.jobs)."""
    services.execute_import_job(job_id=job_id, token=token, keep_alive=not self.request.is_eager)


@shared_task(name="cooperatives.sweep_waiting_imports", acks_late=True, soft_time_limit=50,
             time_limit=60)
@once_per_schedule("cooperatives.sweep_waiting_imports", 60)
def sweep_waiting_imports():
    """Imports only; beat runs ess_platform.kernel.jobs.sweep_stalled_jobs for every kind of job."""
    return services.sweep_waiting_imports()
