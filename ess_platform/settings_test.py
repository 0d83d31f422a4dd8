"""Settings for the test suite: the same settings, with a test key and fast hashing."""

import os

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

import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="ess-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="ess-test-private-")
# One folder per test process (pytest-xdist runs several, each with its own database).
REPORTS_ROOT = Path(tempfile.mkdtemp(prefix="ess-test-reports-"))  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EAGER_TASKS_IN_THREAD = False
REGION_SCOPE_GUARD = True
