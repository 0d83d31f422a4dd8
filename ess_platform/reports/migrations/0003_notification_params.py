"""Report notifications stored before parameters get them back from their keys."""

from django.db import migrations

from ess_platform.kernel.notifications.backfill import backfill_params, ref


def forwards(apps, schema_editor):
    def build(match, recipient_id):
        params = {"report": ref("reports.report", int(match.group(1)))}
        if recipient_id:
            params["user"] = ref("users.user", recipient_id)
        return params

    backfill_params(apps, {kind: (r"report:(\d+):\w+", build)
                           for kind in ("report_ready", "report_failed")})


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_report_heartbeat"),
        ("notifications", "0005_notification_params"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
