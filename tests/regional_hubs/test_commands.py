import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_create_delegate_creates_a_staff_delegate_of_the_region(territory):
    call_command("create_delegate", "Amina@Example.ma", "--region", "09",
                 "--password", "a-long-pass-phrase-2025")
    user = get_user_model().objects.get(email__iexact="amina@example.ma")
    assert (user.role, user.region.code, user.is_staff) == ("delegate", "09", True)
    assert user.check_password("a-long-pass-phrase-2025")


def test_create_delegate_is_idempotent_and_reassigns(territory):
    call_command("create_delegate", "amina@example.ma", "--region", "09")
    call_command("create_delegate", "amina@example.ma", "--region", "03")
    users = get_user_model().objects.filter(email="amina@example.ma")
    assert users.count() == 1
    assert users.get().region.code == "03"


def test_create_delegate_refuses_an_unknown_region(territory):
    with pytest.raises(CommandError, match="Unknown region code '99'"):
        call_command("create_delegate", "amina@example.ma", "--region", "99")
    assert not get_user_model().objects.filter(email="amina@example.ma").exists()


def test_create_delegate_refuses_an_invalid_email(territory):
    with pytest.raises(CommandError):
        call_command("create_delegate", "not-an-email", "--region", "09")


def test_create_delegate_never_demotes_a_national_admin(national_admin):
    with pytest.raises(CommandError, match="national administrator"):
        call_command("create_delegate", national_admin.email, "--region", "09")


def test_load_indicators_is_idempotent(territory):
    from regional_hubs.models import TerritoryProfile

    call_command("load_indicators")
    count = TerritoryProfile.objects.count()
    call_command("load_indicators")
    assert TerritoryProfile.objects.count() == count == 1 + 12 + 83 + 1503


def test_demo_seed_is_idempotent(territory):
    from io import StringIO

    from regional_hubs import demo
    from regional_hubs.models import HubPartner, RegionalHub

    demo.seed(StringIO())
    demo.seed(StringIO())
    # Five hubs; the seven other regions get their delegation's accompaniment desk.
    places = RegionalHub.objects.unscoped()
    assert places.filter(kind="hub").count() == 5
    assert places.filter(kind="desk").count() == 7
    souss = RegionalHub.objects.unscoped().get(region__code="09")
    assert souss.status == "consultation"
    assert souss.milestones.get().happened_on.isoformat() == "2025-03-20"
    assert souss.services.count() == 4
    assert HubPartner.objects.unscoped().filter(hub=souss).count() == 4
