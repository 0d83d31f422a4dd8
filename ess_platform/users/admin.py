from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from ess_platform.admin_search import NormalisedSearchAdminMixin
from ess_platform.history.mixins import ChangeHistoryAdminMixin
from regional_hubs.scoping import is_national_admin

from .models import User


@admin.register(User)
class UserAdmin(ChangeHistoryAdminMixin, NormalisedSearchAdminMixin, BaseUserAdmin):
    """Accounts are managed nationally: only national administrators assign delegates."""

    list_display = ["username", "email", "phone", "role", "region", "is_staff", "is_active"]
    list_filter = ["role", "region", "is_staff", "is_active", "preferred_language"]
    list_select_related = ["region"]
    search_fields = ["username", "email", "phone", "first_name", "last_name"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Platform"), {"fields": ("role", "region", "phone", "preferred_language")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Platform"), {"fields": ("email", "role", "region", "preferred_language")}),
    )

    def has_module_permission(self, request):
        return is_national_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_national_admin(request.user)

    def has_add_permission(self, request):
        return is_national_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_national_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_national_admin(request.user)
