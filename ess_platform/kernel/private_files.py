"""Files that only a view may hand out, after its permission check.

They live outside MEDIA_ROOT (``settings.PRIVATE_MEDIA_ROOT``) under random names, so
neither ``/media/`` nor a guessed name reaches them; the uploader's file name is kept in
the database as a display name only. ``serve_private_file`` sends one: streamed by Django,
or handed to the front web server (``settings.PRIVATE_FILES_SERVER``: "nginx" for
``X-Accel-Redirect``, "sendfile" for ``X-Sendfile``) once the view has said yes. With
object storage (ess_platform/kernel/storage.py) the files are private objects of the bucket:
streamed by Django, or ("presigned") a redirect to a presigned URL that lives
``PRIVATE_FILES_URL_MAX_AGE`` seconds, made only after the view's check.
"""

import mimetypes
import os
import re
import unicodedata
import uuid
from pathlib import Path, PurePath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .storage import PRIVATE, ConfiguredStorage, is_local

#: The only extensions a private file keeps on disk; anything else is stored bare.
SAFE_EXTENSIONS = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
SERVERS = ("", "nginx", "sendfile", "presigned")
DISPLAY_NAME_MAX_LENGTH = 255
_UNSAFE_NAME_CHARACTERS = re.compile(r'[\x00-\x1f\x7f/\\"<>|:*?]')


def private_root():
    """Where private files live: never under MEDIA_ROOT."""
    root = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    return Path(root) if root else Path(settings.BASE_DIR) / "var" / "private"


class PrivateStorage(FileSystemStorage):
    """A file storage with no URL, whose location follows the setting at call time."""

    @property
    def base_location(self):
        return str(private_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    @property
    def accel_prefix(self):
        """The nginx ``internal`` location that maps onto this storage's root."""
        prefix = getattr(settings, "PRIVATE_FILES_ACCEL_PREFIX", "") or "/private-files/"
        return prefix if prefix.endswith("/") else f"{prefix}/"


def private_storage():
    """The storage of private uploads: PrivateStorage on disk, or the private bucket."""
    return ConfiguredStorage(PRIVATE)


def safe_extension(name):
    """The lower-case extension of ``name`` if it is one we serve, else ""."""
    extension = PurePath(name or "").suffix.lower()
    if extension == ".jpeg":
        return ".jpg"
    return extension if extension in SAFE_EXTENSIONS else ""


@deconstructible
class RandomName:
    """``upload_to`` that stores a file as ``<prefix>/YYYY/MM/<uuid>.<safe extension>``."""

    def __init__(self, prefix):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename):
        month = timezone.localdate().strftime("%Y/%m")
        return f"{self.prefix}/{month}/{uuid.uuid4().hex}{safe_extension(filename)}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.prefix == self.prefix

    def __hash__(self):
        return hash(self.prefix)


def display_name(name):
    """An uploader's file name made safe to show and to send back as a download name."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = PurePath(name.replace("\\", "/")).name
    name = _UNSAFE_NAME_CHARACTERS.sub("_", name).strip(" .")
    if len(name) > DISPLAY_NAME_MAX_LENGTH:
        extension = PurePath(name).suffix[:16]
        name = name[: DISPLAY_NAME_MAX_LENGTH - len(extension)] + extension
    return name


def download_name(original, stored_name, fallback):
    """The name to offer: the original one, with the extension of the stored file."""
    stored_extension = PurePath(stored_name or "").suffix.lower()
    name = display_name(original) or fallback
    stem = PurePath(name).stem if PurePath(name).suffix else name
    if PurePath(name).suffix.lower() != stored_extension:
        name = f"{stem}{stored_extension}"
    return name


def content_disposition(filename, *, as_attachment=True):
    """``Content-Disposition`` with an ASCII fallback and the RFC 5987 UTF-8 name."""
    disposition = "attachment" if as_attachment else "inline"
    ascii_name = filename.encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r'[^\x20-\x7e]|["\\]', "_", ascii_name).strip()
    extension = PurePath(filename).suffix
    if not PurePath(ascii_name).stem.strip("_ ."):
        ascii_name = f"file{extension.encode('ascii', 'ignore').decode('ascii')}"
    if ascii_name == filename:
        return f'{disposition}; filename="{filename}"'
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _server():
    server = getattr(settings, "PRIVATE_FILES_SERVER", "") or ""
    if server not in SERVERS:
        raise ImproperlyConfigured(
            f"PRIVATE_FILES_SERVER must be one of {SERVERS!r}, not {server!r}.")
    return server


def serve_private_file(field_file, *, filename, as_attachment=True, content_type=None,
                       max_age=None):
    """Answer with a stored file the caller has already allowed this user to read.

    ``filename`` is the name the browser shows or saves (the original upload name); the
    body comes from Django, or from nginx / the sendfile module when
    ``settings.PRIVATE_FILES_SERVER`` says so. A missing file is a 404. Responses are
    never cached by shared caches; ``max_age`` lets the browser keep a copy.
    """
    if not field_file or not field_file.name:
        raise Http404
    storage, name = field_file.storage, field_file.name
    if not storage.exists(name):
        raise Http404
    if content_type is None:
        content_type = (SAFE_EXTENSIONS.get(PurePath(name).suffix.lower())
                        or mimetypes.guess_type(name)[0] or "application/octet-stream")
    server = _server()
    if not is_local(storage):
        if server == "presigned":
            return _presigned_redirect(storage, name, filename=filename,
                                       as_attachment=as_attachment, content_type=content_type)
        # Object storage without presigning: Django streams the object.
        server = ""
    accel_prefix = getattr(storage, "accel_prefix", None)
    if server == "nginx" and accel_prefix:
        response = HttpResponse(b"", content_type=content_type)
        response["X-Accel-Redirect"] = accel_prefix + quote(name.replace(os.sep, "/"))
    elif server == "sendfile":
        response = HttpResponse(b"", content_type=content_type)
        response["X-Sendfile"] = storage.path(name)
    else:
        # Storages nginx was not told about (and "presigned" on a local disk) are
        # streamed by Django.
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename,
                                                          as_attachment=as_attachment)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = ("private, no-store" if max_age is None
                                 else f"private, max-age={int(max_age)}")
    return response


def _presigned_redirect(storage, name, *, filename, as_attachment, content_type):
    """A redirect to a short-lived presigned URL of a private object; the object store
    answers with the same download name and type as Django would."""
    seconds = int(getattr(settings, "PRIVATE_FILES_URL_MAX_AGE", 60) or 60)
    url = storage.url(name, expire=seconds, parameters={
        "ResponseContentDisposition": content_disposition(filename,
                                                          as_attachment=as_attachment),
        "ResponseContentType": content_type,
        "ResponseCacheControl": "private, no-store",
    })
    response = HttpResponseRedirect(url)
    # The URL is a bearer secret for its lifetime: never kept or sent on elsewhere.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
