import factory

from cooperatives.models import Cooperative, CooperativeMembership, Product, Sector
from cooperatives.services import refresh_search_text
from ess_platform.kernel.search import search_text
from tests.factories import UserFactory, commune_in


def sector(slug="argan"):
    """One of the seven sectors the data migration creates."""
    return Sector.objects.get(slug=slug)


class SectorFactory(factory.django.DjangoModelFactory):
    """A sector of its own, for tests that count by sector."""

    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"sector-{n}")
    name_ar = factory.Sequence(lambda n: f"قطاع {n}")
    name_fr = factory.Sequence(lambda n: f"Secteur {n}")


class CooperativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperative
        skip_postgeneration_save = True

    class Params:
        region_code = "09"

    registration_number = factory.Sequence(lambda n: f"TST-{n:06d}")
    name_ar = factory.Sequence(lambda n: f"تعاونية الاختبار {n}")
    name_fr = factory.Sequence(lambda n: f"Coopérative test {n}")
    sector = factory.LazyFunction(lambda: sector("argan"))
    commune = factory.LazyAttribute(lambda o: commune_in(o.region_code))
    members_count = 20
    women_members = 15
    youth_members = 5

    @factory.post_generation
    def index(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            refresh_search_text(cooperative_ids=[obj.pk])
            obj.refresh_from_db(fields=["search_text"])


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    cooperative = factory.SubFactory(CooperativeFactory)
    name_ar = "زيت الأركان"
    name_fr = "Huile d'argan"

    @factory.post_generation
    def index(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            refresh_search_text(cooperative_ids=[obj.cooperative_id])


class ManagerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperativeMembership

    cooperative = factory.SubFactory(CooperativeFactory)
    user = factory.SubFactory(UserFactory)
    role = CooperativeMembership.Role.MANAGER


def numbered_cooperatives(model, count, *, prefix="PLAN",
                          label=lambda n: (f"رقم {n}", f"numéro {n}")):
    """``count`` cooperatives written in one statement, placed where ``model`` is, named
    "تعاونية …" and "Coopérative …" after ``label(n)`` (its Arabic and French halves) and
    searchable as such (their stored search text)."""
    rows = []
    for n in range(count):
        arabic, french = label(n)
        name_ar, name_fr = f"تعاونية {arabic}", f"Coopérative {french}"
        rows.append(Cooperative(
            registration_number=f"{prefix}-{n:05d}", name_ar=name_ar, name_fr=name_fr,
            sector=model.sector, commune=model.commune, province=model.province,
            region=model.region, search_text=search_text(name_ar, name_fr)))
    return Cooperative.objects.bulk_create(rows)
