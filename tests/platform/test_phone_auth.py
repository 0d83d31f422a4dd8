"""Sign up, sign in and recover an account by phone; one E.164 rule for every number.

The codes travel through the real gateway (Kannel and its fake SMSC) and are read back
from what it delivered, as the person would read them on their phone.
"""

import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from ess_platform.kernel.notifications.models import Notification
from ess_platform.users import phone_codes
from ess_platform.users.models import PendingSignup, PhoneCode, User, normalize_phone
from events.services import register_guest
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PHONE = "+212612345678"
PASSWORD = "argan-souss-2025"


def url(name, lang="fr"):
    return reverse(name).replace("/ar/", f"/{lang}/", 1)


def signup(client, phone="06 12 34 56 78", lang="fr", **extra):
    return client.post(url("users:signup", lang), {
        "first_name": "Fatima", "last_name": "Zahra", "email": "", "phone": phone,
        "preferred_language": lang, "password1": PASSWORD, "password2": PASSWORD, **extra})


def code_in(text):
    return re.search(r"\b(\d{6})\b", text).group(1)


def last_code(kind):
    return code_in(Notification.objects.filter(kind=kind).latest("created_at").sms_text)


# One rule for every number ----------------------------------------------------------------

@pytest.mark.parametrize("written", ["06 12 34 56 78", "0612345678", "+212 6-12-34-56-78",
                                     "00212612345678", "+212 (612) 345 678"])
def test_every_spelling_of_a_number_is_stored_as_e164(written, souss_massa):
    assert normalize_phone(written) == PHONE
    assert UserFactory(phone=written).phone == PHONE
    registration = register_guest(event=EventFactory(region=souss_massa), name="Omar",
                                  phone=written)
    assert registration.phone == PHONE


def test_a_number_the_numbering_plan_does_not_know_is_refused(client):
    response = signup(client, phone="12345")
    assert response.status_code == 200
    assert "Saisissez un numéro de 9 à 15 chiffres" in response.text
    assert not PhoneCode.objects.exists()


def test_the_data_migration_rewrites_old_numbers_as_e164():
    old = UserFactory(username="old")
    later = UserFactory(username="later")
    User.objects.filter(pk=old.pk).update(phone="0612345678")
    User.objects.filter(pk=later.pk).update(phone="212612345678")  # the same number
    migration = import_module("ess_platform.users.migrations.0003_phone_e164_and_codes")
    migration.to_e164(apps, None)
    assert User.objects.get(pk=old.pk).phone == PHONE
    assert User.objects.get(pk=later.pk).phone in ("", "212612345678")


# Sign up by phone ---------------------------------------------------------------------------

def test_sign_up_by_phone_with_the_code_read_from_the_gateway(client, sms_gateway,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, lang="ar")
    assert response["Location"] == url("users:signup_code", "ar")
    assert not User.objects.exists()
    [sms] = sms_gateway.received(1)
    assert sms.to == PHONE and "رمز" in sms.text
    page = client.get(response["Location"])
    assert PHONE in page.text  # the number is offered again
    response = client.post(response["Location"], {"phone": PHONE, "code": code_in(sms.text)})
    assert response.status_code == 302
    user = User.objects.get(phone=PHONE)
    assert user.email == "" and user.check_password(PASSWORD)
    assert int(client.session["_auth_user_id"]) == user.pk
    # Sign in by phone with the password, in any spelling.
    client.logout()
    response = client.post(url("users:login"), {"username": "06 12 34 56 78",
                                                "password": PASSWORD})
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk


def test_a_known_number_gets_a_note_not_a_code_and_no_code_opens_anything(
        client, sms_gateway, django_capture_on_commit_callbacks):
    owner = UserFactory(email="", phone=PHONE, username="owner", preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client)
    assert response["Location"] == url("users:signup_code")
    [sms] = sms_gateway.received(1)
    assert not re.search(r"\b\d{6}\b", sms.text)
    assert reverse("users:password_reset_phone").replace("/ar/", "/fr/") in sms.text
    assert not PendingSignup.objects.exists()
    for guess in ("000000", "123456"):
        client.post(url("users:signup_code"), {"phone": PHONE, "code": guess})
    assert list(User.objects.all()) == [owner]


# The code's rules ---------------------------------------------------------------------------

@pytest.fixture
def pending_code(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client)
    return last_code("account_signup_code")


def enter(client, code, phone=PHONE):
    return client.post(url("users:signup_code"), {"phone": phone, "code": code})


def test_an_expired_code_is_refused(client, pending_code):
    PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = enter(client, pending_code)
    assert response.status_code == 200
    assert "Ce code est erroné, a expiré ou a déjà servi" in response.text
    assert not User.objects.exists()


def test_a_code_works_once(client, pending_code):
    assert enter(client, pending_code).status_code == 302
    client.logout()
    User.objects.all().delete()
    assert enter(client, pending_code).status_code == 200
    assert not User.objects.exists()


def test_a_code_dies_after_the_failure_limit(client, settings, pending_code):
    settings.PHONE_CODE_MAX_FAILURES = 3
    wrong = f"{(int(pending_code) + 1) % 10**6:06d}"
    for _ in range(3):
        assert enter(client, wrong).status_code == 200
    assert PhoneCode.objects.get().failures == 3
    assert enter(client, pending_code).status_code == 200
    assert not User.objects.exists()


