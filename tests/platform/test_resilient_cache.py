"""The Redis cache backend answers misses, never errors, when Redis cannot be reached."""

import logging

import pytest
from django.core.cache import cache, caches

from ess_platform.kernel.cache import cache_is_down
from ess_platform.kernel.notifications import scheduling
from ess_platform.kernel.notifications.models import ScheduleLock

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


@pytest.fixture
def unreachable_redis(settings):
    settings.CACHES = {"default": {"BACKEND": "ess_platform.kernel.cache.ResilientRedisCache",
                                   "LOCATION": CLOSED, "OPTIONS": {"RETRY_AFTER": 60}}}
    from ess_platform.kernel import cache as module

    module._breakers.pop(CLOSED, None)  # a fresh outage for each test
    yield
    module._breakers.pop(CLOSED, None)


def test_every_call_is_a_miss_or_a_no_op(unreachable_redis):
    assert cache.get("key", "default") == "default"
    assert cache.get_or_set("key", 5) == 5
    assert cache.add("key", 1) is False
    assert cache.set("key", 1) is None
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("a") is False
    assert cache.touch("a") is False
    assert cache.delete("a") is False
    assert cache.delete_many(["a"]) is None
    with pytest.raises(ValueError):
        cache.incr("a")
    assert cache.clear() is False
    assert cache_is_down(cache)


def test_one_warning_per_outage_and_redis_left_alone_while_down(unreachable_redis, caplog,
                                                                monkeypatch):
    caplog.set_level(logging.WARNING, logger="ess_platform.kernel.cache")
    cache.get("first")
    attempts = []
    monkeypatch.setattr(caches["default"]._cache, "get_client",
                        lambda *args, **kwargs: attempts.append(args))
    for index in range(20):
        assert cache.get(f"key-{index}") is None
    assert attempts == []  # the circuit is open: no connection attempt, no timeout paid
    assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1


@pytest.mark.django_db
def test_schedule_lock_falls_back_to_the_database(unreachable_redis, settings):
    settings.SCHEDULE_LOCK_BACKEND = "cache"
    assert scheduling.acquire("outage.job", 60)
    assert not scheduling.acquire("outage.job", 60)
    assert ScheduleLock.objects.filter(name="outage.job").exists()


def test_the_resilient_backend_counts_as_a_shared_cache(unreachable_redis):
    assert scheduling.has_shared_cache()
