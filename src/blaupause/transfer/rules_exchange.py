"""Who may export and import blueprint files.

- Export a published version as a file: everyone for a public blueprint; for any other
  strategy of a network only those who may change it.
- Import a file into a network: its coordination and the regional admins of its region.

Loaded by `transfer.exchange` (and so by its views and commands); `add_perm` is guarded so that
a second import of this module changes nothing.
"""

import rules

from blaupause.accounts.predicates import is_coordinator_of, is_regional_admin_for
from blaupause.strategies.rules import can_change_strategy, is_public_strategy


@rules.predicate
def is_blueprint(user, strategy) -> bool:
    return strategy is not None and bool(strategy.is_blueprint)


@rules.predicate
def belongs_to_network(user, strategy) -> bool:
    return strategy is not None and bool(strategy.network_id)


PERMISSIONS = {
    "transfer.export_blueprint": belongs_to_network
    & ((is_blueprint & is_public_strategy) | can_change_strategy),
    # The object is the target network.
    "transfer.import_blueprint": is_coordinator_of | is_regional_admin_for,
}

for name, predicate in PERMISSIONS.items():
    if not rules.perm_exists(name):
        rules.add_perm(name, predicate)
