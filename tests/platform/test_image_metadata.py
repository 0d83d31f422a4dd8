"""Public images lose every metadata on upload: EXIF (GPS position), XMP, comments, ICC."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cooperatives.models import Product
from ess_platform.kernel.uploads import make_thumbnail, strip_metadata
from tests.cooperatives.factories import CooperativeFactory, ManagerFactory
from tests.images import (
    GPS_IFD,
    SECRET,
    assert_no_metadata,
    image_with_metadata,
    jpeg_with_gps,
)


def test_the_test_photo_really_carries_gps_and_a_comment():
    data = image_with_metadata("JPEG")
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)
    assert b"Exif" in data and SECRET in data


@pytest.mark.parametrize("fmt, extension", [("JPEG", "jpg"), ("PNG", "png"),
                                            ("WEBP", "webp"), ("GIF", "gif")])
def test_strip_metadata_keeps_the_format_and_drops_everything_else(fmt, extension):
    source = ContentFile(image_with_metadata(fmt), name=f"my photo.{fmt.lower()}")
    cleaned = strip_metadata(source)
    data = cleaned.read()
    assert cleaned.name == f"my photo.{extension}"
    assert Image.open(io.BytesIO(data)).format == fmt
    assert_no_metadata(data)


def test_strip_metadata_turns_the_photo_upright_before_dropping_exif():
    # Orientation 6: the camera was held sideways; the stored pixels are 60x30.
    cleaned = strip_metadata(jpeg_with_gps(size=(60, 30), orientation=6))
    image = Image.open(io.BytesIO(cleaned.read()))
    assert image.size == (30, 60)
    assert dict(image.getexif()) == {}


def test_strip_metadata_refuses_what_is_not_an_image():
    with pytest.raises(ValidationError):
        strip_metadata(SimpleUploadedFile("photo.jpg", b"not an image"))


def test_thumbnail_carries_no_exif_nor_comment():
    thumbnail = make_thumbnail(jpeg_with_gps(size=(1000, 500)), size=(100, 100))
    data = thumbnail.read()
    assert Image.open(io.BytesIO(data)).size == (100, 50)
    assert_no_metadata(data)


# --- every path that stores a product photo ------------------------------------------


@pytest.fixture
def cooperative(souss_massa):
    return CooperativeFactory(region_code="09")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def stored_bytes(field_file):
    with field_file.storage.open(field_file.name, "rb") as stored:
        return stored.read()


@pytest.mark.django_db
def test_product_photo_from_the_site_is_stored_and_served_without_exif(client, cooperative):
    manager = ManagerFactory(cooperative=cooperative).user
    client.force_login(manager)
    response = client.post(reverse("cooperatives:product_add", kwargs={"pk": cooperative.pk}),
                           {"name_ar": "أملو", "photo": jpeg_with_gps("amlou.jpg")})
    assert response.status_code == 302
    product = cooperative.products.get()
    assert_no_metadata(stored_bytes(product.photo))
    assert_no_metadata(stored_bytes(product.thumbnail))
    served = client.get(f"/media/{product.photo.name}")
    assert served.status_code == 200
    assert_no_metadata(b"".join(served.streaming_content))


@pytest.mark.django_db
def test_product_photo_saved_directly_on_the_model_is_stripped_too(cooperative):
    product = Product(cooperative=cooperative, name="عسل", photo=jpeg_with_gps("honey.jpg"))
    product.save()
    assert product.photo.name.endswith(".jpg")
    assert_no_metadata(stored_bytes(product.photo))
    product.photo.save("again.jpg", ContentFile(image_with_metadata("JPEG")), save=False)
    assert_no_metadata(stored_bytes(product.photo))


@pytest.mark.django_db
def test_migration_strips_the_photos_already_published(cooperative):
    import importlib

    from django.apps import apps as django_apps
    from django.core.files.storage import default_storage

    migration = importlib.import_module(
        "cooperatives.migrations.0008_product_photo_without_metadata")
    name = default_storage.save("products/2025/04/argan.jpg",
                                ContentFile(image_with_metadata("JPEG")))
    product = Product.objects.create(cooperative=cooperative, name="زيت")
    cooperative.products.filter(pk=product.pk).update(photo=name)
    migration.strip_stored_photos(django_apps, None)
    product = cooperative.products.get()
    assert product.photo.name == name
    assert_no_metadata(stored_bytes(product.photo))
