#!/usr/bin/env python3
"""Benchmark: the synergy finder at Germany scale.

All 10,786 municipalities of Germany (from the shipped CSV) and 50,000 synthetic plans and
commitments (half procurement plans, half commitments to the measures of 400 network
strategies), deterministic by seed, with titles drawn from realistic German wording including
synonyms and abbreviations. Measured in memory, on the finder itself:

- full recomputation with the real partitions: regions = Regierungsbezirke (AGS prefix of
  three digits), i.e. what a Germany-wide installation with regions would compute;
- the same with districts as partitions (an installation without regions);
- the worst case: all of Germany as one region;
- an incremental update for one changed plan: its partition only.

With ``--database`` the same data is written to a throw-away SQLite database and the real
services run (load, compute, store): `recompute_all` and `plans_changed` for one plan.

    .venv/bin/python bench/synergy.py                       # in memory, full scale
    .venv/bin/python bench/synergy.py --fraction 0.2        # a fifth of the items
    .venv/bin/python bench/synergy.py --database --fraction 0.1

Nothing here can fail the tests.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import random
import resource
import secrets
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

CSV = ROOT / "src" / "blaupause" / "regions" / "data" / "de_municipalities.csv"
TOTAL_ITEMS = 50_000
STRATEGIES = 400
MEASURES_PER_STRATEGY = 24

#: Procurement subjects: several wordings per topic, as different towns would write them.
PLAN_TOPICS = [
    [
        "Ratsinformationssystem beschaffen",
        "Ratsinfo mit Mandatsträger-App",
        "Digitale Gremienarbeit",
        "Sitzungsdienst-Software",
    ],
    [
        "Dokumentenmanagementsystem",
        "DMS-Lizenzen",
        "E-Akte einführen",
        "Elektronische Akte für die Kernverwaltung",
    ],
    [
        "Online-Terminvergabe Bürgerbüro",
        "Terminvereinbarungssystem",
        "Terminbuchung für das Bürgeramt",
    ],
    [
        "Glasfaserausbau Gewerbegebiet",
        "Breitbandausbau im Außenbereich",
        "Gigabit-Anschluss Schulen",
    ],
    ["WLAN für Schulen", "Schul-WLAN erneuern", "Freies WLAN Innenstadt", "Hotspots am Marktplatz"],
    ["Videokonferenzsystem", "Webkonferenz-Lösung", "Videokonferenzen im Sitzungssaal"],
    ["Mängelmelder-App", "Anliegenmanagement", "Schadensmelder für Straßen"],
    ["E-Rechnung Eingang", "XRechnung-Workflow", "Rechnungseingangsbuch digital"],
    ["Informationssicherheitsmanagement", "ISMS-Software", "IT-Grundschutz-Beratung"],
    ["Geoinformationssystem", "GIS-Software Bauamt", "Geoportal erneuern"],
    ["Telefonanlage VoIP", "IP-Telefonie Umstellung", "Telefonie in der Cloud"],
    ["Personalmanagementsoftware", "Bewerbermanagement", "Digitale Personalakte"],
    ["Kita-Platzvergabe online", "Kitaplatzvergabe-Portal", "Kita-Navigator"],
    ["Schulverwaltungssoftware", "Tablets für Grundschulen", "Medienentwicklungsplan Schulen"],
    ["LoRaWAN-Sensornetz", "IoT-Plattform", "Sensorik für Pegelmessung"],
    ["Handyparken", "Parkraumbewirtschaftung digital", "Parkscheinautomaten erneuern"],
    ["Bürgerbeteiligungsplattform", "Online-Beteiligung Bauleitplanung", "E-Partizipation"],
    ["E-Payment im Serviceportal", "Online-Bezahlfunktion", "ePayment-Anbindung"],
    ["Open-Data-Portal", "Offene Daten veröffentlichen", "Datenportal der Kommune"],
    ["Friedhofsverwaltungssoftware", "Digitale Friedhofsverwaltung", "Grabstellenverwaltung"],
]
CATEGORIES = ["software", "saas", "hardware", "service", "consulting", "infrastructure"]


def _rng_date(rng: random.Random, today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=rng.randint(30, 3 * 365))


def municipalities() -> list[dict]:
    rows = []
    with CSV.open(encoding="utf-8") as handle:
        for pk, row in enumerate(csv.DictReader(handle), start=1):
            rows.append(
                {
                    "pk": pk,
                    "ags": row["ags"],
                    "name": row["name"],
                    "district": row["ags"][:5],
                    "district_name": row["district"],
                    "region": row["ags"][:3],
                }
            )
    return rows


def measures() -> list[dict]:
    """The measures of the network strategies (loadgen's wording)."""
    from blaupause.core.loadgen import PATTERNS, SERVICES

    result = []
    pk = 0
    for strategy in range(1, STRATEGIES + 1):
        rng = random.Random(strategy)
        for _ in range(MEASURES_PER_STRATEGY):
            pk += 1
            title = rng.choice(PATTERNS).format(s=rng.choice(SERVICES))
            result.append({"pk": pk, "strategy": strategy, "title": title})
    return result


def generate(fraction: float, seed: int = 7):
    """(municipalities, plans, commitments) as plain dicts."""
    rng = random.Random(seed)
    today = datetime.datetime.now(tz=datetime.UTC).date()
    towns = municipalities()
    all_measures = measures()
    # Networks of neighbours (consecutive AGS) share one strategy each.
    strategy_of = {
        town["pk"]: 1 + index * STRATEGIES // len(towns) for index, town in enumerate(towns)
    }
    by_strategy: dict[int, list[dict]] = {}
    for measure in all_measures:
        by_strategy.setdefault(measure["strategy"], []).append(measure)
    count = int(TOTAL_ITEMS * fraction)
    plans, commitments = [], []
    for pk in range(1, count // 2 + 1):
        town = rng.choice(towns)
        topic = rng.choice(PLAN_TOPICS)
        plans.append(
            {
                "pk": pk,
                "municipality": town["pk"],
                "subject": rng.choice(topic),
                "category": rng.choice(CATEGORIES),
                "planned_on": _rng_date(rng, today),
            }
        )
    seen = set()
    pk = 0
    while len(commitments) < count - count // 2:
        town = rng.choice(towns)
        measure = rng.choice(by_strategy[strategy_of[town["pk"]]])
        if (town["pk"], measure["pk"]) in seen:
            continue
        seen.add((town["pk"], measure["pk"]))
        pk += 1
        start = _rng_date(rng, today) - datetime.timedelta(days=400)
        commitments.append(
            {
                "pk": pk,
                "municipality": town["pk"],
                "measure": measure,
                "start": start,
                "end": start + datetime.timedelta(days=rng.randint(180, 900)),
            }
        )
    return towns, plans, commitments


def items_in_memory(towns, plans, commitments, partition_by: str):
    from blaupause.collaboration.synergy.finder import Item

    window = datetime.timedelta(days=183)
    town_of = {town["pk"]: town for town in towns}

    def partition(pk):
        town = town_of[pk]
        if partition_by == "one":
            return "r0"
        return ("r" if partition_by == "region" else "d") + town[partition_by]

    items = [
        Item(
            kind="plan",
            pk=plan["pk"],
            municipality_ids=frozenset({plan["municipality"]}),
            title=plan["subject"],
            partition=partition(plan["municipality"]),
            category=plan["category"],
            start=plan["planned_on"] - window,
            end=plan["planned_on"] + window,
            municipality_names=(town_of[plan["municipality"]]["name"],),
        )
        for plan in plans
    ]
    items += [
        Item(
            kind="commitment",
            pk=c["pk"],
            municipality_ids=frozenset({c["municipality"]}),
            title=c["measure"]["title"],
            partition=partition(c["municipality"]),
            measure_id=c["measure"]["pk"],
            strategy_id=c["measure"]["strategy"],
            start=c["start"],
            end=c["end"],
            municipality_names=(town_of[c["municipality"]]["name"],),
        )
        for c in commitments
    ]
    return items


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_memory(fraction: float) -> None:
    from blaupause.collaboration.synergy.finder import find_groups, find_groups_in_partition

    started = time.perf_counter()
    towns, plans, commitments = generate(fraction)
    print(
        f"data: {len(towns):,} municipalities, {len(plans):,} plans, "
        f"{len(commitments):,} commitments ({time.perf_counter() - started:.1f} s)"
    )
    for partition_by in ("region", "district", "one"):
        items = items_in_memory(towns, plans, commitments, partition_by)
        sizes = Counter(item.partition for item in items)
        began = time.perf_counter()
        groups = find_groups(items)
        full = time.perf_counter() - began
        # Incremental: one plan changes its subject; only its partition is computed again.
        changed = next(item for item in items if item.kind == "plan")
        changed.title, changed.bag, changed.vector = "Ratsinformationssystem mit App", {}, {}
        same = [item for item in items if item.partition == changed.partition]
        for item in same:
            item.bag, item.vector = item.bag, {}
        began = time.perf_counter()
        find_groups_in_partition(changed.partition, same)
        incremental = time.perf_counter() - began
        print(
            f"partitions by {partition_by:8}: {len(sizes):4} partitions "
            f"(largest {max(sizes.values()):,} items) · full {full:6.1f} s, "
            f"{len(groups):,} suggestions, "
            f"{sum(len(g.items) for g in groups):,} items in them · "
            f"incremental (one plan, {len(same):,} items) {incremental:5.2f} s"
        )
    print(f"peak memory: {rss_mb():.0f} MB")


def in_database(fraction: float) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="bp-synergy-bench-"))
    os.environ["BLAUPAUSE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
    os.environ["DJANGO_SETTINGS_MODULE"] = "blaupause.config.settings.dev"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    from blaupause.collaboration.models import ProcurementPlan, SynergySuggestion
    from blaupause.collaboration.services.synergy import plans_changed, recompute_all
    from blaupause.commitments.models import Commitment
    from blaupause.regions.models import District, Municipality, Region
    from blaupause.strategies.models import FieldOfAction, Measure, Strategy

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    towns, plans, commitments = generate(fraction)
    regions = {
        prefix: Region(slug=f"rb-{prefix}", name=f"Regierungsbezirk {prefix}", ags_prefix=prefix)
        for prefix in sorted({town["region"] for town in towns})
    }
    Region.objects.bulk_create(regions.values())
    regions = {r.ags_prefix: r for r in Region.objects.all()}
    districts = {}
    for town in towns:
        districts.setdefault(town["district"], (town["district_name"], town["region"]))
    District.objects.bulk_create(
        District(ags=ags, name=name, slug=f"k-{ags}", kind="kreis", region=regions[region])
        for ags, (name, region) in districts.items()
    )
    district_ids = dict(District.objects.values_list("ags", "pk"))
    Municipality.objects.bulk_create(
        (
            Municipality(
                ags=t["ags"],
                name=t["name"],
                kind="Gemeinde",
                district_id=district_ids[t["district"]],
            )
            for t in towns
        ),
        batch_size=5000,
    )
    town_ids = dict(Municipality.objects.values_list("ags", "pk"))
    pk_to_ags = {t["pk"]: t["ags"] for t in towns}
    strategy_ids = {}
    for number in sorted({c["measure"]["strategy"] for c in commitments}):
        strategy = Strategy.objects.create(
            slug=f"bench-{number}",
            title=f"Strategie {number}",
            municipality_id=town_ids[towns[0]["ags"]],
        )
        field = FieldOfAction.objects.create(strategy=strategy, key="A", title="Verwaltung")
        strategy_ids[number] = (strategy.pk, field.pk)
    measure_rows = {c["measure"]["pk"]: c["measure"] for c in commitments}
    Measure.objects.bulk_create(
        (
            Measure(
                pk=m["pk"],
                strategy_id=strategy_ids[m["strategy"]][0],
                field_id=strategy_ids[m["strategy"]][1],
                key=f"M{m['pk']}",
                title=m["title"],
            )
            for m in measure_rows.values()
        ),
        batch_size=5000,
    )
    ProcurementPlan.objects.bulk_create(
        (
            ProcurementPlan(
                municipality_id=town_ids[pk_to_ags[p["municipality"]]],
                subject=p["subject"],
                category=p["category"],
                planned_on=p["planned_on"],
            )
            for p in plans
        ),
        batch_size=5000,
    )
    Commitment.objects.bulk_create(
        (
            Commitment(
                municipality_id=town_ids[pk_to_ags[c["municipality"]]],
                measure_id=c["measure"]["pk"],
                status="planned",
                start_date=c["start"],
                end_date=c["end"],
            )
            for c in commitments
        ),
        batch_size=5000,
    )
    print(f"database filled in {time.perf_counter() - started:.1f} s ({data_dir})")
    began = time.perf_counter()
    counts = recompute_all()
    print(f"recompute_all: {time.perf_counter() - began:.1f} s {counts}")
    began = time.perf_counter()
    counts = recompute_all()
    print(f"recompute_all again (nothing changed): {time.perf_counter() - began:.1f} s {counts}")
    plan = ProcurementPlan.objects.order_by("pk").first()
    plan.subject = "Ratsinformationssystem mit App"
    plan.save()
    began = time.perf_counter()
    counts = plans_changed([plan.pk])
    print(f"plans_changed (one plan): {time.perf_counter() - began:.2f} s {counts}")
    print(
        f"stored suggestions: {SynergySuggestion.objects.count():,}; peak memory {rss_mb():.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fraction", type=float, default=1.0, help="share of the 50,000 items")
    parser.add_argument("--database", action="store_true", help="through the services and SQLite")
    args = parser.parse_args()
    if args.database:
        in_database(args.fraction)
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blaupause.config.settings.test")
        import django

        django.setup()
        in_memory(args.fraction)


if __name__ == "__main__":
    main()
