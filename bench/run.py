"""`make bench`: the national data set, the production server, a load generator, one table.

1. Seeds the national data set into its own database (`<DATABASE_URL name>_bench`, or
   `<name>_bench_x10` for `--scale 10`: 650,000 cooperatives, 300,000 ideas, 30,000
   events), once, then reuses it.
2. Serves the project with gunicorn as production runs it (ess_platform/gunicorn_conf.py:
   gthread, here 2 workers) on loopback, with bench/urls.py adding the yardsticks: the
   framework floor (a constant body of the same size), the data floor (one
   SQL query + orjson) and a naive DRF endpoint (ModelViewSet + ModelSerializer).
3. Drives single URLs beside their yardsticks, then the realistic mix (bench/mix.py:
   hundreds of distinct URLs per list, Arabic and French) with wrk at 8 connections;
   measures each list's queries per request and its p95 with the cache missed
   (in-process); then each kind of search (exact, fuzzy, cross-script, typo+script) on
   the directory page and the cooperatives and products APIs, as rows of their own beside
   a framework floor; times the import, the CSV export (peak worker memory) and the
   national PDF report.
4. Prints the tables with the targets beside the figures (and, at scale 10, each p95
   against the latest scale-1 run) and writes them as JSON under bench/results/, with the
   machine's load.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
if str(ROOT) not in sys.path:  # `python bench/run.py` puts bench/, not the project, first
    sys.path.insert(0, str(ROOT))


def bench_database_url(scale=1):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("make bench runs on PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name")
    parts = urllib.parse.urlsplit(url)
    name = (parts.path.lstrip("/") or "ess") + "_bench" + (f"_x{scale}" if scale != 1 else "")
    return urllib.parse.urlunsplit(parts._replace(path="/" + name)), name, url


def ensure_database(admin_url, name):
    import psycopg

    parts = urllib.parse.urlsplit(admin_url)
    with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")),
                         autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def environment(db_url):
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PYTHONPATH": str(ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "1",
    })
    env["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    # Self-contained: no Redis (local-memory cache, eager tasks), no mail server.
    for name in ("DJANGO_DEBUG", "REDIS_URL", "EMAIL_HOST"):
        env.pop(name, None)
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def seed(env, cooperatives, scale=1):
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_territory")
    manage(env, "seed_demo", "--quiet-accounts")
    code = (
        "import django; django.setup();"
        "from bench.dataset import ensure_national;"
        f"ensure_national(cooperatives={cooperatives}, scale={scale})"
    )
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=True)


def start_server(env, port):
    """gunicorn as production runs it (ess_platform/gunicorn_conf.py: gthread workers, whose
    timeout never cuts a long streamed export), with two workers, on loopback, and without
    the periodic worker restart (max_requests): at the bench's rates it would restart a
    worker every second and measure Django's start-up instead of the pages."""
    command = [shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn",
               "ess_platform.wsgi:application", "--config", "python:ess_platform.gunicorn_conf",
               "--log-level", "warning"]
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2",
           "GUNICORN_MAX_REQUESTS": "0", "GUNICORN_ACCESS_LOG": ""}
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    sys.exit("gunicorn did not answer /healthz within 60 s")


def worker_pids(server):
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def rss_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        return 0
    return 0


def wrk(url, seconds, connections, language, requests_file=None):
    """One wrk run: a single URL (report.lua), or the requests of a file (mix.lua)."""
    if requests_file:
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                   "-s", str(ROOT / "bench" / "mix.lua"), url, "--", str(requests_file)]
    else:
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                   "-H", f"Accept-Language: {language}", "-s",
                   str(ROOT / "bench" / "report.lua"), url]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"wrk failed on {url}: {done.stderr.strip() or done.stdout.strip()}")
    out = done.stdout
    match = re.search(r"^WRKJSON (.*)$", out, re.MULTILINE)
    data = json.loads(match.group(1))
    seconds_run = data["duration_us"] / 1e6
    return {
        "p50_ms": data["p50"] / 1000, "p95_ms": data["p95"] / 1000, "p99_ms": data["p99"] / 1000,
        "rps": data["requests"] / seconds_run, "errors": data["errors"],
        "requests": data["requests"],
        "bytes_per_request": data["bytes"] / max(data["requests"], 1),
        # The mix's responses that read at most the cache version (bench/mix.lua).
        "hit_ratio": (data["hits"] / data["answered"]) if data.get("answered") else None,
    }


