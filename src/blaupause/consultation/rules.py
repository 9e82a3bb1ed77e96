"""Who may take part in a consultation and who runs it. Services check these too.

- Take part (comment, reply, report a comment): the members of the strategy's owner — for a
  network's strategy everyone with a role in one of its municipalities, its coordination and
  the regional admins of its region; for a municipality's own strategy that municipality's
  members (and whoever may change the strategy). `add_comment` and `report_comment` also need
  the round to be open; `participate` is the membership alone (services tell a member that
  the round is over instead of refusing them).
- Run it (open and close rounds, set outcomes, hide and restore comments): whoever may change
  the strategy (`strategies.change_strategy`).
- See comments: whoever may see the strategy.

The object of every permission is a strategy, a consultation or a comment; selectors load
`strategy__network__region` and `strategy__municipality__district` with them.
"""

from __future__ import annotations

import rules


def strategy_of(obj):
    """The strategy behind a strategy, a consultation or a comment."""
    if obj is None:
        return None
    label = obj._meta.label
    if label == "consultation.Comment":
        return obj.consultation.strategy
    if label == "consultation.Consultation":
        return obj.strategy
    return obj


def network_municipality_ids(network) -> frozenset[int]:
    """Municipality ids of a network, cached on the instance (one query per network)."""
    cached = getattr(network, "_consultation_member_ids", None)
    if cached is None:
        cached = frozenset(network.municipalities.values_list("pk", flat=True))
        network._consultation_member_ids = cached
    return cached


@rules.predicate
def can_run(user, obj) -> bool:
    """May change the strategy: coordination, CDOs of its municipality, regional admins."""
    strategy = strategy_of(obj)
    return strategy is not None and user.has_perm("strategies.change_strategy", strategy)


@rules.predicate
def is_member(user, obj) -> bool:
    """Member of the strategy's network or municipality (see the module docstring)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    strategy = strategy_of(obj)
    if strategy is None:
        return False
    if user.is_superuser:
        return True
    roles = user.roles
    if strategy.municipality_id:
        if strategy.municipality_id in roles.member_municipality_ids:
            return True
    elif strategy.network_id:
        if strategy.network_id in roles.coordinated_network_ids:
            return True
        if roles.member_municipality_ids & network_municipality_ids(strategy.network):
            return True
    return bool(user.has_perm("strategies.change_strategy", strategy))


@rules.predicate
def is_open(user, obj) -> bool:
    if obj is None:
        return False
    consultation = obj.consultation if obj._meta.label == "consultation.Comment" else obj
    if consultation._meta.label != "consultation.Consultation":
        return False
    return consultation.is_open()


@rules.predicate
def can_view(user, obj) -> bool:
    strategy = strategy_of(obj)
    return strategy is not None and user.has_perm("strategies.view_strategy", strategy)


# Object: the strategy (opening) or the consultation (closing).
rules.add_perm("consultation.open_consultation", can_run)
rules.add_perm("consultation.close_consultation", can_run)
# Object: the consultation.
rules.add_perm("consultation.view_consultation", can_view)
rules.add_perm("consultation.participate", can_view & is_member)
rules.add_perm("consultation.add_comment", can_view & is_member & is_open)
# Object: the comment.
rules.add_perm("consultation.report_comment", can_view & is_member & is_open)
rules.add_perm("consultation.set_outcome", can_run)
rules.add_perm("consultation.moderate_comment", can_run)
