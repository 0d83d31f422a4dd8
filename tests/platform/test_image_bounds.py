"""Images are bounded: a pixel limit read from the header before any decoding, and a
bounded amount of memory for the largest image accepted.

Pillow allocates pixel memory with its own allocator, which ``tracemalloc`` does not see
(it reports a few MB for a 100 MB decode). Memory is measured in a fresh process as the
growth of its peak resident size (``VmHWM``): ``ru_maxrss`` would not do here, since a
child process inherits the resident size of its parent (the test runner) as its
starting peak.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageFile

from cooperatives.models import Product
from ess_platform.kernel.uploads import ImageUploadField, make_thumbnail, validate_image
from projects_bank.forms import IdeaForm
from tests.cooperatives.factories import CooperativeFactory, ManagerFactory

ROOT = Path(__file__).resolve().parents[2]
MAX_SIDE = 5000  # 5000 x 5000 = 25 megapixels, the default limit

# One decoded copy of a 25 MP image is 100 MB (Pillow keeps RGB as 4 bytes a pixel, like
# RGBA). The bound allows that one copy plus 50 MB for encoders and buffers; a second
# full-size copy (as before: 191 MB for the JPEG, 198 MB for the PNG) fails it.
PEAK_GROWTH_BOUND_MB = 150


def png_of(size, mode="1"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "huge.png"
    return buffer


def test_default_limit_is_25_megapixels_and_pillow_uses_it():
    assert django_settings.MAX_IMAGE_PIXELS == 25_000_000
    assert Image.MAX_IMAGE_PIXELS == django_settings.MAX_IMAGE_PIXELS


def test_pillow_limit_follows_the_setting(settings):
    settings.MAX_IMAGE_PIXELS = 1_000_000
    assert Image.MAX_IMAGE_PIXELS == 1_000_000


def test_pixel_count_is_refused_before_anything_is_decoded(monkeypatch):
    decoded = []
    original_load = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load",
                        lambda image: decoded.append(image.size) or original_load(image))
    upload = SimpleUploadedFile("huge.png", png_of((6300, 6300)).read())
    with pytest.raises(ValidationError) as error:
        validate_image(upload)
    assert error.value.code == "image_too_many_pixels"
    assert decoded == []


def test_image_at_the_limit_is_accepted():
    buffer = io.BytesIO()
    Image.new("1", (MAX_SIDE, MAX_SIDE)).save(buffer, format="PNG")
    assert validate_image(SimpleUploadedFile("max.png", buffer.getvalue())) == "PNG"


def test_truncated_png_is_still_refused():
    buffer = io.BytesIO()
    Image.radial_gradient("L").resize((600, 600)).save(buffer, format="PNG")
    data = buffer.getvalue()
    with pytest.raises(ValidationError) as error:
        validate_image(SimpleUploadedFile("half.png", data[: len(data) // 2]))
    assert error.value.code == "invalid_image"


@pytest.mark.django_db
@pytest.mark.parametrize("side", [6300, 7500])  # 39.7 MP; 56 MP, over Pillow's own refusal
def test_oversized_png_is_a_translated_form_error_and_nothing_is_stored(
        client, souss_massa, settings, tmp_path, side):
    settings.MEDIA_ROOT = tmp_path / "media"
    cooperative = CooperativeFactory(region_code="09")
    client.force_login(ManagerFactory(cooperative=cooperative).user)
    with translation.override("fr"):
        url = reverse("cooperatives:product_add", kwargs={"pk": cooperative.pk})
    response = client.post(url, {"name_ar": "صورة", "photo": png_of((side, side))})
    assert response.status_code == 200
    errors = response.context["form"].errors["photo"]
    assert errors == ["Cette image a trop de pixels. Le maximum est de 25 millions de pixels."]
    assert not Product.objects.unscoped().exists()
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.*"))


def test_idea_photo_field_checks_the_pixel_count_first():
    assert isinstance(IdeaForm.base_fields["photo"], ImageUploadField)


def test_large_transparent_image_thumbnail_keeps_its_shape_and_alpha():
    image = Image.new("RGBA", (3000, 1000), (0, 0, 0, 0))
    image.paste((200, 120, 40, 255), (0, 0, 1500, 1000))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    thumb = Image.open(io.BytesIO(make_thumbnail(
        SimpleUploadedFile("wide.png", buffer.getvalue())).read()))
    assert thumb.size == (480, 160)
    assert thumb.getpixel((10, 80))[3] == 255
    assert thumb.getpixel((470, 80))[3] == 0


MEASURE = """
import json, os, sys, tracemalloc

def peak_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

from django.conf import settings
settings.configure(MAX_UPLOAD_SIZE=int(sys.argv[2]), MAX_IMAGE_PIXELS=int(sys.argv[3]),
                   USE_I18N=False)
from django.core.files.uploadedfile import SimpleUploadedFile
from ess_platform.kernel.uploads import (apply_pixel_limit, make_thumbnail, strip_metadata,
                                  validate_image)
apply_pixel_limit()
with open(sys.argv[1], "rb") as file:
    upload = SimpleUploadedFile(os.path.basename(sys.argv[1]), file.read())
tracemalloc.start()
before = peak_kb()
validate_image(upload)
stored = strip_metadata(upload)
thumbnail = make_thumbnail(upload)
after = peak_kb()
print(json.dumps({"growth_mb": (after - before) / 1024, "stored": len(stored),
                  "traced_mb": tracemalloc.get_traced_memory()[1] / 1e6}))
"""


def maximal_image(path, fmt):
    """A 25 MP image that stays under the upload size limit: smooth, with some detail."""
    gradient = Image.linear_gradient("L").resize((MAX_SIDE, MAX_SIDE))
    bands = [gradient, gradient.transpose(Image.Transpose.ROTATE_90),
             Image.radial_gradient("L").resize((MAX_SIDE, MAX_SIDE))]
    if fmt == "PNG":
        bands.append(gradient.transpose(Image.Transpose.ROTATE_180))
    Image.merge("RGBA" if fmt == "PNG" else "RGB", bands).save(path, format=fmt)
    return path


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_maximal_upload_stays_under_the_memory_bound(tmp_path, fmt):
    path = maximal_image(tmp_path / f"max.{fmt.lower()}", fmt)
    assert path.stat().st_size <= django_settings.MAX_UPLOAD_SIZE
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), str(django_settings.MAX_UPLOAD_SIZE),
         str(django_settings.MAX_IMAGE_PIXELS)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    measured = json.loads(result.stdout)
    assert measured["stored"] > 0
    assert measured["growth_mb"] < PEAK_GROWTH_BOUND_MB, measured

