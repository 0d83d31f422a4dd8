import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_file(name="photo.png", size=(40, 30), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, color=1 if mode == "1" else (200, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def image_bomb():
    """A small file that decodes into 100 million pixels."""
    return png_file("bomb.png", size=(10_000, 10_000), mode="1")


def fake_pdf():
    return SimpleUploadedFile("plan.pdf", b"<html>not a pdf</html>",
                              content_type="application/pdf")


def real_pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile("plan.pdf", buffer.getvalue(), content_type="application/pdf")
