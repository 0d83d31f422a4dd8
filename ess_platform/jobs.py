"""Start a long job (report, import) in the background.

With a broker, the task goes to Celery; if the broker cannot be reached, the job stays
recorded in the database as waiting and a beat sweeper enqueues it again, so the person's
request still succeeds. With eager tasks (the embedded `make run`), EAGER_TASKS_IN_THREAD
runs the job in a thread of the web process instead of inside the request, so the page
that follows can show its progress bar as it fills.
"""

import logging
import threading

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)


def run_in_background(task, *args):
    """Start ``task(*args)``; return False when the broker could not take it."""
    if task.app.conf.task_always_eager:
        if getattr(settings, "EAGER_TASKS_IN_THREAD", False):
            threading.Thread(target=_run_eagerly, args=(task, args), daemon=True,
                             name=f"eager-{task.name}").start()
        else:
            task.apply(args)
        return True
    try:
        task.apply_async(args)
    except Exception:  # noqa: BLE001 - broker down: the sweeper enqueues it later
        logger.warning("Could not enqueue %s%r; it stays waiting for the sweeper.",
                       task.name, args, exc_info=True)
        return False
    return True


def _run_eagerly(task, args):
    try:
        task.apply(args)
    finally:
        connections.close_all()
