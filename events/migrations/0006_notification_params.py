"""Registration notifications stored before parameters get them back from their keys."""

from django.db import migrations

from ess_platform.kernel.notifications.backfill import backfill_params, ref

KINDS = ["event_registered", "event_waitlisted", "event_promoted", "event_cancelled",
         "event_reminder", "event_registration_reminded", "event_registration_confirm"]


def forwards(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    events = {}

    def build(match, recipient_id):
        pk = int(match.group(1))
        if pk not in events:
            events[pk] = (Registration._base_manager.filter(pk=pk)
                          .values_list("event_id", flat=True).first())
        params = {"registration": ref("events.registration", pk),
                  "event": ref("events.event", events[pk])}
        if recipient_id:
            params["user"] = ref("users.user", recipient_id)
        return params

    backfill_params(apps, {kind: (r"event-registration:(\d+):.*", build) for kind in KINDS})


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0005_registration_phone_e164"),
        ("notifications", "0005_notification_params"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
