"""The objects a web process keeps for its whole life, taken out of the way of Python's
cyclic garbage collector once it has served its first requests.

A process that has served a few pages holds about 170,000 container objects that live as
long as it does: modules, URL patterns, compiled templates, the directory's reference data.
A full collection (CPython's generation 2) walks every one of them, and a request pays for
it whenever its allocations happen to trigger one: 100 to 140 ms, once or twice in every
sixty requests, measured on the national data set (bench/). After the requests counted in
``settings.GC_FREEZE_AFTER_REQUESTS``, once the response has gone (``request_finished``),
the process collects its garbage once and moves every object still alive to the
collector's permanent generation (``gc.freeze``): later full collections walk only what was
created since, 3 ms measured.

A frozen object is still freed when its last reference goes (reference counting); only a
reference cycle among frozen objects that later becomes garbage is never freed. That is at
most what a freeze caught, a few times in a process's life, and gunicorn replaces its
workers after ``max_requests`` anyway."""

import gc
import itertools
import threading

from django.conf import settings

_served = itertools.count(1)
_lock = threading.Lock()


def settle(**_signal):
    """``request_finished`` receiver: freeze the survivors after the counted requests."""
    served = next(_served)
    if served in getattr(settings, "GC_FREEZE_AFTER_REQUESTS", ()):
        freeze_survivors()


def freeze_survivors():
    """Collect the garbage, then freeze what is left (returns how many objects are frozen)."""
    with _lock:
        gc.collect()
        gc.freeze()
        return gc.get_freeze_count()
