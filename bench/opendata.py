#!/usr/bin/env python3
"""Open-data and API scale benchmark: big files and the full municipality list.

Sets up a throw-away installation (SQLite by default, or DATABASE_URL) with the demo content and
all German municipalities (`blaupause import-municipalities`), then measures in process:

- the XLSX file of all public commitments (demo data), and again with 5,000 synthetic ones;
- the CSV and JSON files of all municipalities;
- walking `GET /api/v1/municipalities/` page by page (limit 500) over every municipality.

Prints wall-clock times; nothing here can fail the tests.

    .venv/bin/python bench/opendata.py [--reuse DATA_DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ALL_MUNICIPALITIES = ROOT / "src" / "blaupause" / "regions" / "data" / "de_municipalities.csv"
SYNTHETIC = 5_000


def setup(reuse: str | None) -> dict:
    data_dir = Path(reuse or tempfile.mkdtemp(prefix="blaupause-bench-opendata-"))
    env = {
        **os.environ,
        "BLAUPAUSE_DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "blaupause.config.settings.dev",
    }
    if reuse:
        return env
    blaupause = str(BIN / "blaupause")
    started = time.perf_counter()
    subprocess.run(
        [blaupause, "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    subprocess.run(
        [blaupause, "import-municipalities", str(ALL_MUNICIPALITIES)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"setup (demo + {ALL_MUNICIPALITIES.name}): {time.perf_counter() - started:.1f} s")
    print(f"data folder (pass it to --reuse to skip the setup): {data_dir}")
    return env


def timed(label: str, action) -> object:
    started, cpu = time.perf_counter(), time.process_time()
    result = action()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label:58} {wall:8.2f} s wall {cpu:8.2f} s cpu")
    return result


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def synthetic_commitments(count: int) -> int:
    """Public demo commitments of municipalities to Lippe measures, up to `count` in total."""
    from blaupause.commitments.models import Commitment
    from blaupause.regions.models import Municipality
    from blaupause.strategies.models import Measure

    measures = list(Measure.objects.filter(strategy__slug="lippe-lebt-digitalisierung"))
    taken = set(Commitment.objects.values_list("municipality_id", "measure_id"))
    missing = count - Commitment.objects.filter(is_public=True).count()
    new = []
    for municipality_id in Municipality.objects.order_by("ags").values_list("pk", flat=True):
        for measure in measures:
            if len(new) >= missing:
                break
            if (municipality_id, measure.pk) not in taken:
                new.append(
                    Commitment(
                        municipality_id=municipality_id,
                        measure=measure,
                        status="in_progress",
                        progress=(municipality_id * 7 + measure.pk) % 101,
                        is_demo=True,
                    )
                )
        if len(new) >= missing:
            break
    # A benchmark fixture, not a use case: written in bulk, without history or audit.
    Commitment.objects.bulk_create(new, batch_size=1000)
    return len(new)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", metavar="DIR", help="data folder of an earlier run")
    env = setup(parser.parse_args().reuse)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from openpyxl import load_workbook

    from blaupause.regions.models import Municipality

    settings.BLAUPAUSE_OPEN_DATA_RATE = "10000/m"
    client = Client()

    def xlsx_rows(raw: bytes) -> int:
        sheet = load_workbook(io.BytesIO(raw), read_only=True)["Daten"]
        return sum(1 for _row in sheet.iter_rows(values_only=True)) - 1

    def xlsx() -> bytes:
        return body(client.get("/offene-daten/beteiligungen.xlsx"))

    client.get("/offene-daten/")  # warm-up: imports, templates
    raw = timed("XLSX beteiligungen (demo data)", xlsx)
    print(f"{'':58} {xlsx_rows(raw):8d} rows")
    added = timed(
        f"create synthetic commitments up to {SYNTHETIC}",
        lambda: synthetic_commitments(SYNTHETIC),
    )
    print(f"{'':58} {added:8d} added")
    raw = timed(f"XLSX beteiligungen ({SYNTHETIC} public commitments)", xlsx)
    print(f"{'':58} {xlsx_rows(raw):8d} rows, {len(raw) / 1e6:.1f} MB")
    timed("CSV beteiligungen", lambda: body(client.get("/offene-daten/beteiligungen.csv")))
    total = Municipality.objects.count()
    size = timed("CSV kommunen", lambda: len(body(client.get("/offene-daten/kommunen.csv"))))
    print(f"{'':58} {total:8d} rows, {size / 1e6:.1f} MB")
    timed("JSON kommunen", lambda: body(client.get("/offene-daten/kommunen.json")))
    timed("XLSX kommunen", lambda: body(client.get("/offene-daten/kommunen.xlsx")))

    def walk_api() -> int:
        seen, offset = 0, 0
        while True:
            response = client.get(f"/api/v1/municipalities/?limit=500&offset={offset}")
            items = response.json()["items"]
            seen += len(items)
            offset += 500
            if len(items) < 500:
                return seen

    seen = timed(f"API /municipalities/ all pages (limit 500, {total} rows)", walk_api)
    print(f"{'':58} {seen:8d} rows")
    timed("API /municipalities/ one page (limit 50)", lambda: client.get("/api/v1/municipalities/"))
    timed("API /benchmarks/ all (limit 500)", lambda: client.get("/api/v1/benchmarks/?limit=500"))
    timed("page /offene-daten/", lambda: client.get("/offene-daten/"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
