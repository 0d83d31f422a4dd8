"""Notifications in the admin: national administrators see every delivery and its errors."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ess_platform.kernel.roles import NationalAdminOnly as BaseNationalAdminOnly

from . import kinds, services
from .channels import registry
from .models import Delivery, Notification


class NationalAdminOnly(BaseNationalAdminOnly):
    """Personal messages of everyone: national administrators only, read-only."""

    national_admin_can = frozenset()


class DeliveryInline(NationalAdminOnly, admin.TabularInline):
    model = Delivery
    extra = 0
    fields = ["channel_name", "status", "attempts", "last_error", "sent_at", "next_attempt_at",
              "claimed_at"]
    readonly_fields = fields

    @admin.display(description=_("channel"))
    def channel_name(self, obj):
        return channel_label(obj.channel)


class KindFilter(admin.SimpleListFilter):
    """Kinds by their names, not their codes."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kinds.choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class DeliveryKindFilter(KindFilter):
    parameter_name = "notification__kind"

    def queryset(self, request, queryset):
        return queryset.filter(notification__kind=self.value()) if self.value() else queryset


class ChannelFilter(admin.SimpleListFilter):
    title = _("channel")
    parameter_name = "channel"

    def lookups(self, request, model_admin):
        return [(name, channel.label) for name, channel in registry().items()]

    def queryset(self, request, queryset):
        return queryset.filter(channel=self.value()) if self.value() else queryset


def channel_label(name):
    channel = registry().get(name)
    return channel.label if channel is not None else name


@admin.register(Notification)
class NotificationAdmin(NationalAdminOnly, admin.ModelAdmin):
    list_display = ["subject", "kind_name", "recipient", "email", "language", "created_at",
                    "read_at"]
    list_filter = [KindFilter, "language", "created_at"]
    search_fields = ["key", "subject", "email", "recipient__username"]
    list_select_related = ["recipient"]
    fields = readonly_fields = ["key", "kind_name", "recipient", "email", "phone", "language",
                                "subject", "body", "sms_text", "url", "params", "created_at",
                                "read_at"]
    inlines = [DeliveryInline]
    date_hierarchy = "created_at"

    @admin.display(description=_("kind"), ordering="kind")
    def kind_name(self, obj):
        return kinds.label(obj.kind)


@admin.register(Delivery)
class DeliveryAdmin(NationalAdminOnly, admin.ModelAdmin):
    list_display = ["notification", "channel_name", "status", "attempts", "short_error",
                    "next_attempt_at", "sent_at", "updated_at"]
    list_filter = ["status", ChannelFilter, DeliveryKindFilter, "updated_at"]
    search_fields = ["notification__subject", "notification__email", "notification__key",
                     "last_error"]
    list_select_related = ["notification"]
    fields = readonly_fields = ["notification", "channel_name", "status", "attempts",
                                "last_error", "sent_at", "next_attempt_at", "claimed_by",
                                "claimed_at", "updated_at"]
    actions = ["send_again"]

    @admin.display(description=_("channel"), ordering="channel")
    def channel_name(self, obj):
        return channel_label(obj.channel)

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.last_error[:120]

    @admin.action(description=_("Send the selected deliveries again"))
    def send_again(self, request, queryset):
        count = services.retry_deliveries(queryset=queryset)
        self.message_user(request, ngettext(
            "%(count)d delivery will be sent again.",
            "%(count)d deliveries will be sent again.", count) % {"count": count},
            messages.SUCCESS)
