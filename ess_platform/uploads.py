"""Checks every uploaded image or PDF goes through before it is stored.

One place for the whole platform (products, projects, events...). The type is decided by
the content, never by the name or the browser's content type: an image must open, verify
and decode with Pillow as JPEG, PNG, WebP or GIF; a PDF must start with ``%PDF-`` and
parse. Files over ``settings.MAX_UPLOAD_SIZE`` and images over
``settings.MAX_IMAGE_PIXELS`` (decompression bombs) are refused before decoding.

Use them as form field validators (``forms.ImageField(validators=[validate_image])``) or
call them from ``clean_<field>()``; they raise a translated ``ValidationError``.
"""

import io
import struct
import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
THUMBNAIL_SIZE = (480, 480)

_BROKEN_IMAGE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError,
                        EOFError, TypeError, IndexError, struct.error)


def _file_size(file):
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(position)
    return size


def _rewind(file):
    try:
        file.seek(0)
    except (AttributeError, ValueError, OSError):
        pass


def check_upload_size(file):
    """Refuse a file larger than settings.MAX_UPLOAD_SIZE."""
    limit = settings.MAX_UPLOAD_SIZE
    if _file_size(file) > limit:
        raise ValidationError(
            _("This file is too large. The maximum size is %(limit)s."),
            code="file_too_large",
            params={"limit": filesizeformat(limit)},
        )


def _bomb_error():
    return ValidationError(
        _("This image has too many pixels. The maximum is %(limit)s million pixels."),
        code="image_too_many_pixels",
        params={"limit": f"{settings.MAX_IMAGE_PIXELS / 1_000_000:g}"},
    )


def _invalid_image_error():
    return ValidationError(
        _("Upload a valid image: JPEG, PNG, WebP or GIF. "
          "This file is not an image or is damaged."),
        code="invalid_image",
    )


def _open_checked(file):
    """Open ``file`` as an image, checking format and pixel count (header only)."""
    _rewind(file)
    image = Image.open(file)
    if image.format not in ALLOWED_IMAGE_FORMATS:
        raise _invalid_image_error()
    width, height = image.size
    if width <= 0 or height <= 0:
        raise _invalid_image_error()
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise _bomb_error()
    return image


def validate_image(file):
    """Validate an uploaded image (UploadedFile, FieldFile or file object).

    Returns the detected Pillow format ("JPEG", "PNG", "WEBP" or "GIF").
    """
    if file is None:
        return None
    check_upload_size(file)
    # WeasyPrint (PDF reports) turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole
    # process; a truncated upload must still be refused here.
    load_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = _open_checked(file)
            image_format = image.format
            image.verify()
            # verify() leaves the image unusable: reopen and decode the pixels for real.
            image = _open_checked(file)
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb_error() from None
    except _BROKEN_IMAGE_ERRORS:
        raise _invalid_image_error() from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = load_truncated
        _rewind(file)
    return image_format


def make_thumbnail(source, size=THUMBNAIL_SIZE):
    """A resized copy of an image, as a ContentFile ready for an ImageField's save().

    ``source`` is a FieldFile or a file object that passed ``validate_image``. EXIF
    rotation is applied; images with transparency become PNG, the others JPEG.
    """
    name = PurePath(getattr(source, "name", "") or "image").stem or "image"
    if hasattr(source, "open") and getattr(source, "closed", False):
        source.open("rb")
    _rewind(source)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = _open_checked(source)
            image = ImageOps.exif_transpose(image)
            image.thumbnail(size)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _bomb_error() from None
        except _BROKEN_IMAGE_ERRORS:
            raise _invalid_image_error() from None
        finally:
            _rewind(source)
    buffer = io.BytesIO()
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info)
    if has_alpha:
        image.convert("RGBA").save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=82, optimize=True)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{name}-thumb.{extension}")


def validate_pdf(file):
    """Validate an uploaded PDF: size limit, ``%PDF-`` signature, and it parses."""
    if file is None:
        return
    check_upload_size(file)
    error = ValidationError(
        _("Upload a valid PDF document. This file is not a PDF or is damaged."),
        code="invalid_pdf",
    )
    try:
        _rewind(file)
        if file.read(5) != b"%PDF-":
            raise error
        _rewind(file)
        from pypdf import PdfReader

        reader = PdfReader(file)
        if len(reader.pages) < 1:
            raise error
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds of errors on damaged files
        raise error from None
    finally:
        _rewind(file)
