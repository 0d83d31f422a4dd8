import pytest
from django.core.cache import cache

from ess_platform.kernel.notifications import scheduling
from ess_platform.kernel.notifications.models import ScheduleLock
from ess_platform.kernel.notifications.tasks import sweep_pending_deliveries

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["db", "cache"])
def lock_backend(request, settings):
    settings.SCHEDULE_LOCK_BACKEND = request.param
    cache.clear()
    return request.param


def test_second_firing_of_the_same_schedule_is_skipped(lock_backend):
    runs = []

    @scheduling.once_per_schedule("test.job", 60)
    def job():
        runs.append(1)
        return "ran"

    assert job() == "ran"
    assert job() is None
    assert runs == [1]


def test_lock_is_per_job(lock_backend):
    assert scheduling.acquire("job.a", 60)
    assert scheduling.acquire("job.b", 60)
    assert not scheduling.acquire("job.a", 60)


def test_db_lock_is_free_again_after_its_period(settings):
    settings.SCHEDULE_LOCK_BACKEND = "db"
    assert scheduling.acquire("job.c", 60)
    ScheduleLock.objects.filter(name="job.c").update(locked_until="2000-01-01T00:00:00Z")
    assert scheduling.acquire("job.c", 60)
    assert not scheduling.acquire("job.c", 60)


def test_auto_uses_the_cache_only_when_it_is_shared(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}
    assert scheduling.has_shared_cache()
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert not scheduling.has_shared_cache()


def test_sweeper_task_runs_once_per_minute(lock_backend):
    assert sweep_pending_deliveries.apply().get() == 0
    assert sweep_pending_deliveries.apply().get() is None