def count_queries(env, paths):
    """Queries per request for each path, measured in a Django test client."""
    code = (
        "import django, json, sys; django.setup();"
        "from django.db import connection;"
        "from django.test import Client;"
        "from django.test.utils import CaptureQueriesContext;"
        "client = Client(HTTP_ACCEPT_LANGUAGE='ar'); out = {};"
        "paths = json.loads(sys.argv[1])\n"
        "for p in paths:\n"
        "    language, p = p if isinstance(p, list) else ('ar', p)\n"
        "    client.get(p, HTTP_ACCEPT_LANGUAGE=language)\n"
        "    with CaptureQueriesContext(connection) as ctx:\n"
        "        status = client.get(p, HTTP_ACCEPT_LANGUAGE=language).status_code\n"
        "    out[p] = [len(ctx.captured_queries), status]\n"
        "print('QJSON ' + json.dumps(out))"
    )
    out = subprocess.run([PYTHON, "-c", code, json.dumps(paths)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(re.search(r"^QJSON (.*)$", out, re.MULTILINE).group(1))


def timed_python(env, code):
    started = time.perf_counter()
    subprocess.run([PYTHON, "-c", "import django; django.setup();" + code], cwd=ROOT,
                   env=env, check=True)
    return time.perf_counter() - started


def export_memory(server, url):
    """Stream the export, sampling the workers' memory; return (MB growth, seconds, bytes)."""
    pids = worker_pids(server)
    baseline = {pid: rss_kib(pid) for pid in pids}
    peak = dict(baseline)
    started = time.perf_counter()
    size = 0
    with urllib.request.urlopen(url, timeout=300) as response:
        while chunk := response.read(256 * 1024):
            size += len(chunk)
            for pid in pids:
                peak[pid] = max(peak[pid], rss_kib(pid))
    elapsed = time.perf_counter() - started
    growth = max((peak[pid] - baseline[pid]) for pid in pids) / 1024
    return growth, elapsed, size


def load_average():
    one, five, fifteen = os.getloadavg()
    return {"1min": round(one, 2), "5min": round(five, 2), "15min": round(fifteen, 2),
            "cpus": os.cpu_count()}


def prepared_database(args):
    """The bench's database for ``args.scale``, created and seeded (unless ``--no-seed``):
    the environment of the processes that use it."""
    db_url, db_name, admin_url = bench_database_url(args.scale)
    ensure_database(admin_url, db_name)
    env = environment(db_url)
    if not args.no_seed:
        print(f"Seeding {db_name} (reused when already seeded)...", flush=True)
        seed(env, args.cooperatives, args.scale)
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1,
                        help="1: the national data set; 10: ten times (its own database)")
    parser.add_argument("--cooperatives", type=int, default=None,
                        help="default 65,000 times the scale")
    parser.add_argument("--seconds", type=int, default=8, help="load per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--cold-samples", type=int, default=40,
                        help="URLs of each list requested with the cache missed")
    parser.add_argument("--only-mix", action="store_true",
                        help="skip the single-URL rows and the import/export/report measures")
    parser.add_argument("--only", action="append", metavar="NAME", default=[],
                        help="run only the rows whose name contains NAME (case-insensitive, "
                             "repeatable): single URLs (with their group's yardsticks), mix "
                             "lists ('mix (all lists)' for the whole mix) and searches; "
                             "'measures' for the import, export and report; e.g. "
                             "--only 'API products' --only 'HTML directory'")
    parser.add_argument("--cold-only", action="store_true",
                        help="only each chosen mix list's and search's p95 and queries with "
                             "the cache missed (in-process: no server, no wrk)")
    parser.add_argument("--no-seed", action="store_true",
                        help="use the bench database as an earlier run seeded it (no "
                             "migrate, territory, demo or national data step)")
    parser.add_argument("--only-import", action="store_true",
                        help="only time the import of every cooperative, each with one more "
                             "member (no server, no wrk); repeat it to compare runs")
    args = parser.parse_args()
    args.cooperatives = args.cooperatives or 65_000 * args.scale
    if args.only_import:
        only_import(args)
        return

    if not args.cold_only and not shutil.which("wrk"):
        sys.exit("wrk is missing: `make bench` installs Debian's wrk package.")
    env = prepared_database(args)
    if args.cold_only:
        cold_only(env, args)
        return

    from bench.scenarios import extra_measures, mix_requests

    load_before = load_average()
    server = start_server(env, args.port)
    base = f"http://127.0.0.1:{args.port}"
    rows, mix_rows, search_rows, measures = [], [], [], {}
    scratch = Path(tempfile.mkdtemp(prefix="ess-bench-mix-"))
    try:
        if not args.only_mix:
            rows = single_urls(env, base, args)
        mix = mix_requests(env)
        mix_rows = drive_mix(env, base, args, mix, scratch)
        if not args.only_mix:
            search_rows = drive_searches(env, base, args, scratch)
        if not args.only_mix and wanted(args, "measures"):
            measures = extra_measures(env=env, server=server, base=base,
                                      export_memory=export_memory, timed_python=timed_python)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)

    report = summarise(rows, mix_rows, measures, args, search_rows=search_rows)
    report["load"] = {"before": load_before, "after": load_average()}
    if args.scale != 1:
        report["versus_scale_1"] = versus_scale_1(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{datetime.now():%Y%m%d-%H%M%S}-x{args.scale}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print_table(report)
    print(f"\nWritten to {path.relative_to(ROOT)}")


def only_import(args):
    """`--only-import`: the import's own measure (bench/scenarios.py), on the same seeded
    database and in the same way as the full run, with the machine's load before and
    after (the seeding step vacuums the tables, as before a full run; not with --no-seed)."""
    env = prepared_database(args)

    from bench.scenarios import import_measures

    load_before = load_average()
    measures = import_measures(env)
    print(f"\nLoad: {load_before} before, {load_average()} after "
          f"({args.scale}× data, {args.cooperatives} cooperatives)\n")
    for name, value in measures.items():
        print(f"{name:40} {value}")


def wanted(args, name):
    """Whether the row ``name`` runs: every row without ``--only``, else those it names."""
    return not args.only or any(part.lower() in name.lower() for part in args.only)


YARDSTICKS = ("framework floor", "data floor", "naive DRF")


def cold_only(env, args):
    """`--cold-only`: the chosen mix lists' and searches' p95 and queries with the cache
    missed, in-process, as the full run measures them."""
    from bench.scenarios import cold_and_queries, mix_requests, search_requests

    mix = {name: requests for name, requests in mix_requests(env).items()
           if wanted(args, name)}
    sample = {name: requests[:: max(1, len(requests) // args.cold_samples)][:args.cold_samples]
              for name, requests in mix.items()}
    sample.update({name: requests for name, requests in search_requests().items()
                   if wanted(args, name)})
    print(f"{'list (cache missed)':44} {'p50':>6} {'p95':>6} {'queries':>7}")
    for name, row in cold_and_queries(env, sample).items():
        print(f"{name:44} {row['cold_p50_ms']:6.1f} {row['cold_p95_ms']:6.1f} "
              f"{row['queries_max']:7}" + (f"  not 200: {row['not_200']}"
                                           if row["not_200"] else ""), flush=True)


def single_urls(env, base, args):
    """The single-URL rows with their yardsticks (framework floor, data floor, naive DRF)."""
    from bench.scenarios import endpoints

    rows = []
    targets = endpoints()
    groups = {t["group"] for t in targets if wanted(args, t["name"])}
    targets = [t for t in targets if wanted(args, t["name"]) or (
        t["group"] in groups and t["name"].startswith(YARDSTICKS))]
    queries = count_queries(env, [t["path"] for t in targets if t.get("count_queries", True)])
    for target in targets:
        url = base + target["path"]
        if target.get("floor_of"):
            size = next((r["bytes_per_request"] for r in rows
                         if r["name"] == target["floor_of"]), 1000)
            url = f"{base}/bench/floor/?bytes={int(size)}"
        wrk(url, 1, 2, target.get("language", "ar"))  # warm up
        result = wrk(url, args.seconds, args.connections, target.get("language", "ar"))
        q = queries.get(target["path"])
        rows.append({"name": target["name"], "group": target["group"],
                     "path": target["path"], **result,
                     "queries": q[0] if q else None, "status": q[1] if q else None})
        print(f"  {target['name']:38} p95 {result['p95_ms']:7.1f} ms  "
              f"{result['rps']:8.1f} req/s", flush=True)
    return rows


def _write_requests(path, requests):
    path.write_text("".join(f"{language} {url}\n" for language, url in requests))
    return path


def drive_mix(env, base, args, mix, scratch):
    """Each list's URLs at `connections`, then all lists together beside the framework
    floor; each list's p95 and queries with the cache missed."""
    import random

    from bench.scenarios import MIX_KIND, cold_and_queries

    rows = []
    everything = [request for requests in mix.values() for request in requests]
    random.Random(1).shuffle(everything)
    mix = {name: requests for name, requests in mix.items() if wanted(args, name)}
    sample = {name: requests[:: max(1, len(requests) // args.cold_samples)][:args.cold_samples]
              for name, requests in mix.items()}
    cold = cold_and_queries(env, sample)
    runs = [*mix.items(), *([("mix (all lists)", everything)]
                            if wanted(args, "mix (all lists)") else [])]
    if not runs:
        return rows
    for name, requests in runs:
        requests_file = _write_requests(scratch / f"{len(rows)}.txt", requests)
        wrk(base + "/", 1, 2, "ar", requests_file)  # warm up (connections, first pages)
        result = wrk(base + "/", args.seconds, args.connections, "ar", requests_file)
        row = {"name": name, "kind": MIX_KIND.get(name, "mix"), "urls": len(requests), **result}
        if name in cold:
            row.update(cold[name])
        rows.append(row)
        print(f"  {name:38} p95 {result['p95_ms']:7.1f} ms  {result['rps']:8.1f} req/s"
              + (f"  hits {result['hit_ratio']:.0%}" if result["hit_ratio"] is not None
                 else "")
              + (f"  cold p95 {row['cold_p95_ms']:6.1f} ms  queries ≤ {row['queries_max']}"
                 if "cold_p95_ms" in row else ""), flush=True)
    size = rows[-1]["bytes_per_request"]
    floor = wrk(f"{base}/bench/floor/?bytes={int(size)}", args.seconds, args.connections, "ar")
    rows.append({"name": "framework floor (mix)", "kind": "floor", "urls": 1, **floor})
    return rows


def drive_searches(env, base, args, scratch):
    """Each search row (a kind of search on one list: bench/scenarios.py) at
    `connections`, with its p95 and queries with the cache missed, then the framework floor
    sized like the searches' answers."""
    from bench.scenarios import SEARCH_ROW_KIND, cold_and_queries, search_requests

    rows = []
    searches = {name: requests for name, requests in search_requests().items()
                if wanted(args, name)}
    if not searches:
        return rows
    cold = cold_and_queries(env, searches)
    for name, requests in searches.items():
        requests_file = _write_requests(scratch / f"search-{len(rows)}.txt", requests)
        wrk(base + "/", 1, 2, "ar", requests_file)  # warm up
        result = wrk(base + "/", args.seconds, args.connections, "ar", requests_file)
        row = {"name": name, "kind": "search", "search": SEARCH_ROW_KIND[name],
               "urls": len(requests), **result, **cold.get(name, {})}
        rows.append(row)
        print(f"  {name:44} p95 {result['p95_ms']:7.1f} ms  {result['rps']:8.1f} req/s"
              + (f"  cold p95 {row['cold_p95_ms']:6.1f} ms" if "cold_p95_ms" in row else ""),
              flush=True)
    size = sum(r["bytes_per_request"] for r in rows) / max(len(rows), 1)
    floor = wrk(f"{base}/bench/floor/?bytes={int(size)}", args.seconds, args.connections, "ar")
    rows.append({"name": "framework floor (search)", "kind": "floor", "urls": 1, **floor})
    return rows


# ---------------------------------------------------------------- targets (issues #16, #20)

TARGETS = {
    "api_cold_p95_ms": 25, "html_cold_p95_ms": 50, "mix_vs_floor": 0.5, "queries": 6,
    "scale_10_ratio": 1.5,
}


def check_targets(row):
    """[(what, figure, target, met)] for one mix or search row (a search row's cold p95
    limit is ``floor_limit_ms``: SEARCH_FLOOR_FACTOR times the framework floor's p95)."""
    checks = []
    if row["kind"] == "search":
        if row.get("cold_p95_ms") is not None and row.get("floor_limit_ms") is not None:
            checks.append(("cold p95 ÷ floor p95", row["cold_p95_ms"], row["floor_limit_ms"],
                           row["cold_p95_ms"] <= row["floor_limit_ms"]))
    elif row.get("cold_p95_ms") is not None:
        limit = TARGETS["api_cold_p95_ms"] if row["kind"] == "api" else TARGETS[
            "html_cold_p95_ms"]
        checks.append(("cold p95", row["cold_p95_ms"], limit, row["cold_p95_ms"] <= limit))
    if row.get("queries_max") is not None:
        checks.append(("queries", row["queries_max"], TARGETS["queries"],
                       row["queries_max"] <= TARGETS["queries"]))
    if row.get("vs_floor") is not None:
        checks.append(("÷floor", row["vs_floor"], TARGETS["mix_vs_floor"],
                       row["vs_floor"] >= TARGETS["mix_vs_floor"]))
    return checks


def summarise(rows, mix_rows, measures, args, search_rows=()):
    by_name = {r["name"]: r for r in rows}
    for row in rows:
        floor = by_name.get(f"framework floor ({row['group']})")
        naive = by_name.get(f"naive DRF ({row['group']})")
        row["vs_floor"] = row["rps"] / floor["rps"] if floor and row is not floor else None
        row["vs_naive"] = row["rps"] / naive["rps"] if naive and row is not naive else None
    floor = next((r for r in mix_rows if r["name"] == "framework floor (mix)"), None)
    for row in mix_rows:
        row["vs_floor"] = (row["rps"] / floor["rps"]
                           if floor and row["name"] == "mix (all lists)" else None)
        row["targets"] = check_targets(row)
    from bench.scenarios import SEARCH_FLOOR_FACTOR

    search_rows = list(search_rows)
    floor = next((r for r in search_rows if r["name"] == "framework floor (search)"), None)
    for row in search_rows:
        row["floor_limit_ms"] = (SEARCH_FLOOR_FACTOR * floor["p95_ms"]
                                 if floor and row is not floor else None)
        row["targets"] = check_targets(row) if row is not floor else []
    return {"when": datetime.now().isoformat(timespec="seconds"), "scale": args.scale,
            "cooperatives": args.cooperatives, "seconds": args.seconds,
            "connections": args.connections,
            "targets": {**TARGETS, "search_floor_factor": SEARCH_FLOOR_FACTOR},
            "endpoints": rows, "mix": mix_rows, "searches": search_rows,
            "measures": measures}


def versus_scale_1(report):
    """Each mix row's p95 (warm and cold) against the latest scale-1 run."""
    runs = sorted(RESULTS.glob("*.json"))
    baseline = None
    for path in reversed(runs):
        data = json.loads(path.read_text())
        if data.get("scale", 1) == 1 and data.get("mix"):
            baseline = data
            break
    if baseline is None:
        return {"baseline": None}
    before = {row["name"]: row for row in baseline["mix"]}
    out = {"baseline": baseline["when"], "rows": {}}
    for row in report["mix"]:
        old = before.get(row["name"])
        if not old:
            continue
        ratios = {}
        for key in ("p95_ms", "cold_p95_ms"):
            if row.get(key) and old.get(key):
                ratios[key] = row[key] / old[key]
        out["rows"][row["name"]] = ratios
    return out


def print_table(report):
    print(f"\nLoad: {report['load']['before']} before, {report['load']['after']} after "
          f"({report['scale']}× data, {report['cooperatives']} cooperatives)")
    if report["endpoints"]:
        header = (f"{'endpoint':40} {'p50':>7} {'p95':>7} {'p99':>7} {'req/s':>8} "
                  f"{'queries':>7} {'÷floor':>7} {'×naive':>7}")
        print("\n" + header + "\n" + "-" * len(header))
        for r in report["endpoints"]:
            ratio_floor = f"{r['vs_floor']:.2f}" if r["vs_floor"] else ""
            ratio_naive = f"{r['vs_naive']:.1f}" if r["vs_naive"] else ""
            queries = "" if r["queries"] is None else str(r["queries"])
            print(f"{r['name']:40} {r['p50_ms']:7.1f} {r['p95_ms']:7.1f} {r['p99_ms']:7.1f} "
                  f"{r['rps']:8.1f} {queries:>7} {ratio_floor:>7} {ratio_naive:>7}")
    scale = report.get("versus_scale_1", {}).get("rows", {})
    header = (f"{'mix (' + str(report['connections']) + ' connections)':28} {'URLs':>5} "
              f"{'p50':>6} {'p95':>6} {'p99':>6} {'req/s':>7} {'cold p95':>8} "
              f"{'target':>6} {'queries':>7} {'÷floor':>6} {'hits':>5}"
              + ("  p95 ×scale1 (warm, cold)" if scale else "") + "  met")
    print("\n" + header + "\n" + "-" * len(header))
    for r in report["mix"]:
        cold = f"{r['cold_p95_ms']:.1f}" if r.get("cold_p95_ms") is not None else ""
        limit = ""
        if r["kind"] in ("api", "html"):
            key = "api_cold_p95_ms" if r["kind"] == "api" else "html_cold_p95_ms"
            limit = f"≤{report['targets'][key]}"
        elif r["name"] == "mix (all lists)":
            limit = f"≥{report['targets']['mix_vs_floor']:.0%}"
        queries = f"{r['queries_max']}" if r.get("queries_max") is not None else ""
        ratio = f"{r['vs_floor']:.2f}" if r.get("vs_floor") else ""
        hits = f"{r['hit_ratio']:.0%}" if r.get("hit_ratio") is not None else ""
        met = "" if not r["targets"] else ("yes" if all(c[3] for c in r["targets"]) else
                                            "NO: " + ", ".join(c[0] for c in r["targets"]
                                                               if not c[3]))
        versus = ""
        if scale:
            ratios = scale.get(r["name"], {})
            versus = "  " + ", ".join(f"{ratios[k]:.2f}" for k in ("p95_ms", "cold_p95_ms")
                                      if k in ratios).ljust(24)
        if r.get("requests") == 0:
            met += " (no request answered in the run: both workers busy)"
        print(f"{r['name']:28} {r['urls']:5} {r['p50_ms']:6.1f} {r['p95_ms']:6.1f} "
              f"{r['p99_ms']:6.1f} {r['rps']:7.1f} {cold:>8} {limit:>6} {queries:>7} "
              f"{ratio:>6} {hits:>5}{versus}  {met}")
    print("Targets: cold p95 ≤ 25 ms (API lists, searches), ≤ 50 ms (HTML lists, needs); "
          "≤ 6 queries a request; the mix ≥ 50% of the framework floor's req/s"
          + ("; each p95 ≤ 1.5× scale 1." if scale else "."))
    print_searches(report)
    if report["measures"]:
        print()
        for name, value in report["measures"].items():
            print(f"{name:40} {value}")


def print_searches(report):
    """One row per list and kind of search (exact, fuzzy, cross-script, typo+script), its
    cold p95 beside its target: the framework floor's p95 times SEARCH_FLOOR_FACTOR."""
    rows = report.get("searches") or []
    if not rows:
        return
    factor = report["targets"]["search_floor_factor"]
    header = (f"{'searches (' + str(report['connections']) + ' connections)':44} "
              f"{'URLs':>5} {'p50':>6} {'p95':>6} {'req/s':>7} {'cold p95':>8} "
              f"{'target':>8} {'queries':>7}  met")
    print("\n" + header + "\n" + "-" * len(header))
    for r in rows:
        cold = f"{r['cold_p95_ms']:.1f}" if r.get("cold_p95_ms") is not None else ""
        limit = f"≤{r['floor_limit_ms']:.1f}" if r.get("floor_limit_ms") is not None else ""
        queries = f"{r['queries_max']}" if r.get("queries_max") is not None else ""
        met = "" if not r.get("targets") else (
            "yes" if all(c[3] for c in r["targets"]) else "NO")
        print(f"{r['name']:44} {r['urls']:5} {r['p50_ms']:6.1f} {r['p95_ms']:6.1f} "
              f"{r['rps']:7.1f} {cold:>8} {limit:>8} {queries:>7}  {met}")
    print(f"Target: each search's cold p95 ≤ {factor}× the framework floor's p95 (the floor "
          "sized like the searches' answers).")


if __name__ == "__main__":
    main()
