#!/usr/bin/env python3
"""Scale: each main page's query count and time with OWL load data and with Germany load data.

For each scale a throw-away database (PostgreSQL when one answers at 127.0.0.1:5432, else
SQLite) is filled with `generate-load-data --scale <scale>` in a child process, which then
renders every page through the full Django stack (test client, production-like settings
without DEBUG) `--runs` times and records the median time and the query count. The targets:
the same query count at both scales, time within 2×. Also reports the memory (RSS) of the
process after rendering, and how long the generation took. Nothing here can fail the tests.

    python bench/scale.py                    # owl and germany
    python bench/scale.py --scales owl --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from run import PAGES, PG_SERVER, SIGNED_IN, postgres_available  # noqa: E402


def child(scale: str, runs: int, out: Path) -> None:
    """Generate the data and measure every page; runs in its own process per scale."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from blaupause.accounts.demo import load_demo_accounts
    from blaupause.accounts.models import User
    from blaupause.core.loadgen import generate
    from blaupause.strategies.models import Measure

    call_command("migrate", interactive=False, verbosity=0)
    started = time.monotonic()
    counts = generate(scale)
    generation_s = time.monotonic() - started
    key = (
        Measure.objects.filter(strategy__slug="lippe-lebt-digitalisierung")
        .order_by("field__order", "order")
        .values_list("key", flat=True)
        .first()
    )
    load_demo_accounts()
    anonymous, signed_in = Client(), {}
    for label, email in SIGNED_IN.items():
        signed_in[label] = Client()
        signed_in[label].force_login(User.objects.get(email=email))
    rows = []
    for label, path in PAGES:
        url = path.format(measure=key)
        client = signed_in.get(label, anonymous)
        client.get(url)  # warm-up
        times, queries, status = [], 0, 0
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                begun = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - begun) * 1000)
            queries, status = len(captured.captured_queries), response.status_code
        rows.append(
            {
                "page": label,
                "path": url,
                "status": status,
                "queries": queries,
                "median_ms": round(statistics.median(times), 1),
            }
        )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.write_text(
        json.dumps(
            {
                "scale": scale,
                "counts": counts,
                "generation_s": round(generation_s),
                "rss_mb": round(rss_mb),
                "rows": rows,
            }
        )
    )


def run_scale(scale: str, runs: int, database: str) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix=f"blaupause-scale-{scale}-"))
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "BLAUPAUSE_DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_SETTINGS_MODULE": "blaupause.config.settings.dev",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "WARNING",
    }
    pg_name = None
    if database == "postgresql":
        import psycopg

        pg_name = f"blaupause_scale_{scale}_{os.getpid()}"
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{pg_name}"')
        env["DATABASE_URL"] = f"{PG_SERVER}/{pg_name}"
    out = data_dir / "result.json"
    try:
        subprocess.run(
            [sys.executable, __file__, "--child", scale, "--runs", str(runs), "--out", str(out)],
            env=env,
            check=True,
        )
        return json.loads(out.read_text())
    finally:
        if pg_name:
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", default=["owl", "germany"])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--database", choices=["auto", "postgresql", "sqlite"], default="auto")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.runs, Path(args.out))
        return 0
    database = args.database
    if database == "auto":
        database = "postgresql" if postgres_available() else "sqlite"
    results = {}
    for scale in args.scales:
        print(f"{scale}: generating and measuring on {database} …", file=sys.stderr)
        results[scale] = run_scale(scale, args.runs, database)
        result = results[scale]
        print(
            f"{scale}: generated in {result['generation_s']} s, RSS {result['rss_mb']} MB, "
            f"counts {result['counts']}",
            file=sys.stderr,
        )

    scales = list(results)
    head = " | ".join(f"{s} queries | {s} ms" for s in scales)
    print(f"| page | {head} |")
    print("| --- |" + " ---: | ---: |" * len(scales))
    for index, (label, _path) in enumerate(PAGES):
        cells = " | ".join(
            f"{results[s]['rows'][index]['queries']} | {results[s]['rows'][index]['median_ms']}"
            for s in scales
        )
        print(f"| {label} | {cells} |")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    (out_dir / f"scale-{stamp}.json").write_text(
        json.dumps(
            {
                "when": stamp,
                "cpus": os.cpu_count(),
                "load_average": os.getloadavg(),
                "database": database,
                "results": results,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
