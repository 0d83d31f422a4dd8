"""iCalendar (RFC 5545) export of events, written with the icalendar library.

The library escapes TEXT values and folds lines at 75 octets without splitting a UTF-8
character; times are given to it in UTC, so DTSTART/DTEND carry no time zone block.
"""

from datetime import UTC

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from ess_platform.kernel.formatting import local_datetime

PRODID = "-//ESS Maroc//Events//AR-FR"
UID_DOMAIN = "events.ess-maroc"


def _description(event, url):
    # People read the description: the moment in Morocco's clock, written as the site
    # writes it in the active language (DTSTART carries the machine value).
    when = _("When:") + " " + local_datetime(event.starts_at)
    description = "\n\n".join(part for part in (event.description or "", when) if part)
    if url:
        description = f"{description}\n\n{url}".strip()
    return description


def _vevent(event, url, now):
    vevent = Event()
    vevent.add("uid", f"event-{event.pk}@{UID_DOMAIN}")
    vevent.add("dtstamp", now)
    vevent.add("dtstart", event.starts_at.astimezone(UTC))
    vevent.add("dtend", event.ends_at.astimezone(UTC))
    vevent.add("summary", event.title or "")
    if event.updated_at:
        vevent.add("last-modified", event.updated_at.astimezone(UTC))
    description = _description(event, url)
    if description:
        vevent.add("description", description)
    location = ", ".join(part for part in (event.venue, event.address) if part)
    if location:
        vevent.add("location", location)
    if event.latitude is not None and event.longitude is not None:
        vevent.add("geo", (float(event.latitude), float(event.longitude)))
    if url:
        vevent.add("url", url)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return vevent


def build_calendar(events, *, name, url_for):
    """The calendar text of ``events``; ``url_for(event)`` gives each event's page URL."""
    now = timezone.now().astimezone(UTC)
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(name))  # TEXT: escaped like SUMMARY
    for event in events:
        calendar.add_component(_vevent(event, url_for(event), now))
    return calendar.to_ical().decode("utf-8")
