"""Change records for bulk writes (bulk_create / bulk_update send no signals).

``record_bulk`` writes, in one query, the records of objects created or updated together,
in the same format as the records the signals write ({field: [old, new]}), with the actor
and the region of each object, so a delegate reads them like any other record."""

import copy

from auditlog.diff import model_instance_diff
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.encoding import smart_str

from ess_platform.kernel.copying import copy_objects

from .context import current_actor


def snapshot(instance):
    """A copy of an object's values before it is changed in memory (the "old" side)."""
    return copy.copy(instance)


def _diff(old, new, fields):
    return model_instance_diff(old, new, fields_to_check=fields,
                               use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES)


def build_record(instance, action, changes, *, actor=None):
    """One unsaved change record of ``instance``, as the signals would write it."""
    from auditlog.cid import get_cid

    from .models import ChangeRecord, _own_fields, _region_of

    actor = actor or current_actor()
    pk = instance.pk
    return ChangeRecord(
        content_type=ContentType.objects.get_for_model(instance),
        object_pk=smart_str(pk),
        object_id=pk if isinstance(pk, int) else None,
        object_repr=smart_str(instance),
        action=action,
        changes=_own_fields(instance, changes),
        actor=actor,
        actor_email=getattr(actor, "email", None),
        region_id=_region_of(instance),
        cid=get_cid(),
    )


def record_bulk(*, created=(), updated=(), fields=None, actor=None):
    """Write the records of a bulk write in one query.

    ``created``: the new objects (with their pk); ``updated``: (old snapshot, object) pairs,
    compared on ``fields`` (all recorded fields when None); unchanged objects get no record.
    Call it inside the transaction of the write."""
    from .models import ChangeRecord

    records = []
    for instance in created:
        if auditlog.contains(type(instance)):
            records.append(build_record(instance, ChangeRecord.Action.CREATE,
                                        _diff(None, instance, None), actor=actor))
    compared = {}
    for old, instance in updated:
        model = type(instance)
        if not auditlog.contains(model):
            continue
        if model not in compared:
            compared[model] = [field for field in model._meta.concrete_fields
                               if fields is None or field.name in fields]
        # The diff (auditlog's format) only on what differs: tens of thousands of rows.
        differing = [field.name for field in compared[model]
                     if getattr(old, field.attname) != getattr(instance, field.attname)]
        changes = _diff(old, instance, differing) if differing else None
        if changes:
            records.append(build_record(instance, ChangeRecord.Action.UPDATE, changes,
                                        actor=actor))
    if records:
        copy_objects(ChangeRecord, records)
    return records
