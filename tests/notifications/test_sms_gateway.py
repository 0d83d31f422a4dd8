"""SMS through a real gateway: Kannel (bearerbox + smsbox ``sendsms``) and its fake SMSC.

What the fake SMSC receives is what a phone would show: these tests read it back.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from ess_platform.kernel import page_cache
from ess_platform.kernel.notifications import services
from ess_platform.kernel.notifications.channels import is_gsm7
from ess_platform.kernel.notifications.models import Delivery, Notification
from events.models import Registration
from events.services import cancel_registration, confirm_guest_registration, register_for_event
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.notifications.kannel import SENDER, KannelGateway

pytestmark = pytest.mark.django_db

PHONE = "+212612345678"


def register_by_phone(client, event, lang="fr", phone="06 12 34 56 78"):
    path = reverse("events:register", kwargs={"slug": event.slug}).replace("/ar/", f"/{lang}/")
    response = client.post(path, {"name": "Omar", "email": "", "phone": phone})
    assert response.status_code == 302
    return Registration.objects.unscoped().get(event=event, phone=PHONE)


def test_phone_only_guest_gets_one_sms_with_the_link_then_one_with_the_check_in_code(
        client, souss_massa, sms_gateway, django_capture_on_commit_callbacks):
    event = EventFactory(region=souss_massa, title_fr="Salon de l'argan")
    with django_capture_on_commit_callbacks(execute=True):
        pending = register_by_phone(client, event)
    [sms] = sms_gateway.received(1)
    assert (sms.sender, sms.to) == (SENDER, PHONE)
    assert pending.status == Registration.Status.PENDING
    assert pending.get_absolute_url().replace("/ar/", "/fr/") in sms.text
    assert "Salon de l'argan" in sms.text

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = confirm_guest_registration(registration=pending)
    received = sms_gateway.received(2)
    assert len(received) == 2
    assert confirmed.status == Registration.Status.REGISTERED
    assert confirmed.code in received[1].text
    assert confirmed.get_absolute_url().replace("/ar/", "/fr/") in received[1].text
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()


def test_arabic_sms_arrives_whole_as_ucs2(client, souss_massa, sms_gateway,
                                          django_capture_on_commit_callbacks):
    event = EventFactory(region=souss_massa, title_ar="ملتقى التعاونيات النسائية")
    with django_capture_on_commit_callbacks(execute=True):
        pending = register_by_phone(client, event, lang="ar")
    [sms] = sms_gateway.received(1)
    assert not is_gsm7(sms.text)
    assert "ملتقى التعاونيات النسائية" in sms.text
    assert pending.get_absolute_url() in sms.text
    assert sms.text == Notification.objects.get(kind="event_registration_confirm").sms_text


def test_promotion_from_the_waiting_list_sends_one_sms_with_the_code(
        souss_massa, sms_gateway, django_capture_on_commit_callbacks):
    event = EventFactory(region=souss_massa, capacity=1)
    holder = register_for_event(event=event, user=UserFactory())
    guest = Registration.objects.unscoped().create(
        event=event, name="Omar", phone=PHONE, language="fr",
        status=Registration.Status.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=holder)
    guest.refresh_from_db()
    assert guest.status == Registration.Status.REGISTERED
    received = sms_gateway.received(1)
    assert [sms.to for sms in received] == [PHONE]
    assert guest.code in received[0].text
    with translation.override("fr"):
        assert event.title in received[0].text
    assert len(sms_gateway.received(2, timeout=0.5)) == 1


def test_gateway_down_registration_succeeds_and_the_sms_goes_out_once_back(
        client, souss_massa, kannel, sms_gateway, settings,
        django_capture_on_commit_callbacks):
    settings.NOTIFICATION_RETRY_BASE = 0
    event = EventFactory(region=souss_massa)
    kannel.stop()
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            pending = register_by_phone(client, event)
        # The notification's task (the cached public pages are renewed too).
        assert len([c for c in callbacks if c is not page_cache.renew_version]) == 1
        delivery = Delivery.objects.get(notification__kind="event_registration_confirm")
        # The worker's first attempt: the gateway does not answer, a retry is due.
        with pytest.raises(services.RetryLater):
            services.send_delivery(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.PENDING
        assert delivery.attempts == 1
        assert "refused" in delivery.last_error.lower()
    finally:
        kannel.start()
    assert pending.status == Registration.Status.PENDING
    assert services.sweep_pending_deliveries(older_than=0) == 1
    assert services.sweep_pending_deliveries(older_than=0) == 0
    received = sms_gateway.received(1)
    assert len(received) == 1 and pending.token in received[0].text
    assert len(sms_gateway.received(2, timeout=0.5)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 2)


def test_a_refusing_gateway_leaves_the_error_visible_and_fails_in_the_end(
        souss_massa, sms_gateway, settings, fast_retries,
        django_capture_on_commit_callbacks):
    settings.SMS_GATEWAY_PASSWORD = "wrong"
    member = UserFactory(email="", phone=PHONE, username="phone-only")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(kind="message", key="refused", user=member,
                        context={"subject": "Hello", "body": "Text"})
    delivery = Delivery.objects.get(notification__key="refused", channel="sms")
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 3
    assert "HTTP 403" in delivery.last_error
    assert sms_gateway.received(1, timeout=0.5) == []


def test_a_member_known_only_by_phone_gets_sms_by_default(sms_gateway,
                                                          django_capture_on_commit_callbacks):
    member = UserFactory(email="", phone="0612345678", username="phone-only",
                         preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(kind="message", key="idea", user=member, url="/fr/projects/ideas/x/",
                        context={"subject": "Votre idée « Miel » : acceptée", "body": "…"})
    assert set(Delivery.objects.values_list("channel", "status")) == {
        ("inapp", "sent"), ("sms", "sent")}
    [sms] = sms_gateway.received(1)
    assert sms.text == "Votre idée « Miel » : acceptée\nhttp://127.0.0.1:8000/fr/projects/ideas/x/"


def test_a_member_with_an_email_keeps_email_only_by_default(sms_gateway):
    member = UserFactory(email="salma@example.ma", phone=PHONE)
    services.notify(kind="message", key="both", user=member,
                    context={"subject": "Hello", "body": "Text"})
    assert set(Delivery.objects.values_list("channel", flat=True)) == {"inapp", "email"}


def test_the_gateway_fixture_fails_when_kannel_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr("tests.notifications.kannel.BEARERBOX", str(tmp_path / "none"))
    with pytest.raises(pytest.fail.Exception, match="kannel-extras"):
        KannelGateway(tmp_path).start()
