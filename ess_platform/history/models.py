from auditlog.models import AbstractLogEntry, LogEntryManager
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regional_hubs.scoping import (
    RegionOwned,
    RegionScopedQuerySet,
    is_region_scoped,
    region_id_of,
    unscoped,
)

from .context import current_actor


def _region_of(instance):
    if not is_region_scoped(type(instance)):
        return None
    try:
        with unscoped():
            return region_id_of(instance)
    except Exception:  # noqa: BLE001 - an object half deleted: the record stays national
        return None


def _own_fields(instance, changes):
    """Drop what a creation or deletion lists of the reverse relations (other tables)."""
    concrete = {field.name for field in instance._meta.concrete_fields}
    return {name: values for name, values in changes.items() if name in concrete}


class ChangeRecordManager(LogEntryManager.from_queryset(RegionScopedQuerySet)):
    """Writes each record with who made the change and the region of the object."""

    def _attribute(self, instance, kwargs):
        actor = current_actor()
        if actor is not None:
            kwargs.setdefault("actor", actor)
            kwargs.setdefault("actor_email", getattr(actor, "email", None))
        kwargs.setdefault("region_id", _region_of(instance))
        return kwargs

    def log_create(self, instance, force_log=False, **kwargs):
        if isinstance(kwargs.get("changes"), dict):
            kwargs["changes"] = _own_fields(instance, kwargs["changes"])
        with unscoped():
            return super().log_create(instance, force_log=force_log,
                                      **self._attribute(instance, kwargs))

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        with unscoped():
            return super().log_m2m_changes(changed_queryset, instance, operation, field_name,
                                           **self._attribute(instance, kwargs))


class ChangeRecord(RegionOwned, AbstractLogEntry):
    """One creation, change or deletion of a tracked object, with old and new values."""

    region_lookup = "region"

    class Action(AbstractLogEntry.Action):
        choices = (
            (AbstractLogEntry.Action.CREATE, _("Addition")),
            (AbstractLogEntry.Action.UPDATE, _("Change")),
            (AbstractLogEntry.Action.DELETE, _("Deletion")),
            (AbstractLogEntry.Action.ACCESS, _("Access")),
        )

    action = models.PositiveSmallIntegerField(_("action"), choices=Action.choices,
                                              db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"),
                              on_delete=models.SET_NULL, blank=True, null=True,
                              related_name="+")
    timestamp = models.DateTimeField(_("date"), db_index=True, default=timezone.now)
    # The region of the object when the change was made (none: national data).
    region = models.ForeignKey("regional_hubs.Region", verbose_name=_("region"),
                               on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")

    objects = ChangeRecordManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [models.Index(fields=["region", "-timestamp"], name="history_region_time")]
