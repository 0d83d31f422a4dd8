"""Report test data: a small, demo-like picture of two regions."""

import datetime
import uuid
from decimal import Decimal

import factory
from django.utils import timezone

from cooperatives.models import Cooperative
from ess_platform.reports.models import Report
from tests.cooperatives import factories as cooperative_factories
from tests.cooperatives.factories import SectorFactory
from tests.factories import UserFactory, commune_in


class CooperativeFactory(cooperative_factories.CooperativeFactory):
    """A cooperative with a sector of its own, founded in 2020."""

    registration_number = factory.Sequence(lambda n: f"RPT-{n:05d}")
    sector = factory.SubFactory(SectorFactory)
    founded_on = datetime.date(2020, 5, 1)
    members_count = 10
    women_members = 6
    youth_members = 3


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    requester = factory.SubFactory(UserFactory)
    region = None
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2025, 12, 31)
    language = "ar"


def aware(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def demo_like_data():
    """Cooperatives, ideas, a call with its ranking and events in Souss-Massa and Fès-Meknès."""
    argan = SectorFactory(slug="argan", name_ar="الأركان", name_fr="Argan")
    crafts = SectorFactory(slug="crafts", name_ar="الصناعة التقليدية", name_fr="Artisanat")
    CooperativeFactory(sector=argan, women_led=True, members_count=40, women_members=38,
                       youth_members=10)
    CooperativeFactory(sector=argan, women_led=True, youth_led=True, members_count=20,
                       women_members=15, youth_members=12,
                       founded_on=datetime.date(2025, 3, 1))
    CooperativeFactory(sector=crafts, members_count=12, women_members=2, youth_members=2,
                       legal_form=Cooperative.LegalForm.UNION)
    CooperativeFactory(sector=crafts, commune=commune_in("03"), members_count=30,
                       women_members=5, youth_members=5)
    # Founded after the period: not counted.
    CooperativeFactory(sector=crafts, founded_on=datetime.date(2026, 2, 1))
    data = {"argan": argan, "crafts": crafts}
    try:
        from projects_bank.models import Call, ProjectIdea, RankingEntry
    except ImportError:  # pragma: no cover - the projects bank is optional for reports
        return data
    author = UserFactory()

    def idea(status, title, region_code="09", when=None, call=None):
        when = when or aware(2025, 4, 1)
        return ProjectIdea.objects.create(
            author=author, title=title, summary="s", need_addressed="n",
            commune=commune_in(region_code), sector=argan, expected_members=10,
            expected_women=5, expected_youth=2, estimated_budget=Decimal("1000"),
            expected_jobs=2, status=status, submitted_at=when, call=call,
            submission_token=uuid.uuid4())

    call = Call.objects.create(
        title_ar="هاكاثون سوس ماسة", title_fr="Ideathon Souss-Massa", slug="ideathon-sm",
        region=commune_in("09").province.region, opens_on=datetime.date(2025, 3, 1),
        closes_at=aware(2025, 4, 30), judging_ends_at=aware(2025, 5, 30),
    )
    Call.objects.unscoped().filter(pk=call.pk).update(status=Call.Status.PUBLISHED)
    winner = idea(ProjectIdea.Status.ACCEPTED, "وحدة تثمين الأركان", call=call)
    second = idea(ProjectIdea.Status.SHORTLISTED, "Tourisme solidaire", call=call)
    idea(ProjectIdea.Status.SUBMITTED, "Idée soumise")
    idea(ProjectIdea.Status.REJECTED, "Idée refusée")
    idea(ProjectIdea.Status.SUBMITTED, "Idée de Fès", region_code="03")
    idea(ProjectIdea.Status.SUBMITTED, "Idée de 2024", when=aware(2024, 6, 1))
    RankingEntry.objects.create(call=call, idea=winner, rank=1, weighted_score=Decimal("17.5"),
                                top_criterion_score=Decimal("18"), evaluations_count=3)
    RankingEntry.objects.create(call=call, idea=second, rank=2, weighted_score=Decimal("15"),
                                top_criterion_score=Decimal("14"), evaluations_count=3)
    data["call"] = call
    try:
        from events.models import Event, Registration
    except ImportError:  # pragma: no cover
        return data
    region = commune_in("09").province.region
    fair = Event.objects.create(
        kind=Event.Kind.FAIR, title_ar="معرض المنتجات المجالية", title_fr="Salon des produits",
        slug="salon-2025", region=region, starts_at=aware(2025, 6, 10),
        ends_at=aware(2025, 6, 12))
    workshop = Event.objects.create(
        kind=Event.Kind.WORKSHOP, title_ar="ورشة تشاورية", title_fr="Atelier de concertation",
        slug="atelier-2025", region=region, starts_at=aware(2025, 9, 1),
        ends_at=aware(2025, 9, 1) + datetime.timedelta(hours=3))
    Event.objects.create(
        kind=Event.Kind.WORKSHOP, title_ar="ورشة 2024", title_fr="Atelier 2024",
        slug="atelier-2024", region=region, starts_at=aware(2024, 9, 1),
        ends_at=aware(2024, 9, 1) + datetime.timedelta(hours=3))
    statuses = [Registration.Status.ATTENDED] * 3 + [Registration.Status.REGISTERED] + [
        Registration.Status.CANCELLED]
    for index, status in enumerate(statuses):
        Registration.objects.create(event=fair, name=f"Invité {index}",
                                    email=f"g{index}@example.ma", status=status)
    Registration.objects.create(event=workshop, name="Invitée", email="w@example.ma",
                                status=Registration.Status.ATTENDED)
    data["events"] = [fair, workshop]
    return data
