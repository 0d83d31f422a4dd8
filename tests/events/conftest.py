import pytest

from .factories import EventFactory


@pytest.fixture
def event(souss_massa):
    return EventFactory(region=souss_massa)


@pytest.fixture
def small_event(souss_massa):
    return EventFactory(region=souss_massa, capacity=2)
