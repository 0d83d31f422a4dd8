"""Factories of the projects bank."""

import datetime
import uuid
from decimal import Decimal

import factory
from django.utils import timezone

from cooperatives.models import CooperativeMembership
from projects_bank.models import (
    Call,
    Criterion,
    EconomicModel,
    FundingSource,
    JuryAssignment,
    Partner,
    Programme,
    ProjectIdea,
)
from tests.cooperatives import factories as cooperative_factories
from tests.cooperatives.factories import SectorFactory
from tests.factories import UserFactory, commune_in


class CooperativeFactory(cooperative_factories.CooperativeFactory):
    """A cooperative with a sector of its own."""

    registration_number = factory.Sequence(lambda n: f"PB-{n:05d}")
    sector = factory.SubFactory(SectorFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperativeMembership

    cooperative = factory.SubFactory(CooperativeFactory)
    user = factory.SubFactory(UserFactory)
    role = CooperativeMembership.Role.MANAGER


class IdeaFactory(factory.django.DjangoModelFactory):
    """An idea already past the draft (status given explicitly, no history)."""

    class Meta:
        model = ProjectIdea

    author = factory.SubFactory(UserFactory)
    language = "ar"
    title = factory.Sequence(lambda n: f"مشروع تعاوني رقم {n}")
    summary = "تثمين المنتجات المحلية عبر وحدة صغيرة للتحويل والتلفيف."
    need_addressed = "ضعف تسويق منتجات النساء القرويات."
    commune = factory.LazyFunction(lambda: commune_in("09"))
    sector = factory.SubFactory(SectorFactory)
    expected_members = 10
    expected_women = 6
    expected_youth = 4
    estimated_budget = Decimal("150000.00")
    expected_jobs = 5
    status = ProjectIdea.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    submission_token = factory.LazyFunction(uuid.uuid4)


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    title_ar = factory.Sequence(lambda n: f"هاكاثون الأفكار {n}")
    title_fr = factory.Sequence(lambda n: f"Ideathon {n}")
    slug = factory.Sequence(lambda n: f"ideathon-{n}")
    region = None
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=5))
    judging_ends_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    status = Call.Status.OPEN


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    name_ar = factory.Sequence(lambda n: f"معيار {n}")
    name_fr = factory.Sequence(lambda n: f"Critère {n}")
    weight = 1
    position = factory.Sequence(lambda n: n)


class JuryAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JuryAssignment

    call = factory.SubFactory(CallFactory)
    juror = factory.SubFactory(UserFactory)


class EconomicModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EconomicModel

    sector = factory.SubFactory(SectorFactory)
    slug = factory.Sequence(lambda n: f"model-{n}")
    title_ar = factory.Sequence(lambda n: f"نموذج {n}")
    title_fr = factory.Sequence(lambda n: f"Modèle {n}")
    description_ar = "وصف النموذج"
    description_fr = "Description du modèle"
    investment = Decimal("200000")
    yearly_revenue = Decimal("300000")
    yearly_costs = Decimal("220000")
    break_even_months = 30
    jobs = 6


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"fund-{n}")
    programme_ar = factory.Sequence(lambda n: f"برنامج {n}")
    programme_fr = factory.Sequence(lambda n: f"Programme {n}")
    funder_ar = "ممول"
    funder_fr = "Bailleur"
    kind = FundingSource.Kind.GRANT

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.sectors.set(extracted)

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.regions.set(extracted)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"partner-{n}")
    name_ar = factory.Sequence(lambda n: f"شريك {n}")
    name_fr = factory.Sequence(lambda n: f"Partenaire {n}")
    kind = Partner.Kind.PUBLIC_BODY
    services_ar = "مواكبة وتكوين"
    services_fr = "Accompagnement et formation"

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.regions.set(extracted)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """An incubation cohort of a hub or desk, running now."""

    class Meta:
        model = Programme

    @classmethod
    def _get_manager(cls, model_class):
        return model_class.objects.unscoped()

    hub = factory.SubFactory("tests.factories.RegionalHubFactory")
    title_ar = factory.Sequence(lambda n: f"فوج الاحتضان {n}")
    title_fr = factory.Sequence(lambda n: f"Cohorte d'incubation {n}")
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))
    capacity = 10
