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
