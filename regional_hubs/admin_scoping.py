"""Admin base classes shared by every app: region-scoped data and national reference data."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet

from ess_platform.history.mixins import ChangeHistoryAdminMixin
from ess_platform.kernel.roles import NationalAdminOnly  # noqa: F401 - one role, asked here too

from .scoping import (
    can_manage_object,
    is_delegate,
    is_national_admin,
    is_region_scoped,
    scope_queryset,
)


def _staff(request):
    return request.user.is_active and request.user.is_staff


class ReadOnlyAdmin:
    """Records the admin (or an inline) shows and nobody adds, edits or deletes there:
    change histories, the audit trail, reports, rankings... written by services only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScopedChoicesMixin:
    """Limit foreign-key and many-to-many choices to the user's region."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and is_region_scoped(db_field.related_model):
            field.queryset = scope_queryset(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and is_region_scoped(db_field.related_model):
            field.queryset = scope_queryset(field.queryset, request.user)
        return field


class RegionScopedAdmin(ChangeHistoryAdminMixin, ScopedChoicesMixin, admin.ModelAdmin):
    """A model that belongs to a region: a delegate sees and changes their region only.

    Lists, change pages, related choices, autocomplete (which asks get_queryset), actions
    and exports built on get_queryset are all scoped; a forged POST for another region is
    refused before anything is saved.
    """

    #: Delegates may add, change and delete (False: they may only look).
    delegate_can_edit = True

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user)

    def has_module_permission(self, request):
        return _staff(request) and (is_national_admin(request.user) or is_delegate(request.user))

    def has_view_permission(self, request, obj=None):
        if not self.has_module_permission(request):
            return False
        return obj is None or can_manage_object(request.user, obj)

    def has_add_permission(self, request):
        if is_national_admin(request.user):
            return True
        return self.delegate_can_edit and _staff(request) and is_delegate(request.user)

    def has_change_permission(self, request, obj=None):
        if is_national_admin(request.user):
            return True
        if not (self.delegate_can_edit and _staff(request) and is_delegate(request.user)):
            return False
        return obj is None or can_manage_object(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not can_manage_object(request.user, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        if not can_manage_object(request.user, obj):
            raise PermissionDenied
        super().delete_model(request, obj)


class ScopedInlineFormSet(BaseInlineFormSet):
    """Each row's id is looked up among the rows the inline shows (its scoped queryset),
    not among every row of the model."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        field = form.fields.get(self._pk_field.name)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = self.get_queryset()


class RegionScopedInline(ScopedChoicesMixin):
    """Mix into an inline whose parent admin is a RegionScopedAdmin."""

    formset = ScopedInlineFormSet

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user)

    def has_view_permission(self, request, obj=None):
        return obj is None or can_manage_object(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return obj is None or can_manage_object(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return obj is None or can_manage_object(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is None or can_manage_object(request.user, obj)


class ReferenceDataAdmin(ChangeHistoryAdminMixin, admin.ModelAdmin):
    """National reference data (sectors, territory...): staff read, national admins write."""

    def has_module_permission(self, request):
        return _staff(request) and (is_national_admin(request.user) or is_delegate(request.user))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return is_national_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_national_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_national_admin(request.user)


def scoped_csv_export(columns, *, filename, select_related=(), description=None):
    """An admin action exporting the selected objects the user may manage, as CSV.

    ``columns`` is a list of (header, function of an object). The selection is narrowed
    again with ``scope_queryset`` (whatever the admin's get_queryset did) and streamed
    through ``ess_platform.kernel.exports.csv_response``.
    """
    from django.utils.translation import gettext_lazy

    from ess_platform.kernel.exports import csv_response

    def export_csv(modeladmin, request, queryset):
        if not modeladmin.has_view_permission(request):
            raise PermissionDenied
        rows = scope_queryset(queryset, request.user)
        if select_related:
            rows = rows.select_related(*select_related)
        return csv_response(
            filename,
            [str(header) for header, _ in columns],
            ([value(obj) for _, value in columns] for obj in rows.iterator(chunk_size=2000)),
        )

    export_csv.short_description = description or gettext_lazy("Export the selection (CSV)")
    export_csv.allowed_permissions = ("view",)
    return export_csv
