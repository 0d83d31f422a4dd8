import pytest

from ess_platform.kernel.notifications import services


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """notify(...) with its on-commit enqueue run (Celery is eager in tests)."""

    def _send(**kwargs):
        kwargs.setdefault("kind", "message")
        kwargs.setdefault("context", {"subject": "Idea accepted", "body": "Well done."})
        with django_capture_on_commit_callbacks(execute=True):
            return services.notify(**kwargs)

    return _send


@pytest.fixture
def fast_retries(settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.NOTIFICATION_RETRY_BASE = 0
    return settings
