"""The territory pages show what the apps above register (regional_hubs.hooks), and leave
it out when no app registers it: regional_hubs names none of them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from regional_hubs import hooks
from tests.cooperatives.factories import CooperativeFactory, sector
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

AMMELNE = "09.581.09.05"


def url(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args)


@pytest.fixture
def nothing_registered(monkeypatch):
    monkeypatch.setattr(hooks, "_activities", {})
    monkeypatch.setattr(hooks, "_directory", [])


def test_cooperatives_and_events_register_their_region_activity():
    assert [activity.key for activity in hooks.activities()] == ["cooperatives", "events"]
    assert hooks.directory() is not None


def test_region_page_counts_and_links_what_the_apps_register(client, souss_massa,
                                                            django_assert_max_num_queries):
    CooperativeFactory(region_code="09")
    EventFactory(region=souss_massa, starts_at=timezone.now() + timedelta(days=3),
                 ends_at=timezone.now() + timedelta(days=4))
    with django_assert_max_num_queries(12):
        response = client.get(url("regional_hubs:region", souss_massa.slug))
    content = response.content.decode()
    panels = {panel["key"]: panel for panel in response.context["activity"]}
    assert panels["cooperatives"]["count"] == 1 and panels["events"]["count"] == 1
    assert f'{url("cooperatives:directory")}?region=09' in content
    assert f'{url("events:list")}?region=09' in content


def test_hub_page_lists_the_latest_cooperatives_and_events(client, souss_hub):
    cooperative = CooperativeFactory(region_code="09")
    event = EventFactory(region=souss_hub.region, starts_at=timezone.now() + timedelta(days=3),
                         ends_at=timezone.now() + timedelta(days=4))
    content = client.get(url("regional_hubs:hub", souss_hub.slug)).content.decode()
    assert cooperative.get_absolute_url() in content
    assert event.get_absolute_url() in content


def test_pages_leave_out_what_no_app_registers(client, souss_hub, indicators,
                                               nothing_registered):
    region = souss_hub.region
    CooperativeFactory(region_code="09", sector=sector("handicrafts"))
    hub = client.get(url("regional_hubs:hub", souss_hub.slug))
    assert hub.status_code == 200 and hub.context["activity"] == []
    # (The site's menu links each list; no page links them filtered to the territory.)
    directory, events = url("cooperatives:directory") + "?", url("events:list") + "?"
    assert directory not in hub.content.decode()
    page = client.get(url("regional_hubs:region", region.slug)).content.decode()
    assert directory not in page and events not in page
    needs = client.get(url("regional_hubs:commune_needs", region.slug, "09.581", AMMELNE))
    assert needs.status_code == 200
    assert all(not s["url"] and s["cooperatives"] == 0 for s in needs.context["sectors"])
    assert not needs.context["directory_url"]
    assert directory not in needs.content.decode()


def test_needs_pages_link_sectors_and_commune_to_the_registered_directory(
        client, souss_massa, indicators):
    response = client.get(url("regional_hubs:commune_needs", souss_massa.slug, "09.581",
                              AMMELNE))
    directory = url("cooperatives:directory")
    assert response.context["directory_url"] == (
        f"{directory}?region=09&province=09.581&commune={AMMELNE}")
    linked = [s for s in response.context["sectors"] if s["url"]]
    assert linked and all(s["url"] == f"{directory}?sector={s['key']}&region=09"
                          for s in linked)
