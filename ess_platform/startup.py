"""Refuse to start a production process that lacks a setting, in one line that says which."""

import sys

from django.conf import settings
from django.core import checks


def missing_settings():
    return list(getattr(settings, "MISSING_PRODUCTION_SETTINGS", []))


def exit_if_misconfigured():
    missing = missing_settings()
    if missing:
        sys.stderr.write(f"Configuration error: {missing[0]}\n")
        raise SystemExit(1)


def check_database_or_exit():
    """Fail at start, in one line, when the database cannot be reached."""
    from django.db import connection

    try:
        connection.ensure_connection()
    except Exception as exc:  # noqa: BLE001 - any failure means the service cannot start
        sys.stderr.write(
            f"Cannot reach the database ({exc.__class__.__name__}): "
            "set DATABASE_URL to a reachable database.\n"
        )
        raise SystemExit(1) from None
    finally:
        connection.close()


@checks.register(checks.Tags.security, deploy=True)
def production_settings_check(app_configs, **kwargs):
    return [checks.Error(message, id="ess.E001") for message in missing_settings()]
