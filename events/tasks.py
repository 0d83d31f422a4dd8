from celery import shared_task

from . import services


@shared_task(name="events.send_reminders", acks_late=True, soft_time_limit=9 * 60,
             time_limit=10 * 60)
def send_reminders():
    """Beat task: remind registrants of events starting in 24 to 48 hours (once each)."""
    return services.send_reminders()
