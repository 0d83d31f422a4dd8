import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from ess_platform.kernel.notifications import services
from ess_platform.kernel.notifications.context_processors import inbox
from ess_platform.kernel.notifications.models import Notification, NotificationPreference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _note(user, key, **kwargs):
    return services.notify(kind="message", key=key, user=user,
                           context={"subject": f"Subject {key}", "body": "Body"}, **kwargs)


def test_inbox_requires_sign_in(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert reverse("users:login") in response["Location"]


def test_inbox_lists_only_my_notifications(client, member):
    _note(member, "mine")
    _note(UserFactory(), "theirs")
    client.force_login(member)
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 200
    assert "Subject mine" in response.content.decode()
    assert "Subject theirs" not in response.content.decode()


def test_inbox_is_paginated_with_bounded_queries(client, member,
                                                 django_assert_max_num_queries):
    for index in range(45):
        _note(member, f"n{index}")
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("notifications:inbox"), {"page": 2})
    assert len(response.context["page"].object_list) == 20
    assert response.context["page"].paginator.num_pages == 3


def test_mark_read_marks_my_notification(client, member):
    note = _note(member, "a")
    client.force_login(member)
    response = client.post(reverse("notifications:mark_read", args=[note.pk]))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_read_of_someone_elses_notification_is_404(client, member):
    note = _note(UserFactory(), "theirs")
    client.force_login(member)
    response = client.post(reverse("notifications:mark_read", args=[note.pk]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_open_redirects_to_the_notifications_link(client, member):
    note = _note(member, "link", url="/ar/events/")
    client.force_login(member)
    response = client.post(reverse("notifications:mark_read", args=[note.pk]), {"open": "1"})
    assert response["Location"] == "/ar/events/"


def test_open_refuses_an_external_link(client, member):
    note = _note(member, "external", url="https://evil.example.com/")
    client.force_login(member)
    response = client.post(reverse("notifications:mark_read", args=[note.pk]), {"open": "1"})
    assert response["Location"] == reverse("notifications:inbox")


def test_mark_all_read(client, member):
    _note(member, "a")
    _note(member, "b")
    client.force_login(member)
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()


def test_preferences_page_saves_channels(client):
    user = UserFactory(phone="+212600000002")
    client.force_login(user)
    response = client.post(reverse("notifications:preferences"), {"channels": ["sms_console"]})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=user).channels == ["sms_console"]


def test_preferences_refuse_sms_without_phone(client, member):
    client.force_login(member)
    response = client.post(reverse("notifications:preferences"), {"channels": ["sms_console"]})
    assert response.status_code == 200
    assert response.context["form"].errors["channels"]
    assert not NotificationPreference.objects.filter(user=member).exists()


def test_preferences_require_sign_in(client):
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 302


def test_context_processor_counts_unread_lazily(member, django_assert_num_queries):
    _note(member, "a")
    _note(member, "b")
    request = RequestFactory().get("/")
    request.user = member
    with django_assert_num_queries(0):
        context = inbox(request)
    rendered = Template("{{ notifications_unread }}").render(Context(context))
    assert rendered == "2"
    assert context["notifications_inbox_url"] == reverse("notifications:inbox")


def test_context_processor_is_empty_for_visitors():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert inbox(request) == {}


def test_inbox_page_renders_in_french(client, member):
    _note(member, "fr")
    client.force_login(member)
    response = client.get(reverse("notifications:inbox").replace("/ar/", "/fr/"))
    assert "Mes notifications" in response.content.decode()
