"""Change records for bulk writes (bulk_create / bulk_update send no signals).

``record_bulk`` writes, in one query, the records of objects created or updated together,
in the same format as the records the signals write ({field: [old, new]}), with the actor
and the region of each object, so a delegate reads them like any other record.
``record_updates`` does the same for rows updated from plain values (tens of thousands in
an import), without a model instance per row."""

from auditlog.diff import (
    get_field_value,
    get_mask_function,
    is_primitive,
    model_instance_diff,
)
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.encoding import smart_str

from ess_platform.kernel.copying import copy_objects, copy_rows

from .context import current_actor


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


class _Side:
    """One side (old or new) of an updated row, read by auditlog's own formatting, so the
    values are written as the signals would write them."""

    def __init__(self, values):
        self.__dict__.update(values)


def _recorded_fields(model):
    """{attname: field} of the fields auditlog records for ``model``."""
    options = auditlog.get_model_fields(model)
    fields = {}
    for field in model._meta.concrete_fields:
        if options["include_fields"] and field.name not in options["include_fields"]:
            continue
        if field.name in options["exclude_fields"]:
            continue
        fields[field.attname] = field
    return fields


def record_updates(model, updates, *, actor=None):
    """Write the records of rows of ``model`` updated from plain values, in one query.

    ``updates``: (pk, object_repr, region id, {attname: (old value, new value)}) for each
    updated row, values as the model holds them. The changes are those of the recorded
    fields, written as auditlog writes them ({field name: [old text, new text]}); a row
    with none gets no record. Call it inside the transaction of the write."""
    from auditlog.cid import get_cid

    from .models import ChangeRecord

    if not updates or not auditlog.contains(model):
        return 0
    recorded = _recorded_fields(model)
    options = auditlog.get_model_fields(model)
    masked = set(options["mask_fields"])
    mask = get_mask_function(options.get("mask_callable")) if masked else None
    as_json = settings.AUDITLOG_STORE_JSON_CHANGES
    actor = actor or current_actor()
    content_type_id = ContentType.objects.get_for_model(model).pk
    constant = (content_type_id, ChangeRecord.Action.UPDATE, getattr(actor, "pk", None),
                getattr(actor, "email", None), get_cid())
    rows = []
    for pk, object_repr, region_id, changed in updates:
        fields = [recorded[name] for name in changed if name in recorded]
        if not fields:
            continue
        keys = {key: name for field in fields for key, name in (
            (field.name, field.attname), (field.attname, field.attname))}
        old = _Side({key: changed[name][0] for key, name in keys.items()})
        new = _Side({key: changed[name][1] for key, name in keys.items()})
        changes = {}
        for field in fields:
            before = get_field_value(old, field, as_json)
            after = get_field_value(new, field, as_json)
            if before == after:
                continue
            if field.name in masked:
                changes[field.name] = [mask(smart_str(before)), mask(smart_str(after))]
            elif as_json:
                changes[field.name] = [value if is_primitive(value) else smart_str(value)
                                       for value in (before, after)]
            else:
                changes[field.name] = [smart_str(before), smart_str(after)]
        if changes:
            rows.append((*constant, smart_str(pk), pk if isinstance(pk, int) else None,
                         object_repr, changes, region_id))
    copy_rows(ChangeRecord, ["content_type_id", "action", "actor_id", "actor_email", "cid",
                             "object_pk", "object_id", "object_repr", "changes", "region_id"],
              rows)
    return len(rows)
