"""Who may manage what: the one place where region scoping is decided.

Every model that belongs to a region declares ``region_lookup``, the ORM path from the
model to its Region ("pk" for Region itself, "region", "commune__province__region"...).
``scope_queryset`` narrows a queryset to what a user may manage; it raises for a model
without a lookup, so a forgotten scope fails loudly instead of leaking. The admin mixin,
the API permission and the templates all ask these functions.

The querysets of region-owned data (every model with ``region_lookup`` but the territory
itself) refuse to run until they say which rows they want: ``public()`` (what anyone may
see), ``managed_by(user)`` / ``scope_queryset`` (what a user may manage), ``owned_by(user)``
(a person's own rows), or ``unscoped()`` (services, tasks, commands and tests that see
everything; grep for it). A queryset reached from an object already shown (a related
manager, a prefetch) counts as selected. Without a selection, a query raises
``UnscopedQuery`` when ``settings.REGION_SCOPE_GUARD`` is on (the tests) and logs a
warning otherwise.
"""

import contextvars
import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from ess_platform.kernel.roles import is_national_admin

logger = logging.getLogger(__name__)

#: Public reference data: region-owned for the admin (a delegate edits their region's),
#: but anyone may list it from any region, so its queries are not guarded.
TERRITORY_MODELS = frozenset({"regional_hubs.Region", "regional_hubs.Province",
                              "regional_hubs.Commune"})


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
        scoped = queryset.all()
    elif is_delegate(user):
        scoped = queryset.filter(**{lookup: user.region_id})
    else:
        scoped = queryset.none()
    if isinstance(scoped, RegionScopedQuerySet):
        scoped = scoped._select_rows("managed")
    return scoped


class UnscopedQuery(Exception):
    """A query on region-owned data that did not say whose rows it wants."""


_scope_disabled = contextvars.ContextVar("region_scope_disabled", default=False)


@contextmanager
def unscoped():
    """Run a block (or, as a decorator, a function) that sees every row of every region.

    For management commands, demo seeding, Django's own integrity checks and tasks that
    legitimately see everything; never around a view.
    """
    token = _scope_disabled.set(True)
    try:
        yield
    finally:
        _scope_disabled.reset(token)


def is_guarded(model):
    """Do this model's queries have to say whose rows they want?"""
    return is_region_scoped(model) and model._meta.label not in TERRITORY_MODELS


def guarded_models():
    from django.apps import apps

    return [model for model in apps.get_models() if is_guarded(model)]


class RegionScopedQuerySet(models.QuerySet):
    """A queryset of region-owned data that runs only once its rows are selected.

    The model may declare ``public_rows`` (a Q of the rows anyone may see; absent: none
    are public) and ``owner_lookup`` (the path to the user whose own rows they are).
    """

    _region_selection = None

    def _clone(self):
        clone = super()._clone()
        clone._region_selection = self._region_selection
        return clone

    def _select_rows(self, how):
        clone = self._chain()
        clone._region_selection = how
        return clone

    def public(self):
        """The rows anyone may see, from any region."""
        public_rows = getattr(self.model, "public_rows", None)
        if public_rows is None:
            raise UnscopedQuery(f"{self.model._meta.label} has no public rows: select them "
                                "with managed_by(user), owned_by(user) or unscoped().")
        return self.filter(public_rows)._select_rows("public")

    def managed_by(self, user):
        """The rows this user may manage (every row for a national administrator)."""
        return scope_queryset(self, user)

    def owned_by(self, user):
        """The user's own rows (their ideas, registrations, reports...)."""
        lookup = getattr(self.model, "owner_lookup", None)
        if not lookup:
            raise ImproperlyConfigured(f"{self.model.__name__} declares no owner_lookup.")
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(**{lookup: user})._select_rows("owner")

    def unscoped(self):
        """Every row, whoever asks: services, tasks, commands and tests only."""
        return self._select_rows("unscoped")

    def none(self):
        return super().none()._select_rows("none")

    def _check_rows_selected(self):
        if (self._region_selection or _scope_disabled.get()
                or self._hints.get("instance") is not None):
            return
        message = (f"A query on {self.model._meta.label} selects no rows: use public(), "
                   "managed_by(user), owned_by(user) or unscoped().")
        if getattr(settings, "REGION_SCOPE_GUARD", False):
            raise UnscopedQuery(message)
        logger.warning(message, stack_info=True)

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_rows_selected()
        super()._fetch_all()

    def iterator(self, chunk_size=None):
        self._check_rows_selected()
        return super().iterator(chunk_size=chunk_size)

    def aiterator(self, chunk_size=2000):
        self._check_rows_selected()
        return super().aiterator(chunk_size=chunk_size)

    def count(self):
        if self._result_cache is None:
            self._check_rows_selected()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._check_rows_selected()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._check_rows_selected()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._check_rows_selected()
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        self._check_rows_selected()
        return super().delete()

    def bulk_update(self, objs, fields, batch_size=None):
        # Writes the objects given, by primary key: there is nothing to select.
        return super(RegionScopedQuerySet, self._select_rows("bulk")).bulk_update(
            objs, fields, batch_size=batch_size)

    delete.alters_data = True
    delete.queryset_only = True


class RegionOwned:
    """Mix into a region-owned model: Django's own uniqueness and constraint checks look
    at every row, whatever the caller may see."""

    def validate_unique(self, exclude=None):
        with unscoped():
            return super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None):
        with unscoped():
            return super().validate_constraints(exclude=exclude)
