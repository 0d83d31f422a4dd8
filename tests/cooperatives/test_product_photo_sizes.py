"""A product photo is sent to phones as a small thumbnail, with a larger size in srcset."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from cooperatives.models import Product
from tests.cooperatives.factories import ManagerFactory

pytestmark = pytest.mark.django_db


def test_product_photo_gets_a_thumbnail_and_a_large_size_offered_in_srcset(
        client, cooperative):
    cooperative.is_published = True
    cooperative.save()
    client.force_login(ManagerFactory(cooperative=cooperative).user)
    buffer = io.BytesIO()
    Image.effect_noise((2400, 1800), 60).convert("RGB").save(buffer, format="JPEG", quality=95)
    buffer.name = "argan.jpg"
    buffer.seek(0)
    response = client.post(reverse("cooperatives:product_add", kwargs={"pk": cooperative.pk}),
                           {"name_ar": "زيت الأركان", "name_fr": "Huile d'argan",
                            "photo": buffer})
    assert response.status_code == 302
    product = Product.objects.unscoped().get(cooperative=cooperative)
    with Image.open(product.thumbnail) as small, Image.open(product.photo_large) as large:
        assert small.size == (480, 360)
        assert large.size == (1200, 900)
    assert product.thumbnail.size < 60_000 < product.photo.size

    page = client.get(cooperative.get_absolute_url()).text
    assert f'src="{product.thumbnail.url}"' in page
    assert f"{product.thumbnail.url} 480w, {product.photo_large.url} 1200w" in page
    assert product.photo.url not in page
