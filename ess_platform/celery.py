"""The Celery application, configured from Django settings (CELERY_* names).

Every task is ``acks_late`` and ``reject_on_worker_lost``: a task whose worker process dies
(killed for memory, a hard time limit, a crash, a machine lost) is handed out again rather
than lost. A task that kills its worker every time would then run forever, so every task
of the platform is built on ``Task`` below, which counts the runs of each message (by
task id, in the shared cache: Redis in production) that started and never returned. Past
``TASK_MAX_DELIVERIES`` such runs the message is not run again: the task's ``on_give_up``
records the failure (a delivery marked failed, a report failed and its requester told)
and the message is rejected without requeue.

Celery's own ``task_retry_on_worker_lost`` is not used for this: it counts only a lost
pool child (not a whole worker whose message comes back after the visibility timeout),
and it shares ``max_retries`` with the retries of ordinary errors.
"""

import logging
import os

from celery import Celery, signals
from celery import Task as BaseTask
from celery.exceptions import Reject

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ess_platform.settings")

logger = logging.getLogger(__name__)


def max_deliveries():
    """Runs of one message that may end without returning before it is given up."""
    from ess_platform.kernel.notifications.conf import _value

    return _value("TASK_MAX_DELIVERIES", 3, int)


def _counter_key(task_id):
    return f"task-deliveries:{task_id}"


def count_delivery(task_id):
    """Record that a run of this message starts; the runs so far that never returned.

    None when the count could not be kept (cache down): the task then runs, uncounted.
    """
    from django.core.cache import cache

    key = _counter_key(task_id)
    # Kept long enough for a message restored after the broker's visibility timeout.
    visibility = int(app.conf.broker_transport_options.get("visibility_timeout") or 3600)
    ttl = max(24 * 60 * 60, (max_deliveries() + 1) * visibility)
    try:
        cache.add(key, 0, ttl)
        return cache.incr(key)
    except Exception:  # a counter must never stop the work itself
        logger.warning("Could not count the runs of task %s.", task_id, exc_info=True)
        return None


def forget_deliveries(task_id):
    """The run returned (success, error or retry): its message is not a crash loop."""
    from django.core.cache import cache

    try:
        cache.delete(_counter_key(task_id))
    except Exception:
        logger.warning("Could not reset the run count of task %s.", task_id, exc_info=True)


class Task(BaseTask):
    """A task that gives up a message after TASK_MAX_DELIVERIES runs that never returned.

    A task records what giving up means for it with ``on_give_up``:
    ``@shared_task(on_give_up=function)``, called as ``function(task, args, kwargs, runs)``
    in the worker instead of a further run; the default only logs.
    """

    def on_give_up(self, args, kwargs, runs):
        logger.error("Task %s[%s] %r gave up: its worker was lost in each of its %s runs.",
                     self.name, self.request.id, args, runs)

    def __call__(self, *args, **kwargs):
        request = self.request
        if request.is_eager or request.called_directly or not request.id:
            # Eager (embedded default, tests) or a plain call: no broker to redeliver.
            return super().__call__(*args, **kwargs)
        runs = count_delivery(request.id)
        if runs is not None and runs > max_deliveries():
            try:
                self.on_give_up(args, kwargs, runs - 1)
            finally:
                forget_deliveries(request.id)
            raise Reject(f"gave up after {runs - 1} runs that lost their worker",
                         requeue=False)
        try:
            return super().__call__(*args, **kwargs)
        finally:
            forget_deliveries(request.id)


app = Celery("ess_platform", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _beat_schedule_from_the_apps(sender, **kwargs):
    """Beat runs what the apps registered (``ess_platform.kernel.registry``).

    ``celery beat`` and ``celery worker`` finalize the app after Django's set-up (their
    loader's import of the default modules sets Django up first), and beat reads the
    schedule only after that; a web process finalizes it on its first task, when Django's
    apps are long ready. Before they are, the registry would be incomplete: refuse.
    """
    from django.apps import apps

    from ess_platform.kernel.registry import beat_schedule

    apps.check_apps_ready()
    sender.conf.beat_schedule = beat_schedule()


@signals.worker_init.connect
@signals.beat_init.connect
def _refuse_to_start_misconfigured(**kwargs):
    from ess_platform.startup import exit_if_misconfigured

    exit_if_misconfigured()
