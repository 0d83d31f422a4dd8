"""Checks every uploaded image or PDF goes through before it is stored.

One place for the whole platform (products, projects, events...). The type is decided by
the content, never by the name or the browser's content type: an image must open and
decode to its end with Pillow as JPEG, PNG, WebP or GIF; a PDF must start with ``%PDF-``
and parse. Files over ``settings.MAX_UPLOAD_SIZE`` and images over
``settings.MAX_IMAGE_PIXELS`` (decompression bombs) are refused before decoding; Pillow's
own limit is set to the same value.

Memory is bounded: an image is decoded at most once at full size at a time (a JPEG is
checked at 1/8 scale, a thumbnail decoded at 1/2-1/8 scale), and no step keeps a second
full-size copy beyond a turn, colour or mode conversion that needs it.

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
from contextlib import contextmanager
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.signals import setting_changed
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
THUMBNAIL_SIZE = (480, 480)
#: The second size offered in ``srcset``, for tablets and desktops.
LARGE_PHOTO_SIZE = (1200, 1200)
REENCODE_QUALITY = 88
# Optimised JPEG Huffman tables keep every DCT coefficient in memory (about 3 bytes a
# pixel); up to this size, decoded pixels plus coefficients stay under one decoded copy
# of an image at the 25 MP limit.
OPTIMIZE_MAX_PIXELS = 12_000_000

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


@contextmanager
def _decoding():
    """Open or decode an image inside: a decompression bomb (also the warning Pillow gives
    below its hard limit) or a broken file becomes the form's error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _bomb_error() from None
        except _BROKEN_IMAGE_ERRORS:
            raise _invalid_image_error() from None


def validate_image(file):
    """Validate an uploaded image (UploadedFile, FieldFile or file object).

    Returns the detected Pillow format ("JPEG", "PNG", "WEBP" or "GIF"). The pixel count
    is checked from the header; then the image is decoded once, to the end of its data,
    so a truncated or damaged file is refused. A JPEG is decoded at 1/8 scale: libjpeg
    still reads every block, but holds 1/64 of the pixels.
    """
    if file is None:
        return None
    check_upload_size(file)
    # WeasyPrint (PDF reports) turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole
    # process; a truncated upload must still be refused here.
    load_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with _decoding():
            image = _open_checked(file)
            image_format = image.format
            if image_format == "JPEG":
                image.draft(None, (1, 1))
            image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = load_truncated
        _rewind(file)
    return image_format


def check_pixel_count(file):
    """Refuse an image over settings.MAX_IMAGE_PIXELS, from its header alone."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            _open_checked(file)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb_error() from None
    except ValidationError as error:
        if error.code == "image_too_many_pixels":
            raise
    except _BROKEN_IMAGE_ERRORS:
        pass  # not an image: the caller's own check says so
    finally:
        _rewind(file)


def apply_pixel_limit(**kwargs):
    """Give Pillow's own decompression-bomb limit the value of settings.MAX_IMAGE_PIXELS,
    so code that opens images without our checks (reports, Django's ImageField) is
    bounded too: Pillow warns above it and refuses twice that."""
    if kwargs.get("setting", "MAX_IMAGE_PIXELS") == "MAX_IMAGE_PIXELS":
        Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS


setting_changed.connect(apply_pixel_limit)


class ImageUploadField(forms.ImageField):
    """Django's form ImageField with the pixel limit checked from the header first, so
    any image over it gets the same "too many pixels" message. Add ``validate_image`` to
    its validators (or the model field's) for the full check."""

    def to_python(self, data):
        file = forms.FileField.to_python(self, data)
        if file is not None:
            check_pixel_count(file)
        return super().to_python(data)


class MetadataFreeImage(ContentFile):
    """An image re-encoded from its pixels alone (what strip_metadata and make_thumbnail
    return), so storing it does not re-encode it again."""


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode in ("P", "L") and "transparency" in image.info)


def _upright(image):
    """Turn ``image`` as its EXIF orientation says, in place; leave it as it is when that
    EXIF is damaged. Only a real turn allocates a second copy of the pixels."""
    try:
        ImageOps.exif_transpose(image, in_place=True)
    except (*_BROKEN_IMAGE_ERRORS, KeyError, AttributeError):
        pass
    return image


def _turns_sideways(image):
    """Whether the EXIF orientation swaps width and height."""
    try:
        return image.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8)
    except (*_BROKEN_IMAGE_ERRORS, KeyError, AttributeError):
        return False


