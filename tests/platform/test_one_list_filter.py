"""The events and ideas pages and their API lists answer one question the same way: the
page's form and the API's FilterSet hand their values to one selector (filter_events,
filter_ideas), which holds the defaults ("upcoming unless a start date is given")."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from projects_bank.models import ProjectIdea
from tests.events.factories import EventFactory
from tests.factories import commune_in
from tests.projects_bank.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(souss_massa, fes_meknes):
    past = timezone.now() - timedelta(days=30)
    return {
        "soon": EventFactory(region=souss_massa, kind="fair"),
        "elsewhere": EventFactory(region=fes_meknes, kind="workshop"),
        "past": EventFactory(region=souss_massa, kind="fair", starts_at=past,
                             ends_at=past + timedelta(hours=3)),
        "day": (past - timedelta(days=1)).date().isoformat(),
    }


@pytest.mark.parametrize("page_query, api_query, expected", [
    ({}, {}, {"soon", "elsewhere"}),
    ({"region": "09"}, {"region": "09"}, {"soon"}),
    ({"kind": "fair"}, {"kind": "fair"}, {"soon"}),
    ({"date_from": "DAY"}, {"from": "DAY"}, {"soon", "elsewhere", "past"}),
    ({"date_from": "DAY", "region": "09"}, {"from": "DAY", "region": "09"}, {"soon", "past"}),
])
def test_event_page_and_api_list_the_same_events(client, events, page_query, api_query,
                                                 expected):
    def fill(query):
        return {key: events["day"] if value == "DAY" else value for key, value in query.items()}

    page = client.get(reverse("events:list"), fill(page_query))
    api = client.get("/api/v1/events/", fill(api_query)).json()
    on_page = {event.slug for event in page.context["events"]}
    in_api = {row["slug"] for row in api["results"]}
    assert on_page == in_api == {events[name].slug for name in expected}


def test_idea_page_and_api_list_the_same_ideas(client, souss_massa, fes_meknes):
    here = IdeaFactory(status=ProjectIdea.Status.ACCEPTED, commune=commune_in(souss_massa.code))
    there = IdeaFactory(status=ProjectIdea.Status.INCUBATED, commune=commune_in(fes_meknes.code))
    IdeaFactory(status=ProjectIdea.Status.SUBMITTED)  # not published: on neither
    for query, expected in (({}, {here.pk, there.pk}), ({"region": souss_massa.code}, {here.pk}),
                            ({"status": "incubated"}, {there.pk})):
        page = client.get(reverse("projects_bank:ideas"), query)
        api = client.get("/api/v1/ideas/", query).json()
        on_page = {idea.pk for idea in page.context["page"].object_list}
        assert on_page == {row["id"] for row in api["results"]} == expected
