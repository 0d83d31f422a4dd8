import io

import pytest

from ess_platform.demo import seed_accounts
from projects_bank import demo
from projects_bank.models import (
    Call,
    EconomicModel,
    FundingSource,
    IdeaStatusChange,
    Partner,
    ProjectIdea,
    RankingEntry,
)
from tests.factories import RegionalHubFactory

from .factories import SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_ready(souss_massa):
    seed_accounts()
    for slug in demo.SECTOR_SLUGS:
        SectorFactory(slug=slug)
    RegionalHubFactory(region=souss_massa)


def counts():
    return [model._base_manager.count() for model in (
        Call, ProjectIdea, IdeaStatusChange, RankingEntry, EconomicModel, FundingSource,
        Partner)]


def test_demo_seeds_the_marrakech_ideathon_and_is_idempotent(demo_ready):
    demo.seed(io.StringIO())
    first = counts()
    demo.seed(io.StringIO())
    assert counts() == first
    call = Call.objects.unscoped().get(slug="ideathon-marrakech-safi-2025")
    assert call.status == Call.Status.PUBLISHED and call.region.code == "07"
    assert list(call.criteria.values_list("name_fr", flat=True))[0] == "Innovation"
    assert call.jury.filter(username="jury@demo.ess.ma").exists()
    assert call.ranking.count() == 3
    assert FundingSource.objects.filter(is_example=False).count() == 0
    statuses = set(ProjectIdea.objects.unscoped().values_list("status", flat=True))
    assert {"draft", "rejected", "accepted", "incubated"} <= statuses


def test_demo_without_sectors_explains_and_skips_ideas(territory):
    from cooperatives.models import Sector

    Sector.objects.filter(slug__in=demo.SECTOR_SLUGS).delete()
    seed_accounts()
    out = io.StringIO()
    demo.seed(out)
    assert "sectors missing" in out.getvalue()
    assert not ProjectIdea.objects.unscoped().exists()
    assert FundingSource.objects.count() == 5
