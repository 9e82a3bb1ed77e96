"""Reads of the strategies app for pages, versions and the API, with their queries planned.

No page's query count grows with the number of values, goals, measures, indicators or
versions: the whole tree of a strategy is read with one query per table and joined in Python.
"""

from .content import (
    StrategyContent,
    strategy_content,
    strategy_get,
    strategy_list,
)
from .history import (
    HistoryEntry,
    StrategyHistory,
    item_get,
    item_history,
    strategy_history,
    strategy_status_changes,
)
from .measures import MeasurePage, PrerequisiteRow, measure_get, measure_page
from .page import (
    ADOPTION_DONE,
    ADOPTION_NONE,
    ADOPTION_SOME,
    MeasureFilters,
    StrategyPage,
    strategy_page,
)
from .versions import version_get, version_list, version_pair

__all__ = [
    "ADOPTION_DONE",
    "ADOPTION_NONE",
    "ADOPTION_SOME",
    "HistoryEntry",
    "MeasureFilters",
    "MeasurePage",
    "PrerequisiteRow",
    "StrategyContent",
    "StrategyHistory",
    "StrategyPage",
    "item_get",
    "item_history",
    "measure_get",
    "measure_page",
    "strategy_content",
    "strategy_get",
    "strategy_history",
    "strategy_list",
    "strategy_page",
    "strategy_status_changes",
    "version_get",
    "version_list",
    "version_pair",
]
