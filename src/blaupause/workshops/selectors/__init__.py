"""Reads of the workshops app: access, board, lists. wsout adds `selectors.outcome`."""

from .board import (
    Board,
    ClusterGroup,
    StepInfo,
    WorkshopAccess,
    board_get,
    participant_list,
    workshop_access,
    workshop_get,
    workshop_list_for_strategy,
    workshop_revision,
)

__all__ = [
    "Board",
    "ClusterGroup",
    "StepInfo",
    "WorkshopAccess",
    "board_get",
    "participant_list",
    "workshop_access",
    "workshop_get",
    "workshop_list_for_strategy",
    "workshop_revision",
]
