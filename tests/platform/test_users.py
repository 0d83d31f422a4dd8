import re

import pytest
from django.contrib.auth import get_user_model

from ess_platform.kernel.notifications.models import Notification
from tests.factories import PASSWORD, UserFactory

User = get_user_model()


@pytest.mark.django_db
def test_sign_up_with_phone_only(client):
    response = client.post(
        "/ar/accounts/signup/",
        {
            "first_name": "Fatima",
            "last_name": "Zahra",
            "email": "",
            "phone": "06 61 23 45 67",
            "preferred_language": "ar",
            "password1": "argan-souss-2025",
            "password2": "argan-souss-2025",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/signup/code/"
    assert not User.objects.exists()
    sms = Notification.objects.get(kind="account_signup_code", phone="+212661234567").sms_text
    code = re.search(r"\b\d{6}\b", sms).group(0)
    response = client.post("/ar/accounts/signup/code/", {"phone": "0661234567", "code": code})
    assert response.status_code == 302
    user = User.objects.get(phone="+212661234567")
    assert user.username == "+212661234567"
    assert user.check_password("argan-souss-2025")


@pytest.mark.django_db
def test_sign_up_needs_email_or_phone(client):
    response = client.post(
        "/fr/accounts/signup/",
        {
            "first_name": "A",
            "last_name": "B",
            "email": "",
            "phone": "",
            "preferred_language": "fr",
            "password1": "argan-souss-2025",
            "password2": "argan-souss-2025",
        },
    )
    assert response.status_code == 200
    assert "adresse e-mail ou un numéro de téléphone" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_sign_up_with_a_taken_email_creates_nothing_and_tells_its_owner(client):
    owner = UserFactory(email="taken@example.ma")
    response = client.post(
        "/ar/accounts/signup/",
        {
            "first_name": "A",
            "last_name": "B",
            "email": "TAKEN@example.ma",
            "phone": "",
            "preferred_language": "ar",
            "password1": "argan-souss-2025",
            "password2": "argan-souss-2025",
        },
    )
    assert response["Location"] == "/ar/accounts/signup/sent/"
    assert "يوجد حساب" not in response.content.decode()
    assert User.objects.count() == 1
    attempt = Notification.objects.get(kind="account_signup_attempt")
    assert attempt.email == owner.email
    assert not Notification.objects.filter(kind="account_signup").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("identifier", ["login@example.ma", "LOGIN@example.ma", "+212600000001"])
def test_sign_in_with_email_or_phone(client, identifier):
    UserFactory(username="login@example.ma", email="login@example.ma", phone="+212600000001")
    response = client.post("/fr/accounts/login/", {"username": identifier, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_sign_in_is_locked_after_repeated_failures(client, settings):
    UserFactory(username="victim@example.ma")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/fr/accounts/login/", {"username": "victim@example.ma", "password": "wrong"})
    response = client.post(
        "/fr/accounts/login/", {"username": "victim@example.ma", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_sends_mail_in_french(client, mailoutbox,
                                             django_capture_on_commit_callbacks):
    UserFactory(email="reset@example.ma")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/accounts/password-reset/", {"email": "RESET@example.ma"})
    assert len(mailoutbox) == 1
    assert "mot de passe" in mailoutbox[0].subject


@pytest.mark.django_db
def test_profile_saves_preferred_language(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/fr/accounts/profile/",
        {
            "first_name": "Salma",
            "last_name": "Tazi",
            "email": user.email,
            "phone": "",
            "preferred_language": "fr",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.preferred_language == "fr"


@pytest.mark.django_db
def test_delegate_without_region_is_refused(souss_massa):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        User.objects.create(username="x@example.ma", role="delegate", region=None)
