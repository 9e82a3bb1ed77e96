"""The roll-up rule: how commitments add up to progress. Pure functions, no ORM.

One rule for every page, dashboard, export and report (user guide: docs/hilfe/fortschritt.md):

1. A commitment counts as *beteiligt* (committed) unless its status is "verworfen" (dropped).
2. A commitment counts as *umgesetzt* (done) when its status is "umgesetzt"; its progress then
   counts as 100 %, whatever was stored. Otherwise its stored progress (0–100) counts, for
   "geplant" and "pausiert" too.
3. Measure — who does it: average progress = unweighted mean over the municipalities that are
   committed. ``committed`` = those municipalities, ``done`` = those with "umgesetzt". Nobody
   committed → no average ("–").
4. Goal, field of action, strategy — how far the plan has come: weighted mean of its measures'
   averages, weight = ``Measure.weight`` (default 1; weight 0 leaves a measure out). A measure
   nobody is committed to counts as 0 %. ``committed`` = municipalities committed to at least
   one of the measures, ``done`` = commitments with "umgesetzt".
5. Municipality, district, region — what the municipalities do: weighted mean over their
   committed commitments, each weighted by its measure's weight. ``committed`` =
   municipalities with at least one committed commitment.
6. Visibility comes first: the public sees and counts only public commitments; members of the
   municipality and the regional admins of its region see internal ones too. The selectors
   filter before they aggregate, so that no number reveals a hidden commitment.

The selectors aggregate in the database into `Tally` rows (count and sums per status) and pass
them to the functions here; `tally()` builds the same rows from single entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .constants import COMMITTED_STATUSES, CommitmentStatus

__all__ = [
    "Entry",
    "Rollup",
    "Tally",
    "commitments_rollup",
    "effective_progress",
    "empty_status_counts",
    "is_committed",
    "measure_rollup",
    "percent",
    "structure_rollup",
    "tally",
]

DONE = CommitmentStatus.DONE.value
FULL = 100

LEVEL_MEASURE = "measure"  # one measure across municipalities
LEVEL_STRUCTURE = "structure"  # goal, field of action, strategy
LEVEL_MUNICIPALITY = "municipality"  # one municipality across measures
LEVEL_AREA = "area"  # district or region: many municipalities across measures


def is_committed(status: str) -> bool:
    """Everything but "verworfen" counts as committed."""
    return status in COMMITTED_STATUSES


def effective_progress(status: str, progress: int | None) -> int:
    """The progress that counts: 100 for "umgesetzt", else the stored value within 0–100."""
    if status == DONE:
        return FULL
    return max(0, min(FULL, int(progress or 0)))


def percent(value: float | None) -> int | None:
    """Round half up to a whole percent; None stays None."""
    if value is None:
        return None
    return int(value + 0.5)


def empty_status_counts() -> dict[str, int]:
    """Every status with 0, in the order of the choices (for stable tables and legends)."""
    return {status: 0 for status in CommitmentStatus.values}


@dataclass(frozen=True)
class Entry:
    """One commitment as the rule sees it."""

    status: str
    progress: int = 0
    weight: float | Decimal = 1
    is_demo: bool = False


@dataclass(frozen=True)
class Tally:
    """Commitments of one status within some scope, summed up (one row of a GROUP BY).

    ``progress_sum`` sums the stored progress, ``weight_sum`` the weights of the measures and
    ``weighted_progress_sum`` weight × stored progress. Missing weights mean weight 1.
    """

    status: str
    count: int
    progress_sum: float | Decimal | None = 0
    weight_sum: float | Decimal | None = None
    weighted_progress_sum: float | Decimal | None = None
    demo: int = 0

    @property
    def weights(self) -> float:
        return float(self.count if self.weight_sum is None else self.weight_sum)

    @property
    def effective_sum(self) -> float:
        """Sum of the progress that counts (unweighted)."""
        if self.status == DONE:
            return float(FULL * self.count)
        return float(self.progress_sum or 0)

    @property
    def weighted_effective_sum(self) -> float:
        if self.status == DONE:
            return FULL * self.weights
        if self.weighted_progress_sum is None:
            return float(self.progress_sum or 0)
        return float(self.weighted_progress_sum)


def tally(entries: Iterable[Entry]) -> list[Tally]:
    """Group single entries into tallies, as the database does for the selectors."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.status, []).append(entry)
    result = []
    for status, items in groups.items():
        progress = [effective_progress(status, item.progress) for item in items]
        weights = [float(item.weight) for item in items]
        result.append(
            Tally(
                status=status,
                count=len(items),
                progress_sum=sum(progress),
                weight_sum=sum(weights),
                weighted_progress_sum=sum(w * p for w, p in zip(weights, progress, strict=True)),
                demo=sum(1 for item in items if item.is_demo),
            )
        )
    return result


