"""Who sees which part of the transfer analysis. Loaded by `transfer/selectors_analysis.py`.

- The analysis itself (recommendations, scores, reasons, adoption elsewhere by size class):
  everyone who may see the strategy. Other municipalities appear only as counts per size class.
- The fit of the group's municipalities, named (object: the network): the network's
  coordination and the regional admins of its region.
- The fit of one municipality of the group (object: the municipality): its CDOs and the
  regional admins of its region. The self-check levels in a row follow
  `assessments.view_assessment`; the network's coordination sees only met / not met.
"""

import rules

from blaupause.accounts.predicates import is_cdo_of, is_coordinator_of, is_regional_admin_for

rules.add_perm("transfer.view_analysis_members", is_coordinator_of | is_regional_admin_for)
rules.add_perm("transfer.view_analysis_member", is_cdo_of | is_regional_admin_for)
