"""Who may do what with self-checks. Services check these too, not only the views.

- Fill, save and submit a municipality's self-check: its CDOs and the regional admins of its
  region.
- See a municipality's self-check and results (its individual answers): members of that
  municipality (CDOs, contributors) and its regional admins. Nobody else — network
  coordinators and other municipalities see only anonymous group values.
- Reopen a submitted self-check: regional admins of its region at any time; the CDOs of the
  municipality only for the current calendar year and with a reason (checked in the service).
- The regional view (heat map, distribution, map): a region's regional admins see it for their
  region and for every network in it, with named rows; a network's coordinators see it for
  their network, aggregated only (`view_named_overview` is false for them).
Objects: a `Municipality`, an `Assessment`, a `Region` or a `Network`.
"""

import rules

from blaupause.accounts.predicates import (
    is_cdo_of,
    is_coordinator_of,
    is_member_of,
    is_regional_admin_for,
)

rules.add_perm("assessments.change_assessment", is_cdo_of | is_regional_admin_for)
rules.add_perm("assessments.view_assessment", is_member_of | is_regional_admin_for)
rules.add_perm("assessments.reopen_assessment", is_cdo_of | is_regional_admin_for)
rules.add_perm("assessments.view_overview", is_coordinator_of | is_regional_admin_for)
rules.add_perm("assessments.view_named_overview", is_regional_admin_for)
