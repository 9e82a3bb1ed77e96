#!/usr/bin/env python3
"""Benchmark harness: measure pages against the floor of the stack, in the same run.

Sets up a throw-away installation (SQLite by default, or DATABASE_URL), loads the OWL reference
data and demo content, starts the production server (`blaupause serve`, gunicorn, 2 workers)
on a free loopback port, and sends a bounded number of requests with a fixed number of
concurrent clients to each URL. `/healthz` (one SQL query) is the floor. Results go to
`bench/results/<timestamp>.json` and are printed as a table; nothing here can fail the tests.

    make bench                       # defaults
    python bench/run.py --requests 400 --concurrency 50
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PAGES = [
    ("floor: /healthz (1 query)", "/healthz"),
    ("start page", "/"),
    ("district: Kreis Lippe", "/kreise/kreis-lippe/"),
    ("municipality list", "/kommunen/"),
    ("municipality: Detmold", "/kommunen/05766020/"),
    ("network: Lippe", "/netzwerke/lippe/"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return (time.perf_counter() - started) * 1000, status


def measure(url: str, requests: int, concurrency: int) -> dict:
    fetch(url)  # warm-up
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(fetch, [url] * requests))
    elapsed = time.perf_counter() - started
    times = sorted(ms for ms, _ in results)
    errors = sum(1 for _, status in results if status != 200)

    def pct(p: float) -> float:
        return times[min(len(times) - 1, round(p / 100 * (len(times) - 1)))]

    return {
        "requests": requests,
        "errors": errors,
        "req_per_s": requests / elapsed,
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "mean_ms": statistics.fmean(times),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="blaupause-bench-"))
    env = {
        **os.environ,
        "BLAUPAUSE_DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    setup_env = {**env, "DJANGO_SETTINGS_MODULE": "blaupause.config.settings.dev"}
    blaupause = str(BIN / "blaupause")
    subprocess.run(
        [blaupause, "demo", "--no-serve"], env=setup_env, check=True, stdout=subprocess.DEVNULL
    )
    prod_env = {**env, "DJANGO_SETTINGS_MODULE": "blaupause.config.settings.production"}
    subprocess.run([blaupause, "collectstatic", "--noinput", "-v0"], env=prod_env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [blaupause, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)],
        env=prod_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if fetch(base + "/healthz")[1] == 200:
                break
            time.sleep(0.2)
        else:
            print("server did not come up", file=sys.stderr)
            return 1
        rows = []
        for label, path in PAGES:
            result = measure(base + path, args.requests, args.concurrency)
            rows.append({"page": label, "path": path, **result})
    finally:
        server.terminate()
        server.wait(timeout=30)

    floor = rows[0]["p50_ms"] or 1.0
    print(f"{'page':34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'×floor':>7} err")
    for row in rows:
        print(
            f"{row['page']:34} {row['req_per_s']:8.1f} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
            f"{row['p99_ms']:8.1f} {row['p50_ms'] / floor:7.1f} {row['errors']}"
        )
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    report = {
        "when": stamp,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "settings": vars(args),
        "database": os.environ.get("DATABASE_URL", "sqlite").split("@")[-1],
        "rows": rows,
    }
    (out_dir / f"{stamp}.json").write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
