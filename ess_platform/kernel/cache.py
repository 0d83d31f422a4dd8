"""A Redis cache that degrades to "no cache" when Redis cannot be reached.

The cache only ever holds copies (directory pages, throttle counters, schedule locks with a
database fallback), so an unreachable Redis must make pages slower, never broken: every
call that fails answers as a miss (``get`` gives the default, ``add`` gives False, ``set``
does nothing) and logs one warning per outage. Short socket timeouts bound a call to a
Redis that does not answer, and after a failure Redis is left alone for ``RETRY_AFTER``
seconds (a circuit breaker shared by every thread of the process), so a page making twenty
cache calls during an outage pays for one failure, not twenty.

CACHES OPTIONS: ``RETRY_AFTER`` (seconds, default 5) and any redis-py connection option
(``socket_connect_timeout`` and ``socket_timeout`` default to 0.5 s and 1 s).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
DEFAULT_RETRY_AFTER = 5.0

# Per Redis location, shared by the per-thread cache objects Django creates.
_breakers = {}
_breakers_lock = threading.Lock()


class _Breaker:
    """Open (Redis skipped) for ``retry_after`` seconds after a connection failure."""

    def __init__(self, name, retry_after):
        self.name = name
        self.retry_after = retry_after
        self.open_until = 0.0
        self.down = False
        self.lock = threading.Lock()

    def is_open(self):
        return time.monotonic() < self.open_until

    def failed(self, error):
        with self.lock:
            self.open_until = time.monotonic() + self.retry_after
            first = not self.down
            self.down = True
        if first:
            logger.warning("Cache %s unreachable (%s: %s): serving without it, retrying every "
                           "%s s.", self.name, error.__class__.__name__, error,
                           self.retry_after)

    def succeeded(self):
        if not self.down:
            return
        with self.lock:
            was_down, self.down, self.open_until = self.down, False, 0.0
        if was_down:
            logger.warning("Cache %s reachable again.", self.name)


def _breaker_for(servers, retry_after):
    name = ",".join(servers)
    with _breakers_lock:
        if name not in _breakers:
            _breakers[name] = _Breaker(name, retry_after)
        _breakers[name].retry_after = retry_after
        return _breakers[name]


class ResilientRedisCache(RedisCache):
    """Django's RedisCache whose failures are cache misses (see the module docstring)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        options = dict(self._options)
        retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        self._options = {**DEFAULT_OPTIONS, **options}
        self._breaker = _breaker_for(self._servers, retry_after)

    def is_down(self):
        """True while Redis is known to be unreachable (for callers with a fallback)."""
        return self._breaker.is_open()

    def ping(self):
        """Ask Redis directly, past the breaker (the health check); raises on failure."""
        try:
            self._cache.get_client(write=True).ping()
        except (RedisConnectionError, RedisTimeoutError) as error:
            self._breaker.failed(error)
            raise
        self._breaker.succeeded()

    def _call(self, fallback, method, *args, **kwargs):
        if self._breaker.is_open():
            return fallback()
        try:
            result = method(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            self._breaker.failed(error)
            return fallback()
        except RedisError as error:  # a refused command (out of memory, read-only replica)
            logger.warning("Cache command refused (%s: %s).", error.__class__.__name__, error)
            return fallback()
        self._breaker.succeeded()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(lambda: default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(lambda: False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call(dict, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(lambda: False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (cache unreachable).")

        return self._call(missing, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that could not be stored.
        return self._call(lambda: list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(lambda: None, super().delete_many, keys, version)

    def clear(self):
        return self._call(lambda: False, super().clear)


def cache_is_down(backend):
    """True when ``backend`` is a ResilientRedisCache that cannot reach Redis right now."""
    return bool(getattr(backend, "is_down", lambda: False)())
