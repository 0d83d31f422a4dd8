"""The benchmark's yardsticks and scenarios work on the test database (no timing here)."""

import json
import re
from urllib.parse import quote_plus as quote

import pytest

from bench.scenarios import MIX_KIND, endpoints
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


# ---------------------------------------------------------------- the realistic mix

@pytest.fixture
def small_national(bench_urls):
    """A few cooperatives, events and ideas: enough vocabulary for every list."""
    from tests.events.factories import EventFactory
    from tests.projects_bank.factories import IdeaFactory

    CooperativeFactory.create_batch(4, region_code="09")
    CooperativeFactory.create_batch(2, region_code="03")
    EventFactory.create_batch(2)
    IdeaFactory.create_batch(2, status="accepted")


def test_mix_draws_distinct_urls_for_every_list(small_national):
    from bench.mix import build_mix

    mix = build_mix(per_list=12)

    assert set(mix) == set(MIX_KIND)
    for name, requests in mix.items():
        assert requests, name
        assert len(set(requests)) == len(requests), name
        for language, path in requests:
            assert language in ("ar", "fr") and path.startswith("/")
            if MIX_KIND[name] == "html":
                assert path.startswith(f"/{language}/")


def test_mix_searches_typos_and_latin_spellings_of_arabic_names(small_national):
    from bench.mix import CROSS_SCRIPT, TYPOS, build_mix

    searches = [path for _l, path in build_mix(per_list=300)["API cooperatives search"]]

    assert any(quote(word) in path for word in TYPOS for path in searches)
    assert any(quote(word) in path for word in CROSS_SCRIPT for path in searches)


def test_every_mix_url_answers(client, small_national):
    from bench.mix import build_mix

    # Pages are drawn within the data's own lists (published ideas, a filter's own rows): a
    # page past the end would measure a cheap 404 instead of a list.
    for name, requests in build_mix(per_list=30).items():
        for language, path in requests:
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (name, path, response.status_code)


def test_targets_name_what_is_missed():
    from bench.run import check_targets

    api = {"kind": "api", "cold_p95_ms": 31.0, "queries_max": 4}
    html = {"kind": "html", "cold_p95_ms": 31.0, "queries_max": 7}
    mix = {"kind": "mix", "vs_floor": 0.6}

    assert [(c[0], c[3]) for c in check_targets(api)] == [("cold p95", False),
                                                          ("queries", True)]
    assert [(c[0], c[3]) for c in check_targets(html)] == [("cold p95", True),
                                                           ("queries", False)]
    assert [(c[0], c[3]) for c in check_targets(mix)] == [("÷floor", True)]


def test_scale_10_compares_with_the_latest_scale_1_run(tmp_path, monkeypatch):
    from bench import run

    monkeypatch.setattr(run, "RESULTS", tmp_path)
    older = {"when": "1", "scale": 1, "mix": [{"name": "API events", "p95_ms": 100.0,
                                               "cold_p95_ms": 10.0}]}
    newer = {"when": "2", "scale": 1, "mix": [{"name": "API events", "p95_ms": 20.0,
                                               "cold_p95_ms": 10.0}]}
    (tmp_path / "20260101-000000-x1.json").write_text(json.dumps(older))
    (tmp_path / "20260102-000000-x1.json").write_text(json.dumps(newer))
    report = {"mix": [{"name": "API events", "p95_ms": 30.0, "cold_p95_ms": 12.0}]}

    versus = run.versus_scale_1(report)

    assert versus["baseline"] == "2"
    assert versus["rows"]["API events"] == pytest.approx({"p95_ms": 1.5, "cold_p95_ms": 1.2})


def test_each_scale_has_its_own_database(monkeypatch):
    from bench.run import bench_database_url

    monkeypatch.setenv("DATABASE_URL", "postgres://u@h:5432/ess")

    assert bench_database_url()[1] == "ess_bench"
    assert bench_database_url(10)[1] == "ess_bench_x10"
    assert bench_database_url(10)[0].endswith("/ess_bench_x10")


# ---------------------------------------------------------------- the search rows (issue 20)

def test_search_rows_cover_every_kind_on_every_searched_list():
    from bench.scenarios import SEARCH_KINDS, SEARCHED_LISTS, search_name, search_requests

    rows = search_requests()

    assert set(SEARCH_KINDS) == {"exact", "fuzzy", "cross-script", "typo+script"}
    assert set(rows) == {search_name(list_name, kind) for list_name, *_rest in SEARCHED_LISTS
                         for kind in SEARCH_KINDS}
    assert {list_name for list_name, *_rest in SEARCHED_LISTS} == {
        "HTML directory", "API cooperatives", "API products"}
    for kind, queries in SEARCH_KINDS.items():
        for list_name, *_rest in SEARCHED_LISTS:
            requests = rows[search_name(list_name, kind)]
            for query in queries:
                for language in ("ar", "fr"):
                    assert any(lang == language and quote(query) in path
                               for lang, path in requests), (kind, list_name, query, language)


