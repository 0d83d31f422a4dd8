""""Ask the cooperative": the message reaches each manager once, through the notification
channels; senders are rate-limited and spam is refused, in the visitor's language."""

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from cooperatives.inquiries import InquiryRefused, ask_cooperative
from cooperatives.models import Inquiry
from ess_platform.kernel.notifications.models import Delivery, Notification
from tests.cooperatives.factories import CooperativeFactory, ManagerFactory, ProductFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def managers(cooperative):
    return [ManagerFactory(cooperative=cooperative).user for _ in range(2)]


def form(**overrides):
    data = {"name": "Fatima Zahra", "email": "fatima@example.org", "phone": "",
            "message": "Bonjour, avez-vous de l'huile d'argan en 1 litre ?",
            "website": "", "token": str(uuid.uuid4())}
    data.update(overrides)
    return data


def ask_url(cooperative, lang="fr"):
    with translation.override(lang):
        return reverse("cooperatives:ask", kwargs={"pk": cooperative.pk})


def inquiry_notes():
    return Notification.objects.filter(kind="cooperative_inquiry")


def test_question_reaches_each_manager_once(client, cooperative, managers):
    product = ProductFactory(cooperative=cooperative)
    response = client.post(ask_url(cooperative), form(product=str(product.pk)))
    assert response.status_code == 302
    assert response["Location"] == cooperative.get_absolute_url() or \
        response["Location"].endswith(f"/cooperatives/{cooperative.pk}/")
    inquiry = Inquiry.objects.unscoped().get()
    assert inquiry.product == product and inquiry.client_ip == "127.0.0.1"
    notes = inquiry_notes()
    assert sorted(notes.values_list("recipient_id", flat=True)) == sorted(m.pk for m in managers)
    for note in notes:
        assert "huile d'argan en 1 litre" in note.body
        assert "fatima@example.org" in note.body
        # The inbox row is delivered at once; e-mail goes as each manager chose.
        assert note.deliveries.filter(channel="inapp", status=Delivery.Status.SENT).count() == 1


def test_same_form_posted_twice_sends_once(client, cooperative, managers):
    data = form()
    assert client.post(ask_url(cooperative), data).status_code == 302
    assert client.post(ask_url(cooperative), data).status_code == 302
    assert Inquiry.objects.unscoped().count() == 1
    assert inquiry_notes().count() == len(managers)


def test_service_called_twice_with_one_token_sends_once(cooperative, managers):
    token = uuid.uuid4()
    first = ask_cooperative(cooperative=cooperative, token=token, name="Ali",
                            email="ali@example.org", message="Quel est le prix du miel ?")
    again = ask_cooperative(cooperative=cooperative, token=token, name="Ali",
                            email="ali@example.org", message="Quel est le prix du miel ?")
    assert first.pk == again.pk
    assert inquiry_notes().count() == len(managers)


def test_manager_reads_the_question_in_their_language(client, cooperative):
    manager = UserFactory(preferred_language="ar")
    ManagerFactory(cooperative=cooperative, user=manager)
    client.post(ask_url(cooperative), form())
    note = inquiry_notes().get()
    assert note.language == "ar"
    assert "Fatima Zahra" in note.subject
    client.force_login(manager)
    with translation.override("ar"):
        inbox = client.get(reverse("notifications:inbox"))
    assert "en 1 litre" in inbox.content.decode()


def test_without_manager_the_cooperative_email_is_written_to(client, mailoutbox):
    cooperative = CooperativeFactory(email="contact@tifawin.ma")
    assert client.post(ask_url(cooperative), form()).status_code == 302
    note = inquiry_notes().get()
    assert note.recipient is None and note.email == "contact@tifawin.ma"
    assert list(note.deliveries.values_list("channel", flat=True)) == ["email"]


def test_cooperative_nobody_reads_has_no_form(client):
    cooperative = CooperativeFactory(email="")
    page = client.get(cooperative.get_absolute_url()).content.decode()
    assert 'id="ask"' not in page
    response = client.post(ask_url(cooperative), form())
    assert response.status_code == 400
    assert not Inquiry.objects.unscoped().exists()


def test_profile_shows_the_form_to_a_reachable_cooperative(client, cooperative, managers):
    page = client.get(cooperative.get_absolute_url()).content.decode()
    assert 'id="ask"' in page and 'name="token"' in page and 'name="website"' in page


