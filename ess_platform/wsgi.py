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

from ess_platform.startup import check_database_or_exit, exit_if_misconfigured

exit_if_misconfigured()
check_database_or_exit()
