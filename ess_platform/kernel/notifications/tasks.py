from celery import shared_task

from . import services
from .scheduling import once_per_schedule


def _give_up_delivery(task, args, kwargs, runs):
    services.give_up_delivery(delivery_id=args[0] if args else kwargs["delivery_id"], runs=runs)


# Short limits: one message to one provider (EMAIL_TIMEOUT bounds an SMTP call). The hard
# limit stays below NOTIFICATION_SEND_TIMEOUT, so a live send's claim is never taken over.
@shared_task(name="ess_platform.notifications.tasks.send_delivery",
             bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None,
             soft_time_limit=45, time_limit=60, on_give_up=_give_up_delivery)
def send_delivery(self, delivery_id):
    """Send one delivery; failures come back with exponential backoff, then FAILED."""
    while True:
        try:
            return services.send_delivery(delivery_id=delivery_id, run=self.request.id)
        except services.RetryLater as retry:
            if not self.request.is_eager:
                raise self.retry(countdown=retry.countdown, exc=retry) from None
            # Eager (embedded default, tests): no queue to wait in, so try again now;
            # send_delivery records FAILED once the attempts are spent.


@shared_task(name="ess_platform.notifications.tasks.deliver_notification",
             acks_late=True, reject_on_worker_lost=True, soft_time_limit=45, time_limit=60)
def deliver_notification(notification_id):
    """Enqueue every pending delivery of a notification (kept for messages already queued)."""
    from .models import Delivery

    ids = list(Delivery.objects.filter(notification_id=notification_id,
                                       status=Delivery.Status.PENDING)
               .values_list("pk", flat=True))
    return services.enqueue_deliveries(delivery_ids=ids)


@shared_task(name="ess_platform.notifications.tasks.sweep_pending_deliveries",
             acks_late=True, soft_time_limit=50, time_limit=60)
@once_per_schedule("notifications.sweep_pending_deliveries", 60)
def sweep_pending_deliveries():
    """Beat, every minute: enqueue again the deliveries recorded but never sent."""
    return services.sweep_pending_deliveries()
