"""What `make bench` measures: the endpoints driven by wrk, and the in-process measures.

`endpoints()` is read by bench/run.py before Django is set up, so it holds plain data:
each entry has a name, a group (rows are compared with the "framework floor (<group>)"
and "naive DRF (<group>)" rows of the same group), a path, the Accept-Language, and
optionally ``floor_of`` (the framework floor sized like that row's responses) and
``count_queries`` (False: do not count the queries of this path).

`search_requests()` (plain data too) gives the search rows: each kind of search (exact,
fuzzy, cross-script, typo and script at once) on the directory page and the cooperatives
and products APIs, each row a few queries in both interface languages, measured like the
mix's lists and held to a target against the framework floor (``SEARCH_FLOOR_FACTOR``).

`extra_measures()` runs after the load: the 65,000-row CSV export streamed from the
server (peak worker memory growth), the import of a 65,000-row spreadsheet and the
national PDF report (timed in a separate Python process against the bench database).
"""

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Souss-Massa and argan: the largest argan population of the country (see seed_national).
REGION, REGION_SLUG, SECTOR = "09", "souss-massa", "argan"
# A qualifier seed_national puts in about one name in sixteen ("الأمل" -> "الامل").
SEARCH = urllib.parse.quote("الأمل")  # wrk wants an ASCII URL
DEEP_PAGE = 200

FILTER = f"region={REGION}&sector={SECTOR}"
API = "/api/v1/cooperatives/"


# The realistic mix's lists (bench/mix.py builds their URLs): (kind, name); the kind
# chooses the target (API lists and searches, or HTML pages).
MIX_LISTS = [
    ("api", "API cooperatives"), ("api", "API cooperatives search"),
    ("api", "API products"), ("api", "API events"), ("api", "API ideas"),
    ("api", "API calls"), ("api", "API territory"), ("api", "API financing"),
    ("api", "API partners"),
    ("html", "HTML directory"), ("html", "HTML directory search"), ("html", "HTML events"),
    ("html", "HTML ideas"), ("html", "HTML needs"), ("html", "HTML region pages"),
]
MIX_KIND = {name: kind for kind, name in MIX_LISTS}


# Searches by kind, beside one another (issue 20): what people type, exactly as the names
# are written, with one letter wrong or missing, in the other script, or both at once.
SEARCH_KINDS = {
    "exact": ["الأمل", "النجاح", "Tifaout", "Annajah"],
    "fuzzy": ["Tifaoute", "Assalm", "Tamaynout", "تيفوت", "زعفرن"],
    "cross-script": ["Tiznit", "تيزنيت", "Béni Mellal", "وجدة", "Safran", "Agriculture",
                     "الصيد التقليدي"],
    "typo+script": ["Tiznitt"],
}
# The lists searched: (name, path ("{language}": the interface's), query parameter, kind).
SEARCHED_LISTS = [
    ("HTML directory", "/{language}/cooperatives/", "q", "html"),
    ("API cooperatives", API, "search", "api"),
    ("API products", "/api/v1/products/", "search", "api"),
]
# A search row meets its target when its cold p95 is at most this many times the
# framework floor's p95 ("framework floor (search)", sized like the searches' answers).
SEARCH_FLOOR_FACTOR = 10


def search_name(list_name, kind):
    return f"{list_name} search, {kind}"


def search_requests():
    """{row name: [(language, path)]}: every query of a kind on one list, in both interface
    languages (plain data: run.py reads it before Django is set up)."""
    rows = {}
    for list_name, path, parameter, _kind in SEARCHED_LISTS:
        for kind, queries in SEARCH_KINDS.items():
            rows[search_name(list_name, kind)] = [
                (language, f"{path.format(language=language)}?"
                           f"{urllib.parse.urlencode({parameter: query})}")
                for query in queries for language in ("ar", "fr")]
    return rows


SEARCH_ROW_KIND = {search_name(list_name, kind): kind
                   for list_name, _path, _parameter, _list_kind in SEARCHED_LISTS
                   for kind in SEARCH_KINDS}