def test_search_rows_ask_the_queries_of_the_issue():
    from bench.scenarios import SEARCH_KINDS

    assert SEARCH_KINDS["fuzzy"] == ["Tifaoute", "Assalm", "Tamaynout", "تيفوت", "زعفرن"]
    assert SEARCH_KINDS["cross-script"] == ["Tiznit", "تيزنيت", "Béni Mellal", "وجدة",
                                            "Safran", "Agriculture", "الصيد التقليدي"]
    assert SEARCH_KINDS["typo+script"] == ["Tiznitt"]


def test_every_search_row_answers(client, argan_in_souss):
    from bench.scenarios import search_requests

    for name, requests in search_requests().items():
        for language, path in requests:
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (name, path)
            assert path.isascii()  # wrk's request file


def test_search_rows_are_held_to_ten_times_the_floor_and_printed_apart(capsys):
    from bench import run
    from bench.scenarios import search_name

    def measured(name, cold):
        return {"name": name, "kind": "search", "urls": 8, "p50_ms": 3.0, "p95_ms": 6.0,
                "p99_ms": 9.0, "rps": 500.0, "cold_p95_ms": cold, "queries_max": 5}

    fuzzy = measured(search_name("API products", "fuzzy"), 21.0)
    exact = measured(search_name("HTML directory", "exact"), 19.0)
    floor = {"name": "framework floor (search)", "kind": "floor", "urls": 1, "p50_ms": 1.0,
             "p95_ms": 2.0, "p99_ms": 3.0, "rps": 5000.0}
    args = type("Args", (), {"scale": 1, "cooperatives": 10, "seconds": 1,
                             "connections": 8})()

    report = run.summarise([], [], {}, args, search_rows=[exact, fuzzy, floor])
    report["load"] = {"before": {}, "after": {}}
    run.print_table(report)
    printed = capsys.readouterr().out

    assert exact["floor_limit_ms"] == fuzzy["floor_limit_ms"] == 20.0
    assert [(c[0], c[3]) for c in exact["targets"]] == [("cold p95 ÷ floor p95", True),
                                                        ("queries", True)]
    assert [(c[0], c[3]) for c in fuzzy["targets"]] == [("cold p95 ÷ floor p95", False),
                                                        ("queries", True)]
    lines = {line.split("  ")[0].strip(): line for line in printed.splitlines()}
    assert "≤20.0" in lines[exact["name"]] and lines[exact["name"]].endswith("yes")
    assert "≤20.0" in lines[fuzzy["name"]] and lines[fuzzy["name"]].endswith("NO")
    assert "framework floor (search)" in lines


# ---------------------------------------------------------------- seeding (COPY)

def test_seeding_writes_whole_cooperatives_with_their_products_and_a_second_run_adds_nothing(
        territory):
    import io
    import random

    from django.core.management import call_command

    from bench import dataset
    from cooperatives.models import Cooperative, Product, Sector
    from events.models import Event
    from projects_bank.models import ProjectIdea
    from regional_hubs.models import Commune
    from regional_hubs.scoping import unscoped

    call_command("seed_national", cooperatives=120, stdout=io.StringIO())
    synthetic = Cooperative.objects.unscoped().filter(registration_number__startswith="SYN-")
    assert synthetic.count() == 120
    assert not synthetic.filter(search_text="").exists()
    assert not synthetic.filter(created_at__isnull=True).exists()
    assert Product.objects.unscoped().filter(cooperative__in=synthetic).count() >= 120
    # The keys came from the table's own sequence: an ordinary save gets a fresh one.
    assert CooperativeFactory().pk > max(synthetic.values_list("pk", flat=True))

    communes = list(Commune.objects.select_related("province").only(
        "id", "province_id", "province__region_id"))
    sectors = list(Sector.objects.values_list("id", flat=True))
    with unscoped():  # as ensure_national runs them
        for _run in range(2):
            dataset._ideas(random.Random(1), communes, sectors, 40)
            dataset._events(random.Random(1), communes, 15)
    bench_ideas = ProjectIdea.objects.unscoped().filter(author__username=dataset.BENCH_AUTHOR)
    assert bench_ideas.count() == 40
    assert Event.objects.unscoped().filter(slug__startswith="bench-").count() == 15
    assert not bench_ideas.filter(created_at__isnull=True).exists()


def test_the_in_process_snippets_import_what_exists():
    """The code bench/scenarios.py runs in a separate Python process is only read at the end
    of a ten-minute run: each name it imports must exist now (a module moved or renamed
    would otherwise lose the whole run's table)."""
    import ast
    import importlib

    from bench import scenarios

    snippets = {name: value for name, value in vars(scenarios).items()
                if name.isupper() and isinstance(value, str) and "import " in value}
    assert {"NATIONAL_REPORT", "RUN_IMPORT", "COLD_REQUESTS"} <= set(snippets)
    for name, code in snippets.items():
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.ImportFrom):
                module = importlib.import_module(node.module)
                for alias in node.names:
                    assert hasattr(module, alias.name) or importlib.util.find_spec(
                        f"{node.module}.{alias.name}"), f"{name}: {node.module}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    importlib.import_module(alias.name)
