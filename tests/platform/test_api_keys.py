"""Self-service API keys: asked for on the site, approved in the admin, shown once, hashed,
scoped, throttled per key, revocable, rotatable, counted per day."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ess_platform.kernel.notifications.models import Notification
from ess_platform.partners import services
from ess_platform.partners.models import ApiKey, ApiKeyUsage
from tests.factories import NationalAdminFactory, UserFactory


def key_client(secret):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    return client


@pytest.fixture
def active_key(territory):
    def make(scope=ApiKey.Scope.READ, quota=1000):
        owner = UserFactory()
        key = services.request_key(owner=owner, name="portal", purpose="sync", scope=scope)
        ApiKey.objects.filter(pk=key.pk).update(quota_per_hour=quota)
        services.approve_key(key=key, by=NationalAdminFactory())
        return key, services.issue_key(key=key, owner=owner)
    return make


@pytest.mark.django_db
def test_request_approve_and_show_once(client, territory):
    member, admin_user = UserFactory(), NationalAdminFactory()
    client.force_login(member)
    answer = client.post(reverse("partners:api_keys"),
                         {"name": "Portail", "purpose": "Synchroniser", "scope": "read"})
    assert answer.status_code == 302
    key = ApiKey.objects.get(owner=member)
    assert key.status == ApiKey.Status.REQUESTED
    # The member cannot show a key nobody approved.
    client.post(reverse("partners:show_key", args=[key.pk]))
    assert ApiKey.objects.get(pk=key.pk).prefix is None
    client.force_login(admin_user)
    client.post(reverse("admin:partners_apikey_changelist"),
                {"action": "approve", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.status == ApiKey.Status.APPROVED
    assert Notification.objects.filter(recipient=member, kind="api_key_approved").exists()
    client.force_login(member)
    page = client.post(reverse("partners:show_key", args=[key.pk])).content.decode()
    key.refresh_from_db()
    secret = re.search(r'<code dir="ltr">([0-9a-f]{8}\.[A-Za-z0-9_-]+)</code>', page)[1]
    assert secret.startswith(key.prefix + ".")
    assert key.status == ApiKey.Status.ACTIVE and secret not in key.hashed_key
    assert key_client(secret).get(reverse("cooperative-list")).status_code == 200
    assert secret not in client.get(reverse("partners:api_keys")).content.decode()


@pytest.mark.django_db
def test_a_member_cannot_approve(territory):
    key = services.request_key(owner=UserFactory(), name="x", purpose="y")
    with pytest.raises(PermissionDenied):
        services.approve_key(key=key, by=UserFactory())
    assert ApiKey.objects.get(pk=key.pk).status == ApiKey.Status.REQUESTED


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Api-Key", "Api-Key a b", "Api-Key nope",
                                    "Api-Key 0123abcd.\u00e9\u00e9\u00e9\u00e9\u00e9",
                                    "Api-Key 0123abcd.aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"])
def test_malformed_or_unknown_keys_are_401(territory, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get(reverse("cooperative-list")).status_code == 401


@pytest.mark.django_db
def test_revoked_key_is_401_and_rotation_replaces_the_secret(active_key):
    key, secret = active_key()
    new_secret = services.issue_key(key=key, owner=key.owner)
    assert key_client(secret).get(reverse("cooperative-list")).status_code == 401
    assert key_client(new_secret).get(reverse("cooperative-list")).status_code == 200
    services.revoke_key(key=key, by=key.owner)
    assert key_client(new_secret).get(reverse("cooperative-list")).status_code == 401


@pytest.mark.django_db
def test_scope_read_cannot_submit_ideas_write_ideas_can(active_key):
    _key, read = active_key()
    assert key_client(read).post(reverse("idea-list"), {}, format="json").status_code == 403
    _key, write = active_key(scope=ApiKey.Scope.WRITE_IDEAS)
    # Past the scope check: the empty idea is refused for its fields.
    assert key_client(write).post(reverse("idea-list"), {}, format="json").status_code == 400


@pytest.mark.django_db
def test_quota_per_key_and_usage_counted_per_day(active_key):
    key, secret = active_key(quota=3)
    client = key_client(secret)
    answers = [client.get(reverse("sector-list")).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert ApiKeyUsage.objects.get(key=key).requests == 4
    _other, other_secret = active_key(quota=3)
    assert key_client(other_secret).get(reverse("sector-list")).status_code == 200


@pytest.mark.django_db
def test_a_key_costs_two_queries_per_request(active_key, django_assert_num_queries):
    key, secret = active_key()
    client = key_client(secret)
    client.get(reverse("sector-list"))
    with django_assert_num_queries(3):  # the key, the usage counter, the sectors
        client.get(reverse("sector-list"))


@pytest.mark.django_db
def test_token_authentication_still_works(territory):
    token = Token.objects.create(user=UserFactory())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(reverse("cooperative-list")).status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Token bad-token!")
    assert client.get(reverse("cooperative-list")).status_code == 401


@pytest.fixture
def manager_key(territory):
    from tests.cooperatives.factories import CooperativeFactory, ManagerFactory

    own, other = CooperativeFactory(), CooperativeFactory()
    manager = ManagerFactory(cooperative=own).user

    def make(scope):
        key = services.request_key(owner=manager, name="shop", purpose="sync", scope=scope)
        services.approve_key(key=key, by=NationalAdminFactory())
        return own, other, key_client(services.issue_key(key=key, owner=manager))
    return make


@pytest.mark.django_db
def test_write_products_key_keeps_only_its_own_cooperatives_products(manager_key):
    from cooperatives.models import Product

    own, other, client = manager_key(ApiKey.Scope.WRITE_PRODUCTS)
    url = reverse("my-product-list")
    created = client.post(url, {"cooperative": own.pk, "name_ar": "زيت الأركان"}, format="json")
    assert created.status_code == 201
    product = Product.objects.unscoped().get(pk=created.json()["id"])
    assert product.cooperative_id == own.pk
    assert client.post(url, {"cooperative": other.pk, "name_ar": "عسل"},
                       format="json").status_code == 400
    assert not Product.objects.unscoped().filter(cooperative=other).exists()
    detail = reverse("my-product-detail", args=[product.pk])
    assert client.patch(detail, {"name_fr": "Huile d'argan"}, format="json").status_code == 200
    assert client.delete(detail).status_code == 204


@pytest.mark.django_db
def test_a_read_key_cannot_write_products(manager_key):
    own, _other, client = manager_key(ApiKey.Scope.READ)
    answer = client.post(reverse("my-product-list"), {"cooperative": own.pk, "name_ar": "x"},
                         format="json")
    assert answer.status_code == 403
    assert client.get(reverse("my-product-list")).status_code == 200


@pytest.mark.django_db
def test_only_managers_may_ask_for_write_products(territory):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.request_key(owner=UserFactory(), name="x", purpose="y",
                             scope=ApiKey.Scope.WRITE_PRODUCTS)
    assert not ApiKey.objects.exists()