def endpoints():
    return [
        # 1-5: the directory, side by side with its yardsticks.
        {"name": "API region+sector", "group": "directory", "path": f"{API}?{FILTER}"},
        {"name": "API Arabic search", "group": "directory", "path": f"{API}?search={SEARCH}"},
        {"name": f"API deep page ({DEEP_PAGE})", "group": "directory",
         "path": f"{API}?page={DEEP_PAGE}"},
        {"name": "API region+sector, 100 a page", "group": "directory",
         "path": f"{API}?{FILTER}&page_size=100"},
        {"name": "HTML directory region+sector", "group": "directory",
         "path": f"/ar/cooperatives/?{FILTER}"},
        {"name": "HTML directory search", "group": "directory",
         "path": f"/ar/cooperatives/?q={SEARCH}"},
        {"name": "framework floor (directory)", "group": "directory",
         "path": "/bench/floor/", "floor_of": "API region+sector", "count_queries": False},
        {"name": "data floor (directory)", "group": "directory",
         "path": f"/bench/data-floor/?{FILTER}&page=1&page_size=20"},
        {"name": "naive DRF (directory)", "group": "directory",
         "path": f"/bench/naive/cooperatives/?region__code={REGION}&sector__slug={SECTOR}"},
        # The other lists and the territorial aggregation.
        {"name": "API events", "group": "events", "path": "/api/v1/events/"},
        {"name": "HTML events", "group": "events", "path": "/ar/events/"},
        {"name": "framework floor (events)", "group": "events", "path": "/bench/floor/",
         "floor_of": "API events", "count_queries": False},
        {"name": "API ideas", "group": "ideas", "path": "/api/v1/ideas/"},
        {"name": "HTML ideas", "group": "ideas", "path": "/ar/projects/ideas/"},
        {"name": "framework floor (ideas)", "group": "ideas", "path": "/bench/floor/",
         "floor_of": "API ideas", "count_queries": False},
        {"name": "API territory (region 09)", "group": "needs",
         "path": f"/api/v1/territories/regions/{REGION}/"},
        {"name": "HTML national needs", "group": "needs", "path": "/ar/regions/needs/"},
        {"name": "HTML region needs (09)", "group": "needs",
         "path": f"/ar/regions/{REGION_SLUG}/needs/"},
        # The interactive map's server-side clusters over every seeded cooperative (one
        # GROUP BY per view), and the home page's national figures.
        {"name": "Map clusters, Morocco (zoom 5)", "group": "directory",
         "path": "/ar/cooperatives/map/clusters/?bbox=-17.5,20.5,-0.5,36.5&zoom=5"},
        {"name": "Map clusters, Souss-Massa argan (zoom 8)", "group": "directory",
         "path": f"/ar/cooperatives/map/clusters/?bbox=-10.5,29,-7.5,31.5&zoom=8&{FILTER}"},
        {"name": "HTML home", "group": "directory", "path": "/ar/"},
    ]


# ---------------------------------------------------------------- in-process measures

def _python(env, code, extra_env=None):
    """Run Django code in a fresh process; return what it printed after 'BJSON '."""
    out = subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code],
                         cwd=ROOT, env={**env, **(extra_env or {})}, check=True,
                         capture_output=True, text=True).stdout
    match = re.search(r"^BJSON (.*)$", out, re.MULTILINE)
    return json.loads(match.group(1)) if match else None


WRITE_SPREADSHEET = """
import csv
from cooperatives.models import Cooperative
header = ["registration_number", "name_ar", "name_fr", "legal_form", "sector", "commune",
          "founded_on", "members_count", "women_members", "youth_members", "women_led",
          "youth_led", "phone", "email", "website", "latitude", "longitude"]
rows = (Cooperative.objects.unscoped().order_by("pk").values_list(
    "registration_number", "name_ar", "name_fr", "legal_form", "sector__slug",
    "commune__code", "founded_on", "members_count", "women_members", "youth_members",
    "women_led", "youth_led", "phone", "email", "website", "latitude", "longitude")
    .iterator(chunk_size=5000))
count = 0
with open(PATH, "w", newline="", encoding="utf-8") as handle:
    writer = csv.writer(handle)
    writer.writerow(header)
    for row in rows:
        # Every row brings a change (one more member), so every cooperative is written
        # again with its change record: the import's full path, not its "unchanged" skip.
        row = list(row)
        row[7] += 1
        writer.writerow(["" if v is None else ("1" if v is True else "0" if v is False else v)
                         for v in row])
        count += 1
print("BJSON " + str(count))
"""

