"""A Celery task found by its name, so that a service can queue the task that calls it
without importing the module of tasks (which imports the services: a circle)."""

import threading

_importing = threading.Lock()


def task_named(name):
    """The registered task of that name (the tasks' modules are imported once if needed;
    one thread at a time, so that none looks while another is halfway through)."""
    from celery import current_app

    tasks = current_app.tasks
    if name not in tasks:
        with _importing:
            if name not in tasks:
                current_app.loader.import_default_modules()
    return tasks[name]
