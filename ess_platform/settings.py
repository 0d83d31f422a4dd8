"""Settings, read from the environment.

Embedded default (nothing set): SQLite, Celery tasks run eagerly, e-mail on the console.
DATABASE_URL and REDIS_URL switch to PostgreSQL and a real broker. DEBUG is off unless
DJANGO_DEBUG=1; with DEBUG off, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are required.

This module is the only reader of the environment (through django-environ's ``env``);
the rest of the code reads Django settings.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.storage import file_storages

BASE_DIR = Path(__file__).resolve().parent.parent


class Env(environ.Env):
    """django-environ without its "$OTHER_VARIABLE" references: a value is what is set, so a
    secret key or password may begin with "$"."""

    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        value = self.ENVIRON.get(f"{self.prefix}{var}")
        if isinstance(value, str) and value.startswith("$"):
            return self.parse_value(value, cast)
        return super().get_value(var, cast=cast, default=default, parse_default=parse_default)


env = Env()


def env_list(name, default=""):
    """A comma-separated list, each item stripped, empty items dropped."""
    return [item.strip() for item in env.list(name, default=default.split(",")) if item.strip()]


DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
# Serving (wsgi.py) and the Celery worker refuse to start in production without a key or
# hosts (ess_platform/startup.py); offline commands such as makemigrations do not need them.
MISSING_PRODUCTION_SETTINGS = []
if not SECRET_KEY:
    if not DEBUG:
        MISSING_PRODUCTION_SETTINGS.append(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development).")
        SECRET_KEY = "unset-" + os.urandom(32).hex()
    else:
        SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    MISSING_PRODUCTION_SETTINGS.append(
        "Set DJANGO_ALLOWED_HOSTS, e.g. DJANGO_ALLOWED_HOSTS=ess.example.ma")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The public address of the site, for links in e-mails and calendars.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

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
    "ess_platform.kernel.notifications",
    "auditlog",
    "ess_platform.history",
    "ess_platform",
    "ess_platform.kernel.searching",
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
    "ess_platform.kernel.middleware.RejectNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "ess_platform.kernel.admin_language.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Who made the changes recorded while a request is served (ess_platform/history).
    "ess_platform.history.context.ChangeActorMiddleware",
    # Innermost: answers the public pages of PUBLIC_PAGE_CACHE from the cache for anonymous
    # visitors once the URL and language are known (ess_platform/kernel/page_cache.py).
    "ess_platform.kernel.page_cache.PublicPageCacheMiddleware",
]

# The pages that are the same for every anonymous visitor of a language, kept whole in the
# cache until the public data changes (ess_platform/kernel/page_cache.py). A page with a
# form of its own (a CSRF token) or a cookie of its own is never stored, listed or not.
PUBLIC_PAGE_CACHE = [
    "home", "cooperatives:directory", "events:list", "projects_bank:home",
    "projects_bank:ideas", "projects_bank:calls", "projects_bank:economic_models",
    "projects_bank:funding", "projects_bank:partners", "regional_hubs:regions",
    "regional_hubs:hubs", "regional_hubs:needs", "regional_hubs:region",
    "regional_hubs:region_needs", "regional_hubs:province_needs",
    "regional_hubs:commune_needs",
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
                "ess_platform.kernel.notifications.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {
    "default": {
        **env.db_url_config(
            env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        "CONN_MAX_AGE": env.int("DATABASE_CONN_MAX_AGE", default=60),
        "CONN_HEALTH_CHECKS": True,
    }
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
else:
    # PostgreSQL's planner settings for each connection (docs/deployment.md):
    # - random_page_cost=1.1: the database is on SSD or in memory, where reading a page out
    #   of order costs about what reading the next one does (the default, 4, is a spinning
    #   disk's). With 4, a search matching one cooperative in twelve was planned as a read
    #   of the whole table, testing every row's LIKE patterns (330 ms), instead of the
    #   trigram index's bitmap (56 ms).
    # - enable_memoize=off: the lists join four or five lookup tables by key for twenty
    #   rows; weighing Memoize (PostgreSQL 14+) for each join doubled their planning (ideas
    #   and events pages: 6 ms of planning for 0.5 ms of execution; 2.5 to 2.9 ms without
    #   it) and saved nothing.
    # Behind PgBouncer, which refuses startup options, set it empty and give the role the
    # same settings (`ALTER ROLE <user> SET ...`).
    planner = env.str("DATABASE_PLANNER_OPTIONS",
                      default="-c random_page_cost=1.1 -c enable_memoize=off")
    if planner:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = planner
    if int(env.str("DATABASE_POOL_MAX_SIZE", default="") or 0) > 0:
        # Django's psycopg pool, one per process: each gunicorn worker keeps up to
        # max_size connections (its threads share them) instead of opening one per thread.
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=1),
            "max_size": env.int("DATABASE_POOL_MAX_SIZE"),
            # Seconds a request waits for a free connection before it fails.
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them instead
# Behind PgBouncer in transaction mode a server-side cursor (queryset.iterator(), used by
# the streamed exports) cannot span transactions: DATABASE_DISABLE_SERVER_SIDE_CURSORS=1.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DATABASE_DISABLE_SERVER_SIDE_CURSORS", default=False)
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
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# Brute-force protection on sign-in: lock an (account, client address) pair after 5
# failures for an hour. Every spelling of an account (username, e-mail, phone, any case)
# is the same account; the owner elsewhere is not locked out, and a locked-out owner gets
# an unlock link by e-mail/SMS (users/services.py). No cap across all addresses: it would
# let anyone lock anyone out everywhere, which is what the per-address lock prevents.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "ess_platform.users.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "ess_platform.users.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "ess_platform.users.lockout.lockout_response"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
UNLOCK_LINK_MAX_AGE = env.int("UNLOCK_LINK_MAX_AGE", default=60 * 60)
SIGNUP_LINK_MAX_AGE = env.int("SIGNUP_LINK_MAX_AGE", default=24 * 60 * 60)

# Languages: Arabic first (the default), French, and Tamazight (Standard Moroccan Tamazight
# in Tifinagh, left to right) for the public and member pages; all URL-prefixed. The admin
# stays Arabic and French (ess_platform/kernel/admin_language.py).
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
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Private uploads (idea documents and photos): outside MEDIA_ROOT, served only by views
# that check permissions (ess_platform/kernel/private_files.py). PRIVATE_FILES_SERVER "nginx"
# hands the body to nginx (X-Accel-Redirect to an `internal` location at
# PRIVATE_FILES_ACCEL_PREFIX aliased to PRIVATE_MEDIA_ROOT), "sendfile" sets X-Sendfile,
# "presigned" redirects to a presigned URL of the object storage that lives
# PRIVATE_FILES_URL_MAX_AGE seconds; empty: Django streams the file.
PRIVATE_MEDIA_ROOT = Path(
    env.str("PRIVATE_MEDIA_ROOT", default="") or BASE_DIR / "var" / "private")
PRIVATE_FILES_SERVER = env.str("PRIVATE_FILES_SERVER", default="")
PRIVATE_FILES_ACCEL_PREFIX = env.str("PRIVATE_FILES_ACCEL_PREFIX", default="/private-files/")
PRIVATE_FILES_URL_MAX_AGE = env.int("PRIVATE_FILES_URL_MAX_AGE", default=60)
# Report files on the local disk (ess_platform/reports), outside MEDIA_ROOT.
REPORTS_ROOT = Path(env.str("REPORTS_ROOT", default="") or BASE_DIR / "var" / "reports")
# Media, private and report files: the local disk, or S3-compatible object storage when
# AWS_STORAGE_BUCKET_NAME is set (AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, credentials in
# AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY): ess_platform/kernel/storage.py, docs/deployment.md.
STORAGES = {
    **file_storages(env.ENVIRON),
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
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_SIZE", default=5 * 1024 * 1024)
# Images: refused above this many pixels, read from the header before any decoding (a
# 25 MP photo decodes to 100 MB; Pillow's own limit is set to the same value).
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=25_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Cache and broker: Redis when REDIS_URL is set, in-process otherwise. Redis down: the
# cache answers misses (ess_platform/kernel/cache.py), pages are slower, never broken.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ess_platform.kernel.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ess",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1, "RETRY_AFTER": 5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
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
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=512_000)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=500)
# Longer than the longest job, so an unacknowledged job is not redelivered while it runs.
# Only a backstop: a job whose whole worker died is queued again within minutes by the
# heartbeat sweeper (ess_platform/kernel/jobs.py), and a late redelivery is ignored by its task.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60),
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
    # Follows an import: on the imports' worker, off the messages' one.
    "ess_platform.searching.tasks.learn_names": {"queue": "imports"},
    "cooperatives.run_import_job": {"queue": "imports"},
}
# Beat's record of the last runs: one per instance (a shared /tmp file mixes instances).
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "var" / "beat" / "celerybeat-schedule"))
# Embedded mode: run long jobs in a thread so their progress bars fill (see jobs.py).
EAGER_TASKS_IN_THREAD = env.bool("EAGER_TASKS_IN_THREAD", default=DEBUG)
# The beat schedule is what each app registers in its AppConfig.ready()
# (ess_platform.kernel.registry.register_schedule); ess_platform/celery.py reads it.

# E-mail: console unless an SMTP server is configured.
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if env.str("EMAIL_HOST", default="")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# Seconds an SMTP call may take: below send_delivery's soft time limit (45 s).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ESS Maroc <no-reply@ess.example.ma>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS: a gateway's HTTP interface (Kannel's sendsms, or any gateway taking the same query
# parameters) when SMS_GATEWAY_URL is set; otherwise the console channel logs each SMS.
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_USERNAME = env.str("SMS_GATEWAY_USERNAME", default="")
SMS_GATEWAY_PASSWORD = env.str("SMS_GATEWAY_PASSWORD", default="")
SMS_SENDER = env.str("SMS_SENDER", default="ESS Maroc")
# Seconds a gateway call may take: below send_delivery's soft time limit (45 s).
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=15.0)

# Notifications and scheduled jobs (read through ess_platform/kernel/notifications/conf.py).
# Channels in use (empty: in-app, e-mail and the SMS channel that SMS_GATEWAY_URL picks).
NOTIFICATION_CHANNELS = env_list("NOTIFICATION_CHANNELS")
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=6)
# Seconds before the first retry; doubled at each further attempt, up to the maximum.
NOTIFICATION_RETRY_BASE = env.float("NOTIFICATION_RETRY_BASE", default=30.0)
NOTIFICATION_RETRY_MAX = env.float("NOTIFICATION_RETRY_MAX", default=3600.0)
NOTIFICATION_SEND_TIMEOUT = env.float("NOTIFICATION_SEND_TIMEOUT", default=120.0)
NOTIFICATION_UNCONFIRMED_SENDS = env.str("NOTIFICATION_UNCONFIRMED_SENDS", default="resend")
NOTIFICATION_SWEEP_AFTER = env.float("NOTIFICATION_SWEEP_AFTER", default=120.0)
SCHEDULE_LOCK_BACKEND = env.str("SCHEDULE_LOCK_BACKEND", default="auto")
# Reports and imports (ess_platform/kernel/jobs.py): a running job whose heartbeat is older than
# this many seconds is queued again, at most JOB_MAX_ATTEMPTS runs; a job the broker never
# took is queued again after JOB_WAITING_TIMEOUT seconds. A task message whose worker dies
# is run at most TASK_MAX_DELIVERIES times (ess_platform/celery.py).
JOB_HEARTBEAT_TIMEOUT = env.float("JOB_HEARTBEAT_TIMEOUT", default=120.0)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
JOB_WAITING_TIMEOUT = env.float("JOB_WAITING_TIMEOUT", default=120.0)
TASK_MAX_DELIVERIES = env.int("TASK_MAX_DELIVERIES", default=3)
# After these requests (counted per process), the objects the process still holds are
# frozen out of the garbage collector's full collections (ess_platform/kernel/memory.py);
# empty: never.
GC_FREEZE_AFTER_REQUESTS = frozenset(
    int(n) for n in env_list("GC_FREEZE_AFTER_REQUESTS", "1,10,100"))
# Seconds a report waits after each step: 0, except in tests that kill a worker mid-way.
REPORT_STEP_DELAY = env.float("REPORT_STEP_DELAY", default=0.0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ess_platform.kernel.api_auth.TokenAuthentication",
        # Partners' self-service keys: 'Authorization: Api-Key <key>' (partners/auth.py).
        "ess_platform.partners.auth.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "ess_platform.kernel.api_pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    # A malformed body, filter value or page number is a 400/404, never a 500.
    "DEFAULT_PARSER_CLASSES": [
        "ess_platform.kernel.api_parsers.JSONParser",
        "ess_platform.kernel.api_parsers.FormParser",
        "ess_platform.kernel.api_parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "ess_platform.kernel.api_filters.FilterBackend",
        "ess_platform.kernel.api_filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "ess_platform.partners.auth.ApiKeyRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/minute"),
        "user": env.str("API_USER_RATE", default="1200/minute"),
    },
    "DEFAULT_VERSIONING_CLASS": None,
    "NUM_PROXIES": NUM_PROXIES,
}
# Webhooks (partners/webhooks.py): https targets on public addresses only. Hosts listed
# here may resolve to private addresses (a partner on the operator's network); loopback
# over http is for tests and local development. An endpoint failing this many times in a
# row is paused and its owner told.
WEBHOOK_ALLOWED_HOSTS = env_list("WEBHOOK_ALLOWED_HOSTS")
WEBHOOK_ALLOW_LOOPBACK = env.bool("WEBHOOK_ALLOW_LOOPBACK", default=False)
WEBHOOK_PAUSE_AFTER = env.int("WEBHOOK_PAUSE_AFTER", default=10)

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
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=365 * 24 * 3600)
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
MAP_TILE_URL = env.str("MAP_TILE_URL", default="").strip()
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="").strip()
if MAP_TILE_URL:
    _tiles = urlsplit(MAP_TILE_URL.replace("{s}", "*"))
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# A query on region-owned data that selects no rows (public(), managed_by(user),
# owned_by(user), unscoped(): regional_hubs/scoping.py) raises when this is on (the test
# settings turn it on) and is logged as a warning when it is off, so a path the tests
# missed shows in the logs instead of failing a visitor's request.
REGION_SCOPE_GUARD = env.bool("REGION_SCOPE_GUARD", default=False)
