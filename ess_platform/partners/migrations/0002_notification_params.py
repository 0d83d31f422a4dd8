"""API key and webhook notifications stored before parameters get them back from their
keys."""

from django.db import migrations

from ess_platform.kernel.notifications.backfill import backfill_params, ref


def forwards(apps, schema_editor):
    def of(name, label):
        def build(match, recipient_id):
            params = {name: ref(label, int(match.group(1)))}
            if recipient_id:
                params["user"] = ref("users.user", recipient_id)
            return params
        return build

    backfill_params(apps, {
        "api_key_approved": (r"api_key_approved:(\d+)", of("api_key", "partners.apikey")),
        "api_key_refused": (r"api_key_refused:(\d+)", of("api_key", "partners.apikey")),
        "webhook_paused": (r"webhook_paused:(\d+):.*", of("endpoint",
                                                            "partners.webhookendpoint")),
    })


class Migration(migrations.Migration):

    dependencies = [
        ("partners", "0001_partners_api"),
        ("notifications", "0005_notification_params"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
