"""Who may do what with self-checks. Services check these too, not only the views.

- Fill, save and submit a municipality's self-check: its CDOs and the regional admins of its
  region.
- See a municipality's self-check and results (its individual answers): members of that
  municipality (CDOs, contributors) and its regional admins. Nobody else — network
  coordinators and other municipalities see only anonymous group values.
Objects: a `Municipality` or an `Assessment`.
"""

import rules

from blaupause.accounts.predicates import is_cdo_of, is_member_of, is_regional_admin_for

rules.add_perm("assessments.change_assessment", is_cdo_of | is_regional_admin_for)
rules.add_perm("assessments.view_assessment", is_member_of | is_regional_admin_for)
