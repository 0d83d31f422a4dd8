from celery import shared_task

from . import services


@shared_task(name="cooperatives.run_import_job", acks_late=True, reject_on_worker_lost=True)
def run_import_job(job_id):
    services.execute_import_job(job_id)
