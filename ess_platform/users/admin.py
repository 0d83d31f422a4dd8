from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ess_platform.history.mixins import ChangeHistoryAdminMixin
from ess_platform.kernel.admin_search import NormalisedSearchAdminMixin
from regional_hubs.admin_scoping import NationalAdminOnly

from .models import User

#: Django stores permission names in English ("Can add cooperative"): they are shown
#: from their action and the model's translated name instead.
PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission):
    """``Cooperatives | Can change cooperative`` in the active language."""
    model = permission.content_type.model_class()
    if model is None:
        return permission.name
    opts = model._meta
    action = permission.codename.split("_", 1)[0]
    if action in PERMISSION_ACTIONS and permission.codename == f"{action}_{opts.model_name}":
        text = PERMISSION_ACTIONS[action] % {"model": opts.verbose_name}
    else:
        text = gettext(permission.name)
    return gettext("%(app)s | %(permission)s") % {
        "app": apps.get_app_config(opts.app_label).verbose_name, "permission": text}


class TranslatedPermissionsMixin:
    """Permission choices labelled in the reader's language."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Permission:
            kwargs.setdefault("queryset", Permission.objects.select_related("content_type"))
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            field.label_from_instance = permission_label
            return field
        return super().formfield_for_manytomany(db_field, request, **kwargs)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(TranslatedPermissionsMixin, BaseGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(NationalAdminOnly, TranslatedPermissionsMixin, ChangeHistoryAdminMixin,
                NormalisedSearchAdminMixin, BaseUserAdmin):
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

