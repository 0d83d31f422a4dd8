from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, max_retries=8, retry_backoff=True,
             autoretry_for=(OSError,), retry_backoff_max=600)
def deliver_notification(self, notification_id):
    services.deliver(notification_id)
