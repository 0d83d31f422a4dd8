import pytest

from regional_hubs.models import HubService
from regional_hubs.services import load_indicators
from tests.factories import RegionalHubFactory


@pytest.fixture
def souss_hub(souss_massa):
    hub = RegionalHubFactory(region=souss_massa, slug="pole-souss-massa",
                             name_ar="قطب سوس ماسة", name_fr="Pôle Souss-Massa")
    HubService.objects.create(hub=hub, kind=HubService.Kind.TRAINING,
                              description_ar="تكوين", description_fr="Formation")
    return hub


@pytest.fixture
def fes_hub(fes_meknes):
    hub = RegionalHubFactory(region=fes_meknes, slug="pole-fes-meknes",
                             name_ar="قطب فاس مكناس", name_fr="Pôle Fès-Meknès")
    HubService.objects.create(hub=hub, kind=HubService.Kind.COWORKING)
    return hub


@pytest.fixture
def indicators(territory):
    load_indicators()


@pytest.fixture
def delegate_client(client, delegate):
    client.force_login(delegate)
    return client


@pytest.fixture
def admin_client_national(client, national_admin):
    client.force_login(national_admin)
    return client
