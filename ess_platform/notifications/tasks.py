from celery import shared_task

from . import services
from .scheduling import once_per_schedule


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def send_delivery(self, delivery_id):
    """Send one delivery; failures come back with exponential backoff, then FAILED."""
    while True:
        try:
            return services.send_delivery(delivery_id)
        except services.RetryLater as retry:
            if not self.request.is_eager:
                raise self.retry(countdown=retry.countdown, exc=retry) from None
            # Eager (embedded default, tests): no queue to wait in, so try again now;
            # send_delivery records FAILED once the attempts are spent.


@shared_task(acks_late=True, reject_on_worker_lost=True)
def deliver_notification(notification_id):
    """Enqueue every pending delivery of a notification (kept for messages already queued)."""
    from .models import Delivery

    ids = list(Delivery.objects.filter(notification_id=notification_id,
                                       status=Delivery.Status.PENDING)
               .values_list("pk", flat=True))
    return services.enqueue_deliveries(ids)


@shared_task(acks_late=True)
@once_per_schedule("notifications.sweep_pending_deliveries", 60)
def sweep_pending_deliveries():
    """Beat, every minute: enqueue again the deliveries recorded but never sent."""
    return services.sweep_pending_deliveries()