RUN_IMPORT = """
import time
from pathlib import Path
from django.core.files import File
from cooperatives import services
from cooperatives.models import ImportJob
from ess_platform.demo import demo_user
path = Path(PATH)
with path.open("rb") as handle:
    job = ImportJob.objects.create(created_by=demo_user("admin@demo.ess.ma"),
                                   file=File(handle, name=path.name), original_name=path.name,
                                   status=ImportJob.Status.PENDING)
started = time.perf_counter()
services.execute_import_job(job_id=job.pk)
elapsed = time.perf_counter() - started
job.refresh_from_db()
result = {"seconds": elapsed, "status": job.status, "created": job.created_count,
          "updated": job.updated_count, "rejected": job.rejected_count, "error": job.error}
job.delete()
print("BJSON " + __import__("json").dumps(result))
"""

NATIONAL_REPORT = """
import datetime, json, time
from django.utils import timezone, translation
from ess_platform.demo import demo_user
from ess_platform.reports import rendering, services
from ess_platform.reports.models import Report
from ess_platform.kernel.registry import report_sections
end = timezone.localdate()
report = Report.objects.create(requester=demo_user("admin@demo.ess.ma"), region=None,
                               period_start=end - datetime.timedelta(days=365),
                               period_end=end, language="ar")
with translation.override("ar"):
    started = time.perf_counter()
    sections = [builder(report) for _key, builder in report_sections()]
    collected = time.perf_counter()
    pdf = rendering.to_bytes(rendering.write_pdf, report, sections)
    rendered = time.perf_counter()
result = {"sections_s": collected - started, "pdf_s": rendered - collected,
          "pdf_bytes": len(pdf)}
started = time.perf_counter()
services.build_report(report_id=report.pk)
result["full_build_s"] = time.perf_counter() - started
report.refresh_from_db()
result["status"] = report.status
report.delete()
print("BJSON " + json.dumps(result))
"""


COLD_REQUESTS = """
import json, statistics, time
from django.core.cache import cache
from django.test import Client
client = Client(HTTP_ACCEPT_LANGUAGE="ar")
out = {}
for name, path in PATHS:
    client.get(path)
    timings = []
    for _ in range(40):
        cache.clear()  # every request misses the directory cache
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    out[name] = [statistics.median(timings), timings[int(len(timings) * 0.95) - 1]]
print("BJSON " + json.dumps(out))
"""

# The wrk rows above repeat one URL, so after the first request they read the directory
# cache; these show the same requests with the cache missed every time (one client, no
# concurrency, in-process: the cost of a first visit to a page).
COLD_PATHS = [
    ("API region+sector, cache missed", f"{API}?{FILTER}"),
    ("API Arabic search, cache missed", f"{API}?search={SEARCH}"),
    (f"API deep page ({DEEP_PAGE}), cache missed", f"{API}?page={DEEP_PAGE}"),
    ("HTML directory region+sector, cache missed", f"/ar/cooperatives/?{FILTER}"),
]


def extra_measures(env, server, base, export_memory, timed_python):
    measures = {}
    scratch = Path(tempfile.mkdtemp(prefix="ess-bench-"))
    quiet = _quiet(scratch)
    try:
        cold = _python(env, f"PATHS = {COLD_PATHS!r}\n" + COLD_REQUESTS, quiet) or {}
        for name, (p50, p95) in cold.items():
            measures[f"{name}: p50, p95"] = f"{p50:.1f} ms, {p95:.1f} ms"

        growth, seconds, size = export_memory(server, f"{base}/ar/cooperatives/export.csv")
        measures["CSV export: worker memory growth"] = f"{growth:.1f} MB"
        measures["CSV export: time, size"] = f"{seconds:.1f} s, {size / 1e6:.1f} MB"

        measures.update(_import_measures(env, scratch, quiet))

        report = {}
        wall = _timed(lambda: report.update(_python(env, NATIONAL_REPORT, quiet) or {}))
        measures["national report: sections"] = f"{report.get('sections_s', 0):.1f} s"
        measures["national PDF: render"] = (f"{report.get('pdf_s', 0):.1f} s, "
                                            f"{report.get('pdf_bytes', 0) / 1e3:.0f} kB")
        measures["national PDF: sections + render"] = (
            f"{report.get('sections_s', 0) + report.get('pdf_s', 0):.1f} s")
        measures["national report: full build (+CSV, XLSX)"] = (
            f"{report.get('full_build_s', 0):.1f} s {report.get('status', '')}")
        measures["national report: process wall"] = f"{wall:.1f} s"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return measures


