import io

import pytest
from PIL import Image

from tests.cooperatives.factories import CooperativeFactory


@pytest.fixture
def cooperative(souss_massa):
    return CooperativeFactory(region_code="09")


@pytest.fixture
def other_cooperative(fes_meknes):
    return CooperativeFactory(region_code="03")


@pytest.fixture
def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "orange").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
