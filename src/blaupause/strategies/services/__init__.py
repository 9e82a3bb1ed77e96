"""Writes of the strategies app: strategies, their items, lifecycle and versions.

Every function is keyword-only and transactional, checks `strategies.change_strategy` (or
`add_strategy`) with rules, validates everything before it writes, keeps history and records
an audit event. `actor=None` stands for the system (loaders, command line).
"""

from ._base import CHANGE_DENIED
from .items import (
    item_create,
    item_delete,
    item_history_restore,
    item_restore,
    item_update,
)
from .strategies import (
    Decision,
    allowed_statuses,
    strategy_create,
    strategy_publish,
    strategy_status_change,
    strategy_update,
)

__all__ = [
    "CHANGE_DENIED",
    "Decision",
    "allowed_statuses",
    "item_create",
    "item_delete",
    "item_history_restore",
    "item_restore",
    "item_update",
    "strategy_create",
    "strategy_publish",
    "strategy_status_change",
    "strategy_update",
]
