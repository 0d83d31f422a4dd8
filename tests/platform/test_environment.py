"""One reader of the environment: ess_platform/settings.py (django-environ). The rest of the
code reads Django settings, so a value has one name, one default and one place."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["ess_platform", "regional_hubs", "cooperatives", "projects_bank", "events"]
#: gunicorn reads its own configuration file, before Django starts.
ALLOWED = {"ess_platform/settings.py", "ess_platform/gunicorn_conf.py"}
READS_ENVIRONMENT = re.compile(r"\bos\.(getenv\b|environ\b(?!\.setdefault\())")


def _settings(code, **env):
    clean = {key: value for key, value in os.environ.items()
             if not key.startswith(("DJANGO_", "DATABASE_", "NOTIFICATION_", "JOB_", "TASK_",
                                    "REPORT_"))}
    output = subprocess.run(
        [sys.executable, "-c", "import django, json, os; "
         "os.environ['DJANGO_SETTINGS_MODULE'] = 'ess_platform.settings'; django.setup(); "
         + code],
        cwd=ROOT, check=True, capture_output=True, text=True,
        env={**clean, "DJANGO_DEBUG": "1", **env}).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_only_the_settings_module_reads_the_environment():
    readers = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name not in ALLOWED and READS_ENVIRONMENT.search(path.read_text()):
                readers.append(name)
    assert readers == []


def test_a_secret_may_begin_with_a_dollar_sign():
    found = _settings("from django.conf import settings; print(json.dumps("
                      "[settings.SECRET_KEY, settings.EMAIL_HOST_PASSWORD]))",
                      DJANGO_SECRET_KEY="$ecret-" + "x" * 50, EMAIL_HOST_PASSWORD="$pw")
    assert found == ["$ecret-" + "x" * 50, "$pw"]


def test_notification_tunables_come_from_the_environment_through_settings():
    code = ("from ess_platform.kernel.notifications import conf; print(json.dumps("
            "[conf.max_attempts(), conf.retry_base(), conf.channels()]))")
    assert _settings(code, NOTIFICATION_MAX_ATTEMPTS="9", NOTIFICATION_RETRY_BASE="0.5",
                     NOTIFICATION_CHANNELS="inapp, sms") == [9, 0.5, ["inapp", "sms"]]
    assert _settings(code) == [6, 30.0, ["inapp", "email", "sms_console"]]


def test_lists_and_switches_read_as_before():
    code = ("from django.conf import settings as s; print(json.dumps("
            "[s.ALLOWED_HOSTS, s.WEBHOOK_ALLOWED_HOSTS, s.EMAIL_USE_TLS, s.DEBUG]))")
    assert _settings(code, DJANGO_ALLOWED_HOSTS=" a.ma, b.ma,,", WEBHOOK_ALLOWED_HOSTS="x.ma",
                     EMAIL_USE_TLS="yes") == [["a.ma", "b.ma"], ["x.ma"], True, True]
    assert _settings(code, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="k" * 50,
                     DJANGO_ALLOWED_HOSTS="a.ma")[3] is False


def test_job_and_task_tunables_come_from_the_environment_through_settings():
    code = ("from ess_platform import celery; from ess_platform.kernel import jobs; "
            "from ess_platform.reports import services; "
            "print(json.dumps([jobs.heartbeat_timeout(), jobs.max_attempts(), "
            "jobs.waiting_timeout(), celery.max_deliveries(), services.step_delay()]))")
    assert _settings(code, JOB_HEARTBEAT_TIMEOUT="4", JOB_MAX_ATTEMPTS="2",
                     JOB_WAITING_TIMEOUT="7", TASK_MAX_DELIVERIES="5",
                     REPORT_STEP_DELAY="1") == [4.0, 2, 7.0, 5, 1.0]
    assert _settings(code) == [120.0, 3, 120.0, 3, 0.0]
