"""iCalendar (RFC 5545) export written with the standard library.

Content lines end with CRLF and are folded at 75 octets without splitting a UTF-8
character (Arabic letters take two octets); TEXT values escape backslash, semicolon,
comma and newlines; times are written in UTC.
"""

from datetime import UTC

from django.utils import timezone
from django.utils.translation import gettext as _

from ess_platform.formatting import local_datetime

PRODID = "-//ESS Maroc//Events//AR-FR"
UID_DOMAIN = "events.ess-maroc"
MAX_OCTETS = 75


def escape_text(value):
    value = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def format_utc(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line):
    """Fold one content line into chunks of at most 75 octets, joined by CRLF + space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_OCTETS:
        return line
    chunks, current, size = [], [], 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            current, size = [], 0
            limit = MAX_OCTETS - 1  # continuation lines start with one space
        current.append(char)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks)


def _event_lines(event, url, now):
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{UID_DOMAIN}",
        f"DTSTAMP:{format_utc(now)}",
        f"DTSTART:{format_utc(event.starts_at)}",
        f"DTEND:{format_utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.title)}",
    ]
    if event.updated_at:
        lines.append(f"LAST-MODIFIED:{format_utc(event.updated_at)}")
    # People read the description: the moment in Morocco's clock, written as the site
    # writes it in the active language (DTSTART carries the machine value).
    when = _("When:") + " " + local_datetime(event.starts_at)
    description = "\n\n".join(part for part in (event.description or "", when) if part)
    if url:
        description = f"{description}\n\n{url}".strip()
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    location = ", ".join(part for part in (event.venue, event.address) if part)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if event.latitude is not None and event.longitude is not None:
        lines.append(f"GEO:{float(event.latitude):.6f};{float(event.longitude):.6f}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("STATUS:CANCELLED" if event.is_cancelled else "STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def build_calendar(events, *, name, url_for):
    """The calendar text of ``events``; ``url_for(event)`` gives each event's page URL."""
    now = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(_event_lines(event, url_for(event), now))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
