"""What changes events' registrations: register, cancel, promote, check in, remind.

Every change of places happens inside one transaction holding a row lock on the event
(``select_for_update``), so two people can never take the same last place and the first
person on the waiting list is promoted exactly once.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cooperatives.permissions import is_manager
from ess_platform.history import records_by
from ess_platform.kernel.notifications.channels import optional_channels
from ess_platform.kernel.notifications.models import Notification
from ess_platform.kernel.notifications.services import notify
from ess_platform.kernel.phones import clean_phone
from regional_hubs.scoping import can_manage_object

from .models import CODE_ALPHABET, Event, Registration
from .selectors import MARKET_KINDS, due_reminders

#: How long a guest has to confirm from the link sent to the address given (at most
#: until registration closes).
CONFIRMATION_WINDOW = timedelta(hours=24)


def _language(value):
    codes = {code for code, _name in settings.LANGUAGES}
    value = (value or "").split("-")[0].lower()
    return value if value in codes else settings.LANGUAGE_CODE


def _absolute(path):
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def clean_email(value):
    value = (value or "").strip()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(_("Enter a valid e-mail address."), code="email") from None
    return value.lower()


def _check_open(event, now):
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event has been cancelled."), code="cancelled")
    if now >= event.starts_at:
        raise ValidationError(_("This event has already taken place or started."),
                              code="past")
    if not event.registration_open:
        raise ValidationError(_("This event does not take registrations."), code="closed")
    if now >= event.registration_closes_at:
        raise ValidationError(_("Registration for this event is closed: the deadline has "
                                "passed."), code="deadline")


def _notify(registration, kind, key_suffix, channels=None):
    event = registration.event
    with translation.override(registration.language):
        url = _absolute(registration.get_absolute_url())
    notify(
        kind=kind,
        key=f"event-registration:{registration.pk}:{key_suffix}",
        context={"registration": registration, "event": event},
        user=registration.user,
        email=registration.email,
        phone=registration.phone,
        language=registration.language,
        url=url,
        channels=channels,
    )


def _place_status(event):
    """REGISTERED while the event (locked by the caller) has a free place, else WAITLISTED."""
    taken = Registration.objects.unscoped().filter(
        event=event, status__in=Registration.TAKING_A_PLACE).count()
    full = event.capacity is not None and taken >= event.capacity
    return Registration.Status.WAITLISTED if full else Registration.Status.REGISTERED


def _notify_place(registration):
    if registration.status == Registration.Status.WAITLISTED:
        _notify(registration, "event_waitlisted", "waitlisted")
    else:
        _notify(registration, "event_registered", "registered")


def _supersede_pending(event, *, email, phone, now):
    """An active registration made with an address replaces the unconfirmed guest
    registrations made with it (whoever typed it in)."""
    same = models.Q(email=email) if email else models.Q(pk__in=[])
    if phone:
        same |= models.Q(email="", phone=phone)
    Registration.objects.unscoped().filter(
        event=event, status=Registration.Status.PENDING).filter(same).update(
        status=Registration.Status.CANCELLED, cancelled_at=now, confirm_by=None)


def _guest_details(name, email, phone):
    name = (name or "").strip()
    email = clean_email(email)
    phone = clean_phone(phone)
    if not name:
        raise ValidationError(_("Enter your name."), code="name")
    if not email and not phone:
        raise ValidationError(_("Enter an e-mail address or a phone number so that we "
                                "can reach you."), code="contact")
    return name, email, phone


def register_for_event(*, event, user=None, name="", email="", phone="", language=None):
    """Register a person (an account, or a guest's details an organiser vouches for).

    Gives a place while there is one, a place on the waiting list otherwise; guests'
    unconfirmed registrations with the same e-mail or phone are replaced. Raises a
    translated ValidationError for a closed, past or cancelled event, a malformed e-mail
    or phone, or a second registration of the same person. A guest on the site goes
    through ``register_guest`` and ``confirm_guest_registration`` instead.
    """
    if user is not None and not user.is_authenticated:
        user = None
    if user is not None:
        name = (name or user.get_full_name() or user.get_username()).strip()
        email = clean_email(email or user.email)
        phone = clean_phone(phone or user.phone)
        language = _language(user.preferred_language or language)
    else:
        name, email, phone = _guest_details(name, email, phone)
        language = _language(language or translation.get_language())

    with transaction.atomic():
        event = Event.objects.unscoped().select_for_update().get(pk=event.pk)
        now = timezone.now()
        _check_open(event, now)
        active = Registration.objects.unscoped().filter(event=event,
                                                        status__in=Registration.ACTIVE)
        if (user is not None and active.filter(user=user).exists()) or (
            email and active.filter(email=email).exists()
        ):
            raise ValidationError(_("You are already registered for this event."),
                                  code="duplicate")
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event, user=user, name=name[:150], email=email, phone=phone,
                    language=language, created_at=now, status=_place_status(event),
                )
        except IntegrityError:
            raise ValidationError(_("You are already registered for this event."),
                                  code="duplicate") from None
        registration.event = event
        _supersede_pending(event, email=email, phone=phone, now=now)
        _notify_place(registration)
    return registration


def _confirmation_channels(email, phone):
    """The channels that reach the address or phone a guest gave (never an inbox)."""
    probe = Notification(email=email, phone=phone)
    return [channel.name for channel in optional_channels() if channel.reaches(probe)]


def register_guest(*, event, name="", email="", phone="", language=None):
    """A guest's registration, PENDING until confirmed from the link sent to the e-mail
    address or phone number given; it takes no place and blocks nobody until then.

    Never tells whether the address is registered already: an address with an active
    registration gets that registration's link again, an address with a pending one gets
    its confirmation link again (each at most once an hour). Returns the pending
    registration or None; the page shows the same either way. Other refusals (closed
    event, malformed address, a phone no channel can reach) are raised as
    ValidationErrors.
    """
    name, email, phone = _guest_details(name, email, phone)
    language = _language(language or translation.get_language())
    channels = _confirmation_channels(email, phone)
    if not channels:
        raise ValidationError(_("We cannot send a message to this phone number. Enter an "
                                "e-mail address."), code="contact")
    window = int(timezone.now().timestamp() // 3600)
    with transaction.atomic():
        event = Event.objects.unscoped().select_for_update().get(pk=event.pk)
        now = timezone.now()
        _check_open(event, now)
        registrations = Registration.objects.unscoped().filter(event=event)
        if email:
            existing = registrations.filter(status__in=Registration.ACTIVE, email=email).first()
            if existing is not None:
                existing.event = event
                _notify(existing, "event_registration_reminded", f"again:{window}")
                return None
        same = models.Q(email=email) if email else models.Q(email="", phone=phone)
        pending = (registrations.select_for_update()
                   .filter(same, status=Registration.Status.PENDING).first())
        if pending is None:
            pending = Registration(event=event, email=email, status=Registration.Status.PENDING)
        pending.name, pending.phone, pending.language = name[:150], phone, language
        pending.created_at = now
        pending.confirm_by = min(now + CONFIRMATION_WINDOW, event.registration_closes_at)
        pending.save()
        pending.event = event
        _notify(pending, "event_registration_confirm", f"confirm:{window}", channels=channels)
    return pending


def confirm_guest_registration(*, registration):
    """The guest opened the link sent to their address: the pending registration gets a
    place (or a place on the waiting list), queued from now. Confirms once: a registration
    already confirmed is returned as it is. Raises a translated ValidationError when the
    link has expired, the registration was replaced, or the event no longer registers.
    """
    with transaction.atomic():
        event = Event.objects.unscoped().select_for_update().get(pk=registration.event_id)
        registration = (Registration.objects.unscoped().select_for_update()
                        .get(pk=registration.pk))
        registration.event = event
        if registration.status in Registration.ACTIVE:
            return registration
        if registration.status != Registration.Status.PENDING:
            raise ValidationError(_("This registration is no longer awaiting confirmation."),
                                  code="not_pending")
        now = timezone.now()
        if registration.confirm_by is None or now >= registration.confirm_by:
            raise ValidationError(_("This confirmation link has expired. Register again on "
                                    "the event page to receive a new one."), code="expired")
        _check_open(event, now)
        registration.status = _place_status(event)
        registration.created_at = now
        registration.confirm_by = None
        try:
            with transaction.atomic():
                registration.save(update_fields=["status", "created_at", "confirm_by"])
        except IntegrityError:
            raise ValidationError(_("You are already registered for this event."),
                                  code="duplicate") from None
        _supersede_pending(event, email=registration.email, phone=registration.phone, now=now)
        _notify_place(registration)
    return registration


def promote_waitlist_after_capacity_change(*, sender, event_pk, **kwargs):
    """Receiver of ``signals.capacity_changed`` (connected in apps.py)."""
    event = Event.objects.unscoped().filter(pk=event_pk).first()
    if event is not None:
        promote_waitlist(event=event)


def promote_waitlist(*, event):
    """Give free places to the waiting list, first come first served; returns the promoted.

    Locks the event; call it inside or outside a transaction.
    """
    with transaction.atomic():
        event = Event.objects.unscoped().select_for_update().get(pk=event.pk)
        now = timezone.now()
        if event.status == Event.Status.CANCELLED or now >= event.starts_at:
            return []
        waiting = Registration.objects.unscoped().filter(
            event=event, status=Registration.Status.WAITLISTED)
        if event.capacity is None:
            free = None
        else:
            taken = Registration.objects.unscoped().filter(
                event=event, status__in=Registration.TAKING_A_PLACE).count()
            free = event.capacity - taken
            if free <= 0:
                return []
        waiting = waiting.select_for_update().order_by("created_at", "pk")
        if free is not None:
            waiting = waiting[:free]
        promoted = list(waiting)
        for registration in promoted:
            registration.status = Registration.Status.REGISTERED
            registration.promoted_at = now
            registration.save(update_fields=["status", "promoted_at"])
            registration.event = event
            _notify(registration, "event_promoted", "promoted")
        return promoted


@records_by
def change_capacity(*, event, capacity, by=None):
    """Set an event's capacity (None: unlimited) and give any new places to the waiting
    list; returns the people promoted. Saving the event any other way promotes too, after
    commit (Event.save), so no path skips the waiting list."""
    if by is not None and not can_manage_object(by, event):
        raise PermissionDenied
    with transaction.atomic():
        locked = Event.objects.unscoped().select_for_update().get(pk=event.pk)
        locked.capacity = capacity
        locked.full_clean(validate_unique=False, validate_constraints=False)
        locked.save(update_fields=["capacity"])
        promoted = promote_waitlist(event=locked)
    event.capacity = capacity
    return promoted


def cancel_registration(*, registration, by=None):
    """Cancel a registration (idempotent) and hand its place to the waiting list."""
    with transaction.atomic():
        event = Event.objects.unscoped().select_for_update().get(pk=registration.event_id)
        registration = (Registration.objects.unscoped().select_for_update()
                        .get(pk=registration.pk))
        registration.event = event
        if registration.status == Registration.Status.CANCELLED:
            return registration
        if by is not None and not (
            (registration.user_id and registration.user_id == by.pk)
            or can_manage_object(by, event)
        ):
            raise PermissionDenied
        if registration.status == Registration.Status.ATTENDED:
            raise ValidationError(_("This person has already been checked in; the "
                                    "registration can no longer be cancelled."),
                                  code="attended")
        if timezone.now() >= event.starts_at and not can_manage_object(by, event):
            raise ValidationError(_("The event has started; the registration can no "
                                    "longer be cancelled."), code="started")
        had_place = registration.status == Registration.Status.REGISTERED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        _notify(registration, "event_cancelled", "cancelled")
        if had_place:
            promote_waitlist(event=event)
    return registration


def _normalize_code(code):
    return "".join(ch for ch in (code or "").upper() if ch in CODE_ALPHABET)


def check_in(*, event, by, code=None, registration_id=None):
    """Mark a registrant as present at the door; returns (registration, already_checked_in).

    Only the event's organisers (delegate of its region, national administrators) may.
    """
    if not can_manage_object(by, event):
        raise PermissionDenied
    lookup = Registration.objects.unscoped().select_for_update().filter(event=event)
    if registration_id is not None:
        lookup = lookup.filter(pk=registration_id)
    else:
        lookup = lookup.filter(code=_normalize_code(code))
    with transaction.atomic():
        registration = lookup.first()
        if registration is None:
            raise ValidationError(_("No registration with this code for this event."),
                                  code="unknown")
        if registration.status == Registration.Status.ATTENDED:
            return registration, True
        if registration.status == Registration.Status.CANCELLED:
            raise ValidationError(_("This registration was cancelled."), code="cancelled")
        if registration.status == Registration.Status.WAITLISTED:
            raise ValidationError(_("This person is on the waiting list and has no confirmed "
                                    "place."), code="waitlisted")
        if registration.status == Registration.Status.PENDING:
            raise ValidationError(_("This guest has not confirmed the registration yet: it "
                                    "gives no place."), code="pending")
        registration.status = Registration.Status.ATTENDED
        registration.checked_in_at = timezone.now()
        registration.save(update_fields=["status", "checked_in_at"])
    return registration, False


def claim_reminder(*, registration_id, now):
    """Atomically claim the right to remind one registration: True once, then False."""
    return bool(
        Registration.objects.unscoped().filter(
            pk=registration_id, reminder_sent_at__isnull=True,
            status=Registration.Status.REGISTERED,
        ).update(reminder_sent_at=now)
    )


def send_reminders(*, now=None):
    """Remind everyone registered for an event starting in 24 to 48 hours, once each.

    Each reminder is claimed with ``UPDATE ... WHERE reminder_sent_at IS NULL`` in its own
    transaction with the notification, so two workers never remind the same person twice.
    """
    now = now or timezone.now()
    sent = 0
    for registration_id in list(due_reminders(now).values_list("pk", flat=True)[:5000]):
        with transaction.atomic():
            if not claim_reminder(registration_id=registration_id, now=now):
                continue
            registration = Registration.objects.unscoped().select_related(
                "event", "user").get(pk=registration_id)
            _notify(registration, "event_reminder", "reminder")
            sent += 1
    return sent


def _check_fair_manager(*, event, cooperative, by):
    if not is_manager(by, cooperative):
        raise PermissionDenied
    if event.kind not in MARKET_KINDS:
        raise ValidationError(_("Only fairs, exhibitions and mobile markets list "
                                "the cooperatives that take part."))


@records_by
def join_fair(*, event, cooperative, by):
    """A cooperative's manager says it takes part in a published fair or market
    (idempotent); the profile then lists it among the fairs attended."""
    _check_fair_manager(event=event, cooperative=cooperative, by=by)
    if not Event.objects.public().filter(pk=event.pk).exists():
        raise ValidationError(_("This event is not published."))
    event.cooperatives.add(cooperative)


@records_by
def leave_fair(*, event, cooperative, by):
    """A cooperative's manager takes it off a fair or market's participants (idempotent)."""
    _check_fair_manager(event=event, cooperative=cooperative, by=by)
    event.cooperatives.remove(cooperative)
