"""Pages of the strategies app: the public strategy and measure pages, versions and their
comparison, and — on the same pages, for editors — forms for every part of a strategy."""

from .items import (
    item_add,
    item_delete,
    item_edit,
    item_history,
    item_history_restore,
    item_restore,
)
from .reading import (
    measure_detail,
    strategy_detail,
    strategy_list,
    version_compare,
    version_detail,
    version_list,
)
from .strategy import (
    strategy_create,
    strategy_edit,
    strategy_history,
    strategy_publish,
    strategy_status,
)

__all__ = [
    "item_add",
    "item_delete",
    "item_edit",
    "item_history",
    "item_history_restore",
    "item_restore",
    "measure_detail",
    "strategy_create",
    "strategy_detail",
    "strategy_edit",
    "strategy_history",
    "strategy_list",
    "strategy_publish",
    "strategy_status",
    "version_compare",
    "version_detail",
    "version_list",
]
