"""The change feed: ?updated_since= and a (updated_at, id) cursor on every list, tombstones."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cooperatives.models import Cooperative
from ess_platform.partners.models import Tombstone
from projects_bank.models import FundingSource
from tests.cooperatives.factories import CooperativeFactory
from tests.projects_bank.factories import FundingSourceFactory

LISTS = ["region-list", "province-list", "commune-list", "hub-list", "cooperative-list",
         "product-list", "call-list", "economic-model-list", "funding-source-list",
         "partner-list", "event-list", "idea-list"]


@pytest.fixture
def api():
    return APIClient()


def _stamp(cooperative, moment):
    Cooperative.objects.unscoped().filter(pk=cooperative.pk).update(updated_at=moment)


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_every_list_takes_updated_since(api, territory, name):
    future = (timezone.now() + timedelta(days=1)).isoformat()
    answer = api.get(reverse(name), {"updated_since": future})
    assert answer.status_code == 200
    body = answer.json()
    rows = body if isinstance(body, list) else body["results"]
    assert rows == []
    assert api.get(reverse(name), {"updated_since": "yesterday"}).status_code == 400


@pytest.mark.django_db
def test_feed_pages_by_cursor_and_a_row_changed_meanwhile_comes_again(api, territory):
    base = timezone.now() - timedelta(hours=1)
    old, first, second, third = CooperativeFactory.create_batch(4)
    _stamp(old, base - timedelta(days=2))
    for minutes, cooperative in enumerate([first, second, third]):
        _stamp(cooperative, base + timedelta(minutes=minutes))
    url = reverse("cooperative-list")
    page = api.get(url, {"updated_since": base.isoformat(), "page_size": 2}).json()
    assert [row["id"] for row in page["results"]] == [first.pk, second.pk]
    assert page["count"] == 3
    # The first row changes while the client walks: it is sent again at the end.
    first.members_count = 30
    first.save()
    page = api.get(page["next"]).json()
    assert [row["id"] for row in page["results"]] == [third.pk, first.pk]
    assert page["next"] is None


@pytest.mark.django_db
def test_ties_on_updated_at_are_paged_by_id(api, territory):
    moment = timezone.now() - timedelta(minutes=5)
    cooperatives = CooperativeFactory.create_batch(3)
    for cooperative in cooperatives:
        _stamp(cooperative, moment)
    seen = []
    page = api.get(reverse("cooperative-list"),
                   {"updated_since": moment.isoformat(), "page_size": 1}).json()
    while True:
        seen += [row["id"] for row in page["results"]]
        if not page["next"]:
            break
        page = api.get(page["next"]).json()
    assert seen == sorted(c.pk for c in cooperatives)


@pytest.mark.django_db
def test_a_bad_cursor_is_a_400(api, territory):
    assert api.get(reverse("cooperative-list"), {"cursor": "bm9wZQ"}).status_code == 400


@pytest.mark.django_db
def test_cached_directory_page_sees_a_later_change(api, territory):
    since = (timezone.now() - timedelta(minutes=1)).isoformat()
    url = reverse("cooperative-list")
    assert api.get(url, {"updated_since": since}).json()["count"] == 0
    cooperative = CooperativeFactory()
    rows = api.get(url, {"updated_since": since}).json()["results"]
    assert [row["id"] for row in rows] == [cooperative.pk]


@pytest.mark.django_db
def test_deleted_rows_are_tombstones(api, territory):
    source = FundingSourceFactory()
    since = timezone.now().isoformat()
    source_pk = source.pk
    FundingSource.objects.filter(pk=source_pk).delete()
    rows = api.get(reverse("deleted-list"),
                   {"dataset": "funding-sources", "updated_since": since}).json()["results"]
    assert rows == [{"dataset": "funding-sources", "object_id": source_pk,
                     "lookup": source.slug, "deleted_at": rows[0]["deleted_at"]}]
    assert api.get(reverse("deleted-list"), {"dataset": "nope"}).status_code == 400


@pytest.mark.django_db
def test_a_hidden_cooperative_is_a_tombstone_until_published_again(api, territory):
    cooperative = CooperativeFactory()
    cooperative.is_published = False
    cooperative.save()
    rows = api.get(reverse("deleted-list"), {"dataset": "cooperatives"}).json()["results"]
    assert [row["object_id"] for row in rows] == [cooperative.pk]
    cooperative.is_published = True
    cooperative.save()
    assert not Tombstone.objects.filter(dataset="cooperatives",
                                        object_id=cooperative.pk).exists()


@pytest.mark.django_db
def test_feed_parameters_are_in_the_schema(api):
    schema = api.get(reverse("api-schema"), {"format": "json"}).json()
    names = {p["name"] for p in schema["paths"]["/api/v1/cooperatives/"]["get"]["parameters"]}
    assert {"updated_since", "cursor", "format"} <= names
