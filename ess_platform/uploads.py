"""Checks every uploaded image or PDF goes through before it is stored.

One place for the whole platform (products, projects, events...). The type is decided by
the content, never by the name or the browser's content type: an image must open, verify
and decode with Pillow as JPEG, PNG, WebP or GIF; a PDF must start with ``%PDF-`` and
parse. Files over ``settings.MAX_UPLOAD_SIZE`` and images over
``settings.MAX_IMAGE_PIXELS`` (decompression bombs) are refused before decoding.

Use them as form field validators (``forms.ImageField(validators=[validate_image])``) or
call them from ``clean_<field>()``; they raise a translated ``ValidationError``.

Images are then stored without their metadata: ``strip_metadata`` re-encodes the pixels
only (no EXIF and its GPS position, no XMP, IPTC or comments), and
``MetadataFreeImageField`` applies it to every file a model stores, whatever the path
(form, admin, API, service, shell).
"""

import io
import struct
import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
THUMBNAIL_SIZE = (480, 480)
REENCODE_QUALITY = 88

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


class MetadataFreeImage(ContentFile):
    """An image re-encoded from its pixels alone (what strip_metadata and make_thumbnail
    return), so storing it does not re-encode it again."""


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode in ("P", "L") and "transparency" in image.info)


def _upright(image):
    """The image turned as its EXIF orientation says; as it is when that EXIF is damaged."""
    try:
        return ImageOps.exif_transpose(image)
    except (*_BROKEN_IMAGE_ERRORS, KeyError, AttributeError):
        return image


def _to_srgb(image):
    """Convert pixels described by an ICC profile to sRGB, so the profile can go."""
    icc_profile = image.info.get("icc_profile")
    if not icc_profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        return ImageCms.profileToProfile(
            image, ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGBA" if image.mode == "RGBA" else "RGB")
    except (ImageCms.PyCMSError, *_BROKEN_IMAGE_ERRORS):
        return image


def _bare(image):
    """The same pixels in a new image that carries no metadata at all."""
    bare = image.copy()
    transparency = image.info.get("transparency")
    bare.info = {} if transparency is None else {"transparency": transparency}
    return bare


def _decoded(source, *, size=None):
    """Open, check and decode an image (resized to fit ``size`` if given), upright,
    in sRGB, without metadata; with the format it was uploaded in."""
    if hasattr(source, "open") and getattr(source, "closed", False):
        source.open("rb")
    _rewind(source)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = _open_checked(source)
            image_format = image.format
            if size is not None:
                # JPEG: decode at a reduced scale, still twice the target (as thumbnail()).
                side = 2 * max(size)
                image.draft(None, (side, side))
            image.load()
            image = _upright(image)
            if size is not None:
                image.thumbnail(size)
            image = _bare(_to_srgb(image))
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _bomb_error() from None
        except _BROKEN_IMAGE_ERRORS:
            raise _invalid_image_error() from None
        finally:
            _rewind(source)
    return image, image_format


def strip_metadata(source, name=None):
    """A copy of an image without any metadata, as a ContentFile ready to be stored.

    The pixels are decoded, turned upright (EXIF orientation), converted to sRGB when an
    ICC profile describes them, and re-encoded by Pillow: EXIF (GPS position included),
    XMP, IPTC, ICC and comments are all gone. JPEG stays JPEG, PNG PNG, WebP WebP and a
    GIF stays GIF when its first frame is a palette image (PNG otherwise); only the first
    frame of an animation is kept. ``source`` must have passed ``validate_image``.
    """
    stem = PurePath(name or getattr(source, "name", "") or "image").stem or "image"
    image, image_format = _decoded(source)
    buffer = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        image.save(buffer, format="JPEG", quality=REENCODE_QUALITY, optimize=True)
        extension = "jpg"
    elif image_format == "WEBP":
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
        image.save(buffer, format="WEBP", quality=REENCODE_QUALITY)
        extension = "webp"
    elif image_format == "GIF" and image.mode in ("P", "L"):
        options = {}
        if "transparency" in image.info:
            options["transparency"] = image.info["transparency"]
        image.save(buffer, format="GIF", **options)
        extension = "gif"
    else:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA" if _has_alpha(image) else "RGB")
        image.save(buffer, format="PNG")
        extension = "png"
    return MetadataFreeImage(buffer.getvalue(), name=f"{stem}.{extension}")


def make_thumbnail(source, size=THUMBNAIL_SIZE):
    """A resized copy of an image, as a ContentFile ready for an ImageField's save().

    ``source`` is a FieldFile or a file object that passed ``validate_image``. EXIF
    rotation is applied and no metadata is kept; images with transparency become PNG,
    the others JPEG.
    """
    name = PurePath(getattr(source, "name", "") or "image").stem or "image"
    image, _format = _decoded(source, size=size)
    buffer = io.BytesIO()
    if _has_alpha(image):
        image.convert("RGBA").save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=82, optimize=True)
        extension = "jpg"
    return MetadataFreeImage(buffer.getvalue(), name=f"{name}-thumb.{extension}")


class MetadataFreeImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        if not isinstance(content, MetadataFreeImage):
            content = strip_metadata(content, name=name)
            name = content.name
        super().save(name, content, save)


class MetadataFreeImageField(models.ImageField):
    """An ImageField that stores every image through ``strip_metadata``, whichever code
    path (form, admin, API, service, shell) assigns or saves it."""

    attr_class = MetadataFreeImageFieldFile


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
