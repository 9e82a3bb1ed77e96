"""Who may do what with commitments. The services check these too, not only the views.

- Add, change or remove a municipality's commitments: its CDOs and the regional admins of its
  region. Contributors and network coordinators read only.
- See internal (non-public) commitments: members of the municipality and its regional admins.
Objects: a `Municipality` for ``add_commitment`` and ``view_internal_commitments``, a
`Commitment` (or its municipality) for ``change_commitment`` and ``delete_commitment``.
"""

import rules

from blaupause.accounts.predicates import is_cdo_of, is_member_of, is_regional_admin_for

can_edit = is_cdo_of | is_regional_admin_for

rules.add_perm("commitments.add_commitment", can_edit)
rules.add_perm("commitments.change_commitment", can_edit)
rules.add_perm("commitments.delete_commitment", can_edit)
rules.add_perm(
    "commitments.view_internal_commitments",
    is_member_of | is_regional_admin_for,
)
