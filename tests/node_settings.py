"""The production settings for web nodes started by the tests, with static files served
from the apps (a test run has no collectstatic manifest to read)."""

from ess_platform.settings import *  # noqa: F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = True