def test_the_right_code_for_another_number_opens_nothing(client, pending_code):
    assert enter(client, pending_code, phone="+212612345679").status_code == 200
    assert not User.objects.exists()


def test_only_a_hash_of_the_code_is_stored(pending_code):
    row = PhoneCode.objects.values().get()
    assert pending_code not in {str(value) for value in row.values()}
    assert len(row["code_hash"]) == 64


def test_a_new_code_replaces_the_old(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client)
        first = last_code("account_signup_code")
        signup(client)
    second = last_code("account_signup_code")
    if first != second:
        assert enter(client, first).status_code == 200
    assert enter(client, second).status_code == 302


# Rate limits ------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "message"), [
    ("fr", "Trop de codes ont été demandés pour ce numéro ou depuis votre connexion"),
    ("ar", "طُلبت رموز كثيرة جدًا لهذا الرقم أو من اتصالك"),
])
def test_codes_per_number_are_rate_limited_with_a_translated_message(client, settings, lang,
                                                                     message):
    settings.PHONE_CODE_PER_NUMBER = 2
    for _ in range(2):
        assert signup(client, lang=lang).status_code == 302
    response = signup(client, lang=lang)
    assert response.status_code == 200
    assert message in response.text
    assert PhoneCode.objects.count() == 2


def test_codes_per_address_are_rate_limited(client, settings):
    settings.PHONE_CODE_PER_IP = 2
    assert signup(client, phone="0612345671").status_code == 302
    assert client.post(url("users:password_reset_phone"),
                       {"phone": "0612345672"}).status_code == 302
    response = signup(client, phone="0612345673")
    assert response.status_code == 200
    assert "Trop de codes" in response.text
    other = client.post(url("users:signup"), {
        "first_name": "A", "email": "", "phone": "0612345674", "preferred_language": "fr",
        "password1": PASSWORD, "password2": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_known_and_unknown_numbers_count_alike(client, settings):
    settings.PHONE_CODE_PER_NUMBER = 1
    UserFactory(phone=PHONE)
    answers = []
    for phone in (PHONE, "+212612345679"):
        first = client.post(url("users:password_reset_phone"), {"phone": phone})
        second = client.post(url("users:password_reset_phone"), {"phone": phone})
        answers.append((first.status_code, first.get("Location"), second.status_code))
    assert answers[0] == answers[1] == (302, url("users:password_reset_phone_code"), 200)


def test_too_many_codes_tells_when_to_try_again():
    with translation.override("fr"):
        assert "Réessayez dans 3 minutes." in str(phone_codes.TooManyCodes(3))
    with translation.override("ar"):
        assert "بعد 3 دقائق" in str(phone_codes.TooManyCodes(3))


# Password reset by SMS --------------------------------------------------------------------

def test_a_phone_only_member_resets_the_password_with_the_code_from_the_gateway(
        client, sms_gateway, django_capture_on_commit_callbacks):
    member = UserFactory(email="", phone=PHONE, username="phone-only", preferred_language="fr")
    page = client.get(url("users:password_reset"))
    assert url("users:password_reset_phone") in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("users:password_reset_phone"), {"phone": "06 12 34 56 78"})
    assert response["Location"] == url("users:password_reset_phone_code")
    [sms] = sms_gateway.received(1)
    assert sms.to == PHONE and "réinitialisation" in sms.text
    new = "nouveau-mot-de-passe-2026"
    response = client.post(response["Location"], {"phone": PHONE, "code": code_in(sms.text),
                                                  "new_password1": new, "new_password2": new})
    assert response["Location"] == url("users:password_reset_complete")
    member.refresh_from_db()
    assert member.check_password(new)
    # The code worked once.
    response = client.post(url("users:password_reset_phone_code"), {
        "phone": PHONE, "code": code_in(sms.text), "new_password1": PASSWORD,
        "new_password2": PASSWORD})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.check_password(new)


def test_password_reset_answers_the_same_for_an_unknown_number_and_sends_nothing(
        client, sms_gateway, django_capture_on_commit_callbacks):
    UserFactory(email="", phone=PHONE, username="phone-only")
    pages = []
    for phone in (PHONE, "+212612345679"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("users:password_reset_phone"), {"phone": phone})
        page = client.get(response["Location"])
        pages.append((response["Location"], page.status_code,
                      re.sub(r'value="[^"]*"', "", page.text)))
    assert pages[0] == pages[1]
    assert [sms.to for sms in sms_gateway.received(2, timeout=1)] == [PHONE]


def test_a_wrong_reset_code_changes_nothing(client):
    member = UserFactory(email="", phone=PHONE, username="phone-only")
    client.post(url("users:password_reset_phone"), {"phone": PHONE})
    response = client.post(url("users:password_reset_phone_code"), {
        "phone": PHONE, "code": "000000", "new_password1": "x-new-password-77",
        "new_password2": "x-new-password-77"})
    assert response.status_code == 200
    assert "Ce code est erroné" in response.text
    member.refresh_from_db()
    assert not member.check_password("x-new-password-77")


def test_the_data_migration_rewrites_guests_numbers_as_e164(souss_massa):
    from events.models import Registration

    guest = register_guest(event=EventFactory(region=souss_massa), name="Omar", phone=PHONE)
    Registration.objects.unscoped().filter(pk=guest.pk).update(phone="06 12-34 56 78")
    import_module("events.migrations.0005_registration_phone_e164").to_e164(apps, None)
    assert Registration.objects.unscoped().get(pk=guest.pk).phone == PHONE
