from celery import shared_task

from ess_platform.notifications.scheduling import once_per_schedule

from . import services


@shared_task(name="cooperatives.run_import_job", acks_late=True, reject_on_worker_lost=True)
def run_import_job(job_id):
    services.execute_import_job(job_id)


@shared_task(name="cooperatives.sweep_waiting_imports", acks_late=True)
@once_per_schedule("cooperatives.sweep_waiting_imports", 60)
def sweep_waiting_imports():
    """Beat, every minute: imports confirmed while the broker was down start late, not never."""
    return services.sweep_waiting_imports()
