"""Who does a measure: rows per municipality, a roll-up and a status map."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from blaupause.regions import maps
from blaupause.regions.geo import LAYER_AREA, MapArea, MapView, compose_map
from blaupause.regions.models import Municipality

from .. import rollup as rule
from ..constants import NO_COMMITMENT, CommitmentRole, CommitmentStatus
from ..models import Commitment
from ._common import (
    STATUS_ORDER,
    STATUS_RANK,
    dashboard_url_maker,
    has_geometry,
    strategy_member_ids,
)

if TYPE_CHECKING:
    from blaupause.strategies.models import Measure, Strategy

# --- adoption of one measure -------------------------------------------------------------------


@dataclass(frozen=True)
class AdoptionRow:
    """One municipality of the strategy and what it does about one measure."""

    name: str
    ags: str
    district: str
    url: str
    status: str  # a CommitmentStatus value or NO_COMMITMENT
    status_label: str
    role: str = ""
    role_label: str = ""
    progress: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    is_public: bool = True
    is_demo: bool = False

    @property
    def has_commitment(self) -> bool:
        return self.status != NO_COMMITMENT

    @property
    def css_class(self) -> str:
        return f"bp-status--{self.status}"


@dataclass(frozen=True)
class LegendItem:
    status: str
    label: str
    count: int

    @property
    def css_class(self) -> str:
        return f"bp-status--{self.status}"


@dataclass
class MeasureAdoption:
    """Everything `commitments/components/measure_adoption.html` shows."""

    measure: Measure
    rows: list[AdoptionRow]
    rollup: rule.Rollup
    map: MapView | None
    legend: list[LegendItem] = field(default_factory=list)
    shows_internal: bool = False

    @property
    def has_demo(self) -> bool:
        return self.rollup.has_demo

    @property
    def committed_rows(self) -> list[AdoptionRow]:
        return [row for row in self.rows if row.has_commitment]


def status_legend(counts: dict[str, int], *, with_none: int | None = None) -> list[LegendItem]:
    """Legend entries in status order; "keine Beteiligung" last when `with_none` is given."""
    items = [
        LegendItem(status=status.value, label=str(status.label), count=counts.get(status, 0))
        for status in STATUS_ORDER
    ]
    if with_none is not None:
        items.append(
            LegendItem(status=NO_COMMITMENT, label=_("keine Beteiligung"), count=with_none)
        )
    return items


def _members(strategy: Strategy) -> QuerySet[Municipality]:
    return (
        Municipality.objects.filter(pk__in=strategy_member_ids(strategy))
        .select_related("district")
        .only("ags", "name", "updated_at", "district_id", "district__name")
        .annotate(has_geometry=has_geometry())
        .order_by("name", "ags")
    )


def measure_adoption(*, measure: Measure, viewer) -> MeasureAdoption:
    """Who does a measure: a row per municipality of the strategy, a roll-up and a map.

    Three queries (plus one when the projected map shapes are not cached yet), however many
    municipalities the network has. Rows are ordered by status (umgesetzt first), then name.
    """
    strategy = measure.strategy
    members = list(_members(strategy))
    by_municipality = {
        row["municipality_id"]: row
        for row in Commitment.objects.visible_to(viewer)
        .filter(measure=measure, municipality_id__in=[m.pk for m in members])
        .order_by()
        .values(
            "municipality_id",
            "role",
            "status",
            "progress",
            "start_date",
            "end_date",
            "is_public",
            "is_demo",
        )
    }
    url = dashboard_url_maker()
    rows = []
    entries = []
    for municipality in members:
        found = by_municipality.get(municipality.pk)
        common = {
            "name": municipality.name,
            "ags": municipality.ags,
            "district": municipality.district.name,
            "url": url(municipality.ags),
        }
        if found is None:
            rows.append(
                AdoptionRow(**common, status=NO_COMMITMENT, status_label=_("keine Beteiligung"))
            )
            continue
        status = found["status"]
        entries.append(
            rule.Entry(status=status, progress=found["progress"], is_demo=found["is_demo"])
        )
        rows.append(
            AdoptionRow(
                **common,
                status=status,
                status_label=str(CommitmentStatus(status).label),
                role=found["role"],
                role_label=str(CommitmentRole(found["role"]).label),
                progress=rule.effective_progress(status, found["progress"]),
                start_date=found["start_date"],
                end_date=found["end_date"],
                is_public=found["is_public"],
                is_demo=found["is_demo"],
            )
        )
    rows.sort(key=lambda row: (STATUS_RANK.get(row.status, len(STATUS_RANK)), row.name))
    summary = rule.measure_rollup(rule.tally(entries), municipality_count=len(members))
    legend = status_legend(summary.by_status, with_none=len(members) - len(entries))
    return MeasureAdoption(
        measure=measure,
        rows=rows,
        rollup=summary,
        map=_status_map(members, rows, measure=measure),
        legend=[item for item in legend if item.count],
        shows_internal=any(not row.is_public for row in rows if row.has_commitment),
    )


def _status_map(
    members: list[Municipality], rows: list[AdoptionRow], *, measure: Measure
) -> MapView | None:
    map_rows = [
        maps.MapRow(ags=m.ags, name=m.name, updated_at=m.updated_at, district_id=m.district_id)
        for m in members
        if m.has_geometry
    ]
    if not map_rows:
        return None
    queryset = Municipality.objects.filter(ags__in=[row.ags for row in map_rows])
    areas = [
        MapArea(
            key=row.ags,
            label=f"{row.name}: {row.status_label}",
            url=row.url,
            layer=LAYER_AREA,
            css_class=row.css_class,
        )
        for row in rows
    ]
    return compose_map(
        maps.cached_shapes(map_rows, queryset),
        areas,
        title=_("Karte: Stand der Maßnahme %(key)s in den Kommunen") % {"key": measure.key},
        description=_(
            "Die Farbe jeder Kommune zeigt ihren Status bei dieser Maßnahme (siehe Legende). "
            "Jede Kommune ist ein Link zu ihrer Fortschrittsseite; die Tabelle nennt "
            "dieselben Angaben."
        ),
    )
