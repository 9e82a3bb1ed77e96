#!/usr/bin/env python3
"""Search benchmark: index N generated German articles, then time typical queries.

Uses the database in DATABASE_URL (PostgreSQL by default: `bp_search_bench` on localhost, which
must exist; it is migrated and its search index and articles are replaced). The texts come
from a fixed vocabulary of municipal digitalisation terms with a fixed seed, so every run
indexes the same documents.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bp_search_bench \\
        .venv/bin/python bench/search.py [-n 100000] [--repeat 20]

Prints the indexing time and p50/p95 per query and over all queries (anonymous viewer, first
result page with facets, as the search page asks for it). Nothing here can fail the tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

QUERIES = [
    "Ratsinformationssystem",
    "Digitalisierungsstrategien",
    "Strategie",
    "Bürgerportal einführen",
    "E-Akte Kämmerei",
    "Informationssystem",
    "Ausschreibung Glasfaser",
    "Datenschutz",
    "Schulen",
    "interkommunale Beschaffung Software",
    "' OR 1=1 --",
    "Quantencomputer",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="articles to index")
    parser.add_argument("--repeat", type=int, default=20, help="runs per query")
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument(
        "--no-index",
        action="store_true",
        help="only time the queries against the documents already indexed (no migrate, no writes)",
    )
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bp_search_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blaupause.config.settings.dev")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models.signals import post_save

    from blaupause.core.loadgen import ARTICLE_SLUG_PREFIX, articles
    from blaupause.knowledge.models import Article, SearchDocument
    from blaupause.knowledge.search import indexing, signals
    from blaupause.knowledge.search.backends import get_backend
    from blaupause.knowledge.search.query import search

    if args.no_index:
        count = SearchDocument.objects.count()
        print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, n={count}")
        run_queries(search, args.repeat)
        return
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, n={args.n}")
    backend = get_backend()
    backend.setup()
    backend.clear()
    SearchDocument.objects.all().delete()
    Article.all_objects.filter(slug__startswith=ARTICLE_SLUG_PREFIX).delete()

    post_save.disconnect(
        signals.on_save, sender=Article, dispatch_uid="knowledge.search.knowledge.Article.save"
    )
    started = time.perf_counter()
    batch: list = []
    analysed = 0.0
    from blaupause.regions.models import Region

    region = Region.objects.get_or_create(
        ags_prefix="057", defaults={"name": "Ostwestfalen-Lippe", "slug": "owl"}
    )[0]
    for article in articles(args.n, region_id=region.pk):
        batch.append(article)
        if len(batch) >= args.batch:
            with transaction.atomic():
                created = Article.objects.bulk_create(batch)
                tick = time.perf_counter()
                indexing.index_many(created)
                analysed += time.perf_counter() - tick
            batch = []
    if batch:
        with transaction.atomic():
            tick = time.perf_counter()
            indexing.index_many(Article.objects.bulk_create(batch))
            analysed += time.perf_counter() - tick
    total = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE knowledge_searchdocument")
            cursor.execute("ANALYZE knowledge_searchfacet")
    print(
        f"indexed {SearchDocument.objects.count()} documents in {total:.1f} s "
        f"(of which analysis and index writes {analysed:.1f} s)"
    )
    run_queries(search, args.repeat)


def run_queries(search, repeat: int) -> None:
    """Time every query `repeat` times (after one warm-up run) and print p50/p95."""
    timings: dict[str, list[float]] = {}
    for query in QUERIES:  # warm up once
        search(viewer=None, query=query)
    for _ in range(repeat):
        for query in QUERIES:
            tick = time.perf_counter()
            results = search(viewer=None, query=query)
            timings.setdefault(query, []).append((time.perf_counter() - tick) * 1000)
            hits = f"{results.total}+" if results.total_capped else str(results.total)
            timings.setdefault("__hits__" + query, [hits])

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    print(f"{'query':40} {'hits':>7} {'p50 ms':>8} {'p95 ms':>8}")
    every: list[float] = []
    for query in QUERIES:
        values = timings[query]
        every += values
        hits = timings["__hits__" + query][0]
        print(
            f"{query[:40]:40} {hits:>7} {statistics.median(values):8.1f} {pct(values, 0.95):8.1f}"
        )
    print(f"{'all queries':40} {'':7} {statistics.median(every):8.1f} {pct(every, 0.95):8.1f}")


if __name__ == "__main__":
    main()
