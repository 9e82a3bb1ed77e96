"""Demo commitments: the 16 Lippe municipalities and the measures of the Lippe strategy.

Everything is derived from a hash of AGS and measure key, so every run (and every machine)
gives the same, varied and plausible picture: larger towns take part in more measures and lead
more often, measures coordinated by the network draw almost everyone, a few are done, many are
in progress, some planned, paused or dropped, with dates between 2024 and 2027. All rows are
marked `is_demo`, and every page that shows them says "Beispieldaten".

Loading is idempotent: existing (or removed) commitments are never touched.
"""

from __future__ import annotations

import datetime
import hashlib
import math

from blaupause.regions.models import Municipality, Network

from .constants import CommitmentRole, CommitmentStatus
from .services import DemoCommitment, demo_commitments_ensure

LIPPE_STRATEGY_SLUG = "lippe-lebt-digitalisierung"
LIPPE_NETWORK_SLUG = "lippe"
FIRST_YEAR, LAST_YEAR = 2024, 2027
DONE_BY = datetime.date(2026, 10, 31)  # finished work ends before the data was put together
RESPONSIBLE = [
    "Stabsstelle Digitalisierung",
    "Fachbereich Zentrale Dienste",
    "IT-Koordination",
    "Büro des Bürgermeisters",
    "Fachdienst Organisation und Personal",
]


def _draws(ags: str, key: str, n: int = 8) -> list[float]:
    """`n` numbers in [0, 1) that depend only on AGS and measure key."""
    digest = hashlib.sha256(f"blaupause-demo:{ags}:{key}".encode()).digest()
    return [int.from_bytes(digest[i * 4 : i * 4 + 4], "big") / 2**32 for i in range(n)]


def size_factor(population: int | None) -> float:
    """0 for a village of 5,000 or fewer, 1 for a town of 80,000 or more (logarithmic)."""
    population = max(population or 0, 5_000)
    return min(1.0, math.log(population / 5_000) / math.log(80_000 / 5_000))


def _month(year: int, month: int) -> datetime.date:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, 1)


def _month_end(date: datetime.date) -> datetime.date:
    following = _month(date.year, date.month + 1)
    return following - datetime.timedelta(days=1)


def plan(
    *,
    ags: str,
    population: int | None,
    key: str,
    start_year: int | None = None,
    network_wide: bool = False,
) -> dict | None:
    """The demo commitment of one municipality to one measure, or None when it does not take part.

    Pure: the same input always gives the same output. The role is "beteiligt" or
    "interessiert"; `demo_specs` picks the lead of each measure.
    """
    u = _draws(ags, key)
    size = size_factor(population)
    chance = 0.3 + 0.45 * size + (0.3 if network_wide else 0.0)
    if u[0] >= min(chance, 0.95):
        return None
    role = CommitmentRole.PARTNER if u[1] < 0.85 else CommitmentRole.INTERESTED

    begins = max(FIRST_YEAR, min(start_year or FIRST_YEAR, LAST_YEAR))
    if role == CommitmentRole.INTERESTED:
        status = CommitmentStatus.PLANNED if u[2] < 0.85 else CommitmentStatus.PAUSED
    elif begins >= 2026:
        status = CommitmentStatus.PLANNED if u[2] < 0.7 else CommitmentStatus.IN_PROGRESS
    elif u[2] < 0.14 + 0.1 * size:
        status = CommitmentStatus.DONE
    elif u[2] < 0.68:
        status = CommitmentStatus.IN_PROGRESS
    elif u[2] < 0.86:
        status = CommitmentStatus.PLANNED
    elif u[2] < 0.95:
        status = CommitmentStatus.PAUSED
    else:
        status = CommitmentStatus.DROPPED

    if status == CommitmentStatus.DONE:
        progress = 100
        start = _month(begins, 1 + int(u[3] * 9))
        end = min(_month_end(_month(start.year, start.month + 8 + int(u[4] * 12))), DONE_BY)
    elif status == CommitmentStatus.IN_PROGRESS:
        progress = 5 * round((15 + u[5] * 70) / 5)
        start = _month(begins, 1 + int(u[3] * (18 if begins < 2026 else 6)))
        end = _month_end(_month(start.year, start.month + 18 + int(u[4] * 16)))
    elif status == CommitmentStatus.PLANNED:
        progress = 0 if u[5] < 0.7 else 5
        start = _month(LAST_YEAR, 1 + int(u[3] * 9))
        end = _month_end(_month(start.year, start.month + 3 + int(u[4] * 9)))
    elif status == CommitmentStatus.PAUSED:
        progress = 5 * round((10 + u[5] * 35) / 5)
        start = _month(min(begins, 2025), 1 + int(u[3] * 12))
        end = None
    else:  # dropped
        progress = 5 * round(u[5] * 20 / 5)
        start = _month(min(begins, 2025), 1 + int(u[3] * 6))
        end = None
    if end is not None:
        end = min(end, datetime.date(LAST_YEAR, 12, 31))
    if role == CommitmentRole.INTERESTED:
        start = end = None
    return {
        "role": role.value,
        "status": status.value,
        "progress": progress,
        "start_date": start,
        "end_date": end,
        "responsible_person": RESPONSIBLE[int(u[6] * len(RESPONSIBLE))],
        "is_public": u[7] >= 0.08,
        "lead_score": 0.6 * size + 0.4 * u[1],
    }


def _pick_lead(plans: list[tuple[int, dict]]) -> None:
    """The participant with the highest score leads (larger towns more often)."""
    candidates = [
        (values["lead_score"], municipality_id, values)
        for municipality_id, values in plans
        if values["role"] == CommitmentRole.PARTNER
        and values["status"] not in (CommitmentStatus.DROPPED, CommitmentStatus.PAUSED)
    ]
    if candidates:
        max(candidates, key=lambda item: (item[0], -item[1]))[2]["role"] = CommitmentRole.LEAD.value


def demo_specs(*, strategy_slug: str = LIPPE_STRATEGY_SLUG) -> list[DemoCommitment]:
    """The demo commitments for the members of the strategy's network (none without it)."""
    from blaupause.strategies.models import Measure, Strategy

    strategy = Strategy.objects.filter(slug=strategy_slug).first()
    if strategy is None or strategy.network_id is None:
        return []
    members = Municipality.objects.filter(
        pk__in=Network.municipalities.through.objects.filter(network_id=strategy.network_id).values(
            "municipality_id"
        )
    ).order_by("ags")
    members = list(members)
    measures = Measure.objects.filter(strategy=strategy).order_by("order", "key")
    specs = []
    for measure in measures:
        plans = []
        for municipality in members:
            values = plan(
                ags=municipality.ags,
                population=municipality.population,
                key=measure.key,
                start_year=measure.start_year,
                network_wide="netzwerk" in (measure.responsible_role or "").lower(),
            )
            if values is not None:
                plans.append((municipality.pk, values))
        _pick_lead(plans)
        for municipality_id, values in plans:
            values.pop("lead_score")
            specs.append(
                DemoCommitment(municipality_id=municipality_id, measure_id=measure.pk, **values)
            )
    return specs


def load_demo_commitments(*, strategy_slug: str = LIPPE_STRATEGY_SLUG) -> int:
    """Create the missing demo commitments; returns how many were created (0 on a re-run).

    Needs the Lippe network (`regions.demo`) and the Lippe blueprint (`strategies`); without
    them there is nothing to do.
    """
    return demo_commitments_ensure(specs=demo_specs(strategy_slug=strategy_slug))
