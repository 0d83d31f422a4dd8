"""Shared factories: people, territory and hubs. Each app keeps its own in tests/<app>/."""

import factory
from django.contrib.auth import get_user_model

from regional_hubs.models import Commune, HubService, Region, RegionalHub

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.ma")
    email = factory.LazyAttribute(lambda u: u.username)
    first_name = "Salma"
    last_name = "Tazi"
    preferred_language = "ar"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class DelegateFactory(UserFactory):
    role = "delegate"
    is_staff = True
    region = factory.LazyFunction(lambda: Region.objects.get(code="09"))


class NationalAdminFactory(UserFactory):
    role = "national_admin"
    is_staff = True
    is_superuser = True


def region(code):
    return Region.objects.get(code=code)


def commune_in(region_code):
    """The first commune of a region, for tests that need a place."""
    return Commune.objects.filter(province__region__code=region_code).order_by("code").first()


class RegionalHubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalHub
        django_get_or_create = ("region",)

    @classmethod
    def _get_manager(cls, model_class):
        return model_class.objects.unscoped()

    region = factory.LazyFunction(lambda: Region.objects.get(code="09"))
    slug = factory.LazyAttribute(lambda h: f"hub-{h.region.slug}")
    name_ar = factory.LazyAttribute(lambda h: f"القطب الجهوي {h.region.name_ar}")
    name_fr = factory.LazyAttribute(lambda h: f"Pôle ESS {h.region.name_fr}")
    status = RegionalHub.Status.OPEN


class HubServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubService

    hub = factory.SubFactory(RegionalHubFactory)
    kind = HubService.Kind.TRAINING
