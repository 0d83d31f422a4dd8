"""Notifications in the admin: national administrators see every delivery and its errors."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from regional_hubs.scoping import is_national_admin

from . import services
from .models import Delivery, Notification


class NationalAdminOnly:
    """Personal messages of everyone: national administrators only, read-only."""

    def has_module_permission(self, request):
        return request.user.is_staff and is_national_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeliveryInline(NationalAdminOnly, admin.TabularInline):
    model = Delivery
    extra = 0
    fields = ["channel", "status", "attempts", "last_error", "sent_at", "next_attempt_at",
              "claimed_at"]
    readonly_fields = fields


@admin.register(Notification)
class NotificationAdmin(NationalAdminOnly, admin.ModelAdmin):
    list_display = ["subject", "kind", "recipient", "email", "language", "created_at",
                    "read_at"]
    list_filter = ["kind", "language", "created_at"]
    search_fields = ["key", "subject", "email", "recipient__username"]
    list_select_related = ["recipient"]
    readonly_fields = ["key", "kind", "recipient", "email", "phone", "language", "subject",
                       "body", "url", "created_at", "read_at"]
    inlines = [DeliveryInline]
    date_hierarchy = "created_at"


@admin.register(Delivery)
class DeliveryAdmin(NationalAdminOnly, admin.ModelAdmin):
    list_display = ["notification", "channel", "status", "attempts", "short_error",
                    "next_attempt_at", "sent_at", "updated_at"]
    list_filter = ["status", "channel", "notification__kind", "updated_at"]
    search_fields = ["notification__subject", "notification__email", "notification__key",
                     "last_error"]
    list_select_related = ["notification"]
    readonly_fields = ["notification", "channel", "status", "attempts", "last_error",
                       "sent_at", "next_attempt_at", "claimed_by", "claimed_at", "updated_at"]
    actions = ["send_again"]

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.last_error[:120]

    @admin.action(description=_("Send the selected deliveries again"))
    def send_again(self, request, queryset):
        count = services.retry_deliveries(queryset)
        self.message_user(request, ngettext(
            "%(count)d delivery will be sent again.",
            "%(count)d deliveries will be sent again.", count) % {"count": count},
            messages.SUCCESS)