def _quiet(scratch):
    """Files the import and the report write go to a scratch directory, mails to memory."""
    return {"DJANGO_MEDIA_ROOT": str(scratch / "media"),
            "REPORTS_ROOT": str(scratch / "reports"),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}


def _import_measures(env, scratch, quiet):
    """Write a spreadsheet of every cooperative, each with one more member, and time its
    import (every row updated, with its change record)."""
    measures = {}
    spreadsheet = scratch / "cooperatives.csv"
    rows = _python(env, f"PATH = {str(spreadsheet)!r}\n" + WRITE_SPREADSHEET)
    code = f"PATH = {str(spreadsheet)!r}\n" + RUN_IMPORT
    result = {}

    def run():
        result.update(_python(env, code, quiet) or {})

    wall = _timed(run)
    measures["import: rows"] = (
        f"{rows} ({result.get('created', 0)} created, {result.get('updated', 0)} updated, "
        f"{result.get('rejected', 0)} rejected) {result.get('status', '')}"
        + (f" {result['error']}" if result.get("error") else ""))
    measures["import: seconds (in-process)"] = f"{result.get('seconds', 0):.1f} s"
    measures["import: seconds (process wall)"] = f"{wall:.1f} s"
    return measures


def import_measures(env):
    """Only the import's measures (`bench/run.py --only-import`)."""
    scratch = Path(tempfile.mkdtemp(prefix="ess-bench-"))
    try:
        return _import_measures(env, scratch, _quiet(scratch))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _timed(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


# ---------------------------------------------------------------- the realistic mix

BUILD_MIX = """
import json
from bench.mix import build_mix
print("BJSON " + json.dumps(build_mix(), ensure_ascii=False))
"""

# Each sampled URL once with the cache missed: the time a first visitor waits (one
# client, in-process) and the queries the request makes.
COLD_AND_QUERIES = """
import json, statistics, time
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
out = {}
for name, requests in SAMPLE.items():
    timings, queries, failures = [], [], []
    for language, path in requests[:2]:  # warm the process (imports, templates)
        client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    # Every URL as many times as makes MIN_SAMPLES (a search row has 10 to 14 URLs: their
    # p95 would be their slowest single request, one pause of the machine).
    rounds = -(-MIN_SAMPLES // max(len(requests), 1))
    for language, path in requests * rounds:
        cache.clear()  # every request misses the directory cache
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            status = client.get(path, HTTP_ACCEPT_LANGUAGE=language).status_code
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(ctx.captured_queries))
        if status != 200:
            failures.append([status, path])
    timings.sort()
    out[name] = {"cold_p50_ms": statistics.median(timings),
                 "cold_p95_ms": timings[max(0, int(round(len(timings) * 0.95)) - 1)],
                 "queries_max": max(queries), "queries_mean": statistics.mean(queries),
                 "cold_samples": len(timings), "not_200": failures[:5]}
print("BJSON " + json.dumps(out))
"""


def mix_requests(env):
    """{list name: [(language, path)]}, built from the bench database's vocabulary."""
    mix = _python(env, BUILD_MIX)
    return {name: [tuple(request) for request in requests] for name, requests in mix.items()}


#: The fewest requests a cold p95 is taken from (each URL repeated to reach it).
COLD_MIN_SAMPLES = 40


def cold_and_queries(env, sample):
    code = (f"SAMPLE = {json.dumps(sample, ensure_ascii=False)}\n"
            f"MIN_SAMPLES = {COLD_MIN_SAMPLES}\n" + COLD_AND_QUERIES)
    return _python(env, code) or {}
