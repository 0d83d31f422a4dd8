"""Events of the SSE (workshops, consultations, fairs, ideathons...), their agenda and
the people who register for them."""

import secrets
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ess_platform.history import track
from ess_platform.kernel.languages import InterfaceLanguage
from ess_platform.kernel.searching.models import StoredSearchText
from regional_hubs.scoping import RegionOwned, RegionScopedQuerySet

from . import signals

# Short check-in codes: capitals and digits without the look-alikes 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_registration_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_registration_token():
    return secrets.token_urlsafe(24)


class EventQuerySet(RegionScopedQuerySet):
    def published(self):
        return self.public()

    def upcoming(self, now=None):
        """Events not over yet (an event running over several days stays listed)."""
        return self.ending_from(now or timezone.now())

    def ending_from(self, moment):
        """Events that end at ``moment`` or later.

        On PostgreSQL they are also bounded by their start: none started before ``moment``
        less the longest duration of any event (one probe of the ``event_duration`` index,
        inside the statement). So a list in start order walks its index from there, not
        from the first event ever held past every event over since (half the table when
        the calendar holds a year behind it)."""
        queryset = self.filter(ends_at__gte=moment)
        if connections[self.db].vendor != "postgresql":
            return queryset
        longest = (Event.objects.unscoped().order_by()
                   .annotate(duration=models.F("ends_at") - models.F("starts_at"))
                   .order_by("-duration").values("duration")[:1])
        bound = models.ExpressionWrapper(
            models.Value(moment, output_field=models.DateTimeField())
            - models.Subquery(longest, output_field=models.DurationField()),
            output_field=models.DateTimeField())
        return queryset.filter(starts_at__gte=bound)

    def with_taken_places(self):
        # A correlated count per event rather than a join with GROUP BY, so the list keeps
        # walking its starts_at index and counts only the rows of the page it returns.
        taken = (
            Registration.objects.filter(event=models.OuterRef("pk"),
                                        status__in=Registration.TAKING_A_PLACE)
            .order_by()
            .values("event")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(
            taken_places=Coalesce(models.Subquery(taken), 0,
                                  output_field=models.IntegerField())
        )


class RegistrationQuerySet(RegionScopedQuerySet):
    def with_token(self, token):
        """The registration behind a secret link: holding its token is the proof."""
        return self.filter(token=token)._select_rows("token")


_UNKNOWN = object()


class Event(StoredSearchText, RegionOwned, models.Model):
    """A dated SSE event in a region, open (or not) to registration."""

    region_lookup = "region"
    public_rows = models.Q(is_published=True)

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        CONSULTATION = "consultation", _("Consultation meeting")
        TECHNICAL_GATHERING = "technical_gathering", _("Technical gathering")
        FAIR = "fair", _("Fair or exhibition")
        MOBILE_MARKET = "mobile_market", _("Mobile market")
        FIELD_VISIT = "field_visit", _("Field visit")
        TRAINING = "training", _("Training")
        IDEATHON = "ideathon", _("Ideathon")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True,
                            help_text=_("The event's address on the site; made from the title "
                                        "when left empty."))
    description = models.TextField(_("description"), blank=True)
    organisers = models.TextField(_("organisers"), blank=True)
    partners = models.TextField(_("partners"), blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    region = models.ForeignKey("regional_hubs.Region", verbose_name=_("region"),
                               on_delete=models.PROTECT, related_name="events")
    province = models.ForeignKey("regional_hubs.Province", verbose_name=_("province"),
                                 on_delete=models.PROTECT, related_name="events",
                                 null=True, blank=True)
    commune = models.ForeignKey("regional_hubs.Commune", verbose_name=_("commune"),
                                on_delete=models.PROTECT, related_name="events",
                                null=True, blank=True)
    hub = models.ForeignKey("regional_hubs.RegionalHub", verbose_name=_("regional hub"),
                            on_delete=models.SET_NULL, related_name="events",
                            null=True, blank=True)
    call = models.ForeignKey(
        "projects_bank.Call", verbose_name=_("linked call for ideas"),
        on_delete=models.SET_NULL, related_name="events", null=True, blank=True,
        help_text=_("For an ideathon: the call of the projects bank it belongs to."))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    registration_deadline = models.DateTimeField(
        _("registration deadline"), null=True, blank=True,
        help_text=_("Registration closes at this moment; empty: when the event starts."))
    registration_open = models.BooleanField(
        _("open to registration"), default=True,
        help_text=_("Untick for events that only inform (past events, invitation only)."))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Places available; empty means unlimited. When full, people join a "
                    "waiting list."))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.SCHEDULED)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal("20")), MaxValueValidator(Decimal("36.5"))])
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal("-17.5")),
                    MaxValueValidator(Decimal("-0.9"))])
    cooperatives = models.ManyToManyField(
        "cooperatives.Cooperative", verbose_name=_("participating cooperatives"),
        related_name="events", blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Titles, venues and organisers in both languages, normalised: what the events' search
    # reads (ess_platform.kernel.searching), written on save; pg_trgm-indexed on PostgreSQL.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    search_text_fields = ("title_ar", "title_fr", "venue_ar", "venue_fr", "organisers_ar",
                          "organisers_fr")

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["is_published", "ends_at"]),
            models.Index(fields=["region", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
            # The change feed's order (?updated_since=, partners/feed.py).
            models.Index(fields=["updated_at", "id"], name="event_updated_at_id"),
            # The public lists' order (starts_at, pk): a page is an index walk instead of
            # joining and sorting every matching event (see `make bench`); the end carried
            # along, so that a deep page's keys from a date are read from the index alone.
            models.Index(fields=["starts_at", "id"], include=["ends_at"],
                         condition=models.Q(is_published=True),
                         name="event_published_starts_at"),
            # Coming events counted from an index alone: a region's (its page, the lists),
            # a kind's, every one; the start carried along for the lists' bound on it
            # (EventQuerySet.ending_from).
            models.Index(fields=["region", "ends_at"], include=["starts_at"],
                         condition=models.Q(is_published=True), name="event_region_coming"),
            models.Index(fields=["kind", "ends_at"], include=["starts_at"],
                         condition=models.Q(is_published=True), name="event_kind_coming"),
            models.Index(fields=["ends_at"], include=["starts_at"],
                         condition=models.Q(is_published=True), name="event_coming"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gte=models.F("starts_at")),
                                   name="event_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.title_fr or self.title or "") or "event"
            stamp = self.starts_at.strftime("%Y-%m-%d") if self.starts_at else ""
            self.slug = self._unique_slug(f"{base[:100]}-{stamp}".strip("-"))
        update_fields = kwargs.get("update_fields")
        capacity_changed = (
            not self._state.adding
            and (update_fields is None or "capacity" in update_fields)
            and getattr(self, "_stored_capacity", _UNKNOWN) != self.capacity)
        super().save(*args, **kwargs)
        self._stored_capacity = self.capacity
        if capacity_changed:
            # Whoever changed it (admin, site, API, task, shell), the waiting list gets the
            # places once the change is committed: the service listens (apps.py).
            transaction.on_commit(partial(signals.capacity_changed.send, sender=Event,
                                          event_pk=self.pk))

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_capacity = instance.__dict__.get("capacity", _UNKNOWN)
        return instance

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The event cannot end before it starts.")
        if self.registration_deadline and self.ends_at and (
            self.registration_deadline > self.ends_at
        ):
            errors["registration_deadline"] = _(
                "The registration deadline cannot be after the end of the event.")
        if self.province_id and self.region_id and self.province.region_id != self.region_id:
            errors["province"] = _("This province is not in the event's region.")
        if self.commune_id:
            if self.province_id and self.commune.province_id != self.province_id:
                errors["commune"] = _("This commune is not in the event's province.")
            elif self.region_id and self.commune.province.region_id != self.region_id:
                errors["commune"] = _("This commune is not in the event's region.")
        if self.hub_id and self.region_id and self.hub.region_id != self.region_id:
            errors["hub"] = _("This hub belongs to another region.")
        if self.call_id and self.region_id and self.call.region_id not in (None, self.region_id):
            errors["call"] = _("This call belongs to another region.")
        if errors:
            raise ValidationError(errors)

    def _unique_slug(self, base):
        slug, n = base, 2
        while Event.objects.unscoped().filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def registration_closes_at(self):
        return self.registration_deadline or self.starts_at

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self):
        return timezone.now() >= self.starts_at

    @property
    def is_past(self):
        return timezone.now() > self.ends_at

    @property
    def accepts_registrations(self):
        return (
            self.registration_open
            and not self.is_cancelled
            and timezone.now() < self.registration_closes_at
            and not self.has_started
        )

    @property
    def spans_several_days(self):
        start = timezone.localtime(self.starts_at).date()
        return timezone.localtime(self.ends_at).date() != start

    def places_left(self, taken=None):
        """Places still free (None when unlimited); pass ``taken`` when it is annotated."""
        if self.capacity is None:
            return None
        if taken is None:
            taken = getattr(self, "taken_places", None)
        if taken is None:
            taken = self.registrations.filter(status__in=Registration.TAKING_A_PLACE).count()
        return max(self.capacity - taken, 0)


class Session(RegionOwned, models.Model):
    """One item of an event's agenda."""

    region_lookup = "event__region"
    public_rows = models.Q(event__is_published=True)

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    room = models.CharField(_("room"), max_length=120, blank=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("A session cannot end before it starts.")})


