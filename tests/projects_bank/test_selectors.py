"""The eligibility rule that matches an idea with financing sources."""

from decimal import Decimal

import pytest

from projects_bank.selectors import eligible_funding_sources
from tests.factories import commune_in

from .factories import FundingSourceFactory, IdeaFactory, SectorFactory

pytestmark = pytest.mark.django_db


def slugs(idea):
    return {source.slug for source in eligible_funding_sources(idea)}


def test_sector_rule(territory):
    argan = SectorFactory(slug="argan")
    idea = IdeaFactory(sector=argan)
    FundingSourceFactory(slug="argan", sectors=[argan])
    FundingSourceFactory(slug="crafts", sectors=[SectorFactory()])
    FundingSourceFactory(slug="all")
    assert slugs(idea) == {"argan", "all"}


def test_region_rule(souss_massa, fes_meknes):
    idea = IdeaFactory()
    FundingSourceFactory(slug="souss", regions=[souss_massa])
    FundingSourceFactory(slug="fes", regions=[fes_meknes])
    FundingSourceFactory(slug="both", regions=[souss_massa, fes_meknes])
    assert slugs(idea) == {"souss", "both"}


def test_budget_must_reach_the_minimum(territory):
    idea = IdeaFactory(estimated_budget=Decimal("50000"))
    FundingSourceFactory(slug="small", amount_min=Decimal("10000"),
                         amount_max=Decimal("30000"))
    FundingSourceFactory(slug="big", amount_min=Decimal("100000"))
    assert slugs(idea) == {"small"}


def test_women_only_needs_half_women(territory):
    FundingSourceFactory(slug="women", women_only=True)
    assert slugs(IdeaFactory(expected_members=10, expected_women=5)) == {"women"}
    assert slugs(IdeaFactory(expected_members=10, expected_women=4)) == set()


def test_youth_only_needs_half_young(territory):
    FundingSourceFactory(slug="youth", youth_only=True)
    assert slugs(IdeaFactory(expected_members=6, expected_youth=3)) == {"youth"}
    assert slugs(IdeaFactory(expected_members=6, expected_youth=2,
                             commune=commune_in("09"))) == set()


def test_a_regions_funnel_counts_its_ideas_and_the_latest_jobs_of_each_cooperative(
        souss_massa, fes_meknes):
    import datetime

    from projects_bank.models import IdeaOutcome, ProjectIdea
    from projects_bank.selectors import region_funnel

    status = ProjectIdea.Status
    for state, count in ((status.DRAFT, 2), (status.SUBMITTED, 3), (status.ACCEPTED, 2),
                         (status.INCUBATED, 1), (status.COOPERATIVE_CREATED, 2)):
        IdeaFactory.create_batch(count, status=state)
    founded = list(ProjectIdea.objects.unscoped().filter(status=status.COOPERATIVE_CREATED))
    incubated = ProjectIdea.objects.unscoped().get(status=status.INCUBATED)
    elsewhere = IdeaFactory(status=status.COOPERATIVE_CREATED, commune=commune_in("03"))

    def outcome(idea, day, jobs):
        IdeaOutcome.objects.create(idea=idea, recorded_on=datetime.date(2026, 1, day),
                                   jobs_created=jobs, members=10)

    outcome(founded[0], 5, 7)
    outcome(founded[0], 20, 9)  # the latest figures replace the earlier ones
    outcome(founded[0], 10, 3)
    outcome(founded[1], 2, 4)
    outcome(incubated, 3, 50)  # no cooperative yet: not counted
    outcome(elsewhere, 3, 80)  # another region's

    assert region_funnel(souss_massa) == {"ideas": 8, "accepted": 5, "incubated": 3,
                                          "cooperatives": 2, "jobs": 13}
    assert region_funnel(fes_meknes) == {"ideas": 1, "accepted": 1, "incubated": 1,
                                         "cooperatives": 1, "jobs": 80}
