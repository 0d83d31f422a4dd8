from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from ess_platform.kernel.admin_actions import apply_to_each
from ess_platform.kernel.admin_search import NormalisedSearchAdminMixin
from ess_platform.kernel.exports import csv_response, xlsx_response
from regional_hubs.admin_scoping import RegionScopedAdmin, RegionScopedInline
from regional_hubs.scoping import scope_queryset

from . import selectors, services
from .models import Event, Registration, Session

ATTENDEE_HEADER = [
    _("Event"), _("Name"), _("E-mail"), _("Phone"), _("Language"), _("Status"),
    _("Check-in code"), _("Registered at"), _("Checked in at"),
]


def _export_name(extension):
    return f"attendees-{timezone.localdate():%Y%m%d}.{extension}"


def _attendees_csv(registrations):
    return csv_response(_export_name("csv"), [str(h) for h in ATTENDEE_HEADER],
                        selectors.attendee_rows(registrations))


def _attendees_xlsx(registrations):
    return xlsx_response(_export_name("xlsx"), [str(h) for h in ATTENDEE_HEADER],
                         selectors.attendee_rows(registrations), title=str(_("Attendees")))


class SessionInline(RegionScopedInline, TranslationTabularInline):
    model = Session
    extra = 0
    fields = ["starts_at", "ends_at", "title", "speakers", "room"]


@admin.register(Event)
class EventAdmin(NormalisedSearchAdminMixin, RegionScopedAdmin, TranslationAdmin):
    list_display = ["title", "kind", "region", "starts_at", "capacity", "status",
                    "is_published"]
    list_filter = ["kind", "status", "is_published", "region"]
    list_select_related = ["region"]
    search_fields = ["title_ar", "title_fr", "venue_ar", "venue_fr"]
    # Searched like the public list (Event.search_text, events/selectors.py).
    normalised_search_column = "search_text"
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ("title_fr",)}
    raw_id_fields = ["province", "commune", "cooperatives"]
    inlines = [SessionInline]
    actions = ["export_attendees_csv", "export_attendees_xlsx", "promote_waitlists"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "description", "organisers", "partners",
                           "status", "is_published"]}),
        (_("When"), {"fields": ["starts_at", "ends_at"]}),
        (_("Where"), {"fields": ["region", "province", "commune", "hub", "venue", "address",
                                 "latitude", "longitude"]}),
        (_("Registration"), {"fields": ["registration_open", "registration_deadline",
                                        "capacity"]}),
        (_("Participating cooperatives"), {"fields": ["cooperatives"]}),
        (_("Linked call for ideas"), {"fields": ["call"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and "capacity" in form.changed_data:
            promoted = services.promote_waitlist(event=form.instance)
            if promoted:
                self.message_user(request, ngettext(
                    "%(count)d person was promoted from the waiting list.",
                    "%(count)d people were promoted from the waiting list.",
                    len(promoted)) % {"count": len(promoted)})

    def _registrations_of(self, request, queryset):
        return scope_queryset(Registration.objects.filter(event__in=queryset), request.user)

    @admin.action(description=_("Export the attendees (CSV)"))
    def export_attendees_csv(self, request, queryset):
        return _attendees_csv(self._registrations_of(request, queryset))

    @admin.action(description=_("Export the attendees (Excel)"))
    def export_attendees_xlsx(self, request, queryset):
        return _attendees_xlsx(self._registrations_of(request, queryset))

    @admin.action(description=_("Give free places to the waiting list"))
    def promote_waitlists(self, request, queryset):
        count = sum(len(services.promote_waitlist(event=event)) for event in queryset)
        self.message_user(request, ngettext(
            "%(count)d person was promoted from the waiting list.",
            "%(count)d people were promoted from the waiting list.",
            count) % {"count": count})


@admin.register(Registration)
class RegistrationAdmin(RegionScopedAdmin):
    """Registrations are made and changed through the services (the site and the actions)."""

    list_display = ["name", "event", "status", "code", "email", "phone", "created_at",
                    "checked_in_at"]
    list_filter = ["status", "event__region", "event__kind"]
    list_select_related = ["event"]
    search_fields = ["name", "code", "email", "phone", "event__title_ar", "event__title_fr"]
    readonly_fields = ["event", "user", "status", "code", "created_at", "promoted_at",
                       "cancelled_at", "checked_in_at", "reminder_sent_at"]
    fields = ["event", "user", "name", "email", "phone", "language", *readonly_fields[2:]]
    actions = ["check_in_selected", "cancel_selected", "export_csv", "export_xlsx"]

    def has_add_permission(self, request):
        return False

    def _run(self, request, queryset, action, done_message):
        apply_to_each(self, request, queryset.select_related("event"), action,
                      done_message=done_message)

    @admin.action(description=_("Check in the selected people"))
    def check_in_selected(self, request, queryset):
        self._run(request, queryset,
                  lambda r: services.check_in(event=r.event, registration_id=r.pk,
                                              by=request.user),
                  lambda n: ngettext("%(count)d registration checked in.",
                                     "%(count)d registrations checked in.", n))

    @admin.action(description=_("Cancel the selected registrations"))
    def cancel_selected(self, request, queryset):
        self._run(request, queryset,
                  lambda r: services.cancel_registration(registration=r, by=request.user),
                  lambda n: ngettext("%(count)d registration cancelled.",
                                     "%(count)d registrations cancelled.", n))

    @admin.action(description=_("Export the selected people (CSV)"))
    def export_csv(self, request, queryset):
        return _attendees_csv(queryset)

    @admin.action(description=_("Export the selected people (Excel)"))
    def export_xlsx(self, request, queryset):
        return _attendees_xlsx(queryset)
