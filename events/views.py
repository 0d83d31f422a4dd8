from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cooperatives.models import Cooperative
from cooperatives.permissions import is_manager
from ess_platform.kernel.private_files import content_disposition
from ess_platform.kernel.searching.engine import Search, no_results_context
from regional_hubs.models import Region
from regional_hubs.scoping import can_manage_object

from . import selectors, services
from .forms import CheckInForm, EventFilterForm, FairParticipationForm, GuestRegistrationForm
from .ical import build_calendar
from .maps import events_map
from .models import Event, Registration

PAGE_SIZE = 20
CHECK_IN_PAGE_SIZE = 50
FIELD_OF_ERROR = {"name": "name", "email": "email", "phone": "phone"}


@require_safe
def event_list(request):
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    search = Search(filters.get("q", ""))
    events = selectors.filter_events(
        selectors.public_events(),
        region=filters.get("region"), kind=filters.get("kind", ""),
        date_from=filters.get("date_from"), date_to=filters.get("date_to"),
        hub=filters.get("hub"), q=search,
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "events/event_list.html", {
        "form": form, "page": page, "events": page.object_list, "query": query.urlencode(),
        "region": filters.get("region"), "search": search,
        **no_results_context(request, search, page.paginator.count),
        "map": events_map(page.object_list, filters.get("region")),
    })


def _get_event(slug):
    try:
        return selectors.event_for_page(slug)
    except Event.DoesNotExist:
        raise Http404 from None


def _render_event(request, event, guest_form=None, status=200):
    url = request.build_absolute_uri(event.get_absolute_url())
    return render(request, "events/event_detail.html", {
        "event": event,
        "sessions": selectors.event_sessions(event),
        "cooperatives": selectors.event_cooperatives(event),
        "places_left": event.places_left(),
        "my_registration": selectors.active_registration(event, request.user),
        "guest_form": guest_form or GuestRegistrationForm(),
        "json_ld": selectors.event_json_ld(event, url),
        "can_manage": can_manage_object(request.user, event),
    }, status=status)


@require_safe
def event_detail(request, slug):
    return _render_event(request, _get_event(slug))


