import io

import pytest
from django.urls import reverse

from cooperatives.models import Cooperative, Product
from tests.cooperatives.factories import CooperativeFactory, ManagerFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(cooperative):
    return ManagerFactory(cooperative=cooperative).user


def login(client, user):
    client.force_login(user)


def test_manager_edits_profile(client, manager, cooperative):
    login(client, manager)
    url = reverse("cooperatives:manage", kwargs={"pk": cooperative.pk})
    data = {"name_ar": "تعاونية الأمل", "name_fr": "Coopérative Al Amal",
            "sector": cooperative.sector_id, "members_count": 30, "women_members": 20,
            "youth_members": 10, "description_fr": "Miel de thym"}
    response = client.post(url, data)
    assert response.status_code == 302
    cooperative.refresh_from_db()
    assert cooperative.name_fr == "Coopérative Al Amal"
    assert "miel de thym" in cooperative.search_text


def test_manager_cannot_edit_another_cooperative(client, manager, other_cooperative):
    login(client, manager)
    url = reverse("cooperatives:manage", kwargs={"pk": other_cooperative.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"name_ar": "x"}).status_code == 403


def test_plain_member_cannot_edit(client, member, cooperative):
    login(client, member)
    url = reverse("cooperatives:manage", kwargs={"pk": cooperative.pk})
    assert client.get(url).status_code == 403


def test_anonymous_is_sent_to_login(client, cooperative):
    url = reverse("cooperatives:manage", kwargs={"pk": cooperative.pk})
    assert client.get(url).status_code == 302


def test_manager_adds_product_with_photo_and_thumbnail(client, manager, cooperative,
                                                       png_bytes):
    login(client, manager)
    url = reverse("cooperatives:product_add", kwargs={"pk": cooperative.pk})
    photo = io.BytesIO(png_bytes)
    photo.name = "amlou.png"
    response = client.post(url, {"name_ar": "أملو", "name_fr": "Amlou", "photo": photo})
    assert response.status_code == 302
    product = Product.objects.unscoped().get(cooperative=cooperative)
    assert product.photo and product.thumbnail
    stored = Cooperative.objects.unscoped().get(pk=cooperative.pk)
    assert "املو" in stored.search_text


def test_upload_that_is_not_an_image_is_refused_and_nothing_stored(client, manager,
                                                                  cooperative, settings):
    login(client, manager)
    url = reverse("cooperatives:product_add", kwargs={"pk": cooperative.pk})
    fake = io.BytesIO(b"MZ\x90\x00 not a picture")
    fake.name = "photo.jpg"
    response = client.post(url, {"name_ar": "أملو", "photo": fake})
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    assert not Product.objects.unscoped().exists()
    assert not list((settings.MEDIA_ROOT).glob("**/*.jpg")) if settings.MEDIA_ROOT.exists() \
        else True


def test_decompression_bomb_is_a_form_error(client, manager, cooperative, settings):
    from PIL import Image

    settings.MAX_IMAGE_PIXELS = 1000
    login(client, manager)
    buffer = io.BytesIO()
    Image.new("1", (2000, 2000)).save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "bomb.png"
    url = reverse("cooperatives:product_add", kwargs={"pk": cooperative.pk})
    response = client.post(url, {"name_ar": "قنبلة", "photo": buffer})
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert not Product.objects.unscoped().exists()


def test_too_big_upload_is_a_form_error(client, manager, cooperative, settings, png_bytes):
    settings.MAX_UPLOAD_SIZE = 100
    login(client, manager)
    photo = io.BytesIO(png_bytes)
    photo.name = "big.png"
    url = reverse("cooperatives:product_add", kwargs={"pk": cooperative.pk})
    response = client.post(url, {"name_ar": "كبير", "photo": photo})
    assert "photo" in response.context["form"].errors
    assert not Product.objects.unscoped().exists()


def test_manager_cannot_edit_product_of_another_cooperative(client, manager):
    foreign = ProductFactory(cooperative=CooperativeFactory())
    login(client, manager)
    url = reverse("cooperatives:product_edit",
                  kwargs={"pk": manager.cooperative_memberships.get().cooperative_id,
                          "product_pk": foreign.pk})
    assert client.get(url).status_code == 404


def test_manager_deletes_product(client, manager, cooperative):
    product = ProductFactory(cooperative=cooperative)
    login(client, manager)
    url = reverse("cooperatives:product_delete",
                  kwargs={"pk": cooperative.pk, "product_pk": product.pk})
    assert client.post(url).status_code == 302
    assert not Product.objects.unscoped().filter(pk=product.pk).exists()


def test_my_cooperatives_lists_managed_ones(client, manager, cooperative, other_cooperative):
    login(client, manager)
    html = client.get(reverse("cooperatives:mine")).content.decode()
    assert cooperative.name_ar in html and other_cooperative.name_ar not in html
