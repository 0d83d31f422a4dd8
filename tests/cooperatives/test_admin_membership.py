"""A cooperative's members are named by e-mail, phone or username in the admin: no popup
or autocomplete lets a delegate browse accounts."""

import pytest
from django.urls import reverse

from cooperatives.admin import MembershipForm
from cooperatives.models import CooperativeMembership
from tests.cooperatives.factories import ManagerFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_delegate_change_page_has_no_account_popup(client, delegate, cooperative):
    ManagerFactory(cooperative=cooperative)
    client.force_login(delegate)
    response = client.get(reverse("admin:cooperatives_cooperative_change",
                                  args=[cooperative.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("admin:users_user_changelist") not in page
    assert "vForeignKeyRawIdAdminField" not in page


def test_delegate_cannot_open_the_accounts_popup(client, delegate, national_admin):
    client.force_login(delegate)
    response = client.get(reverse("admin:users_user_changelist") + "?_to_field=id&_popup=1")
    assert response.status_code == 403
    assert national_admin.email.encode() not in response.content


def test_delegate_cannot_autocomplete_accounts(client, delegate):
    client.force_login(delegate)
    response = client.get(reverse("admin:autocomplete"), {
        "app_label": "cooperatives", "model_name": "cooperativemembership",
        "field_name": "user", "term": "example"})
    assert response.status_code == 403


@pytest.mark.parametrize("given", ["email", "phone", "username"])
def test_member_is_found_by_exact_email_phone_or_username(cooperative, given):
    person = UserFactory(phone="+212600000123")
    value = {"email": person.email.upper(), "phone": "+212 600 000 123",
             "username": person.username}[given]
    form = MembershipForm(data={"user": value, "role": "member"},
                          instance=CooperativeMembership(cooperative=cooperative))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["user"] == person


def test_unknown_or_partial_account_is_refused(cooperative):
    person = UserFactory()
    for value in ["nobody@example.ma", person.email[:5], "%"]:
        form = MembershipForm(data={"user": value, "role": "member"},
                              instance=CooperativeMembership(cooperative=cooperative))
        assert not form.is_valid()
        assert "user" in form.errors


def test_inactive_account_is_refused(cooperative):
    person = UserFactory(is_active=False)
    form = MembershipForm(data={"user": person.email, "role": "member"},
                          instance=CooperativeMembership(cooperative=cooperative))
    assert not form.is_valid()


def test_existing_member_is_shown_by_username(cooperative):
    membership = ManagerFactory(cooperative=cooperative)
    form = MembershipForm(instance=membership)
    assert f'value="{membership.user.username}"' in form.as_p()
