import pytest
from django.urls import reverse

from ess_platform.kernel.notifications import services
from ess_platform.kernel.notifications.models import Delivery
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_delivery(send, fast_retries, settings):
    settings.EMAIL_BACKEND = "tests.notifications.failing_backend.FailingBackend"
    note = send(user=UserFactory(), key="admin-fail")
    delivery = note.deliveries.get(channel="email")
    assert delivery.status == Delivery.Status.FAILED
    return delivery


def test_national_admin_sees_failed_delivery_and_its_error(client, national_admin,
                                                           failed_delivery):
    client.force_login(national_admin)
    response = client.get(reverse("admin:notifications_delivery_changelist"),
                          {"status__exact": "failed"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "SMTPServerDisconnected" in content
    assert response.context["cl"].result_count == 1


def test_delivery_changelist_has_bounded_queries(client, national_admin, send,
                                                 django_assert_max_num_queries):
    for index in range(30):
        send(user=UserFactory(), key=f"bulk{index}")
    client.force_login(national_admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:notifications_delivery_changelist"))
    assert response.status_code == 200


def test_delegate_cannot_see_deliveries(client, delegate, failed_delivery):
    client.force_login(delegate)
    response = client.get(reverse("admin:notifications_delivery_changelist"))
    assert response.status_code == 403


def test_national_admin_can_send_failed_deliveries_again(client, national_admin,
                                                         failed_delivery, settings,
                                                         django_capture_on_commit_callbacks,
                                                         mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(national_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:notifications_delivery_changelist"), {
            "action": "send_again", "_selected_action": [failed_delivery.pk],
        })
    assert response.status_code == 302
    failed_delivery.refresh_from_db()
    assert failed_delivery.status == Delivery.Status.SENT
    assert len(mailoutbox) == 1


def test_retry_deliveries_never_resends_sent_ones(send, mailoutbox,
                                                  django_capture_on_commit_callbacks):
    note = send(user=UserFactory(), key="sent")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.retry_deliveries(queryset=note.deliveries.all()) == 0
    assert len(mailoutbox) == 1
