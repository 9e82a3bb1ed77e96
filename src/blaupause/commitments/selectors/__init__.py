"""Reads of the commitments app: roll-ups, adoption of a measure, dashboards, the bulk editor.

Every selector filters to what the viewer may see *before* it counts (`visibility_q`), runs a
fixed number of queries whatever the number of measures or municipalities, and applies the one
roll-up rule of `rollup.py`. Other apps use `strategy_rollup`, `measure_adoption`,
`municipality_rollups`, `district_rollup` and `region_rollup`.
"""

from ._common import (
    STATUS_ORDER,
    available_measure_get,
    available_measures,
    commitment_for,
    dashboard_url_maker,
    strategy_member_ids,
)
from .adoption import AdoptionRow, LegendItem, MeasureAdoption, measure_adoption, status_legend
from .dashboards import (
    BulkRow,
    FieldGroup,
    MeasureRow,
    MemberRow,
    MunicipalityProgress,
    NetworkProgress,
    PeerMeasure,
    band_legend,
    bulk_groups,
    municipality_progress,
    network_progress,
    network_strategies,
    progress_band,
)
from .rollups import (
    AreaRollup,
    StrategyRollup,
    district_rollup,
    municipality_rollups,
    region_rollup,
    strategy_rollup,
)

__all__ = [
    "STATUS_ORDER",
    "AdoptionRow",
    "AreaRollup",
    "BulkRow",
    "FieldGroup",
    "LegendItem",
    "MeasureAdoption",
    "MeasureRow",
    "MemberRow",
    "MunicipalityProgress",
    "NetworkProgress",
    "PeerMeasure",
    "StrategyRollup",
    "available_measure_get",
    "available_measures",
    "band_legend",
    "bulk_groups",
    "commitment_for",
    "dashboard_url_maker",
    "district_rollup",
    "measure_adoption",
    "municipality_progress",
    "municipality_rollups",
    "network_progress",
    "network_strategies",
    "progress_band",
    "region_rollup",
    "status_legend",
    "strategy_member_ids",
    "strategy_rollup",
]
