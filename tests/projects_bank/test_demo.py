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
    assert {"draft", "rejected", "incubated", "cooperative_created"} <= statuses


def test_demo_walks_the_ideathon_winner_to_a_registered_cooperative(demo_ready):
    demo.seed(io.StringIO())
    idea = ProjectIdea.objects.unscoped().get(title__startswith="وحدة لتقطير ماء الورد")
    assert idea.status == ProjectIdea.Status.COOPERATIVE_CREATED
    assert idea.ranking_entries.get().rank >= 1
    assert idea.incubation_hub.kind == "desk" and idea.incubation_hub.region.code == "07"
    assert idea.founded_cooperative.registration_number == "DEMO-07-101"
    assert idea.enrolments.get().programme.hub == idea.incubation_hub
    assert idea.outcomes.get().jobs_created == 11
    steps = list(idea.status_changes.values_list("to_status", "changed_at"))
    assert [status for status, _at in steps] == demo.PATHS["cooperative_created"]
    assert [at for _status, at in steps] == sorted(at for _status, at in steps)
    open_call = Call.objects.unscoped().get(slug="appel-idees-souss-massa")
    assert open_call.status == Call.Status.OPEN and open_call.criteria.count() == 3


def test_demo_creates_nothing_the_second_time(demo_ready):
    from projects_bank.models import Enrolment, IdeaOutcome, Programme, ProgrammeMilestone
    from regional_hubs.models import RegionalHub

    demo.seed(io.StringIO())
    models = (Programme, ProgrammeMilestone, Enrolment, IdeaOutcome, RegionalHub)
    first = [model._base_manager.count() for model in models]
    demo.seed(io.StringIO())
    assert [model._base_manager.count() for model in models] == first


def test_demo_without_sectors_explains_and_skips_ideas(territory):
    from cooperatives.models import Sector

    Sector.objects.filter(slug__in=demo.SECTOR_SLUGS).delete()
    seed_accounts()
    out = io.StringIO()
    demo.seed(out)
    assert "sectors missing" in out.getvalue()
    assert not ProjectIdea.objects.unscoped().exists()
    assert FundingSource.objects.count() == 5
