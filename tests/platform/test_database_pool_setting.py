"""DATABASE_POOL_MAX_SIZE turns on Django's psycopg pool (PostgreSQL only), and
DATABASE_DISABLE_SERVER_SIDE_CURSORS is for PgBouncer in transaction mode."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT_DATABASE = (
    "import json; from ess_platform import settings as s; d = s.DATABASES['default']; "
    "print(json.dumps({'options': d.get('OPTIONS', {}), 'age': d['CONN_MAX_AGE'], "
    "'no_cursors': d['DISABLE_SERVER_SIDE_CURSORS']}))")


def database_settings(**env):
    clean = {key: value for key, value in os.environ.items()
             if not key.startswith("DATABASE_")}
    output = subprocess.run(
        [sys.executable, "-c", PRINT_DATABASE], cwd=ROOT, check=True, capture_output=True,
        text=True, env={**clean, "DJANGO_DEBUG": "1", **env}).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_pool_on_postgresql_replaces_persistent_connections():
    found = database_settings(DATABASE_URL="postgres://ess@db.example.ma:5432/ess",
                              DATABASE_POOL_MAX_SIZE="6", DATABASE_POOL_TIMEOUT="5")
    assert found["options"]["pool"] == {"min_size": 1, "max_size": 6, "timeout": 5.0}
    assert found["age"] == 0  # Django refuses a pool with persistent connections


def test_no_pool_unless_asked():
    found = database_settings(DATABASE_URL="postgres://ess@db.example.ma:5432/ess")
    assert "pool" not in found["options"]
    assert found["age"] == 60
    assert found["no_cursors"] is False


def test_sqlite_never_gets_a_pool():
    found = database_settings(DATABASE_POOL_MAX_SIZE="6")
    assert "pool" not in found["options"]


def test_server_side_cursors_can_be_turned_off_for_pgbouncer():
    found = database_settings(DATABASE_URL="postgres://ess@pgbouncer:6432/ess",
                              DATABASE_DISABLE_SERVER_SIDE_CURSORS="1")
    assert found["no_cursors"] is True


def test_postgresql_connections_plan_for_ssd_without_memoize_unless_told_otherwise():
    found = database_settings(DATABASE_URL="postgres://ess@db.example.ma:5432/ess")
    assert found["options"]["options"] == "-c random_page_cost=1.1 -c enable_memoize=off"
    # Behind PgBouncer (no startup options): empty, and the role carries the setting.
    found = database_settings(DATABASE_URL="postgres://ess@pgbouncer:6432/ess",
                              DATABASE_PLANNER_OPTIONS="")
    assert "options" not in found["options"]
    assert "options" not in database_settings()["options"]  # SQLite


def test_the_running_connection_has_the_planner_setting(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_memoize")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