@dataclass(frozen=True)
class Rollup:
    """Progress of one measure, goal, field, strategy, municipality, district or region.

    ``committed`` counts municipalities (see the module docstring); ``by_status`` counts
    commitments per status, "verworfen" included; ``avg_progress`` is None when there is
    nothing to average.
    """

    level: str
    municipality_count: int
    committed: int = 0
    by_status: dict[str, int] = field(default_factory=empty_status_counts)
    avg_progress: float | None = None
    measure_count: int = 1
    measures_committed: int = 0
    demo: int = 0

    @property
    def done(self) -> int:
        return self.by_status.get(DONE, 0)

    @property
    def commitment_count(self) -> int:
        """Commitments that count (all but "verworfen")."""
        return sum(count for status, count in self.by_status.items() if is_committed(status))

    @property
    def percent(self) -> int | None:
        return percent(self.avg_progress)

    @property
    def bar_value(self) -> int:
        """For a progress bar: the rounded average, 0 when there is none."""
        return self.percent or 0

    @property
    def progress_text(self) -> str:
        value = self.percent
        return "–" if value is None else f"{value} %"

    @property
    def has_demo(self) -> bool:
        return self.demo > 0

    @property
    def status_items(self) -> list[tuple[str, str, int]]:
        """(status, German label, count) for every status that occurs."""
        return [
            (status, str(CommitmentStatus(status).label), count)
            for status, count in self.by_status.items()
            if count
        ]

    @property
    def label(self) -> str:
        """A German sentence such as "12 von 16 Kommunen beteiligt, 5 umgesetzt"."""
        if self.level == LEVEL_MUNICIPALITY:
            return ngettext(
                "an %(committed)s von %(total)s Maßnahme beteiligt, %(done)s umgesetzt",
                "an %(committed)s von %(total)s Maßnahmen beteiligt, %(done)s umgesetzt",
                self.measure_count,
            ) % {
                "committed": self.measures_committed,
                "total": self.measure_count,
                "done": self.done,
            }
        share = ngettext(
            "%(committed)s von %(total)s Kommune beteiligt",
            "%(committed)s von %(total)s Kommunen beteiligt",
            self.municipality_count,
        ) % {"committed": self.committed, "total": self.municipality_count}
        if self.level == LEVEL_MEASURE:
            done = _("%(done)s umgesetzt") % {"done": self.done}
        else:
            done = _("%(done)s-mal umgesetzt") % {"done": self.done}
        return f"{share}, {done}"


def _status_counts(tallies: Iterable[Tally]) -> tuple[dict[str, int], int]:
    counts = empty_status_counts()
    demo = 0
    for item in tallies:
        counts[item.status] = counts.get(item.status, 0) + item.count
        demo += item.demo
    return counts, demo


def measure_rollup(tallies: Iterable[Tally], *, municipality_count: int) -> Rollup:
    """One measure: unweighted mean over the committed municipalities (rule 3)."""
    tallies = list(tallies)
    counts, demo = _status_counts(tallies)
    committed = [item for item in tallies if is_committed(item.status)]
    n = sum(item.count for item in committed)
    avg = sum(item.effective_sum for item in committed) / n if n else None
    return Rollup(
        level=LEVEL_MEASURE,
        municipality_count=municipality_count,
        committed=n,
        by_status=counts,
        avg_progress=avg,
        measure_count=1,
        measures_committed=1 if n else 0,
        demo=demo,
    )


def structure_rollup(
    parts: Iterable[tuple[Rollup, float | Decimal]], *, committed: int, municipality_count: int
) -> Rollup:
    """A goal, field or strategy: weighted mean of its measures' roll-ups (rule 4).

    ``parts`` are (measure roll-up, weight); ``committed`` is the number of distinct
    municipalities committed to any of them, which the measures alone cannot tell.
    """
    counts = empty_status_counts()
    demo = measure_count = measures_committed = 0
    weight_total = weighted = 0.0
    for rollup, weight in parts:
        measure_count += 1
        measures_committed += 1 if rollup.committed else 0
        demo += rollup.demo
        for status, count in rollup.by_status.items():
            counts[status] = counts.get(status, 0) + count
        weight = float(weight if weight is not None else 1)
        if weight > 0:
            weight_total += weight
            weighted += weight * (rollup.avg_progress or 0.0)
    return Rollup(
        level=LEVEL_STRUCTURE,
        municipality_count=municipality_count,
        committed=committed,
        by_status=counts,
        avg_progress=weighted / weight_total if weight_total else None,
        measure_count=measure_count,
        measures_committed=measures_committed,
        demo=demo,
    )


def commitments_rollup(
    tallies: Iterable[Tally],
    *,
    municipality_count: int = 1,
    committed: int | None = None,
    measure_count: int = 0,
) -> Rollup:
    """A municipality (``municipality_count=1``), district or region (rule 5).

    Weighted mean over the committed commitments, weight = their measure's weight. For a
    district or region pass ``committed``, the number of distinct committed municipalities.
    For one municipality, ``measure_count`` is the number of measures it could commit to.
    """
    tallies = list(tallies)
    counts, demo = _status_counts(tallies)
    counted = [item for item in tallies if is_committed(item.status)]
    n = sum(item.count for item in counted)
    weights = sum(item.weights for item in counted)
    avg = sum(item.weighted_effective_sum for item in counted) / weights if weights > 0 else None
    single = municipality_count == 1 and committed is None
    if committed is None:
        committed = 1 if n else 0
    return Rollup(
        level=LEVEL_MUNICIPALITY if single else LEVEL_AREA,
        municipality_count=municipality_count,
        committed=committed,
        by_status=counts,
        avg_progress=avg,
        measure_count=measure_count,
        measures_committed=n,
        demo=demo,
    )