def test_unpublished_cooperative_cannot_be_asked(client, managers):
    cooperative = CooperativeFactory(is_published=False)
    ManagerFactory(cooperative=cooperative)
    assert client.post(ask_url(cooperative), form()).status_code == 404
    assert not Inquiry.objects.unscoped().exists()


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Trop de messages"),
    ("ar", "رسائل كثيرة"),
])
def test_rate_limit_per_address_answers_429_translated(client, settings, cooperative,
                                                       managers, lang, text):
    settings.INQUIRY_PER_IP = 2
    for number in range(2):
        response = client.post(ask_url(cooperative, lang),
                               form(email=f"p{number}@example.org",
                                    message=f"Question numéro {number} sur le miel"))
        assert response.status_code == 302
    response = client.post(ask_url(cooperative, lang),
                           form(email="p9@example.org", message="Encore une question ici"))
    assert response.status_code == 429
    assert text in response.content.decode()
    assert Inquiry.objects.unscoped().count() == 2
    assert inquiry_notes().count() == 2 * len(managers)


def test_rate_limit_per_sender_whatever_the_address(client, settings, cooperative, managers):
    settings.INQUIRY_PER_SENDER = 1
    other = CooperativeFactory()
    ManagerFactory(cooperative=other)
    assert client.post(ask_url(cooperative), form()).status_code == 302
    response = client.post(ask_url(other), form(message="Une autre question pour vous"),
                           REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 429
    assert Inquiry.objects.unscoped().count() == 1


def test_signed_in_sender_is_counted_by_account(settings, cooperative, managers):
    settings.INQUIRY_PER_SENDER = 1
    person = UserFactory()
    ask_cooperative(cooperative=cooperative, token=uuid.uuid4(), name="A", sender=person,
                    email="a@example.org", message="Première question posée")
    with pytest.raises(InquiryRefused) as refusal:
        ask_cooperative(cooperative=cooperative, token=uuid.uuid4(), name="A", sender=person,
                        email="other@example.org", message="Deuxième question posée")
    assert refusal.value.status == 429


def test_same_text_again_is_refused(client, cooperative, managers):
    assert client.post(ask_url(cooperative), form()).status_code == 302
    response = client.post(ask_url(cooperative), form())
    assert response.status_code == 400
    assert "déjà envoyé ce message" in response.content.decode()
    assert Inquiry.objects.unscoped().count() == 1


def test_honeypot_filled_is_refused(client, cooperative, managers):
    response = client.post(ask_url(cooperative), form(website="http://spam.example"))
    assert response.status_code == 400
    assert "semble automatique" in response.content.decode()
    assert not Inquiry.objects.unscoped().exists() and not inquiry_notes().exists()


@pytest.mark.parametrize("message", [
    "Buy now http://a.example and http://b.example cheap",
    'Visit <a href="x">here</a> or www.spam.example today',
])
def test_more_than_one_link_is_refused(client, cooperative, managers, message):
    response = client.post(ask_url(cooperative), form(message=message))
    assert response.status_code == 400
    assert "un lien au plus" in response.content.decode()
    assert not Inquiry.objects.unscoped().exists()


def test_one_link_is_fine(client, cooperative, managers):
    response = client.post(ask_url(cooperative),
                           form(message="Voici notre commande: https://example.org/liste"))
    assert response.status_code == 302


def test_link_in_name_is_refused(client, cooperative, managers):
    response = client.post(ask_url(cooperative), form(name="www.casino.example"))
    assert response.status_code == 400
    assert not Inquiry.objects.unscoped().exists()


def test_a_way_to_answer_is_required_translated(client, cooperative, managers):
    response = client.post(ask_url(cooperative, "ar"), form(email="", phone=""))
    assert response.status_code == 400
    assert "رقم هاتف" in response.content.decode()


def test_phone_is_normalised_and_checked(client, cooperative, managers):
    assert client.post(ask_url(cooperative), form(email="", phone="06 12 34 56 78")
                       ).status_code == 302
    assert Inquiry.objects.unscoped().get().phone == "+212612345678"
    response = client.post(ask_url(cooperative), form(email="", phone="12",
                                                      message="Une autre question ici"))
    assert response.status_code == 400


def test_product_of_another_cooperative_is_refused(client, cooperative, managers):
    foreign = ProductFactory()
    response = client.post(ask_url(cooperative), form(product=str(foreign.pk)))
    assert response.status_code == 400
    assert not Inquiry.objects.unscoped().exists()


def test_manager_page_lists_questions_received(client, cooperative, managers):
    client.post(ask_url(cooperative), form())
    client.force_login(managers[0])
    page = client.get(reverse("cooperatives:manage", kwargs={"pk": cooperative.pk}))
    assert "en 1 litre" in page.content.decode()
