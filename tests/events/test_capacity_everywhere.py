"""A bigger capacity gives its places to the waiting list whatever path changed it: the
admin's form, the service, or a plain save (a task, the shell, a future API)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ess_platform.kernel import page_cache
from ess_platform.kernel.notifications.models import Notification
from events import services
from events.models import Event, Registration
from tests.admin_forms import admin_change_data

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

REGISTERED, WAITLISTED = Registration.Status.REGISTERED, Registration.Status.WAITLISTED


@pytest.fixture
def full_event(souss_massa):
    """One place, taken; two people waiting (the first came first)."""
    event = EventFactory(region=souss_massa, capacity=1)
    RegistrationFactory(event=event)
    first = RegistrationFactory(event=event, status=WAITLISTED)
    second = RegistrationFactory(event=event, status=WAITLISTED)
    return event, first, second


def statuses(*registrations):
    return [Registration.objects.unscoped().get(pk=r.pk).status for r in registrations]


def admin_form_data(client, event):
    return admin_change_data(client, reverse("admin:events_event_change", args=[event.pk]))


def test_the_admin_form_promotes(client, delegate, full_event):
    event, first, second = full_event
    client.force_login(delegate)
    data = admin_form_data(client, event)
    data["capacity"] = "2"

    response = client.post(reverse("admin:events_event_change", args=[event.pk]), data)

    assert response.status_code == 302
    assert statuses(first, second) == [REGISTERED, WAITLISTED]


def test_the_service_promotes_and_tells_who_was_promoted(delegate, full_event):
    event, first, second = full_event

    promoted = services.change_capacity(event=event, capacity=3, by=delegate)

    assert [r.pk for r in promoted] == [first.pk, second.pk]
    assert statuses(first, second) == [REGISTERED, REGISTERED]
    assert Notification.objects.filter(key__contains="promoted").count() == 2


def test_a_plain_save_promotes_once_committed(full_event, django_capture_on_commit_callbacks):
    """What a task or the shell does: no service call, the model notices the change."""
    event, first, second = full_event
    stored = Event.objects.unscoped().get(pk=event.pk)
    stored.capacity = 2
    with django_capture_on_commit_callbacks(execute=True):
        stored.save()
        assert statuses(first) == [WAITLISTED]  # not before the commit
    assert statuses(first, second) == [REGISTERED, WAITLISTED]


def test_a_save_that_leaves_the_capacity_alone_promotes_nobody(
        full_event, django_capture_on_commit_callbacks):
    event, first, _second = full_event
    stored = Event.objects.unscoped().get(pk=event.pk)
    stored.title_fr = "Atelier renommé"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stored.save()
    # Nothing but the renewal of the cached public pages (ess_platform/kernel/page_cache.py).
    assert [c for c in callbacks if c is not page_cache.renew_version] == []
    assert statuses(first) == [WAITLISTED]


def test_lowering_the_capacity_promotes_nobody(delegate, full_event):
    event, first, _second = full_event
    event.capacity = 5
    Event.objects.unscoped().filter(pk=event.pk).update(capacity=5)
    assert services.change_capacity(event=event, capacity=1, by=delegate) == []
    assert statuses(first) == [WAITLISTED]


def test_another_regions_delegate_cannot_change_the_capacity(other_delegate, full_event):
    event, first, _second = full_event
    with pytest.raises(PermissionDenied):
        services.change_capacity(event=event, capacity=5, by=other_delegate)
    assert Event.objects.unscoped().get(pk=event.pk).capacity == 1
    assert statuses(first) == [WAITLISTED]


def test_the_service_refuses_a_capacity_of_zero(delegate, full_event):
    event, _first, _second = full_event
    with pytest.raises(ValidationError):
        services.change_capacity(event=event, capacity=0, by=delegate)
    assert Event.objects.unscoped().get(pk=event.pk).capacity == 1
