"""The objects a web process holds once warm are frozen out of the garbage collector's
full collections after the requests GC_FREEZE_AFTER_REQUESTS counts, and only then."""

import gc
import itertools
import weakref

import pytest

from ess_platform.kernel import memory


@pytest.fixture
def thawed(monkeypatch):
    """A request counter of the test's own; the permanent generation emptied afterwards."""
    monkeypatch.setattr(memory, "_served", itertools.count(1))
    yield
    gc.unfreeze()


@pytest.mark.django_db
def test_the_survivors_are_frozen_after_the_counted_requests_only(client, settings, thawed):
    settings.GC_FREEZE_AFTER_REQUESTS = frozenset({2})
    gc.unfreeze()
    client.get("/healthz")
    assert gc.get_freeze_count() == 0  # the first request: not counted
    client.get("/healthz")
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # the process's modules, URL patterns, templates...
    client.get("/healthz")
    # Not again after the third (the frozen objects the second request still held when it
    # finished have been freed since: fewer, never more).
    assert gc.get_freeze_count() <= frozen


def test_garbage_is_collected_before_the_freeze(thawed):
    gc.unfreeze()

    class Node:
        pass

    first, second = Node(), Node()
    first.other, second.other = second, first  # a cycle only the collector frees
    gone = weakref.ref(first)
    alive = Node()
    del first, second
    assert memory.freeze_survivors() > 0
    assert gone() is None  # collected, not frozen for ever
    # What is alive is frozen: in no generation the collector walks.
    assert not any(o is alive for o in gc.get_objects())
