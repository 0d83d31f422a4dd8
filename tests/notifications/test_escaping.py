"""Notification texts are escaped once: stored and sent as written, escaped by the page
that shows them."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from ess_platform.kernel.notifications.models import Notification
from ess_platform.kernel.notifications.services import render_text
from projects_bank import services as ideas
from tests.factories import UserFactory
from tests.projects_bank.factories import IdeaFactory

pytestmark = pytest.mark.django_db

TITLE = "Huile d'argan <b>bio</b> & co"


@pytest.fixture
def accepted(django_capture_on_commit_callbacks, national_admin, souss_massa):
    author = UserFactory(preferred_language="fr", email="auteure@example.ma")
    idea = IdeaFactory(author=author, title=TITLE, status="under_review")
    with django_capture_on_commit_callbacks(execute=True):
        ideas.accept(idea=idea, by=national_admin)
    return author


def test_email_carries_the_title_as_written(accepted):
    message = next(m for m in mail.outbox if m.to == ["auteure@example.ma"])
    assert TITLE in message.subject
    assert TITLE in message.body
    assert "&lt;" not in message.body and "&#x27;" not in message.subject
    stored = Notification.objects.get(recipient=accepted)
    assert TITLE in stored.subject and TITLE in stored.body


def test_inbox_shows_the_title_escaped_exactly_once(client, accepted):
    client.force_login(accepted)
    with translation.override("fr"):
        url = reverse("notifications:inbox")
    html = client.get(url).content.decode()
    once = "Huile d&#x27;argan &lt;b&gt;bio&lt;/b&gt; &amp; co"
    assert html.count(once) == 1  # its title; the inbox has its own short text, not the body
    assert "&amp;lt;" not in html and "&amp;#x27;" not in html
    assert "<b>bio</b>" not in html


def test_any_kind_is_stored_as_written(send, member):
    body = f"{TITLE}\n<i>&amp;</i>"
    notification = send(key="escaping", user=member, context={"subject": TITLE, "body": body})
    assert notification.subject == TITLE
    assert notification.body.endswith(f"{TITLE}\n<i>&amp;</i>")


def test_text_templates_render_without_escaping():
    assert render_text("notifications/message.subject.txt", {"subject": TITLE}).strip() == TITLE
