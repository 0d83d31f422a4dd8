"""Deep pages of the whole public ideas' list walked from its anchors (newest first), kept
per published ideas' version, which PostgreSQL raises with every write of a published
idea: every page is the one the plain offset gives, before and after a write."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from ess_platform.kernel import pagination
from ess_platform.kernel.pagination import Anchors, page_keys
from projects_bank import selectors
from projects_bank.models import ProjectIdea, PublishedIdeasVersion

from .factories import IdeaFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="PostgreSQL keeps the version and builds the anchors"),
]

Status = ProjectIdea.Status
IDEAS = "/api/v1/ideas/"
STRIDE = 3


def version():
    return PublishedIdeasVersion.objects.get(pk=1).version


@pytest.fixture
def small_anchors(monkeypatch):
    monkeypatch.setattr(pagination, "ANCHOR_STRIDE", STRIDE)
    monkeypatch.setattr(pagination, "ANCHORED_FROM", 1)
    monkeypatch.setattr(pagination.DeferredJoinPaginator, "deferred_from", 1)
    monkeypatch.setattr(selectors, "_anchors", {})


@pytest.fixture
def bank(territory):
    """17 published ideas, several submitted at the same moment (keys break the ties),
    and two unpublished ones."""
    moment = timezone.now() - timedelta(days=3)
    ideas = [IdeaFactory(status=Status.ACCEPTED, submitted_at=moment - timedelta(hours=n % 6))
             for n in range(17)]
    IdeaFactory(status=Status.SUBMITTED, submitted_at=moment)
    IdeaFactory(status=Status.REJECTED, submitted_at=moment)
    return ideas


def _public():
    return selectors.published_ideas().order_by("-submitted_at", "-pk")


def test_every_page_from_the_anchors_is_the_offsets_page(small_anchors, bank):
    queryset = _public()
    anchors = Anchors.build(queryset)
    assert anchors.column == "-submitted_at" and len(anchors.rows) == 6
    for start in range(20):
        for size in (1, 2, 5):
            assert anchors.keys(queryset, start, start + size) == list(
                page_keys(queryset, start, start + size)), (start, size)


def test_a_list_with_an_idea_never_submitted_has_no_anchors(small_anchors, bank):
    """Newest first, PostgreSQL would list an idea without a date first: no anchors."""
    IdeaFactory(status=Status.ACCEPTED, submitted_at=None)
    assert Anchors.build(_public()) is None
    assert selectors.idea_page_anchors(_public()) is None


def test_the_version_moves_with_the_published_ideas_only(bank):
    before = version()
    IdeaFactory(status=Status.SUBMITTED)
    ProjectIdea.objects.unscoped().filter(status=Status.REJECTED).update(title="x")
    assert version() == before  # no published idea written
    idea = ProjectIdea.objects.unscoped().filter(status=Status.SUBMITTED).first()
    idea.status = Status.ACCEPTED
    idea.save()
    assert version() == before + 1  # one more published idea
    ProjectIdea.objects.unscoped().filter(pk=bank[0].pk).update(status=Status.REJECTED)
    assert version() == before + 2  # one fewer
    ProjectIdea.objects.unscoped().filter(pk=bank[1].pk).delete()
    assert version() == before + 3


def _ids(client, **params):
    cache.clear()
    response = client.get(IDEAS, params)
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_the_api_pages_from_anchors_rebuilt_after_a_write(client, small_anchors, bank):
    every = _ids(client, page_size=100)
    assert len(every) == 17
    assert sum((_ids(client, page_size=4, page=n) for n in range(1, 6)), []) == every
    assert len(selectors._anchors) == 1
    # Accepting an idea puts it first (the newest): every page after moves by one.
    newest = IdeaFactory(status=Status.SUBMITTED, submitted_at=timezone.now())
    ProjectIdea.objects.unscoped().filter(pk=newest.pk).update(status=Status.ACCEPTED)
    every = _ids(client, page_size=100)
    assert every[0] == newest.pk and len(every) == 18
    assert sum((_ids(client, page_size=4, page=n) for n in range(1, 6)), []) == every
    ((kept_version, _anchors),) = selectors._anchors.values()
    assert kept_version == version()


def test_filtered_and_personal_lists_keep_no_anchors(client, small_anchors, bank, member):
    _ids(client, page_size=4, page=3, status="accepted")
    cache.clear()
    client.get("/fr/projects/ideas/", {"page": 2, "region": "09"})
    client.force_login(member)
    _ids(client, page_size=4, page=3)
    assert selectors._anchors == {}
