"""The admin site: every ModelAdmin registered on it, the project's and third-party ones
(auth, axes, tokens), gets a ChangeList that turns a filter value no query can use into
Django's own "?e=1" redirect.

Django already does so for a lookup it cannot build, but a date value is only checked
when the query runs: `?created_at__year=99999999999999999999` (OverflowError), `=-1` or
`?created_at__year=9999` in a date hierarchy (ValueError) escaped as a 500.
"""

from functools import cache

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters

BAD_LOOKUP_VALUE = (OverflowError, ValueError)


class GuardedChangeListMixin:
    def get_queryset(self, request, exclude_parameters=None):
        try:
            return super().get_queryset(request, exclude_parameters)
        except BAD_LOOKUP_VALUE as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        # Counting the rows is where a lookup value is turned into SQL.
        try:
            return super().get_results(request)
        except BAD_LOOKUP_VALUE as error:
            raise IncorrectLookupParameters(error) from error


@cache
def guarded(changelist_class):
    if issubclass(changelist_class, GuardedChangeListMixin):
        return changelist_class
    return type(f"Guarded{changelist_class.__name__}",
                (GuardedChangeListMixin, changelist_class), {})


class GuardedChangeListAdmin:
    """Mixed into each registered ModelAdmin by `AdminSite.register`."""

    def get_changelist(self, request, **kwargs):
        return guarded(super().get_changelist(request, **kwargs))


class AdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, GuardedChangeListAdmin):
            admin_class = type(admin_class.__name__, (GuardedChangeListAdmin, admin_class), {
                "__module__": admin_class.__module__,
                "__qualname__": admin_class.__qualname__,
                "__doc__": admin_class.__doc__,
            })
        super().register(model_or_iterable, admin_class, **options)
