"""Races that only a real database with row locks can show (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from events.models import Registration
from events.services import claim_reminder, register_for_event

from .factories import EventFactory, RegistrationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="SQLite has no row locks and serialises every writer: the "
                              "race for the last place needs PostgreSQL (set DATABASE_URL)."),
]


def run_together(*functions):
    """Start functions at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(functions))
    results, errors = [None] * len(functions), [None] * len(functions)

    def runner(index, function):
        try:
            barrier.wait(timeout=10)
            results[index] = function()
        except Exception as error:  # noqa: BLE001 (reported to the test)
            errors[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def test_two_people_cannot_take_the_last_place(territory):
    event = EventFactory(capacity=3)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event)

    def attempt(n):
        return lambda: register_for_event(event=event, name=f"Racer {n}",
                                          email=f"racer{n}@example.ma")

    results, errors = run_together(*(attempt(n) for n in range(4)))
    assert errors == [None] * 4
    statuses = sorted(r.status for r in results)
    assert statuses.count(Registration.Status.REGISTERED) == 1
    assert statuses.count(Registration.Status.WAITLISTED) == 3
    assert event.registrations.filter(status__in=Registration.TAKING_A_PLACE).count() == 3


def test_the_same_person_racing_twice_registers_once(territory):
    event = EventFactory(capacity=10)

    def attempt():
        return register_for_event(event=event, name="Twin", email="twin@example.ma")

    results, errors = run_together(attempt, attempt)
    assert sum(r is not None for r in results) == 1
    assert [type(e) for e in errors if e is not None] == [ValidationError]
    assert event.registrations.count() == 1


def test_two_workers_claim_a_reminder_once(territory):
    from django.utils import timezone

    registration = RegistrationFactory(event=EventFactory())
    now = timezone.now()
    results, errors = run_together(
        *(lambda: claim_reminder(registration_id=registration.pk, now=now) for _ in range(4)))
    assert errors == [None] * 4
    assert sorted(results) == [False, False, False, True]
