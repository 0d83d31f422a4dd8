"""The shared upload checks: type by content, size limit, decompression bombs, PDFs."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from ess_platform.kernel.uploads import make_thumbnail, validate_image, validate_pdf


def image_bytes(size=(40, 30), fmt="PNG", mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, "red").save(buffer, format=fmt)
    return buffer.getvalue()


def upload(content, name="photo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def minimal_pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_valid_image_is_accepted_and_rewound(fmt):
    file = upload(image_bytes(fmt=fmt))
    assert validate_image(file) == fmt
    assert file.tell() == 0


def test_text_named_like_an_image_is_rejected():
    with pytest.raises(ValidationError) as error:
        validate_image(upload(b"not an image at all", name="photo.jpg"))
    assert error.value.code == "invalid_image"


def test_truncated_image_is_rejected():
    import weasyprint  # noqa: F401 - it turns on LOAD_TRUNCATED_IMAGES process-wide

    data = image_bytes(size=(200, 200), fmt="JPEG")
    with pytest.raises(ValidationError) as error:
        validate_image(upload(data[: len(data) // 2], name="half.jpg"))
    assert error.value.code == "invalid_image"


def test_unaccepted_format_is_rejected():
    with pytest.raises(ValidationError) as error:
        validate_image(upload(image_bytes(fmt="BMP"), name="photo.bmp"))
    assert error.value.code == "invalid_image"


def test_file_over_size_limit_is_rejected(settings):
    settings.MAX_UPLOAD_SIZE = 100
    with pytest.raises(ValidationError) as error:
        validate_image(upload(image_bytes(size=(300, 300), fmt="PNG")))
    assert error.value.code == "file_too_large"


def test_decompression_bomb_is_rejected(settings):
    settings.MAX_IMAGE_PIXELS = 10_000
    # Small on disk (a flat PNG compresses well), huge once decoded.
    with pytest.raises(ValidationError) as error:
        validate_image(upload(image_bytes(size=(1000, 1000), mode="1")))
    assert error.value.code == "image_too_many_pixels"


def test_pillow_bomb_error_is_translated_to_form_error(settings, monkeypatch):
    settings.MAX_IMAGE_PIXELS = 10**12  # our own check passes, Pillow's fires
    # Undone before the setting is (which sets Pillow's limit back to it).
    with monkeypatch.context() as patch:
        patch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
        with pytest.raises(ValidationError) as error:
            validate_image(upload(image_bytes(size=(100, 100))))
    assert error.value.code == "image_too_many_pixels"


def test_error_message_is_translated_to_french():
    with translation.override("fr"):
        with pytest.raises(ValidationError) as error:
            validate_image(upload(b"plain text"))
        assert "Envoyez une image valide" in error.value.messages[0]


def test_thumbnail_fits_requested_size():
    thumb = make_thumbnail(upload(image_bytes(size=(1000, 500), fmt="JPEG"), name="a.jpg"),
                           size=(100, 100))
    assert thumb.name == "a-thumb.jpg"
    assert Image.open(io.BytesIO(thumb.read())).size == (100, 50)


def test_thumbnail_keeps_transparency_as_png():
    thumb = make_thumbnail(upload(image_bytes(mode="RGBA")), size=(10, 10))
    assert thumb.name.endswith(".png")


def test_valid_pdf_is_accepted_and_left_ready_to_store():
    document = upload(minimal_pdf(), name="doc.pdf", content_type="application/pdf")
    validate_pdf(document)  # raises if refused
    assert document.read(5) == b"%PDF-"


def test_fake_pdf_is_rejected():
    with pytest.raises(ValidationError) as error:
        validate_pdf(upload(b"%PDF-1.4 garbage only", name="doc.pdf"))
    assert error.value.code == "invalid_pdf"


def test_image_named_pdf_is_rejected():
    with pytest.raises(ValidationError):
        validate_pdf(upload(image_bytes(), name="doc.pdf"))


def test_pdf_over_size_limit_is_rejected(settings):
    settings.MAX_UPLOAD_SIZE = 10
    with pytest.raises(ValidationError) as error:
        validate_pdf(upload(minimal_pdf(), name="doc.pdf"))
    assert error.value.code == "file_too_large"
