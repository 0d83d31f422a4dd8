"""Tunables of notifications, reports and scheduled jobs.

Each reads the Django setting of the same name (set from the environment variable of that
name in settings.py), or a default when the setting is absent or empty.
"""

from django.conf import settings


def _value(name, default, cast):
    value = getattr(settings, name, None)
    if value is None or value == "":
        return default
    return cast(value)


def channels():
    """Channel names in use; a person chooses among these in their preferences."""
    value = getattr(settings, "NOTIFICATION_CHANNELS", None)
    return list(value or ["inapp", "email", sms_channel()])


def sms_channel():
    """The SMS channel in use: the gateway when one is configured, else the console."""
    return "sms" if getattr(settings, "SMS_GATEWAY_URL", "") else "sms_console"


def default_channels():
    """What a person without saved preferences receives."""
    value = getattr(settings, "NOTIFICATION_DEFAULT_CHANNELS", None)
    return list(value if value is not None else ["inapp", "email"])


def channel_classes():
    """Extra or replacement channel classes: {"whatsapp": "myapp.channels.WhatsApp"}."""
    return dict(getattr(settings, "NOTIFICATION_CHANNEL_CLASSES", {}) or {})


def max_attempts():
    return _value("NOTIFICATION_MAX_ATTEMPTS", 6, int)


def retry_base():
    """Seconds before the first retry; doubled at each further attempt."""
    return _value("NOTIFICATION_RETRY_BASE", 30.0, float)


def retry_max():
    return _value("NOTIFICATION_RETRY_MAX", 3600.0, float)


def send_timeout():
    """Seconds after which a SENDING claim is presumed lost (its worker died mid-send).

    Longer than send_delivery's hard time limit, so a run still sending is never taken over.
    """
    return _value("NOTIFICATION_SEND_TIMEOUT", 120.0, float)


def unconfirmed_sends():
    """What becomes of a send whose worker died before recording it: "resend" (at least
    once: the message may arrive twice) or "fail" (at most once: it may not arrive)."""
    return _value("NOTIFICATION_UNCONFIRMED_SENDS", "resend", str)


def sweep_after():
    """A pending delivery due for this many seconds is re-enqueued by the sweeper."""
    return _value("NOTIFICATION_SWEEP_AFTER", 120.0, float)


def schedule_lock_backend():
    """"cache" (a shared cache: Redis SET NX EX), "db" (a row lock) or "auto"."""
    return _value("SCHEDULE_LOCK_BACKEND", "auto", str)
