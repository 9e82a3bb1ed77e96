"""Who may see and change strategies. The services check these too, not only the views.

- Change a strategy (its texts, items, status, versions): the coordination of the network it
  belongs to, the CDOs of the municipality it belongs to, and the regional admins of the region
  it lies in (superusers everywhere).
- Create a strategy for a network or a municipality: the same people for that owner.
- See a strategy: everyone once it left the draft status; a draft only those who may change it.
- Mark a strategy as blueprint: regional admins of its region.

Selectors load `network` and `municipality__district` with the strategy, so the checks cost no
query beyond the user's roles.
"""

import rules

from blaupause.accounts.predicates import (
    is_cdo_of,
    is_coordinator_of,
    is_regional_admin_for,
)

from .constants import StrategyStatus


def _strategy_region_id(strategy) -> int | None:
    if strategy is None:
        return None
    if strategy.network_id:
        return strategy.network.region_id
    if strategy.municipality_id:
        municipality = strategy.municipality
        return municipality.district.region_id if municipality.district_id else None
    return None


@rules.predicate
def is_regional_admin_of_strategy(user, strategy) -> bool:
    """Regional admin of the region the strategy's network or municipality lies in."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    region_id = _strategy_region_id(strategy)
    return bool(region_id and region_id in user.roles.regional_admin_region_ids)


@rules.predicate
def is_public_strategy(user, strategy) -> bool:
    return strategy is not None and strategy.status != StrategyStatus.DRAFT


# `is_coordinator_of` reads `strategy.network_id`, `is_cdo_of` reads `strategy.municipality_id`.
can_change_strategy = is_coordinator_of | is_cdo_of | is_regional_admin_of_strategy

rules.add_perm("strategies.change_strategy", can_change_strategy)
rules.add_perm("strategies.view_strategy", is_public_strategy | can_change_strategy)
# The object is the owner: a network or a municipality.
rules.add_perm("strategies.add_strategy", is_coordinator_of | is_cdo_of | is_regional_admin_for)
rules.add_perm("strategies.manage_blueprint", is_regional_admin_of_strategy)
