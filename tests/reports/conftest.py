import pytest


@pytest.fixture(autouse=True)
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = str(tmp_path / "reports")
    return tmp_path / "reports"


@pytest.fixture
def demo_data(territory):
    from .factories import demo_like_data

    return demo_like_data()
