"""Reads shared by the pages, the API, the calendars and the exports."""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from ess_platform.kernel import jsonld
from ess_platform.kernel.searching.engine import Search

from .models import Event, Registration

#: The kinds of event where cooperatives sell: fairs, exhibitions and mobile markets.
MARKET_KINDS = (Event.Kind.FAIR, Event.Kind.MOBILE_MARKET)

#: Reminders go out for events starting between these two delays from now.
REMINDER_WINDOW = (timedelta(hours=24), timedelta(hours=48))


def public_events():
    return Event.objects.published().select_related("region", "hub").with_taken_places()


def filter_events(queryset, *, region=None, kind="", date_from=None, date_to=None, hub=None,
                  status="", upcoming=None, now=None, q=""):
    """The events list's one filter, for the page, the API and the exports.

    ``upcoming``: True keeps the events not over yet, False keeps past ones too; None (the
    default) means upcoming unless a start date is given. Dates are local calendar days.
    ``q``: words (or an ``ess_platform.kernel.searching.engine.Search``) in titles, venues and
    organisers, best matches first.
    """
    if region is not None:
        queryset = queryset.filter(region=region)
    if kind:
        queryset = queryset.filter(kind=kind)
    if hub is not None:
        queryset = queryset.filter(hub=hub)
    if status:
        queryset = queryset.filter(status=status)
    tz = timezone.get_current_timezone()
    if date_from:
        queryset = queryset.ending_from(timezone.make_aware(
            datetime.combine(date_from, time.min), tz))
    if upcoming or (upcoming is None and not date_from):
        queryset = queryset.upcoming(now)
    if date_to:
        queryset = queryset.filter(starts_at__lt=timezone.make_aware(
            datetime.combine(date_to + timedelta(days=1), time.min), tz))
    search = q if isinstance(q, Search) else Search(q)
    # Titles, venues and organisers in both languages (Event.search_text_fields).
    return search.apply(queryset.order_by("starts_at", "pk"), column="search_text")


def event_for_page(slug):
    return (
        Event.objects.published()
        .select_related("region", "province", "commune", "hub", "call")
        .with_taken_places()
        .get(slug=slug)
    )


def event_sessions(event):
    return event.sessions.all()


def event_cooperatives(event):
    return event.cooperatives.filter(is_published=True).select_related("sector", "commune")


def region_feed_events(region, now=None):
    """A region's events for its calendar feed: the last 90 days and everything ahead."""
    since = (now or timezone.now()) - timedelta(days=90)
    return (
        Event.objects.published()
        .filter(region=region, ends_at__gte=since)
        .order_by("starts_at", "pk")[:500]
    )


def active_registration(event, user):
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.owned_by(user).filter(event=event, status__in=Registration.ACTIVE)
        .order_by("-created_at")
        .first()
    )


def registrants_for_check_in(event, search="", *, user):
    queryset = Registration.objects.managed_by(user).filter(event=event).exclude(
        status__in=[Registration.Status.CANCELLED, Registration.Status.PENDING])
    search = (search or "").strip()
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search) | Q(code__iexact=search.replace(" ", ""))
            | Q(email__icontains=search) | Q(phone__icontains=search)
        )
    return queryset.order_by("name", "pk")


def attendee_rows(registrations):
    """Rows of the attendee export (a generator; pass a scoped queryset)."""
    queryset = registrations.select_related("event").order_by("event__starts_at", "created_at",
                                                              "pk")
    for registration in queryset.iterator(chunk_size=2000):
        yield [
            registration.event.title,
            registration.name,
            registration.email,
            registration.phone,
            registration.get_language_display(),
            registration.get_status_display(),
            registration.code,
            timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(registration.checked_in_at).strftime("%Y-%m-%d %H:%M")
            if registration.checked_in_at else "",
        ]


def event_json_ld(event, url):
    """schema.org Event as a complete <script type="application/ld+json"> element."""
    address = jsonld.postal_address(
        street=event.address, locality=event.commune.name if event.commune_id else "",
        region=event.region.name)
    location = jsonld.geo_place(latitude=event.latitude, longitude=event.longitude,
                                name=event.venue or event.address or str(event.region),
                                address=address)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description,
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventStatus": "https://schema.org/EventCancelled" if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": location,
        "url": url,
    }
    if event.organisers:
        data["organizer"] = {"@type": "Organization", "name": event.organisers}
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
        data["remainingAttendeeCapacity"] = event.places_left()
    return jsonld.script(data)


#: A manager may record a fair up to this long after it ended (the fairs attended).
FAIR_LOOKBACK = timedelta(days=365)
#: The manager's page lists at most this many of the cooperative's fairs.
FAIR_LIST_LIMIT = 50


def joinable_fairs(cooperative, now=None):
    """The published fairs and markets a cooperative's manager may add it to: coming,
    running or ended within FAIR_LOOKBACK, not already joined, soonest first."""
    since = (now or timezone.now()) - FAIR_LOOKBACK
    return (Event.objects.public().filter(kind__in=MARKET_KINDS, ends_at__gte=since)
            .exclude(cooperatives=cooperative).select_related("region")
            .order_by("starts_at", "pk"))


def cooperative_fairs(cooperative):
    """The fairs and markets the cooperative is listed at (published or not), latest first."""
    return list(Event.objects.unscoped().filter(cooperatives=cooperative, kind__in=MARKET_KINDS)
                .select_related("region").order_by("-starts_at", "-pk")[:FAIR_LIST_LIMIT])


def due_reminders(now=None):
    """Registrations still to remind of an event starting in 24 to 48 hours."""
    now = now or timezone.now()
    return Registration.objects.unscoped().filter(
        status=Registration.Status.REGISTERED,
        reminder_sent_at__isnull=True,
        event__status=Event.Status.SCHEDULED,
        event__starts_at__gte=now + REMINDER_WINDOW[0],
        event__starts_at__lte=now + REMINDER_WINDOW[1],
    )
