import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ess_platform.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    sys.stderr.write(f"Configuration error: {error}\n")
    raise SystemExit(1) from None


def _check_database():
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


_check_database()
