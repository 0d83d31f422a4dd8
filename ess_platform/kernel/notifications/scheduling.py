"""Run a periodic job once per schedule, however many workers or beat processes fire it.

``once_per_schedule(name, seconds)`` takes a lock that lives for (almost) the schedule's
period and is never released early: a second firing of the same tick finds it taken and
skips. With a shared cache (Redis) the lock is ``cache.add`` (SET NX EX); without one
(the embedded SQLite default, tests), or while Redis cannot be reached, it is a
conditional UPDATE of a ScheduleLock row, which the database serialises.
"""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from ess_platform.kernel.cache import cache_is_down

from . import conf
from .models import ScheduleLock

logger = logging.getLogger(__name__)

SHARED_CACHE_BACKENDS = ("redis", "memcached", "db.DatabaseCache")


def has_shared_cache():
    backend = settings.CACHES.get("default", {}).get("BACKEND", "").lower()
    return any(name.lower() in backend for name in SHARED_CACHE_BACKENDS)


def _use_cache():
    backend = conf.schedule_lock_backend()
    if backend == "cache":
        return True
    if backend == "db":
        return False
    return has_shared_cache()


def acquire(name, ttl):
    """True for the first caller within ``ttl`` seconds, False for the others."""
    ttl = max(int(ttl), 1)
    if _use_cache():
        if cache.add(f"schedule-lock:{name}", timezone.now().isoformat(), ttl):
            return True
        if not cache_is_down(cache):
            return False
        # Redis unreachable: the row lock below decides instead.
    now = timezone.now()
    until = now + timedelta(seconds=ttl)
    try:
        with transaction.atomic():
            _lock, created = ScheduleLock.objects.get_or_create(
                name=name, defaults={"locked_until": until}
            )
    except IntegrityError:
        created = False
    if created:
        return True
    return bool(
        ScheduleLock.objects.filter(name=name, locked_until__lte=now).update(locked_until=until)
    )


def once_per_schedule(name, seconds):
    """Decorate a periodic job: it runs at most once per ``seconds`` (90% of it, for drift)."""

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if not acquire(name, seconds * 0.9):
                logger.info("Periodic job %s already ran for this schedule; skipped.", name)
                return None
            return func(*args, **kwargs)

        return wrapper

    return decorator
