"""``EventQuerySet.ending_from``: the events that end at a moment or later, bounded on
PostgreSQL by their start (the longest duration of any event, from its index). The bound
must never leave out an event that is still on, whatever its length or publication."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event
from events.selectors import filter_events

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def _events(souss_massa, now):
    long_ago = now - timedelta(days=400)
    return {
        # Started more than a year ago and still running: the longest event sets the bound.
        "season": EventFactory(region=souss_massa, starts_at=long_ago,
                               ends_at=now + timedelta(days=3)),
        "ends_now": EventFactory(region=souss_massa, starts_at=now - timedelta(hours=5),
                                 ends_at=now),
        "over": EventFactory(region=souss_massa, starts_at=now - timedelta(days=2),
                             ends_at=now - timedelta(seconds=1)),
        "coming": EventFactory(region=souss_massa, starts_at=now + timedelta(days=9),
                               ends_at=now + timedelta(days=9, hours=3)),
        "old": EventFactory(region=souss_massa, starts_at=now - timedelta(days=600),
                            ends_at=now - timedelta(days=599)),
    }


def test_every_event_still_on_is_kept_and_none_other(souss_massa):
    now = timezone.now()
    events = _events(souss_massa, now)
    found = set(Event.objects.public().ending_from(now).values_list("pk", flat=True))
    assert found == {events[name].pk for name in ("season", "ends_now", "coming")}
    # The same through the lists' filter, in start order.
    listed = list(filter_events(Event.objects.public(), now=now))
    assert listed == [events["season"], events["ends_now"], events["coming"]]


def test_the_longest_event_counts_even_unpublished(souss_massa):
    """The bound comes from every event, so an unpublished long one only widens it."""
    now = timezone.now()
    events = _events(souss_massa, now)
    EventFactory(region=souss_massa, is_published=False, starts_at=now - timedelta(days=900),
                 ends_at=now + timedelta(days=1))
    found = set(Event.objects.public().ending_from(now).values_list("pk", flat=True))
    assert found == {events[name].pk for name in ("season", "ends_now", "coming")}


def test_a_longer_event_saved_later_widens_the_bound(souss_massa):
    now = timezone.now()
    _events(souss_massa, now)
    marathon = EventFactory(region=souss_massa, starts_at=now - timedelta(days=2000),
                            ends_at=now + timedelta(days=1))
    assert Event.objects.public().ending_from(now).filter(pk=marathon.pk).exists()
    marathon.ends_at = now - timedelta(days=1)
    marathon.save(update_fields=["ends_at"])
    assert not Event.objects.public().ending_from(now).filter(pk=marathon.pk).exists()


def test_a_start_date_filter_is_bounded_alike(souss_massa):
    now = timezone.now()
    events = _events(souss_massa, now)
    day = (now - timedelta(days=3)).date()
    found = set(filter_events(Event.objects.public(), date_from=day, now=now)
                .values_list("pk", flat=True))
    assert found == {events[name].pk for name in ("season", "ends_now", "over", "coming")}


def test_no_event_at_all_lists_nothing_without_error():
    assert list(Event.objects.public().ending_from(timezone.now())) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bound is PostgreSQL's")
def test_the_bound_is_one_statement_read_from_the_duration_index(souss_massa):
    now = timezone.now()
    _events(souss_massa, now)
    queryset = Event.objects.public().ending_from(now)
    with CaptureQueriesContext(connection) as ctx:
        list(queryset)
    assert len(ctx.captured_queries) == 1
    sql = ctx.captured_queries[0]["sql"]
    assert '"starts_at" >=' in sql and '("ends_at" - ' in sql.replace("U0.", "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'event_duration'")
        assert cursor.fetchone() is not None
