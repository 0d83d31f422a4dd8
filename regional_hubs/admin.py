from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from ess_platform.kernel.admin_search import NormalisedSearchAdminMixin
from ess_platform.kernel.searching.models import SpellingVariant

from .admin_scoping import (
    ReadOnlyAdmin,
    ReferenceDataAdmin,
    RegionScopedAdmin,
    RegionScopedInline,
    scoped_csv_export,
)
from .audit import scope_log_entries
from .models import (
    Commune,
    HubContact,
    HubMilestone,
    HubPartner,
    HubService,
    Province,
    Region,
    RegionalHub,
    TerritoryProfile,
)
from .scoping import is_delegate, is_national_admin


class TerritoryAdmin(RegionScopedAdmin, TranslationAdmin):
    """The official territory: read-only for delegates (their region), editable nationally."""

    delegate_can_edit = False
    search_fields = ["code", "name_ar", "name_fr"]


@admin.register(Region)
class RegionAdmin(TerritoryAdmin):
    list_display = ["code", "name", "population_2024"]
    # In this order (the census fields, inherited from CensusFigures, would come first).
    fields = ["code", "slug", "name_ar", "name_fr", "population_2024", "households_2024"]


@admin.register(Province)
class ProvinceAdmin(TerritoryAdmin):
    list_display = ["code", "name", "kind", "region", "population_2024"]
    fields = ["code", "region", "kind", "name_ar", "name_fr", "population_2024",
              "households_2024"]
    list_filter = ["kind", "region"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]


@admin.register(Commune)
class CommuneAdmin(TerritoryAdmin):
    list_display = ["code", "name", "kind", "province", "population_2024"]
    fields = ["code", "province", "kind", "name_ar", "name_fr", "population_2024",
              "households_2024", "population_2014"]
    list_filter = ["kind", "province__region"]
    list_select_related = ["province"]
    autocomplete_fields = ["province"]


class HubServiceInline(RegionScopedInline, TranslationStackedInline):
    model = HubService
    extra = 0


class HubContactInline(RegionScopedInline, TranslationStackedInline):
    model = HubContact
    extra = 0


class HubPartnerInline(RegionScopedInline, TranslationStackedInline):
    model = HubPartner
    extra = 0


class HubMilestoneInline(RegionScopedInline, TranslationStackedInline):
    model = HubMilestone
    extra = 0


HUB_EXPORT_COLUMNS = [
    (_("Region code"), lambda h: h.region.code),
    (_("Region"), lambda h: h.region.name),
    (_("Hub"), lambda h: h.name),
    (_("Status"), lambda h: h.get_status_display()),
    (_("Address"), lambda h: h.address),
    (_("Opening hours"), lambda h: h.opening_hours),
    (_("E-mail"), lambda h: h.email),
    (_("Phone"), lambda h: h.phone),
    (_("Website"), lambda h: h.website),
    (_("Latitude"), lambda h: h.latitude),
    (_("Longitude"), lambda h: h.longitude),
]


@admin.register(RegionalHub)
class RegionalHubAdmin(RegionScopedAdmin, TranslationAdmin):
    list_display = ["name", "region", "status", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["region"]
    search_fields = ["name_ar", "name_fr", "region__name_ar", "region__name_fr"]
    autocomplete_fields = ["region"]
    prepopulated_fields = {"slug": ("name_fr",)}
    inlines = [HubServiceInline, HubContactInline, HubPartnerInline, HubMilestoneInline]
    actions = [scoped_csv_export(HUB_EXPORT_COLUMNS, filename="regional-hubs.csv",
                                 select_related=["region"])]


@admin.register(HubService)
class HubServiceAdmin(RegionScopedAdmin, TranslationAdmin):
    list_display = ["kind", "hub"]
    list_filter = ["kind"]
    list_select_related = ["hub"]
    autocomplete_fields = ["hub"]
    search_fields = ["hub__name_ar", "hub__name_fr"]


@admin.register(TerritoryProfile)
class TerritoryProfileAdmin(ReferenceDataAdmin):
    """Census figures: loaded by load_indicators, read here, never typed in."""

    list_display = ["code", "level", "population", "unemployment_rate", "women_activity_rate",
                    "illiteracy_rate", "updated_at"]
    list_filter = ["level"]
    search_fields = ["code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LogEntry)
class AuditTrailAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Who changed what, when: Django's admin log, read-only and scoped by region."""

    list_display = ["action_time", "user", "action", "content_type", "object_link",
                    "change_summary"]
    list_filter = ["action_flag", "content_type"]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "user__username", "user__email"]
    date_hierarchy = "action_time"
    fields = ["action_time", "user", "action", "content_type", "object_id", "object_repr",
              "change_summary"]
    readonly_fields = fields

    @admin.display(description=_("action"), ordering="action_flag")
    def action(self, entry):
        if entry.is_addition():
            return _("Addition")
        if entry.is_change():
            return _("Change")
        return _("Deletion")

    @admin.display(description=_("object"), ordering="object_repr")
    def object_link(self, entry):
        url = None if entry.is_deletion() else entry.get_admin_url()
        if url:
            return format_html('<a href="{}">{}</a>', url, entry.object_repr)
        return entry.object_repr

    @admin.display(description=_("what changed"))
    def change_summary(self, entry):
        return entry.get_change_message()

    def get_queryset(self, request):
        return scope_log_entries(super().get_queryset(request), request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and (
            is_national_admin(request.user) or is_delegate(request.user))

    def has_view_permission(self, request, obj=None):
        if not self.has_module_permission(request):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()


@admin.register(SpellingVariant)
class SpellingVariantAdmin(NormalisedSearchAdminMixin, ReferenceDataAdmin):
    """Other spellings of names (places above all) that the site's search knows both ways;
    national administrators keep them, delegates read them."""

    list_display = ["name", "variant", "note", "created_at"]
    search_fields = ["name", "variant", "note"]
    fields = ["name", "variant", "note"]
