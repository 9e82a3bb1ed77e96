"""Who may adopt a blueprint for a network: its coordination and the regional admins of the
region it lies in (superusers everywhere). Working on an adopted strategy (adaptations,
upstream changes) follows `strategies.change_strategy`; reading it `strategies.view_strategy`.
"""

import rules

from blaupause.accounts.predicates import is_coordinator_of, is_regional_admin_for

# The object is the adopting network.
rules.add_perm("transfer.adopt_blueprint", is_coordinator_of | is_regional_admin_for)

# The permissions of the other parts of the app live next to them; load them with this module.
from . import rules_analysis, rules_exchange, rules_guide  # noqa: E402, F401
