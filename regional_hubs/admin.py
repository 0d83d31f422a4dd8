from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from .admin_scoping import RegionScopedAdmin, RegionScopedInline
from .models import Commune, HubService, Province, Region, RegionalHub


class TerritoryAdmin(RegionScopedAdmin, TranslationAdmin):
    """The official territory: read-only for delegates (their region), editable nationally."""

    delegate_can_edit = False
    search_fields = ["code", "name_ar", "name_fr"]


@admin.register(Region)
class RegionAdmin(TerritoryAdmin):
    list_display = ["code", "name", "population_2024"]


@admin.register(Province)
class ProvinceAdmin(TerritoryAdmin):
    list_display = ["code", "name", "kind", "region", "population_2024"]
    list_filter = ["kind", "region"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]


@admin.register(Commune)
class CommuneAdmin(TerritoryAdmin):
    list_display = ["code", "name", "kind", "province", "population_2024"]
    list_filter = ["kind", "province__region"]
    list_select_related = ["province"]
    autocomplete_fields = ["province"]


class HubServiceInline(RegionScopedInline, TranslationStackedInline):
    model = HubService
    extra = 0


@admin.register(RegionalHub)
class RegionalHubAdmin(RegionScopedAdmin, TranslationAdmin):
    list_display = ["name", "region", "status", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["region"]
    search_fields = ["name_ar", "name_fr", "region__name_ar", "region__name_fr"]
    autocomplete_fields = ["region"]
    prepopulated_fields = {"slug": ("name_fr",)}
    inlines = [HubServiceInline]