class Registration(RegionOwned, models.Model):
    """A person's place (or place on the waiting list) at an event."""

    region_lookup = "event__region"
    owner_lookup = "user"

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        PENDING = "pending", _("Awaiting confirmation")

    Language = InterfaceLanguage

    # A guest's PENDING registration (not confirmed from the link sent to the address
    # given) is neither: it takes no place and blocks nobody.
    ACTIVE = (Status.REGISTERED, Status.WAITLISTED, Status.ATTENDED)
    TAKING_A_PLACE = (Status.REGISTERED, Status.ATTENDED)

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"),
                             on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="event_registrations")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=3, choices=Language.choices,
                                default=Language.ARABIC)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.REGISTERED)
    code = models.CharField(_("check-in code"), max_length=12, unique=True,
                            default=new_registration_code, editable=False)
    token = models.CharField(_("secret link token"), max_length=64, unique=True,
                             default=new_registration_token, editable=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now,
                                      editable=False)
    promoted_at = models.DateTimeField(_("promoted from the waiting list at"), null=True,
                                       blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True,
                                        editable=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True,
                                         editable=False)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True,
                                            editable=False)
    confirm_by = models.DateTimeField(_("to be confirmed before"), null=True, blank=True,
                                      editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["event", "status", "created_at"]),
            models.Index(fields=["status", "reminder_sent_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(user__isnull=False, status__in=["registered", "waitlisted",
                                                                   "attended"]),
                name="registration_one_active_per_user",
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(email="") & models.Q(
                    status__in=["registered", "waitlisted", "attended"]),
                name="registration_one_active_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def get_absolute_url(self):
        return reverse("events:registration", kwargs={"token": self.token})

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def can_be_cancelled(self):
        return self.status in (self.Status.REGISTERED, self.Status.WAITLISTED) and (
            not self.event.has_started
        )

    @property
    def confirmation_expired(self):
        return (self.status == self.Status.PENDING and self.confirm_by is not None
                and timezone.now() >= self.confirm_by)

    def waitlist_position(self):
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = Registration.objects.unscoped().filter(
            event_id=self.event_id, status=self.Status.WAITLISTED
        ).filter(
            models.Q(created_at__lt=self.created_at)
            | models.Q(created_at=self.created_at, pk__lt=self.pk)
        ).count()
        return ahead + 1


# Every change on record (ess_platform/history).
track(Event, m2m=("cooperatives",))
track(Session)
track(Registration)
