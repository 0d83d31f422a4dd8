"""Who may manage what: the one place where region scoping is decided.

Every model that belongs to a region declares ``region_lookup``, the ORM path from the
model to its Region ("pk" for Region itself, "region", "commune__province__region"...).
``scope_queryset`` narrows a queryset to what a user may manage; it raises for a model
without a lookup, so a forgotten scope fails loudly instead of leaking. The admin mixin,
the API permission and the templates all ask these functions.
"""

from django.core.exceptions import ImproperlyConfigured, PermissionDenied


def is_national_admin(user):
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or getattr(user, "role", "") == "national_admin")
    )


def is_delegate(user):
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "role", "") == "delegate"
        and getattr(user, "region_id", None)
    )


def region_lookup_of(model):
    lookup = getattr(model, "region_lookup", None)
    if not lookup:
        raise ImproperlyConfigured(f"{model.__name__} declares no region_lookup.")
    return lookup


def is_region_scoped(model):
    return bool(getattr(model, "region_lookup", None))


def region_id_of(obj):
    """The id of the region an object belongs to, following its region_lookup."""
    lookup = region_lookup_of(type(obj))
    if lookup == "pk":
        return obj.pk
    *path, last = lookup.split("__")
    target = obj
    for step in path:
        target = getattr(target, step, None)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)


def can_manage(user, region_or_id):
    """May this user manage things of this region (a Region or its id; None = national)?"""
    if is_national_admin(user):
        return True
    region_id = getattr(region_or_id, "pk", region_or_id)
    return is_delegate(user) and region_id is not None and region_id == user.region_id


def can_manage_object(user, obj):
    return can_manage(user, region_id_of(obj))


def scope_queryset(queryset, user):
    """Narrow a queryset to the objects a user may manage."""
    lookup = region_lookup_of(queryset.model)
    if is_national_admin(user):
        return queryset
    if is_delegate(user):
        return queryset.filter(**{lookup: user.region_id})
    return queryset.none()


def check_can_manage(user, obj):
    if not can_manage_object(user, obj):
        raise PermissionDenied
