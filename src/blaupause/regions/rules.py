"""Who may change what in the region registry. Services check these too, not only views."""

import rules

from blaupause.accounts.predicates import (
    is_cdo_of,
    is_coordinator_of,
    is_regional_admin,
    is_regional_admin_for,
)

# A CDO changes the profile of their own municipality, never another one; regional admins
# change those of their region.
rules.add_perm("regions.change_municipality", is_cdo_of | is_regional_admin_for)
# The coordination of a network changes that network (texts and members); so do the regional
# admins of the network's region.
rules.add_perm("regions.change_network", is_coordinator_of | is_regional_admin_for)
# Imports of reference data change the whole registry.
rules.add_perm("regions.import_municipalities", is_regional_admin)
