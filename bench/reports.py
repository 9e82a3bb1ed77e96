#!/usr/bin/env python3
"""Benchmark of the documents: the full Lippe strategy report as PDF/UA, DOCX and Markdown.

Sets up a throw-away installation with the demo data (or uses `--data-dir` of an existing
one), then builds the report several times per format in this process, as the worker does,
and prints the times. The target for the PDF is at most 5 s. Nothing here can fail the tests.
Measured numbers, before and after the speed work, are in `docs/performance.md`
("Berichte (PDF)").

    .venv/bin/python bench/reports.py
    .venv/bin/python bench/reports.py --runs 5 --data-dir /path/to/data
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import memory_kb  # noqa: E402

SLUG = "lippe-lebt-digitalisierung"
TARGET_PDF_SECONDS = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data-dir", help="an installation with demo data (default: a new one)")
    args = parser.parse_args()

    if args.data_dir:
        data_dir = Path(args.data_dir)
    else:
        data_dir = Path(tempfile.mkdtemp(prefix="blaupause-bench-reports-"))
        env = {
            **os.environ,
            "BLAUPAUSE_DATA_DIR": str(data_dir),
            "SECRET_KEY": secrets.token_urlsafe(60),
            "DJANGO_SETTINGS_MODULE": "blaupause.config.settings.dev",
        }
        subprocess.run(
            [str(BIN / "blaupause"), "demo", "--no-serve"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    os.environ["BLAUPAUSE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blaupause.config.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    from blaupause.reports.services import render_report
    from blaupause.strategies.models import Strategy

    translation.activate("de")
    strategy = Strategy.objects.get(slug=SLUG)
    viewer = AnonymousUser()
    render_report(subject_kind="strategy", subject=strategy, fmt="pdf", viewer=viewer)  # warm-up

    from django.core.cache import cache

    print(f"{'format':12} {'min s':>7} {'median s':>9} {'max s':>7} {'size KiB':>9}")
    results = {}
    # "pdf" is a first build (the cache of finished PDFs emptied before each run), "pdf again"
    # the same report asked for once more (served from that cache).
    for label, fmt, clear in (
        ("pdf", "pdf", True),
        ("pdf again", "pdf", False),
        ("docx", "docx", False),
        ("md", "md", False),
    ):
        times, size = [], 0
        for _ in range(args.runs):
            if clear:
                cache.clear()
            started = time.perf_counter()
            rendered = render_report(
                subject_kind="strategy", subject=strategy, fmt=fmt, viewer=viewer
            )
            times.append(time.perf_counter() - started)
            size = len(rendered.content)
        results[label] = times
        print(
            f"{label:12} {min(times):7.2f} {statistics.median(times):9.2f} {max(times):7.2f} "
            f"{size / 1024:9.1f}"
        )
    verdict = "met" if min(results["pdf"]) <= TARGET_PDF_SECONDS else "missed"
    load = os.getloadavg()[0]
    print(f"PDF target ≤ {TARGET_PDF_SECONDS:.0f} s: {verdict} (load average {load:.1f})")
    cache.clear()
    worker_memory(strategy, data_dir)
    return 0


def worker_memory(strategy, data_dir: Path) -> None:
    """Queue the report in all three formats, let a real `blaupause worker` build them and
    print its resident memory (peak and after the builds). Target: at most 200 MB."""
    from blaupause.reports.models import BuildStatus, ReportBuild
    from blaupause.reports.selectors import subject_key
    from blaupause.reports.services import report_build_request

    builds = [
        report_build_request(
            actor=None,
            session_key="bench-worker",
            subject_kind="strategy",
            subject_key=subject_key("strategy", strategy),
            subject_label=strategy.title,
            fmt=fmt,
        )
        for fmt in ("pdf", "docx", "md")
    ]
    env = {**os.environ, "BLAUPAUSE_DATA_DIR": str(data_dir)}
    worker = subprocess.Popen(
        [str(BIN / "blaupause"), "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started = time.perf_counter()
    try:
        pending = {build.pk for build in builds}
        while pending and time.perf_counter() - started < 300:
            time.sleep(0.5)
            pending = set(
                ReportBuild.objects.filter(pk__in=pending)
                .exclude(status__in=[BuildStatus.DONE, BuildStatus.FAILED])
                .values_list("pk", flat=True)
            )
        elapsed = time.perf_counter() - started
        memory = memory_kb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    states = sorted(
        ReportBuild.objects.filter(pk__in=[b.pk for b in builds]).values_list("format", "status")
    )
    print(
        f"worker: {states} in {elapsed:.1f} s; RSS {memory['VmRSS'] / 1024:.0f} MB after the "
        f"builds, peak {memory['VmHWM'] / 1024:.0f} MB (target ≤ 200 MB)"
    )


if __name__ == "__main__":
    sys.exit(main())
