"""Fifty people register at once for a ten-place event on the embedded default.

The site runs as ``make run`` serves it: ``manage.py runserver`` (threaded) on a SQLite
file with DEBUG on and no Redis (tasks in-process, local-memory cache). Whatever
DATABASE_URL the suite itself uses, this test starts its own server on its own SQLite file,
so it runs on every machine and in CI.

The people are signed-in members: their registration takes the same locked path as a
guest's (``register_for_event``) and does not depend on how a guest confirms an address.
"""

import http.client
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 50
CAPACITY = 10
SLUG = "crowd-workshop"

# Run in a fresh interpreter with the embedded default's settings: the schema, one event
# with ten places and PEOPLE members, each with a signed-in session (printed as JSON).
SETUP = f"""
import json
from datetime import timedelta

import django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

call_command("migrate", interactive=False, verbosity=0)
from events.models import Event
from regional_hubs.models import Region

region = Region.objects.create(code="09", slug="souss-massa", name="Souss-Massa")
starts_at = timezone.now() + timedelta(days=10)
Event.objects.create(kind=Event.Kind.WORKSHOP, title="Atelier", slug="{SLUG}", region=region,
                     starts_at=starts_at, ends_at=starts_at + timedelta(hours=4),
                     capacity={CAPACITY})
sessions = []
for n in range({PEOPLE}):
    user = get_user_model().objects.create_user(
        username=f"member{{n}}@example.ma", email=f"member{{n}}@example.ma", password=None,
        preferred_language="fr")
    client = Client()
    client.force_login(user)
    sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
print(json.dumps(sessions))
"""


def embedded_env(database):
    """The environment of ``make run``: DEBUG on, SQLite, no Redis, nothing inherited."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "EMAIL_"))}
    env.update(DJANGO_SETTINGS_MODULE="ess_platform.settings", DJANGO_DEBUG="1",
               DATABASE_URL=f"sqlite:///{database}", REDIS_URL="", PYTHONUNBUFFERED="1")
    return env


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, log, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited early:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the server did not listen within {timeout}s")


@pytest.fixture
def embedded_site(tmp_path):
    """A migrated SQLite file with the event and members, served by runserver."""
    database = tmp_path / "db.sqlite3"
    env = embedded_env(database)
    setup = subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert setup.returncode == 0, setup.stderr[-3000:]
    sessions = json.loads(setup.stdout.strip().splitlines()[-1])

    port = free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, server, log)
        yield {"port": port, "sessions": sessions, "database": database, "log": log}
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def request(port, method, path, cookies, body=None):
    """One request on its own connection: (status, cookies set) or the connection error."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return response.status, {key: morsel.value for key, morsel in jar.items()}
    except OSError as error:
        return type(error).__name__, {}
    finally:
        connection.close()


def crowd(port, sessions):
    """Each person opens the event page, then all press "register" at the same moment."""
    page = f"/fr/events/{SLUG}/"
    barrier = threading.Barrier(len(sessions))
    pages, registrations = [None] * len(sessions), [None] * len(sessions)

    def person(index, session):
        cookies = {"sessionid": session}
        pages[index], received = request(port, "GET", page, cookies)
        cookies.update(received)
        token = cookies.get("csrftoken", "")
        try:
            barrier.wait(timeout=60)
        except threading.BrokenBarrierError:
            return
        registrations[index], _cookies = request(
            port, "POST", f"{page}register/", cookies,
            body=urlencode({"csrfmiddlewaretoken": token}))

    threads = [threading.Thread(target=person, args=(i, s)) for i, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return Counter(pages), Counter(registrations)


def statuses(database):
    with sqlite3.connect(database) as db:
        return dict(db.execute(
            "SELECT r.status, count(*) FROM events_registration r"
            " JOIN events_event e ON e.id = r.event_id WHERE e.slug = ? GROUP BY r.status",
            [SLUG]).fetchall())


def test_fifty_people_register_at_once_for_ten_places(embedded_site):
    pages, registrations = crowd(embedded_site["port"], embedded_site["sessions"])

    log = embedded_site["log"].read_text(errors="replace")
    assert pages == {200: PEOPLE}, log[-3000:]
    # Every registration answered with the redirect to the person's registration: no 500
    # ("database is locked") and no refused or reset connection.
    assert registrations == {302: PEOPLE}, log[-3000:]
    assert statuses(embedded_site["database"]) == {
        "registered": CAPACITY, "waitlisted": PEOPLE - CAPACITY}
