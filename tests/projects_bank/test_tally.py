"""The ideas' tally (IdeaTally): kept by PostgreSQL triggers through every kind of write,
and the public lists' counts read from it, equal to counting the ideas themselves."""

import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from ess_platform.kernel.copying import copy_objects
from projects_bank import selectors
from projects_bank.models import PUBLISHED, IdeaTally, ProjectIdea
from regional_hubs.models import Region
from tests.factories import UserFactory, commune_in

from .factories import IdeaFactory, SectorFactory

pytestmark = pytest.mark.django_db

Status = ProjectIdea.Status
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="PostgreSQL's triggers keep the tally")
IDEAS = "/api/v1/ideas/"


def grouped():
    """{(region, sector, status, language): ideas} counted from the ideas themselves."""
    rows = ProjectIdea.objects.unscoped().values("region_id", "sector_id", "status",
                                                 "language").annotate(n=Count("pk"))
    return {(row["region_id"] or 0, row["sector_id"] or 0, row["status"], row["language"]):
            row["n"] for row in rows}


def tallied():
    return {(row.region_id, row.sector_id, row.status, row.language): row.ideas
            for row in IdeaTally.objects.all() if row.ideas}


@pytest.fixture
def bank(territory):
    argan = SectorFactory(slug="argan")
    honey = SectorFactory(slug="honey")
    ideas = [
        IdeaFactory(status=Status.ACCEPTED, sector=argan),
        IdeaFactory(status=Status.ACCEPTED, sector=honey, language="fr"),
        IdeaFactory(status=Status.INCUBATED, sector=argan, commune=commune_in("01")),
        IdeaFactory(status=Status.COOPERATIVE_CREATED, sector=None, language="fr"),
        IdeaFactory(status=Status.SUBMITTED, sector=argan),
        IdeaFactory(status=Status.DRAFT, sector=honey, commune=None),
        IdeaFactory(status=Status.REJECTED, sector=honey),
    ]
    return {"argan": argan, "honey": honey, "ideas": ideas}


@on_postgresql
def test_every_kind_of_write_keeps_the_tally(bank):
    assert tallied() == grouped()
    first, second, *_rest = bank["ideas"]
    # A save that moves an idea to another group, then a queryset update of several.
    first.sector = bank["honey"]
    first.save()
    assert tallied() == grouped()
    ProjectIdea.objects.unscoped().filter(status=Status.ACCEPTED).update(
        status=Status.INCUBATED)
    assert tallied() == grouped()
    ProjectIdea.objects.unscoped().filter(pk=second.pk).update(
        region=Region.objects.get(code="01"))
    assert tallied() == grouped()
    # Bulk inserts, COPY and a delete.
    author = UserFactory()
    ProjectIdea.objects.bulk_create([
        ProjectIdea(author=author, title=f"b{n}", status=Status.ACCEPTED, language="ar",
                    sector=bank["argan"], region=Region.objects.get(code="09"))
        for n in range(3)])
    assert tallied() == grouped()
    copy_objects(ProjectIdea, [
        ProjectIdea(author=author, title=f"c{n}", status=Status.ACCEPTED, language="fr",
                    region=Region.objects.get(code="05")) for n in range(4)])
    assert tallied() == grouped()
    ProjectIdea.objects.unscoped().filter(title__startswith="b").delete()
    assert tallied() == grouped()
    # Plain SQL, past the ORM.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE projects_bank_projectidea SET language = 'ar' "
                       "WHERE language = 'fr'")
    assert tallied() == grouped()


@on_postgresql
def test_a_write_that_moves_no_idea_touches_no_group(bank):
    before = {row.pk: row.ideas for row in IdeaTally.objects.all()}
    ProjectIdea.objects.unscoped().update(title="renamed", summary="...")
    assert {row.pk: row.ideas for row in IdeaTally.objects.all()} == before


def _combinations(bank):
    regions = ["", "09", "01", "05", "99"]
    sectors = ["", "argan", "honey", "unknown"]
    statuses = ["", Status.ACCEPTED, Status.INCUBATED, Status.SUBMITTED, Status.DRAFT]
    return itertools.product(regions, sectors, statuses, ["", "ar", "fr"])


@on_postgresql
def test_the_count_is_the_lists_count_for_every_filter(bank):
    for region, sector, status, language in _combinations(bank):
        filters = {"region": region, "sector": sector, "status": status,
                   "language": language}
        expected = selectors.filter_ideas(selectors.published_ideas(), **filters).count()
        assert selectors.published_idea_count(**filters) == expected, filters


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite keeps no tally")
def test_without_a_tally_the_lists_count_their_ideas(client, bank):
    assert selectors.published_idea_count(region="09") is None
    assert client.get(IDEAS).json()["count"] == 4
    assert client.get(IDEAS, {"sector": "argan"}).json()["count"] == 2


def _counted_ideas(ctx):
    return [q["sql"] for q in ctx.captured_queries
            if "COUNT(" in q["sql"].upper() and "projects_bank_projectidea" in q["sql"]]


@on_postgresql
def test_the_api_counts_from_the_tally(client, bank):
    client.get(IDEAS)  # warm the process
    for params, expected in [({}, 4), ({"sector": "argan"}, 2), ({"language": "fr"}, 2),
                             ({"region": "01", "status": "incubated"}, 1),
                             ({"status": "submitted"}, 0), ({"region": "99"}, 0),
                             ({"page_size": 2, "page": 2}, 4)]:
        cache.clear()  # the page cache would answer the warm-up's URL
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(IDEAS, params).json()
        assert body["count"] == expected, params
        assert not _counted_ideas(ctx), params
        # An unpublished status matches nothing: no query at all for the count.
        assert params.get("status") == "submitted" or any(
            "projects_bank_ideatally" in q["sql"] for q in ctx.captured_queries), params


@on_postgresql
def test_other_lists_are_counted_by_the_database(client, bank):
    """A search, a call, a signed-in user's list (their own ideas too): not the tally's."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(IDEAS, {"search": "مشروع"}).json()["count"] == 4
    assert not any("projects_bank_ideatally" in q["sql"] for q in ctx.captured_queries)
    draft_author = bank["ideas"][5].author
    client.force_login(draft_author)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(IDEAS).json()["count"] == 5  # the four published and their draft
    assert _counted_ideas(ctx)


@on_postgresql
def test_the_ideas_page_counts_from_the_tally(client, bank):
    url = "/fr/projects/ideas/"
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"sector": "argan"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    assert not _counted_ideas(ctx)
    # With words, the database counts.
    response = client.get(url, {"q": "مشروع"})
    assert response.context["page"].paginator.count == 4


def test_the_public_lists_indexes_hold_the_published_statuses():
    """Their condition is written out (a model's Meta cannot read its class's constant)."""
    conditions = [index.condition for index in ProjectIdea._meta.indexes
                  if index.name.startswith("idea_public_")]
    assert len(conditions) == 3
    for condition in conditions:
        assert condition.children == [("status__in", PUBLISHED)]
    assert set(PUBLISHED) == {str(status) for status in ProjectIdea.PUBLISHED_STATUSES}
