"""Give notifications stored before ``Notification.params`` their parameters again.

Each app's data migration reads its own kinds' keys (they name the cause, e.g.
``event-registration:<pk>:registered``) and says which objects they mean; rows whose
cause cannot be read keep ``params`` empty and show their stored texts.
"""

import re

BATCH = 1000


def ref(label, pk):
    return {"$model": label, "pk": pk} if pk is not None else None


def backfill_params(apps, rules):
    """``rules``: {kind: (key regex, build(match, recipient_id) -> params or None)}."""
    Notification = apps.get_model("notifications", "Notification")
    patterns = {kind: re.compile(pattern) for kind, (pattern, _build) in rules.items()}
    rows = (Notification.objects.filter(kind__in=list(rules), params__isnull=True)
            .only("pk", "kind", "key", "recipient_id").order_by("pk"))
    changed = []
    for note in rows.iterator(chunk_size=BATCH):
        match = patterns[note.kind].fullmatch(note.key)
        params = rules[note.kind][1](match, note.recipient_id) if match else None
        if params is None or any(value is None for value in params.values()):
            continue
        note.params = params
        changed.append(note)
        if len(changed) >= BATCH:
            Notification.objects.bulk_update(changed, ["params"])
            changed = []
    if changed:
        Notification.objects.bulk_update(changed, ["params"])
