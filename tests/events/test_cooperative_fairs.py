"""Managers keep the fairs and markets their cooperative attends, on the site."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event
from tests.cooperatives.factories import CooperativeFactory, ManagerFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperative(souss_massa):
    return CooperativeFactory(region_code="09")


@pytest.fixture
def manager(cooperative):
    return ManagerFactory(cooperative=cooperative).user


@pytest.fixture
def fair(souss_massa):
    return EventFactory(region=souss_massa, kind=Event.Kind.FAIR, title_fr="Salon du terroir")


def fairs_url(cooperative):
    return reverse("events:cooperative_fairs", kwargs={"pk": cooperative.pk})


def test_manager_adds_a_published_fair_and_the_profile_lists_it(client, manager, cooperative,
                                                                 fair):
    client.force_login(manager)
    page = client.get(fairs_url(cooperative))
    assert page.status_code == 200
    assert fair.title in page.content.decode()

    response = client.post(fairs_url(cooperative), {"event": fair.pk})

    assert response.status_code == 302
    assert list(fair.cooperatives.all()) == [cooperative]
    profile = client.get(cooperative.get_absolute_url()).content.decode()
    assert fair.title in profile


def test_manager_removes_the_cooperative_from_a_fair(client, manager, cooperative, fair):
    fair.cooperatives.add(cooperative)
    client.force_login(manager)

    response = client.post(fairs_url(cooperative), {"leave": fair.pk})

    assert response.status_code == 302
    assert not fair.cooperatives.exists()


def test_manage_page_links_to_the_fairs(client, manager, cooperative, fair):
    fair.cooperatives.add(cooperative)
    client.force_login(manager)
    page = client.get(reverse("cooperatives:manage", kwargs={"pk": cooperative.pk}))
    body = page.content.decode()
    assert fairs_url(cooperative) in body
    assert fair.title in body


def test_only_published_fairs_and_markets_can_be_added(client, manager, cooperative,
                                                       souss_massa):
    workshop = EventFactory(region=souss_massa, kind=Event.Kind.WORKSHOP)
    hidden = EventFactory(region=souss_massa, kind=Event.Kind.MOBILE_MARKET,
                          is_published=False)
    old = EventFactory(region=souss_massa, kind=Event.Kind.FAIR,
                       starts_at=timezone.now() - timedelta(days=800))
    client.force_login(manager)
    for event in (workshop, hidden, old):
        response = client.post(fairs_url(cooperative), {"event": event.pk})
        assert response.status_code == 400
        assert not event.cooperatives.exists()
    with pytest.raises(ValidationError):
        services.join_fair(event=workshop, cooperative=cooperative, by=manager)
    with pytest.raises(ValidationError):
        services.join_fair(event=hidden, cooperative=cooperative, by=manager)


def test_manager_cannot_edit_another_cooperatives_fairs(client, manager, fair, fes_meknes):
    other = CooperativeFactory(region_code="03")
    fair.cooperatives.add(other)
    client.force_login(manager)

    assert client.get(fairs_url(other)).status_code == 403
    assert client.post(fairs_url(other), {"event": fair.pk}).status_code == 403
    assert client.post(fairs_url(other), {"leave": fair.pk}).status_code == 403
    assert list(fair.cooperatives.all()) == [other]
    with pytest.raises(PermissionDenied):
        services.leave_fair(event=fair, cooperative=other, by=manager)


def test_plain_member_and_anonymous_are_refused(client, cooperative, fair):
    member = ManagerFactory(cooperative=cooperative, role="member").user
    client.force_login(member)
    assert client.get(fairs_url(cooperative)).status_code == 403
    assert client.post(fairs_url(cooperative), {"event": fair.pk}).status_code == 403
    client.logout()
    assert client.get(fairs_url(cooperative)).status_code == 302
    assert not fair.cooperatives.exists()


def test_leaving_a_fair_the_cooperative_is_not_at_is_not_found(client, manager, cooperative,
                                                               fair):
    client.force_login(manager)
    assert client.post(fairs_url(cooperative), {"leave": fair.pk}).status_code == 404
    assert client.post(fairs_url(cooperative), {"leave": "x"}).status_code == 404


def test_fairs_page_queries_are_bounded(client, manager, cooperative, souss_massa,
                                        django_assert_max_num_queries):
    for n in range(30):
        event = EventFactory(region=souss_massa, kind=Event.Kind.FAIR)
        if n % 2:
            event.cooperatives.add(cooperative)
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        assert client.get(fairs_url(cooperative)).status_code == 200
