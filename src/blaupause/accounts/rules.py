"""Who may manage people and roles. The services check these too, not only the views.

- A municipality's team (CDOs and contributors): its CDOs and the regional admins of its region.
- A network's team (its coordination): its coordinators and the regional admins of its region.
- A region's team (regional admins): the regional admins of that region.
- API tokens: only their owner.
"""

import rules

from .predicates import (
    is_cdo_of,
    is_coordinator_of,
    is_owner,
    is_regional_admin,
    is_regional_admin_for,
)

rules.add_perm("accounts.manage_municipality_team", is_cdo_of | is_regional_admin_for)
rules.add_perm("accounts.manage_network_team", is_coordinator_of | is_regional_admin_for)
rules.add_perm("accounts.manage_region_team", is_regional_admin_for)
rules.add_perm("accounts.view_audit_log", is_regional_admin)
rules.add_perm("accounts.add_apitoken", rules.is_active)
rules.add_perm("accounts.revoke_apitoken", is_owner)
