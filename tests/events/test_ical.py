from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from events.ical import build_calendar

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def unfold(text):
    """Parse iCalendar text back into (name, value) pairs, checking the wire format."""
    raw = text.encode("utf-8")
    assert raw.endswith(b"\r\n")
    physical = raw.split(b"\r\n")[:-1]
    for line in physical:
        assert b"\n" not in line and b"\r" not in line
        assert len(line) <= 75, line
        line.decode("utf-8")  # each physical line is valid UTF-8: no split character
    logical = []
    for line in physical:
        if line.startswith(b" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    pairs = []
    for line in logical:
        name, _, value = line.decode("utf-8").partition(":")
        pairs.append((name, value))
    return pairs


def unescape(value):
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            out.append("\n" if value[i + 1] in "nN" else value[i + 1])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def test_escaping_of_commas_semicolons_backslashes_and_newlines(souss_massa):
    event = EventFactory(region=souss_massa, title_ar="a,b;c\\d\ne")
    text = build_calendar([event], name="Souss, Massa; x", url_for=lambda e: "")
    assert "SUMMARY:a\\,b\\;c\\\\d\\ne\r\n" in text
    assert "X-WR-CALNAME:Souss\\, Massa\\; x\r\n" in text


def test_folding_keeps_arabic_characters_whole(souss_massa):
    title = "الاقتصاد الاجتماعي والتضامني " * 6
    event = EventFactory(region=souss_massa, title_ar=title.strip())
    text = build_calendar([event], name="x", url_for=lambda e: "")
    values = dict(unfold(text))  # checks every physical line: <= 75 octets, valid UTF-8
    assert values["SUMMARY"] == title.strip()


def test_event_calendar_is_valid_icalendar(client, souss_massa):
    start = datetime(2030, 4, 14, 9, 0, tzinfo=UTC)
    event = EventFactory(
        region=souss_massa, starts_at=start, ends_at=start + timedelta(days=2, hours=8),
        title_ar="التجمع التقني الأول لبرنامج Terr'ESS: مجالات ترابية فرنكوفونية من أجل "
                 "الاقتصاد الاجتماعي والتضامني",
        description_ar="ورشات، جلسات نقاش; زيارات ميدانية\nللمشاريع الناجحة \\ أكادير",
        venue_ar="أكادير, قاعة المؤتمرات", latitude="30.427755", longitude="-9.598107")
    response = client.get(reverse("events:ics", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    pairs = unfold(response.content.decode("utf-8"))
    names = [name for name, _ in pairs]
    assert names[0] == "BEGIN" and pairs[0][1] == "VCALENDAR"
    assert pairs[-1] == ("END", "VCALENDAR")
    values = dict(pairs)
    assert values["VERSION"] == "2.0"
    assert values["PRODID"]
    assert values["UID"] == f"event-{event.pk}@events.ess-maroc"
    assert values["DTSTART"] == "20300414T090000Z"
    assert values["DTEND"] == "20300416T170000Z"
    assert values["DTSTAMP"].endswith("Z") and len(values["DTSTAMP"]) == 16
    assert unescape(values["SUMMARY"]) == event.title_ar
    assert unescape(values["DESCRIPTION"]).startswith(event.description_ar)
    assert unescape(values["LOCATION"]) == "أكادير, قاعة المؤتمرات"
    assert values["GEO"] == "30.427755;-9.598107"


def test_calendar_follows_the_page_language(client, souss_massa):
    event = EventFactory(region=souss_massa)
    response = client.get(reverse("events:ics", kwargs={"slug": event.slug}).replace(
        "/ar/", "/fr/"))
    values = dict(unfold(response.content.decode("utf-8")))
    assert unescape(values["SUMMARY"]) == event.title_fr


def test_region_feed_lists_the_region_events_only(client, souss_massa, fes_meknes,
                                                  django_assert_max_num_queries):
    mine = [EventFactory(region=souss_massa) for _ in range(3)]
    EventFactory(region=fes_meknes)
    EventFactory(region=souss_massa, is_published=False)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("events:region_ics", kwargs={"slug": souss_massa.slug}))
    pairs = unfold(response.content.decode("utf-8"))
    uids = {value for name, value in pairs if name == "UID"}
    assert uids == {f"event-{e.pk}@events.ess-maroc" for e in mine}
    assert [n for n, v in pairs if n == "BEGIN" and v == "VEVENT"].__len__() == 3


def test_cancelled_event_is_marked_cancelled_in_the_calendar(souss_massa):
    event = EventFactory(region=souss_massa, status="cancelled")
    text = build_calendar([event], name="x", url_for=lambda e: "")
    assert "STATUS:CANCELLED\r\n" in text


def test_unpublished_event_has_no_calendar(client, souss_massa):
    event = EventFactory(region=souss_massa, is_published=False)
    response = client.get(reverse("events:ics", kwargs={"slug": event.slug}))
    assert response.status_code == 404


def test_moments_set_in_morocco_are_written_in_utc(souss_massa):
    from zoneinfo import ZoneInfo

    start = datetime(2030, 4, 14, 10, 0, tzinfo=ZoneInfo("Africa/Casablanca"))  # UTC+1
    event = EventFactory(region=souss_massa, starts_at=start, ends_at=start + timedelta(hours=2))
    values = dict(unfold(build_calendar([event], name="x", url_for=lambda e: "")))
    assert (values["DTSTART"], values["DTEND"]) == ("20300414T090000Z", "20300414T110000Z")
    assert "VTIMEZONE" not in {value for name, value in unfold(
        build_calendar([event], name="x", url_for=lambda e: "")) if name == "BEGIN"}