def _to_srgb(image):
    """Convert pixels described by an ICC profile to sRGB, so the profile can go (in place
    when the mode stays the same)."""
    icc_profile = image.info.get("icc_profile")
    if not icc_profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        srgb = ImageCms.createProfile("sRGB")
        if image.mode in ("RGB", "RGBA"):
            ImageCms.profileToProfile(image, source, srgb, inPlace=True)
            return image
        return ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
    except (ImageCms.PyCMSError, *_BROKEN_IMAGE_ERRORS):
        return image


def _bare(image):
    """The same image with no metadata at all (in place: the pixels are not copied)."""
    transparency = image.info.get("transparency")
    image.info = {} if transparency is None else {"transparency": transparency}
    return image


def _converted(image, mode):
    """``image`` in ``mode``; the image itself when it is already in it (convert() would
    copy)."""
    return image if image.mode == mode else image.convert(mode)


def _shrink(image, size, reducing_gap=2.0):
    """``image`` made to fit ``size`` as ``thumbnail()`` does, without a second full-size
    copy: Pillow's reduce() and resize() premultiply alpha (RGBA, LA) on a copy of the
    whole image, so such an image is first reduced band by band."""
    factor = int(min(image.width / size[0], image.height / size[1]) / reducing_gap)
    if factor > 1 and image.mode in ("RGBA", "LA"):
        band = factor * 64
        reduced = Image.new(image.mode, (-(-image.width // factor), -(-image.height // factor)))
        for top in range(0, image.height, band):
            piece = image.crop((0, top, image.width, min(top + band, image.height)))
            reduced.paste(piece.reduce(factor), (0, top // factor))
        reduced.info = image.info
        image = reduced
    image.thumbnail(size, reducing_gap=reducing_gap)
    return image


def _decoded(source, *, size=None):
    """Open, check and decode an image (resized to fit ``size`` if given), upright,
    in sRGB, without metadata; with the format it was uploaded in.

    At most one full-size copy of the pixels is held, plus a second only while a turn,
    a colour conversion or a mode change needs it. For a thumbnail, a JPEG is decoded
    at the smallest 1/2, 1/4 or 1/8 scale still twice the target, and other formats
    are shrunk with reduce() before anything else is done to them.
    """
    if hasattr(source, "open") and getattr(source, "closed", False):
        source.open("rb")
    _rewind(source)
    with _decoding():
        try:
            image = _open_checked(source)
            image_format = image.format
            if size is not None:
                if _turns_sideways(image):
                    size = (size[1], size[0])
                # JPEG: decode at a reduced scale, still twice the target (as thumbnail()).
                image.draft(None, (2 * size[0], 2 * size[1]))
                image.load()
                image = _shrink(image, size)
            else:
                image.load()
            image = _bare(_to_srgb(_upright(image)))
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
        optimize = image.width * image.height <= OPTIMIZE_MAX_PIXELS
        image.save(buffer, format="JPEG", quality=REENCODE_QUALITY, optimize=optimize)
        extension = "jpg"
    elif image_format == "WEBP":
        image = _converted(image, "RGBA" if _has_alpha(image) else "RGB")
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
        _converted(image, "RGBA").save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        _converted(image, "RGB").save(buffer, format="JPEG", quality=82, optimize=True)
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

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})


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
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of errors on damaged files
        raise error from None
    finally:
        _rewind(file)
