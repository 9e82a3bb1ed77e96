#!/usr/bin/env python3
"""Load test: the main pages under concurrent clients, against the floor of the stack.

Sets up a throw-away installation — on PostgreSQL when one answers at 127.0.0.1:5432 (a scratch
database, dropped afterwards), else SQLite — fills it with `blaupause generate-load-data
--scale owl`, starts the production server (`blaupause serve`, gunicorn) on a free loopback
port and lets `--clients` clients request the main pages for `--duration` seconds. Every
client walks through all pages in its own order and waits `--think` seconds between two
requests, as people reading pages do; `--think 0` saturates the server instead. `/healthz`
(one SQL query) runs in the same mix: it is the floor every page is compared with.

The self-check results of the Detmold CDO (the benchmark view) are requested with a session
of that demo account; all other pages anonymously.

Per page: requests, errors, p50/p95/p99 in ms and p95 as a multiple of the floor's p95; the
resident memory of the gunicorn master and workers after the run. With
`--restart-postgres-after S` the local PostgreSQL cluster is restarted S seconds into the run
(needs root) and the errors inside and outside the outage are counted.
Results go to `bench/results/load-<timestamp>.json`, a Markdown table to stdout. Nothing here
can fail the tests; regressions show in `docs/performance.md` over time.

    make bench
    python bench/run.py --clients 50 --duration 60 --think 1
    python bench/run.py --restart-postgres-after 25
    python bench/run.py --database sqlite
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
FLOOR = "floor: /healthz"
PAGES = [
    (FLOOR, "/healthz"),
    ("start page", "/"),
    ("strategy: Lippe", "/strategien/lippe-lebt-digitalisierung/"),
    ("measure", "/strategien/lippe-lebt-digitalisierung/massnahmen/{measure}/"),
    ("municipality: Detmold", "/kommunen/05766020/"),
    ("network dashboard: Lippe", "/netzwerke/lippe/fortschritt/"),
    ("network: Lippe", "/netzwerke/lippe/"),
    ("strategy list", "/strategien/"),
    ("municipality list", "/kommunen/"),
    ("events", "/veranstaltungen/"),
    ("search", "/suche/?q=Ratsinformationssystem"),
    # Signed in as the Detmold CDO (the self-check results with the peer benchmarks).
    ("benchmark view: Detmold", "/kommunen/05766020/selbstcheck/2025/ergebnis/"),
    ("API: municipalities", "/api/v1/municipalities/"),
    ("API: commitments", "/api/v1/commitments/"),
    ("API: benchmarks", "/api/v1/benchmarks/"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, cookie: str = "") -> tuple[float, int]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return (time.perf_counter() - started) * 1000, status


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def run_clients(
    pages: list[tuple[str, str]], base: str, args, cookies: dict[str, str]
) -> dict[str, list]:
    """`args.clients` threads, each through the pages in its own order until time is up."""
    results: dict[str, list] = defaultdict(list)
    lock = threading.Lock()
    deadline = time.monotonic() + args.duration

    def client(number: int) -> None:
        rng = random.Random(number)
        order = pages[:]
        rng.shuffle(order)
        index = 0
        time.sleep(rng.random() * max(args.think, 0.05))  # do not start in lockstep
        while time.monotonic() < deadline:
            label, path = order[index % len(order)]
            index += 1
            elapsed, status = fetch(base + path, cookies.get(label, ""))
            with lock:
                results[label].append((time.time(), elapsed, status))
            if args.think:
                time.sleep(args.think)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def summarise(pages, results) -> list[dict]:
    rows = []
    for label, path in pages:
        entries = results.get(label, [])
        times = [ms for _, ms, _ in entries] or [0.0]
        rows.append(
            {
                "page": label,
                "path": path,
                "requests": len(entries),
                "errors": sum(1 for _, _, status in entries if status != 200),
                "p50_ms": round(percentile(times, 50), 1),
                "p95_ms": round(percentile(times, 95), 1),
                "p99_ms": round(percentile(times, 99), 1),
            }
        )
    floor = rows[0]["p95_ms"] or 1.0
    for row in rows:
        row["p95_x_floor"] = round(row["p95_ms"] / floor, 1)
    return rows


def setup(env: dict, database: str) -> tuple[dict, str | None]:
    """Create the scratch database and the load data; returns the environment and PG name."""
    pg_name = None
    if database == "postgresql":
        import psycopg

        pg_name = f"blaupause_bench_{os.getpid()}"
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{pg_name}"')
        env = {**env, "DATABASE_URL": f"{PG_SERVER}/{pg_name}"}
    setup_env = {**env, "DJANGO_SETTINGS_MODULE": "blaupause.config.settings.dev"}
    blaupause = str(BIN / "blaupause")
    try:
        subprocess.run(
            [blaupause, "generate-load-data", "--scale", "owl"],
            env=setup_env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    except BaseException:
        drop_database(pg_name)  # a failed set-up leaves no scratch database behind
        raise
    return env, pg_name


def drop_database(pg_name: str | None) -> None:
    if pg_name:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


#: Pages requested with the session of this demo account (the others anonymously).
SIGNED_IN = {"benchmark view: Detmold": "cdo@detmold.example"}


def first_measure_key_and_session(env: dict) -> tuple[str, str]:
    """The first Lippe measure's key and a session cookie of the signed-in demo account."""
    script = (
        "import django;django.setup();"
        "from django.conf import settings;from django.test import Client;"
        "from blaupause.accounts.models import User;"
        "from blaupause.strategies.models import Measure;"
        "print(Measure.objects.filter(strategy__slug='lippe-lebt-digitalisierung')"
        ".order_by('field__order','order').values_list('key',flat=True).first());"
        "from blaupause.accounts.demo import load_demo_accounts;load_demo_accounts();"
        "c=Client();"
        f"c.force_login(User.objects.get(email={next(iter(SIGNED_IN.values()))!r}));"
        "print(settings.SESSION_COOKIE_NAME+'='+c.cookies[settings.SESSION_COOKIE_NAME].value)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "blaupause.config.settings.dev"},
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    key, cookie = out.stdout.split()
    return key, cookie


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS (resident now) and VmHWM (resident at most) of a process, in KiB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            found[name] = int(value.split()[0])
    return found


def rss_mb(pid: int) -> dict[int, float]:
    """Resident memory of a process and its children (the gunicorn workers), in MB."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    return {each: round(memory_kb(each)["VmRSS"] / 1024, 1) for each in pids}


class RestartWindow(threading.Thread):
    """Restarts the local PostgreSQL cluster once, `after` seconds in, and remembers when the
    server was away: from the restart command until it answers again."""

    def __init__(self, after: float) -> None:
        super().__init__(daemon=True)
        self.after = after
        self.began = self.ended = 0.0

    def run(self) -> None:
        time.sleep(self.after)
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        self.began = time.time()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
            check=True,
            capture_output=True,
        )
        while not postgres_available():
            time.sleep(0.05)
        self.ended = time.time()

    def report(self, results: dict[str, list]) -> dict:
        """Errors inside the window (plus one request timeout after it) and outside it."""
        self.join(timeout=60)
        grace = self.ended + 2.0
        inside = outside = 0
        for entries in results.values():
            for finished, elapsed, status in entries:
                if status == 200:
                    continue
                started = finished - elapsed / 1000
                if started <= grace and finished >= self.began:
                    inside += 1
                else:
                    outside += 1
        return {
            "window_s": round(self.ended - self.began, 2),
            "errors_in_window": inside,
            "errors_outside_window": outside,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between requests")
    parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 1)))
    parser.add_argument("--database", choices=["auto", "postgresql", "sqlite"], default="auto")
    parser.add_argument(
        "--restart-postgres-after",
        type=float,
        metavar="SECONDS",
        help="restart the local PostgreSQL server this long into the run (needs root) and count "
        "the errors inside and outside the restart window",
    )
    args = parser.parse_args()
    database = args.database
    if database == "auto":
        database = "postgresql" if postgres_available() else "sqlite"

    data_dir = Path(tempfile.mkdtemp(prefix="blaupause-bench-"))
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "BLAUPAUSE_DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    print(f"setting up ({database}, OWL load data) …", file=sys.stderr)
    env, pg_name = setup(env, database)
    prod_env = {**env, "DJANGO_SETTINGS_MODULE": "blaupause.config.settings.production"}
    blaupause = str(BIN / "blaupause")
    try:
        key, cookie = first_measure_key_and_session(env)
        subprocess.run([blaupause, "collectstatic", "--noinput", "-v0"], env=prod_env, check=True)
    except BaseException:
        drop_database(pg_name)
        raise
    pages = [(label, path.format(measure=key)) for label, path in PAGES]
    cookies = dict.fromkeys(SIGNED_IN, cookie)
    port = free_port()
    server = subprocess.Popen(
        [blaupause, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)],
        env=prod_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    restart = None
    try:
        for _ in range(150):
            if fetch(base + "/healthz")[1] == 200:
                break
            time.sleep(0.2)
        else:
            print("server did not come up", file=sys.stderr)
            return 1
        for label, path in pages:  # warm-up: templates, caches, connections
            status = fetch(base + path, cookies.get(label, ""))[1]
            if status != 200:
                print(f"warning: {label} answers {status} before the run", file=sys.stderr)
        print(
            f"{args.clients} clients, {args.duration:.0f} s, think {args.think} s …",
            file=sys.stderr,
        )
        if args.restart_postgres_after:
            restart = RestartWindow(args.restart_postgres_after)
            restart.start()
        results = run_clients(pages, base, args, cookies)
        rows = summarise(pages, results)
        memory = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
        drop_database(pg_name)

    master = memory.pop(server.pid, None)
    print(
        f"memory (RSS): gunicorn master {master} MB, workers "
        + ", ".join(f"{mb} MB" for mb in memory.values()),
        file=sys.stderr,
    )
    restart_report = None
    if restart:
        restart_report = restart.report(results)
        print(f"PostgreSQL restart: {restart_report}", file=sys.stderr)
    print("| page | requests | errors | p50 ms | p95 ms | p99 ms | p95 × floor |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(
            f"| {row['page']} | {row['requests']} | {row['errors']} | {row['p50_ms']} | "
            f"{row['p95_ms']} | {row['p99_ms']} | {row['p95_x_floor']} |"
        )
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    report = {
        "when": stamp,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_average": os.getloadavg(),
        },
        "settings": {**vars(args), "database": database},
        "rows": rows,
        "rss_mb": {"master": master, "workers": list(memory.values())},
        "postgres_restart": restart_report,
    }
    (out_dir / f"load-{stamp}.json").write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
