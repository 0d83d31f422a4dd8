"""The benchmark's yardsticks and scenarios work on the test database (no timing here)."""

import json
import re

import pytest

from bench.scenarios import endpoints
from tests.cooperatives.factories import CooperativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_urls(settings, territory):
    settings.ROOT_URLCONF = "bench.urls"


@pytest.fixture
def argan_in_souss(bench_urls):
    return CooperativeFactory.create_batch(3, region_code="09")


def test_framework_floor_answers_the_asked_size(client, bench_urls):
    response = client.get("/bench/floor/?bytes=5000")

    assert response.status_code == 200
    assert len(response.content) == 5000
    assert json.loads(response.content)["p"]


def test_data_floor_reads_the_filtered_page_in_one_query(
        client, argan_in_souss, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/bench/data-floor/?region=09&sector=argan&page=1&page_size=2")

    rows = json.loads(response.content)["results"]
    assert [row["registration_number"] for row in rows] == sorted(
        (c.registration_number for c in argan_in_souss),
        key=lambda n: next(c.name_ar for c in argan_in_souss if c.registration_number == n),
    )[:2]
    assert rows[0]["region"] == "09"
    assert rows[0]["sector"] == "argan"


def test_naive_drf_lists_the_same_filtered_cooperatives(client, argan_in_souss):
    response = client.get("/bench/naive/cooperatives/?region__code=09&sector__slug=argan")

    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_every_scenario_answers_200(client, argan_in_souss):
    for endpoint in endpoints():
        path = endpoint["path"]
        if endpoint.get("floor_of"):
            path += "?bytes=100"
        # Three cooperatives here: the deep page becomes the first one.
        path = re.sub(r"([?&])page=\d+", r"\1page=1", path)
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=endpoint.get("language", "ar"))
        assert response.status_code == 200, endpoint["name"]


def test_scenario_floors_and_groups_name_existing_rows():
    rows = endpoints()
    names = {row["name"] for row in rows}
    assert len(names) == len(rows)
    for row in rows:
        assert row["group"] and row["path"].startswith("/")
        if row.get("floor_of"):
            assert row["floor_of"] in names
            assert row["name"] == f"framework floor ({row['group']})"
    assert {"framework floor (directory)", "data floor (directory)",
            "naive DRF (directory)"} <= names
