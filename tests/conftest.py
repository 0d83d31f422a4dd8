import pytest
from django.utils import translation

from regional_hubs.models import Commune, Region
from regional_hubs.services import load_territory

# The real SMS gateway (Kannel) the SMS tests send through: fixtures kannel, sms_gateway;
# an S3-compatible server (moto) for the object storage tests: s3_server, s3_bucket.
pytest_plugins = ["tests.notifications.kannel", "tests.s3"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the official territory once; each test's transaction rolls back to it."""
    with django_db_blocker.unblock():
        load_territory()


@pytest.fixture
def territory(db):
    """The territory, reloaded if a transactional test flushed it."""
    if not Commune.objects.exists():
        load_territory()
    return Region.objects.all()


@pytest.fixture
def souss_massa(territory):
    return Region.objects.get(code="09")


@pytest.fixture
def fes_meknes(territory):
    return Region.objects.get(code="03")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the local-memory cache outlives a test), and
    without the directory's reference data kept in the process."""
    from django.core.cache import cache

    from cooperatives.cache import forget_reference_data

    cache.clear()
    forget_reference_data()


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    translation.activate("ar")


@pytest.fixture
def delegate(souss_massa):
    from tests.factories import DelegateFactory

    return DelegateFactory(region=souss_massa)


@pytest.fixture
def other_delegate(fes_meknes):
    from tests.factories import DelegateFactory

    return DelegateFactory(region=fes_meknes)


@pytest.fixture
def national_admin(db):
    from tests.factories import NationalAdminFactory

    return NationalAdminFactory()


@pytest.fixture
def member(db):
    from tests.factories import UserFactory

    return UserFactory()
