import io

import pytest

from ess_platform.demo import seed_accounts
from events import demo
from events.models import Event, Registration

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(territory):
    seed_accounts()
    demo.seed(io.StringIO())
    counts = (Event.objects.unscoped().count(), Registration.objects.unscoped().count())
    demo.seed(io.StringIO())
    assert (Event.objects.unscoped().count(), Registration.objects.unscoped().count()) == counts
    assert counts[0] == 8


def test_demo_has_the_terress_gathering_over_three_days(territory):
    demo.seed(io.StringIO())
    event = Event.objects.unscoped().get(slug="terress-agadir-2025")
    assert event.region.code == "09"
    assert event.spans_several_days
    assert event.sessions.count() >= 5


def test_demo_fair_has_one_place_left(territory):
    seed_accounts()
    demo.seed(io.StringIO())
    fair = Event.objects.unscoped().with_taken_places().get(slug="foire-produits-terroir-agadir")
    assert fair.accepts_registrations
    assert fair.places_left() == 1
