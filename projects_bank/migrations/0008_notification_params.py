"""Projects bank notifications stored before parameters get them back from their keys."""

from django.db import migrations

from ess_platform.kernel.notifications.backfill import backfill_params, ref


def forwards(apps, schema_editor):
    ProjectIdea = apps.get_model("projects_bank", "ProjectIdea")
    RankingEntry = apps.get_model("projects_bank", "RankingEntry")

    def user(recipient_id):
        return {"user": ref("users.user", recipient_id)} if recipient_id else {}

    def status(match, recipient_id):
        return {"idea": ref("projects_bank.projectidea", int(match.group(1))),
                "change": ref("projects_bank.ideastatuschange", int(match.group(2))),
                **user(recipient_id)}

    def submitted(match, recipient_id):
        pk = int(match.group(1))
        region = ProjectIdea._base_manager.filter(pk=pk).values_list(
            "region_id", flat=True).first()
        return {"idea": ref("projects_bank.projectidea", pk),
                "region": ref("regional_hubs.region", region), **user(recipient_id)}

    def jury(match, recipient_id):
        return {"call": ref("projects_bank.call", int(match.group(1))), **user(recipient_id)}

    def ranking(match, recipient_id):
        call, idea = int(match.group(1)), int(match.group(2))
        entries = RankingEntry._base_manager.filter(call_id=call)
        rank = entries.filter(idea_id=idea).values_list("rank", flat=True).first()
        return {"call": ref("projects_bank.call", call),
                "idea": ref("projects_bank.projectidea", idea),
                "rank": rank or 0, "total": entries.count(), **user(recipient_id)}

    backfill_params(apps, {
        "projects_bank_idea_status": (r"idea:(\d+):status:(\d+)", status),
        "projects_bank_idea_submitted": (r"idea:(\d+):submitted:delegate:\d+", submitted),
        "projects_bank_jury_assignment": (r"call:(\d+):jury:\d+", jury),
        "projects_bank_ranking_published": (r"call:(\d+):ranking:idea:(\d+)", ranking),
    })


class Migration(migrations.Migration):

    dependencies = [
        ("projects_bank", "0007_score_criterion_protected"),
        ("notifications", "0005_notification_params"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
