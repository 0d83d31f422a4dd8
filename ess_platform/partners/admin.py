"""Partners in the admin: national administrators approve API keys and watch webhooks."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ess_platform.kernel.admin_actions import apply_to_each
from regional_hubs.admin_scoping import NationalAdminOnly

from . import services
from .models import ApiKey, WebhookDelivery, WebhookEndpoint


class NationalOnly(NationalAdminOnly):
    """Accounts of every region: national administrators only; nothing is added here."""

    national_admin_can = frozenset({"change", "delete"})


@admin.register(ApiKey)
class ApiKeyAdmin(NationalOnly, admin.ModelAdmin):
    list_display = ["name", "owner", "scope", "status", "quota_per_hour", "created_at",
                    "decided_at", "prefix"]
    list_filter = ["status", "scope"]
    search_fields = ["name", "prefix", "owner__username", "owner__email"]
    list_select_related = ["owner"]
    fields = ["owner", "name", "purpose", "scope", "quota_per_hour", "status", "prefix",
              "created_at", "decided_by", "decided_at", "issued_at", "revoked_at"]
    readonly_fields = ["owner", "name", "purpose", "status", "prefix", "created_at",
                       "decided_by", "decided_at", "issued_at", "revoked_at"]
    actions = ["approve", "refuse", "revoke"]

    def _apply(self, request, queryset, service, message):
        apply_to_each(self, request, queryset.select_related("owner"),
                      lambda key: service(key=key, by=request.user), done_message=message)

    @admin.action(description=_("Approve the selected key requests"))
    def approve(self, request, queryset):
        self._apply(request, queryset, services.approve_key, lambda n: ngettext(
            "%(count)d key approved; its owner is notified.",
            "%(count)d keys approved; their owners are notified.", n))

    @admin.action(description=_("Refuse the selected key requests"))
    def refuse(self, request, queryset):
        self._apply(request, queryset, services.refuse_key, lambda n: ngettext(
            "%(count)d key request refused.", "%(count)d key requests refused.", n))

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request, queryset):
        self._apply(request, queryset, services.revoke_key, lambda n: ngettext(
            "%(count)d key revoked.", "%(count)d keys revoked.", n))


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(NationalOnly, admin.ModelAdmin):
    list_display = ["url", "owner", "is_active", "paused_at", "consecutive_failures",
                    "created_at"]
    list_filter = ["is_active", "paused_at"]
    search_fields = ["url", "owner__username"]
    list_select_related = ["owner"]
    fields = ["owner", "url", "events", "description", "is_active", "paused_at",
              "consecutive_failures", "created_at"]
    readonly_fields = ["owner", "url", "events", "consecutive_failures", "created_at"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(NationalOnly, admin.ModelAdmin):
    list_display = ["event", "endpoint", "created_at", "attempts", "response_status",
                    "short_error", "delivered_at"]
    list_filter = ["event", "created_at"]
    search_fields = ["endpoint__url", "error"]
    list_select_related = ["endpoint"]
    readonly_fields = ["endpoint", "notification", "event", "created_at", "attempts",
                       "last_attempt_at", "response_status", "error", "delivered_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("error"))
    def short_error(self, obj):
        return obj.error[:120]
