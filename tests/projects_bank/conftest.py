import pytest

from tests.factories import RegionalHubFactory, UserFactory

from .factories import SectorFactory


@pytest.fixture
def sector(db):
    return SectorFactory(slug="argan", name_ar="الأركان", name_fr="Argan")


@pytest.fixture
def author(db):
    return UserFactory(preferred_language="ar")


@pytest.fixture
def hub(souss_massa):
    return RegionalHubFactory(region=souss_massa)
