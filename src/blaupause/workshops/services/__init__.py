"""Writes of the workshops app. `bump_revision(workshop)` marks the board as changed and must be
called by every service that changes what a board shows (setup, board and outcome alike)."""

from .board import (
    bump_revision,
    card_create,
    card_delete,
    card_move,
    card_update,
    cluster_create,
    cluster_delete,
    cluster_rename,
    is_facilitator,
    workshop_step_set,
)
from .setup import (
    InvitationInvalid,
    participant_invite_external,
    participant_join_external,
    participant_remove,
    participants_invite_accounts,
    workshop_create,
    workshop_update,
)

__all__ = [
    "InvitationInvalid",
    "bump_revision",
    "card_create",
    "card_delete",
    "card_move",
    "card_update",
    "cluster_create",
    "cluster_delete",
    "cluster_rename",
    "is_facilitator",
    "participant_invite_external",
    "participant_join_external",
    "participant_remove",
    "participants_invite_accounts",
    "workshop_create",
    "workshop_step_set",
    "workshop_update",
]
