"""Authentication that resists abuse: redirects, lockouts, unlock links, client addresses,
and answers that never tell whether an account exists."""

import re
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.utils.http import url_has_allowed_host_and_scheme
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from ess_platform.kernel.notifications.models import Notification
from ess_platform.users import services
from ess_platform.users.client_ip import client_ip
from events.models import Registration
from events.services import confirm_guest_registration
from tests.events.factories import EventFactory
from tests.factories import PASSWORD, UserFactory

User = get_user_model()
pytestmark = pytest.mark.django_db

HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example",
    "https:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
]
ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"
NEW_PASSWORD = "argan-souss-2025"


def signup_data(email="new@example.ma", phone=""):
    return {"first_name": "Amina", "last_name": "Ait", "email": email, "phone": phone,
            "preferred_language": "fr", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}


def sign_in(client, username, password, ip=ATTACKER, **extra):
    return client.post("/fr/accounts/login/", {"username": username, "password": password},
                       REMOTE_ADDR=ip, **extra)


def main_text(response):
    """The page's own content, without the per-response CSRF tokens and nonces."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', text)
    return re.search(r"<main.*?</main>", text, re.S).group(0)


def assert_local(location, expected):
    assert location == expected
    assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"})


# Redirects ------------------------------------------------------------------------------

@pytest.mark.parametrize("hostile", HOSTILE_NEXT)
def test_sign_up_never_redirects_off_site(client, hostile):
    response = client.post("/fr/accounts/signup/?next=" + hostile, signup_data())
    assert response["Location"] == "/fr/accounts/signup/sent/"
    link = Notification.objects.get(kind="account_signup").url
    response = client.post(link)
    assert User.objects.filter(email="new@example.ma").exists()
    assert_local(response["Location"], "/fr/")


def test_sign_up_honours_a_local_next(client):
    client.post("/fr/accounts/signup/?next=/fr/events/", signup_data())
    response = client.post(Notification.objects.get(kind="account_signup").url)
    assert response["Location"] == "/fr/events/"


@pytest.mark.parametrize("hostile", HOSTILE_NEXT)
def test_sign_in_never_redirects_off_site(client, hostile):
    user = UserFactory()
    response = client.post("/fr/accounts/login/?next=" + hostile,
                           {"username": user.username, "password": PASSWORD})
    assert_local(response["Location"], "/fr/")
    response = client.post("/fr/accounts/login/", {"username": user.username,
                                                   "password": PASSWORD, "next": hostile})
    assert_local(response["Location"], "/fr/")


def test_sign_in_honours_a_local_next(client):
    user = UserFactory()
    response = client.post("/fr/accounts/login/?next=/fr/events/",
                           {"username": user.username, "password": PASSWORD})
    assert response["Location"] == "/fr/events/"


def test_sign_in_page_does_not_echo_a_hostile_next(client):
    response = client.get("/fr/accounts/login/?next=https://evil.example/")
    assert '<input type="hidden" name="next" value="">' in response.content.decode()
    response = client.get("/fr/accounts/login/?next=/fr/events/")
    assert '<input type="hidden" name="next" value="/fr/events/">' in response.content.decode()


@pytest.mark.parametrize("hostile", HOSTILE_NEXT)
def test_sign_out_never_redirects_off_site(client, hostile):
    client.force_login(UserFactory())
    response = client.post("/fr/accounts/logout/", {"next": hostile})
    assert_local(response["Location"], "/fr/")


def test_sign_out_honours_a_local_next(client):
    client.force_login(UserFactory())
    response = client.post("/fr/accounts/logout/", {"next": "/fr/events/"})
    assert response["Location"] == "/fr/events/"


@pytest.mark.parametrize("hostile", HOSTILE_NEXT)
def test_language_switch_never_redirects_off_site(client, hostile):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": hostile})
    location = response["Location"]
    assert "evil" not in location and not location.startswith("javascript")


@pytest.mark.parametrize("hostile", HOSTILE_NEXT)
def test_inbox_mark_read_never_redirects_off_site(client, hostile):
    user = UserFactory()
    notification = Notification.objects.create(key="t", kind="message", recipient=user,
                                               language="fr", subject="S", body="B")
    client.force_login(user)
    response = client.post(f"/fr/inbox/{notification.pk}/read/", {"next": hostile})
    assert response.status_code == 302
    assert "evil" not in response["Location"]
    assert response["Location"].startswith("/fr/inbox/")


# Identities -----------------------------------------------------------------------------

@pytest.mark.parametrize("identifier", ["Login@Example.MA", "LOGIN@EXAMPLE.MA",
                                        " login@example.ma ", "+212 600-000-001",
                                        "Salma.Tazi"])
def test_sign_in_by_username_email_or_phone_in_any_case(client, identifier):
    UserFactory(username="salma.tazi", email="login@example.ma", phone="+212600000001")
    assert sign_in(client, identifier, PASSWORD).status_code == 302


def test_identities_are_stored_normalised():
    user = UserFactory(username=" Mixed.Case ", email=" Mixed@Example.MA ",
                       phone="+212 (600) 00-00-02")
    user.refresh_from_db()
    assert (user.username, user.email, user.phone) == ("mixed.case", "mixed@example.ma",
                                                       "+212600000002")


def test_createsuperuser_normalises(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", NEW_PASSWORD)
    call_command("createsuperuser", interactive=False, username="Chief@Example.MA",
                 email="Chief@Example.MA", verbosity=0)
    user = User.objects.get(is_superuser=True, username="chief@example.ma")
    assert user.email == "chief@example.ma"


def test_duplicate_email_in_another_case_is_refused_by_the_database():
    UserFactory(email="taken@example.ma")
    other = UserFactory(email="other@example.ma")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=other.pk).update(email="TAKEN@Example.ma")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="Taken@EXAMPLE.ma")


def test_duplicate_username_in_another_case_is_refused_by_the_database():
    UserFactory(username="amina")
    other = UserFactory(username="omar")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=other.pk).update(username="AMINA")


def test_migration_normalises_existing_rows():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("ess_platform.users.migrations.0002_normalise_identity")
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(username="Old.Style", email=" Old@Example.MA",
                                           phone="06 00 00 00 03")
    migration.normalise_existing(apps, None)
    user.refresh_from_db()
    assert (user.username, user.email, user.phone) == ("old.style", "old@example.ma",
                                                       "0600000003")


# Lockout --------------------------------------------------------------------------------

def test_case_spellings_count_as_one_account_and_lock_after_five(client, settings):
    UserFactory(username="victim@example.ma", email="victim@example.ma",
                phone="+212600000009")
    spellings = ["victim@example.ma", "VICTIM@example.ma", "Victim@Example.ma",
                 "vIcTiM@example.MA", "victim@EXAMPLE.ma", "VICTIM@EXAMPLE.MA",
                 " victim@example.ma", "Victim@example.ma ", "+212 600 000 009",
                 "victiM@example.ma"]
    answers = [sign_in(client, spelling, f"wrong-{n}").status_code
               for spelling in spellings for n in range(5)]
    # The fifth failure, whatever the spelling, is answered with the lockout.
    assert settings.AXES_FAILURE_LIMIT == 5
    assert answers == [200] * 4 + [429] * 46
    assert sign_in(client, "victim@example.ma", PASSWORD).status_code == 429


def test_owner_elsewhere_still_signs_in_while_the_attacker_is_locked(client):
    UserFactory(username="victim@example.ma")
    for n in range(5):
        sign_in(client, "Victim@Example.ma", f"wrong-{n}", ip=ATTACKER)
    assert sign_in(client, "victim@example.ma", PASSWORD, ip=ATTACKER).status_code == 429
    owner = sign_in(client, "victim@example.ma", PASSWORD, ip=OWNER)
    assert owner.status_code == 302


def test_forged_forwarded_for_does_not_escape_the_lockout(client):
    UserFactory(username="victim@example.ma")
    for n in range(5):
        sign_in(client, "victim@example.ma", f"wrong-{n}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = sign_in(client, "victim@example.ma", PASSWORD, HTTP_X_FORWARDED_FOR=OWNER)
    assert response.status_code == 429


def test_lockout_page_names_no_account_and_offers_the_unlock_link(client):
    UserFactory(username="hidden.name", email="victim@example.ma")
    for n in range(5):
        sign_in(client, "victim@example.ma", f"wrong-{n}")
    response = sign_in(client, "victim@example.ma", PASSWORD,
                       HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 429
    assert "hidden.name" not in response.content.decode()
    assert "/fr/accounts/unlock/" in response.content.decode()


def test_login_page_links_to_the_unlock_page(client):
    assert "/fr/accounts/unlock/" in client.get("/fr/accounts/login/").content.decode()


# Unlock link ----------------------------------------------------------------------------

def lock_out(client, username, ip=ATTACKER):
    for n in range(5):
        sign_in(client, username, f"wrong-{n}", ip=ip)
    assert sign_in(client, username, PASSWORD, ip=ip).status_code == 429


def test_unlock_link_reaches_the_owner_and_works_once(client, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    UserFactory(username="victim@example.ma", preferred_language="fr")
    lock_out(client, "victim@example.ma", ip=OWNER)  # e.g. a shared mobile address
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/accounts/unlock/", {"identifier": "VICTIM@example.ma"})
    assert response["Location"] == "/fr/accounts/unlock/sent/"
    assert [message.to for message in mailoutbox] == [["victim@example.ma"]]
    link = re.search(r"http://\S+/fr/accounts/unlock/\S+/", mailoutbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    path = "/" + path
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response["Location"] == "/fr/accounts/login/"
    assert not AccessAttempt.objects.filter(username="victim@example.ma").exists()
    assert sign_in(client, "victim@example.ma", PASSWORD, ip=OWNER).status_code == 302
    again = client.post(path)
    assert again.status_code == 200
    assert "plus valable" in again.content.decode()


def test_used_link_does_not_clear_a_later_lockout(client):
    user = UserFactory(username="victim@example.ma")
    lock_out(client, "victim@example.ma")
    token = services.make_unlock_token(user=user)
    assert services.unlock(token=token) == user
    lock_out(client, "victim@example.ma")
    assert services.unlock(token=token) is None
    assert AccessAttempt.objects.filter(username="victim@example.ma").exists()


def test_unlock_link_expires(client, monkeypatch, settings):
    settings.UNLOCK_LINK_MAX_AGE = 600
    user = UserFactory(username="victim@example.ma")
    lock_out(client, "victim@example.ma")
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - 601)
    token = services.make_unlock_token(user=user)
    monkeypatch.undo()
    response = client.post(f"/fr/accounts/unlock/{token}/")
    assert "plus valable" in response.content.decode()
    assert AccessAttempt.objects.filter(username="victim@example.ma").exists()


def test_forged_unlock_link_is_refused(client):
    user = UserFactory(username="victim@example.ma")
    lock_out(client, "victim@example.ma")
    token = services.make_unlock_token(user=user)
    response = client.post(f"/fr/accounts/unlock/{token[:-2]}xx/")
    assert "plus valable" in response.content.decode()
    assert AccessAttempt.objects.filter(username="victim@example.ma").exists()


def test_unlock_request_answers_the_same_for_known_and_unknown_accounts(client):
    UserFactory(username="victim@example.ma")
    answers = []
    for identifier in ["victim@example.ma", "nobody@example.ma"]:
        response = client.post("/fr/accounts/unlock/", {"identifier": identifier})
        page = client.get(response["Location"])
        answers.append((response.status_code, response["Location"], page.status_code,
                        [t.name for t in page.templates], main_text(page)))
    assert answers[0] == answers[1]
    assert Notification.objects.filter(kind="account_unlock").count() == 1


# Client address and throttles -----------------------------------------------------------

@pytest.fixture
def low_throttle(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                        {"anon": "5/minute", "user": "5/minute"})


def api_answers(client, headers_list):
    return [client.get("/api/v1/regions/", **headers).status_code for headers in headers_list]


def test_forwarded_for_rotation_is_throttled_by_remote_addr(client, settings, low_throttle):
    settings.NUM_PROXIES = 0
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    answers = api_answers(client, [{"REMOTE_ADDR": ATTACKER,
                                    "HTTP_X_FORWARDED_FOR": f"10.1.{n}.{n}"}
                                   for n in range(8)])
    assert answers == [200] * 5 + [429] * 3
    assert api_answers(client, [{"REMOTE_ADDR": OWNER}]) == [200]


def test_behind_one_proxy_the_address_it_appended_is_the_client(client, settings,
                                                                low_throttle):
    settings.NUM_PROXIES = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = "10.0.0.2"
    spoofed = [{"REMOTE_ADDR": proxy, "HTTP_X_FORWARDED_FOR": f"10.1.{n}.{n}, {ATTACKER}"}
               for n in range(8)]
    assert api_answers(client, spoofed) == [200] * 5 + [429] * 3
    other = {"REMOTE_ADDR": proxy, "HTTP_X_FORWARDED_FOR": OWNER}
    assert api_answers(client, [other]) == [200]


@pytest.mark.parametrize("proxies, headers, expected", [
    (0, {"REMOTE_ADDR": ATTACKER, "HTTP_X_FORWARDED_FOR": OWNER}, ATTACKER),
    (1, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": f"1.2.3.4, {OWNER}"}, OWNER),
    (1, {"REMOTE_ADDR": "10.0.0.2"}, "10.0.0.2"),
    (2, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": f"1.2.3.4, {OWNER}, 10.0.0.3"},
     OWNER),
])
def test_client_ip_agrees_with_the_api_throttle(settings, proxies, headers, expected):
    settings.NUM_PROXIES = proxies
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    request = RequestFactory().get("/", **headers)
    assert client_ip(request) == expected
    assert AnonRateThrottle().get_ident(request) == expected


def test_lockout_uses_the_proxy_appended_address(client, settings):
    settings.NUM_PROXIES = 1
    UserFactory(username="victim@example.ma")
    for n in range(5):
        sign_in(client, "victim@example.ma", f"wrong-{n}", ip="10.0.0.2",
                HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, {ATTACKER}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    owner = sign_in(client, "victim@example.ma", PASSWORD, ip="10.0.0.2",
                    HTTP_X_FORWARDED_FOR=OWNER)
    assert owner.status_code == 302


# No enumeration -------------------------------------------------------------------------

def test_sign_up_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="known@example.ma", phone="+212600000007")
    answers = []
    for email, phone in [("Known@Example.ma", ""), ("unknown@example.ma", ""),
                         ("", "+212 600 000 007"), ("", "+212 600 000 008")]:
        response = client.post("/fr/accounts/signup/", signup_data(email, phone))
        page = client.get(response["Location"])
        answers.append((response.status_code, response["Location"], page.status_code,
                        [t.name for t in page.templates],
                        main_text(page).replace(phone.replace(" ", ""), "NUMBER")))
    # An address gets a link, a phone number alone a code to enter: known or not alike.
    assert answers[0] == answers[1]
    assert answers[2] == answers[3]
    assert User.objects.count() == 1
    assert Notification.objects.filter(kind="account_signup_attempt").count() == 1
    assert Notification.objects.filter(kind="account_signup").count() == 1
    assert Notification.objects.filter(kind="account_signup_code").count() == 1


def test_sign_up_link_works_once(client):
    client.post("/fr/accounts/signup/", signup_data())
    link = Notification.objects.get(kind="account_signup").url
    assert client.post(link).status_code == 302
    client.logout()
    again = client.post(link)
    assert again.status_code == 200
    assert "plus valable" in again.content.decode()
    assert User.objects.filter(email="new@example.ma").count() == 1


def test_sign_up_link_creates_nothing_if_the_address_was_taken_meanwhile(client):
    client.post("/fr/accounts/signup/", signup_data())
    link = Notification.objects.get(kind="account_signup").url
    UserFactory(email="new@example.ma")
    assert client.post(link).status_code == 200
    assert User.objects.filter(email="new@example.ma").count() == 1


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
        client, mailoutbox, django_capture_on_commit_callbacks):
    UserFactory(email="known@example.ma")
    answers = []
    for email in ["KNOWN@example.ma", "unknown@example.ma"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/fr/accounts/password-reset/", {"email": email})
        page = client.get(response["Location"])
        answers.append((response.status_code, response["Location"], page.status_code,
                        [t.name for t in page.templates], main_text(page)))
    assert answers[0] == answers[1]
    assert [message.to for message in mailoutbox] == [["known@example.ma"]]
    assert "/fr/accounts/reset/" in mailoutbox[0].body


def test_guest_registration_answers_the_same_for_a_registered_address(
        client, souss_massa, mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(region=souss_massa)
    url = f"/fr/events/{event.slug}/register/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"name": "Amina", "email": "amina@example.ma", "phone": ""})
        # Amina confirms from the link she was sent: her address is now registered.
        confirm_guest_registration(registration=Registration.objects.unscoped().get())
    answers = []
    for email in ["Amina@Example.ma", "omar@example.ma"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"name": "Someone", "email": email, "phone": ""})
        page = client.get(response["Location"])
        answers.append((response.status_code, response["Location"], page.status_code,
                        [t.name for t in page.templates], main_text(page)))
    assert answers[0] == answers[1]
    registrations = Registration.objects.unscoped().filter(event=event)
    assert sorted(registrations.values_list("email", flat=True)) == ["amina@example.ma",
                                                                     "omar@example.ma"]
    amina = registrations.get(email="amina@example.ma")
    to_amina = [message for message in mailoutbox if message.to == ["amina@example.ma"]]
    assert len(to_amina) == 3  # the link to confirm, the confirmation, the link again
    assert amina.code in to_amina[2].body and amina.token in to_amina[2].body


def test_phone_only_guest_gets_the_same_answer_and_the_link_by_sms(
        client, souss_massa, caplog, django_capture_on_commit_callbacks):
    event = EventFactory(region=souss_massa)
    with caplog.at_level("INFO", logger="ess_platform.kernel.notifications.channels"), \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fr/events/{event.slug}/register/",
                               {"name": "Omar", "email": "", "phone": "0612345678"})
    registration = Registration.objects.unscoped().get(event=event)
    assert response["Location"] == f"/fr/events/{event.slug}/register/sent/"
    assert registration.status == Registration.Status.PENDING
    assert "SMS to +212612345678" in caplog.text and registration.token in caplog.text


def test_phone_only_sign_up_code_goes_out_by_sms(client, caplog,
                                                 django_capture_on_commit_callbacks):
    with caplog.at_level("INFO", logger="ess_platform.kernel.notifications.channels"), \
            django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/accounts/signup/", signup_data("", "06 12 34 56 78"))
    code = re.search(r"\b(\d{6})\b", Notification.objects.get(kind="account_signup_code")
                     .sms_text).group(1)
    assert "SMS to +212612345678" in caplog.text and code in caplog.text
