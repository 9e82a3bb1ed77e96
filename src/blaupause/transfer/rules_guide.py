"""Who may see the strategy process guide. Loaded by `transfer/views/guide.py`.

- A network's guide: its coordination, the members (CDOs, contributors) of its member
  municipalities and the regional admins of its region.
- The overview of all networks of a region: the regional admins of that region.
- A municipality's guide for its own strategy: its members and the regional admins of its
  region.
Nobody else: the guide names which members still lack a self-check or a commitment.
"""

import rules

from blaupause.accounts.predicates import (
    is_coordinator_of,
    is_member_of,
    is_regional_admin_for,
)


@rules.predicate
def is_member_of_network_municipality(user, network) -> bool:
    """A CDO or contributor of one of the network's member municipalities (one query)."""
    if network is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    own = user.roles.member_municipality_ids
    if not own:
        return False
    return network.municipalities.filter(pk__in=sorted(own)).exists()


rules.add_perm(
    "transfer.view_network_guide",
    is_coordinator_of | is_regional_admin_for | is_member_of_network_municipality,
)
rules.add_perm("transfer.view_region_guide", is_regional_admin_for)
rules.add_perm("transfer.view_municipality_guide", is_member_of | is_regional_admin_for)
