import rules

from blaupause.accounts.predicates import is_regional_admin

rules.add_perm("core.change_legalpage", is_regional_admin)
rules.add_perm("core.view_auditevent", is_regional_admin)
rules.add_perm("core.view_trash", is_regional_admin)
