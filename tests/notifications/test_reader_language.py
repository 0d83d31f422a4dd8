"""A notification is written in its reader's language: the page's in the inbox, the
recipient's preference when an e-mail or an SMS leaves; its kind and parameters are
stored, and the inbox shows its own short text with a link, not the e-mail body."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.urls import reverse
from django.utils import translation

from ess_platform.kernel.notifications.models import Notification
from ess_platform.kernel.notifications.rendering import outgoing
from events.services import register_for_event
from projects_bank import services as ideas
from projects_bank.models import ProjectIdea
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.projects_bank.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def inbox_url(language):
    with translation.override(language):
        return reverse("notifications:inbox")


def status_label(status, language):
    with translation.override(language):
        return str(ProjectIdea.Status(status).label)


@pytest.fixture
def accepted(django_capture_on_commit_callbacks, national_admin, souss_massa):
    """An idea accepted while the site speaks Arabic, its author reading Arabic."""
    author = UserFactory(preferred_language="ar", email="auteure@example.ma")
    idea = IdeaFactory(author=author, title="Huile d'argan", status="under_review")
    translation.activate("ar")
    with django_capture_on_commit_callbacks(execute=True):
        ideas.accept(idea=idea, by=national_admin)
    return Notification.objects.get(recipient=author, kind="projects_bank_idea_status")


def test_a_notification_stores_its_kind_and_parameters(accepted):
    assert accepted.language == "ar"
    assert accepted.params["idea"] == {"$model": "projects_bank.projectidea",
                                       "pk": ProjectIdea.objects.unscoped().get().pk}
    assert set(accepted.params) >= {"idea", "change", "user"}


def test_made_in_arabic_it_reads_in_french_on_the_french_inbox(client, accepted):
    client.force_login(accepted.recipient)
    french = client.get(inbox_url("fr"))
    assert french.status_code == 200
    assert "Huile d&#x27;argan" in french.text
    assert status_label("accepted", "fr") in french.text
    assert status_label("accepted", "ar") not in french.text
    arabic = client.get(inbox_url("ar"))
    assert status_label("accepted", "ar") in arabic.text
    assert status_label("accepted", "fr") not in arabic.text


def test_the_inbox_shows_a_short_text_and_a_link_not_the_email_body(client, accepted):
    client.force_login(accepted.recipient)
    page = client.get(inbox_url("fr")).text
    assert accepted.body.splitlines()[0] not in page  # the e-mail's greeting
    assert "http://" not in page.split("<main", 1)[-1].split("</main>")[0]  # no raw URL
    response = client.post(reverse("notifications:mark_read", args=[accepted.pk])
                           .replace("/ar/", "/fr/"), {"open": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/")  # the link follows the page's language


def test_the_email_leaves_in_the_language_the_recipient_prefers_when_it_is_sent(
        national_admin, souss_massa):
    author = UserFactory(preferred_language="ar", email="auteur@example.ma")
    idea = IdeaFactory(author=author, title="Coopérative de safran", status="under_review")
    ideas.accept(idea=idea, by=national_admin)  # recorded, not sent yet (no commit callbacks)
    note = Notification.objects.get(recipient=author, kind="projects_bank_idea_status")
    type(author).objects.filter(pk=author.pk).update(preferred_language="fr")
    note.refresh_from_db()
    texts = outgoing(note)
    assert texts["language"] == "fr"
    assert status_label("accepted", "fr") in texts["subject"]
    assert "/fr/" in texts["url"] and "/fr/" in texts["body"]


def test_a_notification_whose_object_is_gone_shows_its_stored_texts(client, member):
    event = EventFactory(title_ar="ملتقى", title_fr="Rencontre")
    register_for_event(event=event, user=member)
    note = Notification.objects.get(recipient=member)
    note.params = {**note.params, "event": {"$model": "events.event", "pk": 10**9}}
    note.save(update_fields=["params"])
    client.force_login(member)
    page = client.get(inbox_url("fr"))
    assert page.status_code == 200
    assert note.subject in page.text


def test_the_inbox_of_many_kinds_makes_a_bounded_number_of_queries(
        client, national_admin, souss_massa, django_assert_max_num_queries):
    author = UserFactory(preferred_language="fr")
    for index in range(8):
        idea = IdeaFactory(author=author, title=f"Idée {index}", status="under_review")
        ideas.accept(idea=idea, by=national_admin)
        register_for_event(event=EventFactory(), user=author)
    client.force_login(author)
    with django_assert_max_num_queries(30):
        response = client.get(inbox_url("ar"))
    assert response.status_code == 200
    assert len(response.context["entries"]) == 16
    with django_assert_max_num_queries(30):
        client.get(inbox_url("fr"), {"page": 1})


def test_old_rows_get_their_parameters_from_their_keys(member):
    event = EventFactory()
    registration = register_for_event(event=event, user=member)
    note = Notification.objects.get(recipient=member)
    Notification.objects.filter(pk=note.pk).update(params=None)
    migration = import_module("events.migrations.0006_notification_params")
    migration.forwards(django_apps, None)
    note.refresh_from_db()
    assert note.params == {
        "registration": {"$model": "events.registration", "pk": registration.pk},
        "event": {"$model": "events.event", "pk": event.pk},
        "user": {"$model": "users.user", "pk": member.pk},
    }
    assert outgoing(note, "fr")["subject"].endswith(event.title_fr)


def test_an_email_is_sent_once_in_the_recipient_language(member, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    member.preferred_language = "fr"
    member.save(update_fields=["preferred_language"])
    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=EventFactory(title_fr="Rencontre régionale"), user=member)
    [message] = [m for m in mail.outbox if m.to == [member.email]]
    assert "Rencontre régionale" in message.subject
