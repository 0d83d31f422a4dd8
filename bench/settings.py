"""Settings for `make bench`: production settings over the bench database, plus the
comparison endpoints of bench/urls.py (never part of the product)."""

import os
import warnings

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "x" * 60)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from ess_platform.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "root": {"handlers": [], "level": "WARNING"}}
STORAGES = {**STORAGES, "staticfiles": {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
# The in-process cache stands for production's Redis, which holds every cached page: not
# Django's default of 300 entries a process, which the mix's thousands of distinct URLs
# would keep evicting (a hit ratio production never has).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                      "OPTIONS": {"MAX_ENTRIES": 100_000}}}
# Each response carries its query count, for the mix's hit ratio (bench/middleware.py).
MIDDLEWARE = ["bench.middleware.QueryCountHeader", *MIDDLEWARE]  # noqa: F405
# No collectstatic for the bench: WhiteNoise serves from the finders.
warnings.filterwarnings("ignore", message="No directory at")
