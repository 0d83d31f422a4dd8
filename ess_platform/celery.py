"""The Celery application, configured from Django settings (CELERY_* names)."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ess_platform.settings")

app = Celery("ess_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def _refuse_to_start_misconfigured(**kwargs):
    from ess_platform.startup import exit_if_misconfigured

    exit_if_misconfigured()
