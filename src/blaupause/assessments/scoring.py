"""Pure calculations of the self-check: means, group statistics, chart geometry. No ORM."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from .constants import MAX_LEVEL


def mean(values: Iterable[float | int | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


@dataclass(frozen=True)
class GroupStat:
    """Median and quartiles of the municipalities' field means in a group."""

    median: float
    q1: float
    q3: float


def group_stat(values: list[float]) -> GroupStat:
    data = sorted(values)
    if len(data) == 1:
        return GroupStat(median=data[0], q1=data[0], q3=data[0])
    q1, median, q3 = statistics.quantiles(data, n=4, method="inclusive")
    return GroupStat(median=median, q1=q1, q3=q3)


@dataclass(frozen=True)
class Bar:
    label: str
    current: float | None
    target: float | None
    y: int
    current_width: float
    target_width: float

    @property
    def current_label_x(self) -> int:
        return int(self.current_width) + 6

    @property
    def target_label_x(self) -> int:
        return int(self.target_width) + 6


CHART_WIDTH = 640
BAR_MAX = 520
ROW_HEIGHT = 78


def bar_rows(rows: list[tuple[str, float | None, float | None]]) -> tuple[list[Bar], int]:
    """Geometry of a horizontal bar chart (0–4) with two bars per row; returns bars and height."""
    bars = []
    for index, (label, current, target) in enumerate(rows):
        bars.append(
            Bar(
                label=label,
                current=current,
                target=target,
                y=index * ROW_HEIGHT,
                current_width=round((current or 0) / MAX_LEVEL * BAR_MAX, 1),
                target_width=round((target or 0) / MAX_LEVEL * BAR_MAX, 1),
            )
        )
    return bars, max(len(rows) * ROW_HEIGHT, ROW_HEIGHT) + 24
