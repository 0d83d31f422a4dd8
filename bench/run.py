"""`make bench`: the national data set, the production server, a load generator, one table.

1. Seeds the national data set into its own database (`<DATABASE_URL name>_bench`), once,
   then reuses it.
2. Serves the project with gunicorn (2 workers) on loopback, with bench/urls.py adding the
   yardsticks: the framework floor (a constant body of the same size), the data floor (one
   SQL query + orjson) and a naive DRF endpoint (ModelViewSet + ModelSerializer).
3. Drives each endpoint with wrk from a second process for a bounded time and measures
   queries per request in-process; times the import, the CSV export (peak worker memory)
   and the national PDF report.
4. Prints one table and writes it as JSON under bench/results/.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
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


def bench_database_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("make bench runs on PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name")
    parts = urllib.parse.urlsplit(url)
    name = (parts.path.lstrip("/") or "ess") + "_bench"
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


def seed(env, cooperatives):
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_territory")
    manage(env, "seed_demo", "--quiet-accounts")
    code = (
        "import django; django.setup();"
        "from bench.dataset import ensure_national;"
        f"ensure_national(cooperatives={cooperatives})"
    )
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=True)


def start_server(env, port):
    command = [shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn",
               "ess_platform.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", "2", "--log-level", "warning"]
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


def wrk(url, seconds, connections, language):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-H", f"Accept-Language: {language}", "-s", str(ROOT / "bench" / "report.lua"), url]
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
        "bytes_per_request": data["bytes"] / max(data["requests"], 1),
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
        "    client.get(p)\n"
        "    with CaptureQueriesContext(connection) as ctx:\n"
        "        status = client.get(p).status_code\n"
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cooperatives", type=int, default=65_000)
    parser.add_argument("--seconds", type=int, default=8, help="load per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `make bench` installs Debian's wrk package.")
    db_url, db_name, admin_url = bench_database_url()
    ensure_database(admin_url, db_name)
    env = environment(db_url)
    print(f"Seeding {db_name} (reused when already seeded)...", flush=True)
    seed(env, args.cooperatives)

    from bench.scenarios import endpoints, extra_measures  # noqa: PLC0415

    server = start_server(env, args.port)
    base = f"http://127.0.0.1:{args.port}"
    rows = []
    try:
        targets = endpoints()
        queries = count_queries(env, [t["path"] for t in targets if t.get("count_queries", True)])
        for target in targets:
            url = base + target["path"]
            if target.get("floor_of"):
                size = next(r["bytes_per_request"] for r in rows if r["name"] == target["floor_of"])
                url = f"{base}/bench/floor/?bytes={int(size)}"
            wrk(url, 1, 2, target.get("language", "ar"))  # warm up
            result = wrk(url, args.seconds, args.connections, target.get("language", "ar"))
            q = queries.get(target["path"])
            rows.append({"name": target["name"], "group": target["group"],
                         "path": target["path"], **result,
                         "queries": q[0] if q else None, "status": q[1] if q else None})
            print(f"  {target['name']:38} p95 {result['p95_ms']:7.1f} ms  "
                  f"{result['rps']:8.1f} req/s", flush=True)
        measures = extra_measures(env=env, server=server, base=base,
                                  export_memory=export_memory, timed_python=timed_python)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    report = summarise(rows, measures, args)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print_table(report)
    print(f"\nWritten to {path.relative_to(ROOT)}")


def summarise(rows, measures, args):
    by_name = {r["name"]: r for r in rows}
    for row in rows:
        floor = by_name.get(f"framework floor ({row['group']})")
        naive = by_name.get(f"naive DRF ({row['group']})")
        row["vs_floor"] = row["rps"] / floor["rps"] if floor and row is not floor else None
        row["vs_naive"] = row["rps"] / naive["rps"] if naive and row is not naive else None
    return {"when": datetime.now().isoformat(timespec="seconds"),
            "cooperatives": args.cooperatives, "seconds": args.seconds,
            "connections": args.connections, "endpoints": rows, "measures": measures}


def print_table(report):
    header = (f"{'endpoint':40} {'p50':>7} {'p95':>7} {'p99':>7} {'req/s':>8} "
              f"{'queries':>7} {'÷floor':>7} {'×naive':>7}")
    print("\n" + header + "\n" + "-" * len(header))
    for r in report["endpoints"]:
        ratio_floor = f"{r['vs_floor']:.2f}" if r["vs_floor"] else ""
        ratio_naive = f"{r['vs_naive']:.1f}" if r["vs_naive"] else ""
        queries = "" if r["queries"] is None else str(r["queries"])
        print(f"{r['name']:40} {r['p50_ms']:7.1f} {r['p95_ms']:7.1f} {r['p99_ms']:7.1f} "
              f"{r['rps']:8.1f} {queries:>7} {ratio_floor:>7} {ratio_naive:>7}")
    print()
    for name, value in report["measures"].items():
        print(f"{name:40} {value}")


if __name__ == "__main__":
    main()
