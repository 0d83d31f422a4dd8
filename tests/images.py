"""Images for upload tests: a phone photo with its GPS position in EXIF, and friends."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

GPS_IFD = 0x8825
ORIENTATION = 0x0112
SECRET = b"secret-place-tafraout"
XMP = b"<x:xmpmeta>" + SECRET + b"</x:xmpmeta>"


def exif_with_gps(orientation=1):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (29.0, 43.0, 24.0)  # latitude of Tafraout
    gps[3], gps[4] = "W", (8.0, 58.0, 30.0)
    return exif


def image_with_metadata(fmt="JPEG", size=(60, 30), orientation=1):
    """Bytes of an image carrying EXIF with GPS and, where the format allows, XMP,
    a comment, text chunks and an ICC profile."""
    image = Image.new("RGB", size, (200, 120, 40))
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    options = {"exif": exif_with_gps(orientation)}
    if fmt == "JPEG":
        options.update(comment=SECRET, icc_profile=icc, xmp=XMP)
    elif fmt == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", SECRET.decode())
        options.update(pnginfo=text, icc_profile=icc)
    elif fmt == "WEBP":
        options.update(icc_profile=icc, xmp=XMP)
    elif fmt == "GIF":
        image = image.convert("P")
        options = {"comment": SECRET}
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def jpeg_with_gps(name="photo.jpg", size=(60, 30), orientation=1):
    return SimpleUploadedFile(name, image_with_metadata("JPEG", size, orientation),
                              content_type="image/jpeg")


def assert_no_metadata(data):
    """The bytes of a stored image carry no EXIF, XMP, comment or text chunk."""
    image = Image.open(io.BytesIO(data))
    assert dict(image.getexif()) == {}
    assert b"Exif" not in data and b"EXIF" not in data and b"eXIf" not in data
    assert SECRET not in data
    assert b"xmpmeta" not in data
    assert not {"exif", "xmp", "comment", "icc_profile", "Comment"} & set(image.info)
