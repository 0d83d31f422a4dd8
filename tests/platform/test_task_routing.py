"""Celery work is split into queues: notifications and SMS apart from reports and imports,
so a national report never delays a check-in SMS (settings: CELERY_TASK_ROUTES)."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from ess_platform.celery import app

ROOT = Path(__file__).resolve().parents[2]

EXPECTED = {
    "ess_platform.notifications.tasks.send_delivery": "notifications",
    "ess_platform.notifications.tasks.deliver_notification": "notifications",
    "ess_platform.notifications.tasks.sweep_pending_deliveries": "notifications",
    "events.send_reminders": "notifications",
    "ess_platform.reports.tasks.build_report": "reports",
    "ess_platform.reports.tasks.delete_expired_reports": "reports",
    "ess_platform.reports.tasks.refresh_territory": "reports",
    "ess_platform.searching.tasks.refresh_search_index": "reports",
    "ess_platform.searching.tasks.learn_names": "imports",
    "cooperatives.run_import_job": "imports",
    "ess_platform.jobs.sweep_stalled_jobs": "celery",
    "ess_platform.reports.tasks.sweep_stalled_reports": "celery",
    "cooperatives.sweep_waiting_imports": "celery",
}


def platform_tasks():
    app.loader.import_default_modules()
    # Tasks that test modules declare for themselves (tests.*) are not the platform's.
    return sorted(name for name in app.tasks
                  if not name.startswith(("celery.", "tests.")))


def queue_of(name):
    return app.amqp.router.route({}, name)["queue"].name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_task_goes_to_its_queue(name):
    assert queue_of(name) == EXPECTED[name]


def test_every_task_of_the_platform_is_routed_on_purpose():
    """A new task must say which queue it belongs to (add it here and to the routes)."""
    assert platform_tasks() == sorted(EXPECTED)


def test_every_queue_is_declared_and_nothing_else_is_created_on_the_fly():
    assert set(EXPECTED.values()) == set(settings.CELERY_TASK_QUEUES)


def test_messages_and_long_jobs_never_share_a_queue():
    messages = {queue_of(name) for name in platform_tasks() if "notifications" in name
                or name == "events.send_reminders"}
    long_jobs = {queue_of(name) for name in ("ess_platform.reports.tasks.build_report",
                                             "cooperatives.run_import_job")}
    assert messages == {"notifications"}
    assert not messages & long_jobs


def test_compose_starts_a_worker_for_every_queue():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    consumed = {}
    for name, service in compose["services"].items():
        command = service.get("command", "")
        if isinstance(command, str) and " worker" in command:
            queues = command.split("-Q", 1)[1].split()[0].split(",")
            for queue in queues:
                consumed.setdefault(queue, []).append(name)
    assert set(consumed) == set(settings.CELERY_TASK_QUEUES)
    # Messages have a worker of their own: no report or import worker takes them.
    assert consumed["notifications"] == ["worker-notifications"]
    assert "worker-notifications" not in consumed["reports"] + consumed["imports"]
