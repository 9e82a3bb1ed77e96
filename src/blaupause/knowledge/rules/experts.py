"""Object permissions of the expert finder.

- Change a listing: only the person it belongs to (consent is personal).
- See persons in the finder: logged-in role holders; municipalities with experience are shown to
  everyone.
"""

from __future__ import annotations

import rules

from .articles import has_role


@rules.predicate
def is_listing_owner(user, listing) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and listing is not None
        and listing.user_id == user.pk
    )


@rules.predicate
def may_see_persons(user) -> bool:
    return has_role(user) or bool(getattr(user, "is_superuser", False))


rules.add_perm("knowledge.change_expertlisting", is_listing_owner)
rules.add_perm("knowledge.view_expert_persons", may_see_persons)
