"""Settings for the test suite: the same settings, with a test key and fast hashing."""

import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("DJANGO_SECRET_KEY", "test-key-" + "x" * 60)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "10000/minute", "user": "10000/minute"}  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def redis_url_of_worker(url, worker):
    """The Redis database of one pytest-xdist worker: gwN takes the Nth after REDIS_URL's
    (gw0 of redis://host:6379/5 keeps /5, gw1 takes /6), so the real Celery workers of the
    queue tests never take the messages of another test process."""
    if not url or not worker:
        return url
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    return urlunsplit(parts._replace(path=f"/{database}"))


# tests/queue/conftest.py hands this one to the processes it starts.
REDIS_URL = redis_url_of_worker(REDIS_URL, env.str("PYTEST_XDIST_WORKER", default=""))  # noqa: F405
CELERY_BROKER_URL = REDIS_URL or "memory://"

import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="ess-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="ess-test-private-")
# One folder per test process (pytest-xdist runs several, each with its own database).
REPORTS_ROOT = Path(tempfile.mkdtemp(prefix="ess-test-reports-"))  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EAGER_TASKS_IN_THREAD = False
REGION_SCOPE_GUARD = True
