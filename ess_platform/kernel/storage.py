"""Where files live: the local disk (the embedded default) or S3-compatible object storage.

Three storages, named in ``settings.STORAGES`` and reached only through Django's storage
API, so any web node or worker reads what another one wrote:

- ``default``: public media (product photos). Local disk under MEDIA_ROOT, or the bucket
  under ``media/``.
- ``private``: idea documents and photos (ess_platform/kernel/private_files.py). Local disk under
  PRIVATE_MEDIA_ROOT, or the (private) bucket under ``private/``.
- ``reports``: report files (ess_platform/reports). Local disk under REPORTS_ROOT, or the
  (private) bucket under ``reports/``.

``AWS_STORAGE_BUCKET_NAME`` switches all three to object storage (``django-storages``'
S3 backend; ``AWS_S3_ENDPOINT_URL`` for MinIO, Ceph, Garage and the like). Private and
report objects are written with the ``private`` ACL and are never linked: a view checks
the permission first, then streams the file or redirects to a presigned URL that lives
``PRIVATE_FILES_URL_MAX_AGE`` seconds (``PRIVATE_FILES_SERVER=presigned``).
"""

import weakref

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

PUBLIC, PRIVATE, REPORTS = "default", "private", "reports"

FILESYSTEM_BACKENDS = {
    PUBLIC: "django.core.files.storage.FileSystemStorage",
    PRIVATE: "ess_platform.kernel.private_files.PrivateStorage",
    REPORTS: "ess_platform.reports.models.ReportStorage",
}
S3_BACKEND = "storages.backends.s3.S3Storage"


def _flag(environ, name, default):
    value = environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def file_storages(environ):
    """The ``default``, ``private`` and ``reports`` entries of STORAGES for this environment."""
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return {alias: {"BACKEND": backend} for alias, backend in FILESYSTEM_BACKENDS.items()}
    common = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        "addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        # Presigned URLs signed with SigV4 (expiry in the URL, every current S3 store).
        "signature_version": environ.get("AWS_S3_SIGNATURE_VERSION") or "s3v4",
        # A name already taken gets a suffix: a file is never replaced under a reader.
        "file_overwrite": False,
    }
    private_bucket = environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME", "").strip() or bucket
    private = {
        **common,
        "bucket_name": private_bucket,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": int(environ.get("PRIVATE_FILES_URL_MAX_AGE", "60")),
        # Never a CDN or public domain: only signed URLs reach these objects.
        "custom_domain": None,
    }
    return {
        PUBLIC: {"BACKEND": S3_BACKEND, "OPTIONS": {
            **common,
            "location": "media",
            # Signed URLs by default, so a private bucket works as is; with a public
            # prefix or a CDN (AWS_S3_CUSTOM_DOMAIN), AWS_QUERYSTRING_AUTH=0 gives plain
            # URLs that pages can cache for long.
            "querystring_auth": _flag(environ, "AWS_QUERYSTRING_AUTH", True),
            "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        }},
        PRIVATE: {"BACKEND": S3_BACKEND, "OPTIONS": {**private, "location": "private"}},
        REPORTS: {"BACKEND": S3_BACKEND, "OPTIONS": {**private, "location": "reports"}},
    }


def is_local(storage):
    """True when the storage keeps files on this machine's disk (it has paths)."""
    try:
        storage.path("")
    except NotImplementedError:
        return False
    return True


_configured = weakref.WeakSet()


class ConfiguredStorage(LazyObject):
    """The storage named ``alias`` in settings.STORAGES, resolved when first used.

    A model field's ``storage`` callable returns one, so the field follows the settings
    (local disk or object storage) and a test that changes STORAGES changes the field too.
    """

    def __init__(self, alias):
        super().__init__()
        self.__dict__["alias"] = alias
        _configured.add(self)

    def _setup(self):
        self._wrapped = storages[self.__dict__["alias"]]

    def __repr__(self):
        return f"<ConfiguredStorage {self.__dict__['alias']!r}>"


@receiver(setting_changed)
def _forget_resolved(*, setting, **kwargs):
    if setting in ("STORAGES", "STATIC_ROOT", "STATIC_URL"):
        for storage in list(_configured):
            storage._wrapped = empty
