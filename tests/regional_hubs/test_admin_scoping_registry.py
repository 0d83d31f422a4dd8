"""Every admin of a region-owned model, in every app, goes through RegionScopedAdmin."""

from django.contrib import admin

from regional_hubs.admin_scoping import RegionScopedAdmin
from regional_hubs.scoping import is_region_scoped


def test_every_region_owned_model_admin_is_region_scoped():
    unscoped = [
        f"{model._meta.label}: {type(model_admin).__name__}"
        for model, model_admin in admin.site._registry.items()
        if is_region_scoped(model) and not isinstance(model_admin, RegionScopedAdmin)
    ]
    assert unscoped == []


def test_every_inline_of_a_region_owned_model_is_region_scoped():
    from regional_hubs.admin_scoping import RegionScopedInline

    unscoped = [
        f"{type(model_admin).__name__}.{inline.__name__}"
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
        if is_region_scoped(inline.model) and not issubclass(inline, RegionScopedInline)
    ]
    assert unscoped == []
