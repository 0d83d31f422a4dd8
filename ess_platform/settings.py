"""Settings, read from the environment.

Embedded default (nothing set): SQLite, Celery tasks run eagerly, e-mail on the console.
DATABASE_URL and REDIS_URL switch to PostgreSQL and a real broker. DEBUG is off unless
DJANGO_DEBUG=1; with DEBUG off, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are required.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

from ess_platform.storage import file_storages

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# Serving (wsgi.py) and the Celery worker refuse to start in production without a key or
# hosts (ess_platform/startup.py); offline commands such as makemigrations do not need them.
MISSING_PRODUCTION_SETTINGS = []
if not SECRET_KEY:
    if not DEBUG:
        MISSING_PRODUCTION_SETTINGS.append(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development).")
        SECRET_KEY = "unset-" + os.urandom(32).hex()
    else:
        SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    MISSING_PRODUCTION_SETTINGS.append(
        "Set DJANGO_ALLOWED_HOSTS, e.g. DJANGO_ALLOWED_HOSTS=ess.example.ma")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The public address of the site, for links in e-mails and calendars.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "modeltranslation",
    # django.contrib.admin with a site that guards every changelist (admin_site.py).
    "ess_platform.admin_apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # runserver with a listen queue for a crowd (before the runserver it wraps).
    "ess_platform.devserver",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Only Leaflet's static files (regional_hubs/static/regional_hubs/map.js loads them).
    "js_lib_leaflet",
    "axes",
    "csp",
    "ess_platform.users",
    "ess_platform.notifications",
    "auditlog",
    "ess_platform.history",
    "ess_platform",
    "ess_platform.searching",
    "regional_hubs",
    "cooperatives",
    "projects_bank",
    "events",
    "ess_platform.reports",
    "ess_platform.partners",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "ess_platform.middleware.RejectNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "ess_platform.admin_language.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Who made the changes recorded while a request is served (ess_platform/history).
    "ess_platform.history.context.ChangeActorMiddleware",
]

# The change history (django-auditlog): our records carry the region of their object.
AUDITLOG_LOGENTRY_MODEL = "history.ChangeRecord"
# Its own record table is swapped out for ours: skip its migrations, which would create it
# anyway (and leave a table that flushing the test database cannot truncate).
MIGRATION_MODULES = {"auditlog": None}
# Read the old values through the plain manager, which the region guard does not watch.
AUDITLOG_USE_BASE_MANAGER = True
AUDITLOG_DISABLE_ON_RAW_SAVE = True
AUDITLOG_DISABLE_REMOTE_ADDR = True

ROOT_URLCONF = "ess_platform.urls"
WSGI_APPLICATION = "ess_platform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "ess_platform.context_processors.site",
                "ess_platform.notifications.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many people at once on the embedded default: a transaction takes the write lock when
    # it begins (IMMEDIATE), so writers queue for up to `timeout` seconds (SQLite's busy
    # timeout) instead of failing with "database is locked" when a read turns into a write;
    # this, not select_for_update (ignored by SQLite), serialises registrations. WAL lets
    # pages read while one request writes; synchronous=NORMAL is WAL's usual pairing (a
    # crash of the site loses nothing, a power cut may lose the last commits).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif int(os.environ.get("DATABASE_POOL_MAX_SIZE") or 0) > 0:
    # Django's psycopg pool, one per process: each gunicorn worker keeps up to max_size
    # connections (its threads share them) instead of opening one per thread.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "1")),
        "max_size": int(os.environ["DATABASE_POOL_MAX_SIZE"]),
        # Seconds a request waits for a free connection before it fails.
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them instead
# Behind PgBouncer in transaction mode a server-side cursor (queryset.iterator(), used by
# the streamed exports) cannot span transactions: DATABASE_DISABLE_SERVER_SIDE_CURSORS=1.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
    "DATABASE_DISABLE_SERVER_SIDE_CURSORS")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "ess_platform.users.backends.EmailOrPhoneBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "users:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Client addresses: only REMOTE_ADDR, unless NUM_PROXIES reverse proxies of ours stand in
# front (then the address the outermost one appended to X-Forwarded-For). One rule for
# throttles (REST_FRAMEWORK["NUM_PROXIES"]), lockouts and logs: users/client_ip.py.
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))

# Brute-force protection on sign-in: lock an (account, client address) pair after 5
# failures for an hour. Every spelling of an account (username, e-mail, phone, any case)
# is the same account; the owner elsewhere is not locked out, and a locked-out owner gets
# an unlock link by e-mail/SMS (users/services.py). No cap across all addresses: it would
# let anyone lock anyone out everywhere, which is what the per-address lock prevents.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "ess_platform.users.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "ess_platform.users.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "ess_platform.users.lockout.lockout_response"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
UNLOCK_LINK_MAX_AGE = int(os.environ.get("UNLOCK_LINK_MAX_AGE", str(60 * 60)))
SIGNUP_LINK_MAX_AGE = int(os.environ.get("SIGNUP_LINK_MAX_AGE", str(24 * 60 * 60)))

# Languages: Arabic first (the default), French, and Tamazight (Standard Moroccan Tamazight
# in Tifinagh, left to right) for the public and member pages; all URL-prefixed. The admin
# stays Arabic and French (ess_platform/admin_language.py).
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("fr", _("French")), ("zgh", _("Tamazight"))]
ADMIN_LANGUAGES = ("ar", "fr")
# Django knows no "zgh": its name for the switcher and get_language_info().
EXTRA_LANG_INFO = {
    "zgh": {"bidi": False, "code": "zgh", "name": "Tamazight", "name_local": "ⵜⴰⵎⴰⵣⵉⵖⵜ"},
}
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Africa/Casablanca"
USE_TZ = True
# Moroccan formats: day-first dates, 24-hour times, digits grouped by three (ess_platform/
# formats/ar; French uses Django's own). Numbers that feed machines (URLs, form values)
# are written with |stringformat:"s" or |unlocalize in templates so they stay ungrouped.
FORMAT_MODULE_PATH = ["ess_platform.formats"]
USE_THOUSAND_SEPARATOR = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
# Content is written in Arabic and French only (no Tamazight columns): a Tamazight page
# shows the Arabic text, else the French, and says so (templatetags/content_language.py).
MODELTRANSLATION_LANGUAGES = ("ar", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ar", "fr")}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Private uploads (idea documents and photos): outside MEDIA_ROOT, served only by views
# that check permissions (ess_platform/private_files.py). PRIVATE_FILES_SERVER "nginx"
# hands the body to nginx (X-Accel-Redirect to an `internal` location at
# PRIVATE_FILES_ACCEL_PREFIX aliased to PRIVATE_MEDIA_ROOT), "sendfile" sets X-Sendfile,
# "presigned" redirects to a presigned URL of the object storage that lives
# PRIVATE_FILES_URL_MAX_AGE seconds; empty: Django streams the file.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
PRIVATE_FILES_SERVER = os.environ.get("PRIVATE_FILES_SERVER", "")
PRIVATE_FILES_ACCEL_PREFIX = os.environ.get("PRIVATE_FILES_ACCEL_PREFIX", "/private-files/")
PRIVATE_FILES_URL_MAX_AGE = int(os.environ.get("PRIVATE_FILES_URL_MAX_AGE", "60"))
# Media, private and report files: the local disk, or S3-compatible object storage when
# AWS_STORAGE_BUCKET_NAME is set (AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, credentials in
# AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY): ess_platform/storage.py, docs/deployment.md.
STORAGES = {
    **file_storages(os.environ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# In development and tests static files come straight from the apps (no collectstatic).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Uploads: refuse anything bigger than this before it is stored (bytes).
MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_SIZE", str(5 * 1024 * 1024)))
# Images: refused above this many pixels, read from the header before any decoding (a
# 25 MP photo decodes to 100 MB; Pillow's own limit is set to the same value).
MAX_IMAGE_PIXELS = int(os.environ.get("MAX_IMAGE_PIXELS", "25000000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Cache and broker: Redis when REDIS_URL is set, in-process otherwise. Redis down: the
# cache answers misses (ess_platform/cache.py), pages are slower, never broken.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ess_platform.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ess",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1, "RETRY_AFTER": 5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Limits per task kind are on the tasks (short for messages and sweeps, 30 min for reports
# and imports); these are the ceiling for any other. A task whose worker dies is handed
# out again at most TASK_MAX_DELIVERIES times (ess_platform/celery.py).
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
# A pool child is replaced after a task that left it above this resident memory (KiB), and
# after this many tasks, so a leak or one huge report does not stay in the worker.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(
    os.environ.get("CELERY_WORKER_MAX_MEMORY_PER_CHILD", str(512_000)))
CELERY_WORKER_MAX_TASKS_PER_CHILD = int(os.environ.get("CELERY_WORKER_MAX_TASKS_PER_CHILD", "500"))
# Longer than the longest job, so an unacknowledged job is not redelivered while it runs.
# Only a backstop: a job whose whole worker died is queued again within minutes by the
# heartbeat sweeper (ess_platform/jobs.py), and a late redelivery is ignored by its task.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", str(2 * 60 * 60))),
    "socket_connect_timeout": 2,
}
# Broker down: publishing gives up within seconds (the outbox sweeper sends it later), so a
# user's request never hangs on Redis.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Queues, so a national report never delays a check-in SMS: "notifications" (e-mail, SMS,
# webhooks, reminders) apart from "reports" and "imports"; "celery" keeps the periodic
# sweeps. (Exports stream from the web process: docs/deployment.md.) docker-compose.yml
# runs a worker per queue (`-Q notifications,celery`, `-Q reports`, `-Q imports`); a worker
# started without -Q takes them all (`make worker`). Every task of the platform is routed
# by name; tests/platform/test_task_routing.py keeps it so.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = {name: {} for name in ("celery", "notifications", "reports", "imports")}
CELERY_TASK_ROUTES = {
    "ess_platform.notifications.tasks.*": {"queue": "notifications"},
    "events.send_reminders": {"queue": "notifications"},
    "ess_platform.reports.tasks.build_report": {"queue": "reports"},
    "ess_platform.reports.tasks.delete_expired_reports": {"queue": "reports"},
    "ess_platform.reports.tasks.refresh_territory": {"queue": "reports"},
    # Nightly and long, like the reports: kept off the messages' worker.
    "ess_platform.searching.tasks.refresh_search_index": {"queue": "reports"},
    "cooperatives.run_import_job": {"queue": "imports"},
}
# Beat's record of the last runs: one per instance (a shared /tmp file mixes instances).
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / "var" / "beat" / "celerybeat-schedule"))
# Embedded mode: run long jobs in a thread so their progress bars fill (see jobs.py).
EAGER_TASKS_IN_THREAD = env_bool("EAGER_TASKS_IN_THREAD", default=DEBUG)
CELERY_BEAT_SCHEDULE = {
    "events-send-reminders": {"task": "events.send_reminders", "schedule": 15 * 60},
    # Reports and imports: queue again the jobs of a dead worker (JOB_HEARTBEAT_TIMEOUT,
    # JOB_MAX_ATTEMPTS) and those the broker never took (ess_platform/jobs.py).
    "jobs-sweep-stalled": {"task": "ess_platform.jobs.sweep_stalled_jobs", "schedule": 60},
    "notifications-sweep-pending": {
        "task": "ess_platform.notifications.tasks.sweep_pending_deliveries", "schedule": 60},
    "reports-delete-expired": {
        "task": "ess_platform.reports.tasks.delete_expired_reports", "schedule": 24 * 60 * 60},
    "territory-refresh": {
        "task": "ess_platform.reports.tasks.refresh_territory", "schedule": 24 * 60 * 60},
    # The search's vocabulary and names in both scripts, rebuilt (ess_platform/searching).
    "search-refresh-index": {
        "task": "ess_platform.searching.tasks.refresh_search_index", "schedule": 24 * 60 * 60},
}

# E-mail: console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# Seconds an SMTP call may take: below send_delivery's soft time limit (45 s).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ESS Maroc <no-reply@ess.example.ma>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS: a gateway's HTTP interface (Kannel's sendsms, or any gateway taking the same query
# parameters) when SMS_GATEWAY_URL is set; otherwise the console channel logs each SMS.
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_USERNAME = os.environ.get("SMS_GATEWAY_USERNAME", "")
SMS_GATEWAY_PASSWORD = os.environ.get("SMS_GATEWAY_PASSWORD", "")
SMS_SENDER = os.environ.get("SMS_SENDER", "ESS Maroc")
# Seconds a gateway call may take: below send_delivery's soft time limit (45 s).
SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "15"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ess_platform.api_auth.TokenAuthentication",
        # Partners' self-service keys: 'Authorization: Api-Key <key>' (partners/auth.py).
        "ess_platform.partners.auth.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "ess_platform.api_pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    # A malformed body, filter value or page number is a 400/404, never a 500.
    "DEFAULT_PARSER_CLASSES": [
        "ess_platform.api_parsers.JSONParser",
        "ess_platform.api_parsers.FormParser",
        "ess_platform.api_parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "ess_platform.api_filters.FilterBackend",
        "ess_platform.api_filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "ess_platform.partners.auth.ApiKeyRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "120/minute"),
        "user": os.environ.get("API_USER_RATE", "1200/minute"),
    },
    "DEFAULT_VERSIONING_CLASS": None,
    "NUM_PROXIES": NUM_PROXIES,
}
# Webhooks (partners/webhooks.py): https targets on public addresses only. Hosts listed
# here may resolve to private addresses (a partner on the operator's network); loopback
# over http is for tests and local development. An endpoint failing this many times in a
# row is paused and its owner told.
WEBHOOK_ALLOWED_HOSTS = [h for h in os.environ.get("WEBHOOK_ALLOWED_HOSTS", "").split(",") if h]
WEBHOOK_ALLOW_LOOPBACK = env_bool("WEBHOOK_ALLOW_LOOPBACK", False)
WEBHOOK_PAUSE_AFTER = int(os.environ.get("WEBHOOK_PAUSE_AFTER", "10"))

SPECTACULAR_SETTINGS = {
    "TITLE": "ESS Maroc API",
    "DESCRIPTION": (
        "Open data of Morocco's social and solidarity economy: territory, regional hubs, "
        "cooperatives, projects bank and events. Translated fields follow the "
        "Accept-Language header (ar or fr). Partners authenticate with "
        "'Authorization: Api-Key <key>' (asked for on the site, page 'API keys') or "
        "'Authorization: Token <key>'. Every list takes ?updated_since= (ISO 8601) for "
        "what changed, paged with a cursor; deletions are in /api/v1/changes/deleted/."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Security headers. Production (DEBUG off) is HTTPS-only behind a TLS-terminating proxy.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Base-map tiles of the interactive maps: a {z}/{x}/{y} URL template (with {s} for the
# subdomains, if any) and the attribution its provider requires. Empty (the default): the
# maps draw only our own region and province shapes, and nothing is fetched elsewhere.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "").strip()
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "").strip()
if MAP_TILE_URL:
    _tiles = urlsplit(MAP_TILE_URL.replace("{s}", "*"))
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

TESTING = "pytest" in sys.modules

# A query on region-owned data that selects no rows (public(), managed_by(user),
# owned_by(user), unscoped(): regional_hubs/scoping.py) raises when this is on (the test
# settings turn it on) and is logged as a warning when it is off, so a path the tests
# missed shows in the logs instead of failing a visitor's request.
REGION_SCOPE_GUARD = env_bool("REGION_SCOPE_GUARD", default=False)
