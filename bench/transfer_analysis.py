#!/usr/bin/env python3
"""Benchmark: the transfer analysis at Germany scale.

Sets up a throw-away SQLite database (or DATABASE_URL), imports all 10,786 German
municipalities, loads the Lippe blueprint, adds ten adopted copies of it and synthetic data
(commitments of thousands of municipalities, submitted self-checks), builds a network of 20
municipalities and measures the analysis for it: the selector alone and both pages through
the full Django stack, with their query counts. Nothing here can fail the tests.

    .venv/bin/python bench/transfer_analysis.py
    .venv/bin/python bench/transfer_analysis.py --committed 5000 --runs 30
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def setup_django(data_dir: Path) -> None:
    os.environ["BLAUPAUSE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
    os.environ["DJANGO_SETTINGS_MODULE"] = "blaupause.config.settings.dev"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def build(*, committed: int, self_checks: int, seed: int) -> dict:
    """All reference data plus synthetic commitments and self-checks; returns what to measure."""
    from django.core.management import call_command
    from django.db import transaction

    from blaupause.assessments.constants import AssessmentStatus
    from blaupause.assessments.loader import criteria_load
    from blaupause.assessments.models import Answer, Assessment, Criterion
    from blaupause.commitments.constants import CommitmentStatus
    from blaupause.commitments.models import Commitment
    from blaupause.core.bulk import refresh_statistics
    from blaupause.regions import demo as regions_demo
    from blaupause.regions import services as region_services
    from blaupause.regions.models import Municipality, Network
    from blaupause.strategies import demo as strategies_demo
    from blaupause.strategies.models import FieldOfAction, Measure, Strategy, StrategyVersion
    from blaupause.transfer.models import Adoption, ItemOrigin

    rng = random.Random(seed)
    call_command("migrate", interactive=False, verbosity=0)
    regions_demo.load_reference_data()
    regions_demo.load_demo_content()
    region_services.municipalities_import_csv(
        file=ROOT / "src" / "blaupause" / "regions" / "data" / "de_municipalities.csv"
    )
    strategies_demo.load_demo_content()
    blueprint = Strategy.objects.get(slug="lippe-lebt-digitalisierung")
    measures = list(Measure.objects.filter(strategy=blueprint).select_related("field"))
    version = StrategyVersion.objects.filter(strategy=blueprint).order_by("-number").first()
    everyone = list(Municipality.objects.values_list("pk", flat=True))
    region = blueprint.network.region

    with transaction.atomic():
        # The group: 20 municipalities of one Land (NRW, AGS 05…).
        nrw = list(
            Municipality.objects.filter(ags__startswith="05")
            .order_by("ags")
            .values_list("pk", flat=True)
        )
        group = Network.objects.create(slug="bench-20", name="Benchmark-Netzwerk", region=region)
        members = rng.sample(nrw, 20)
        group.municipalities.add(*members)

        # Ten adopted copies of the blueprint, each in a network of its own.
        all_measures = list(measures)
        for index in range(10):
            network = Network.objects.create(
                slug=f"bench-kopie-{index}", name=f"Kopie {index}", region=region
            )
            copy = Strategy.objects.create(
                slug=f"bench-kopie-{index}",
                title=f"Kopie {index}",
                network=network,
                builds_on=blueprint,
                status="adopted",
            )
            fields = {
                f.key: FieldOfAction.objects.create(strategy=copy, key=f.key, title=f.title)
                for f in {m.field for m in measures}
            }
            copies = Measure.objects.bulk_create(
                Measure(strategy=copy, field=fields[m.field.key], key=m.key, title=m.title)
                for m in measures
            )
            adoption = Adoption.objects.create(
                strategy=copy, source=blueprint, source_version=version, synced_version=version
            )
            ItemOrigin.objects.bulk_create(
                ItemOrigin(
                    adoption=adoption,
                    kind="measure",
                    item_uuid=c.uuid,
                    source_uuid=m.uuid,
                    base={},
                    base_version=version.number,
                )
                for c, m in zip(copies, measures, strict=True)
            )
            all_measures.extend(copies)

        # Commitments: `committed` municipalities, each to 5–15 measures of the family.
        statuses = [s.value for s in CommitmentStatus]
        rows = []
        for municipality_id in rng.sample(everyone, committed):
            for measure in rng.sample(all_measures, rng.randint(5, 15)):
                rows.append(
                    Commitment(
                        municipality_id=municipality_id,
                        measure=measure,
                        status=rng.choice(statuses),
                        progress=rng.randint(0, 100),
                    )
                )
        Commitment.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)

        # Submitted self-checks: the 20 members and `self_checks` other municipalities.
        criteria_set = criteria_load().criteria_set
        criteria = list(Criterion.objects.filter(criteria_set=criteria_set))
        checked = set(members) | set(rng.sample(everyone, self_checks))
        assessments = Assessment.objects.bulk_create(
            Assessment(
                municipality_id=mid,
                criteria_set=criteria_set,
                year=2026,
                status=AssessmentStatus.SUBMITTED,
            )
            for mid in sorted(checked)
        )
        answers = []
        for assessment in assessments:
            for criterion in criteria:
                current = rng.randint(0, 4)
                answers.append(
                    Answer(
                        assessment=assessment,
                        criterion=criterion,
                        current=current,
                        target=min(4, current + rng.randint(0, 2)),
                    )
                )
        Answer.objects.bulk_create(answers, batch_size=5000)
    refresh_statistics()
    return {
        "blueprint": blueprint,
        "network": group,
        "municipalities": len(everyone),
        "commitments": Commitment.objects.count(),
        "self_checks": len(checked),
    }


def timed(function, runs: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()  # warm-up
    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            function()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
    return times, queries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--committed", type=int, default=3000, help="municipalities committed")
    parser.add_argument("--self-checks", type=int, default=1000, help="other self-checks")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    setup_django(Path(tempfile.mkdtemp(prefix="blaupause-bench-transfer-")))
    from django.contrib.auth.models import AnonymousUser
    from django.test import Client
    from django.urls import reverse

    from blaupause.transfer import selectors_analysis

    started = time.perf_counter()
    data = build(committed=args.committed, self_checks=args.self_checks, seed=args.seed)
    print(
        f"set-up: {data['municipalities']} municipalities, {data['commitments']} commitments, "
        f"{data['self_checks']} submitted self-checks ({time.perf_counter() - started:.0f} s)"
    )
    blueprint, network = data["blueprint"], data["network"]
    client = Client()
    slug = blueprint.slug
    table = reverse("transfer:analysis", kwargs={"slug": slug}) + f"?netzwerk={network.slug}"
    measure = (
        reverse("transfer:analysis_measure", kwargs={"slug": slug, "key": "A-M02"})
        + f"?netzwerk={network.slug}"
    )

    def get(url):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")

    cases = [
        (
            "selector: strategy_analysis",
            lambda: selectors_analysis.strategy_analysis(
                strategy=blueprint, network=network, viewer=AnonymousUser()
            ),
        ),
        ("page: analysis table", lambda: get(table)),
        ("page: one measure", lambda: get(measure)),
        ("normal page: the blueprint", lambda: get(blueprint.get_absolute_url())),
        ("normal page: network list", lambda: get(reverse("regions:network_list"))),
    ]
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(f"{'what':32} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for label, function in cases:
        times, queries = timed(function, args.runs)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(
            f"{label:32} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f} {queries:8d}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
