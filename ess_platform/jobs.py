"""Start a long job (report, import) in the background.

With a broker, the task goes to Celery. With eager tasks (the embedded `make run`),
EAGER_TASKS_IN_THREAD runs it in a thread of the web process instead of inside the
request, so the page that follows can show its progress bar as it fills.
"""

import threading

from django.conf import settings
from django.db import connections


def run_in_background(task, *args):
    if task.app.conf.task_always_eager and getattr(settings, "EAGER_TASKS_IN_THREAD", False):
        threading.Thread(target=_run_eagerly, args=(task, args), daemon=True,
                         name=f"eager-{task.name}").start()
        return
    task.apply_async(args)


def _run_eagerly(task, args):
    try:
        task.apply(args)
    finally:
        connections.close_all()
