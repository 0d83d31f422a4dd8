from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, Registration, Session
from regional_hubs.models import Region


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = Event.Kind.WORKSHOP
    title_ar = factory.Sequence(lambda n: f"ورشة الاقتصاد التضامني {n}")
    title_fr = factory.Sequence(lambda n: f"Atelier ESS {n}")
    slug = factory.Sequence(lambda n: f"atelier-ess-{n}")
    venue_ar = "قاعة الاجتماعات"
    venue_fr = "Salle de réunion"
    region = factory.LazyFunction(lambda: Region.objects.get(code="09"))
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=4))
    capacity = None


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda s: s.event.starts_at)
    title_ar = "الجلسة الافتتاحية"
    title_fr = "Séance d'ouverture"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Invité {n}")
    email = factory.Sequence(lambda n: f"guest{n}@example.ma")
    language = "fr"