@require_POST
def register(request, slug):
    event = _get_event(slug)
    if request.user.is_authenticated:
        try:
            registration = services.register_for_event(
                event=event, user=request.user, language=get_language())
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(event)
    else:
        form = GuestRegistrationForm(request.POST)
        if not form.is_valid():
            return _render_event(request, event, form, status=400)
        try:
            services.register_guest(event=event, language=get_language(), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(FIELD_OF_ERROR.get(error.code), error)
            return _render_event(request, event, form, status=400)
        # The same answer whether or not the address was registered already: the link
        # that confirms (or shows) the registration goes to the address itself.
        return redirect("events:registration_sent", slug=event.slug)
    return _placed(request, registration)


def _placed(request, registration):
    if registration.status == Registration.Status.WAITLISTED:
        messages.warning(request, _("The event is full: you are on the waiting list."))
    else:
        messages.success(request, _("You are registered. Keep your check-in code."))
    return redirect(registration)


@require_safe
def registration_sent(request, slug):
    return render(request, "events/registration_sent.html", {"event": _get_event(slug)})


def _registration(token):
    return get_object_or_404(
        Registration.objects.with_token(token).select_related("event__region", "event__hub"))


@require_safe
def registration_detail(request, token):
    registration = _registration(token)
    response = render(request, "events/registration_detail.html", {
        "registration": registration, "event": registration.event,
        "waitlist_position": registration.waitlist_position(),
    })
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def confirm(request, token):
    """The guest confirms from the link sent to their address (a button, not the link
    itself: mail scanners that open links must not confirm)."""
    registration = _registration(token)
    try:
        registration = services.confirm_guest_registration(registration=registration)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(registration)
    return _placed(request, registration)


@require_POST
def cancel(request, token):
    registration = _registration(token)
    try:
        services.cancel_registration(registration=registration)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect(registration)


def _calendar_response(request, events, name, filename):
    body = build_calendar(
        events, name=name, url_for=lambda e: request.build_absolute_uri(e.get_absolute_url()))
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition(filename)
    return response


@require_safe
def event_ics(request, slug):
    event = _get_event(slug)
    return _calendar_response(request, [event], event.title, f"{event.slug}.ics")


@require_safe
def region_ics(request, slug):
    region = get_object_or_404(Region, slug=slug)
    name = _("SSE events: %(region)s") % {"region": region.name}
    return _calendar_response(request, selectors.region_feed_events(region), name,
                              f"events-{region.slug}.ics")


def _managed_event(request, slug):
    # Any event, then the permission check: a non-manager is refused, not told "no such".
    event = get_object_or_404(Event.objects.unscoped().select_related("region"), slug=slug)
    if not can_manage_object(request.user, event):
        raise PermissionDenied
    return event


@login_required
def check_in_page(request, slug):
    """The door: search a registrant, check them in with one tap (or type their code)."""
    event = _managed_event(request, slug)
    search = request.GET.get("q", "").strip()[:100]
    code_form = CheckInForm()
    if request.method == "POST":
        registration_id = request.POST.get("registration")
        code_form = CheckInForm(request.POST if registration_id is None else None)
        if registration_id is not None or code_form.is_valid():
            try:
                registration, already = services.check_in(
                    event=event, by=request.user,
                    registration_id=int(registration_id) if registration_id else None,
                    code=None if registration_id else code_form.cleaned_data["code"],
                )
            except (ValidationError, ValueError) as error:
                text = error.messages if isinstance(error, ValidationError) else [
                    _("No registration with this code for this event.")]
                for message in text:
                    messages.error(request, message)
            else:
                if already:
                    messages.info(request, _("%(name)s was already checked in.")
                                  % {"name": registration.name})
                else:
                    messages.success(request, _("%(name)s is checked in.")
                                     % {"name": registration.name})
            url = reverse("events:check_in", kwargs={"slug": event.slug})
            return redirect(f"{url}?{urlencode({'q': search})}" if search else url)
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    registrants = selectors.registrants_for_check_in(event, search, user=request.user)
    page = Paginator(registrants, CHECK_IN_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {
        "registered": event.registrations.filter(status=Registration.Status.REGISTERED).count(),
        "attended": event.registrations.filter(status=Registration.Status.ATTENDED).count(),
    }
    return render(request, "events/check_in.html", {
        "event": event, "page": page, "search": search, "code_form": code_form,
        "counts": counts, "query": urlencode({"q": search}) if search else "",
    })


def _managed_cooperative(request, pk):
    # Any cooperative, then the manager check: a non-manager is refused, not told "no such".
    cooperative = get_object_or_404(Cooperative.objects.unscoped(), pk=pk)
    if not is_manager(request.user, cooperative):
        raise PermissionDenied
    return cooperative


@login_required
@require_http_methods(["GET", "POST"])
def cooperative_fairs(request, pk):
    """A cooperative's managers keep the fairs and markets it attends."""
    cooperative = _managed_cooperative(request, pk)
    form = FairParticipationForm(events=selectors.joinable_fairs(cooperative))
    status = 200
    if request.method == "POST":
        leaving = request.POST.get("leave")
        if leaving:
            event = get_object_or_404(Event.objects.unscoped().filter(cooperatives=cooperative),
                                      pk=leaving if leaving.isdigit() else None)
            services.leave_fair(event=event, cooperative=cooperative, by=request.user)
            messages.success(request, _("%(event)s was taken off the fairs attended.")
                             % {"event": event.title})
            return redirect("events:cooperative_fairs", pk=cooperative.pk)
        form = FairParticipationForm(request.POST, events=selectors.joinable_fairs(cooperative))
        if form.is_valid():
            try:
                services.join_fair(event=form.cleaned_data["event"], cooperative=cooperative,
                                   by=request.user)
            except ValidationError as error:
                form.add_error("event", error)
            else:
                messages.success(request, _("%(event)s was added to the fairs attended.")
                                 % {"event": form.cleaned_data["event"].title})
                return redirect("events:cooperative_fairs", pk=cooperative.pk)
        status = 400
    return render(request, "events/cooperative_fairs.html", {
        "cooperative": cooperative, "form": form,
        "fairs": selectors.cooperative_fairs(cooperative)}, status=status)
