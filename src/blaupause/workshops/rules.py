"""Who may run workshops. Taking part is not a permission of an account but a `Participant`
row (accounts and external people alike): see `workshops.participation`.

- Create a workshop for a strategy and facilitate it (switch steps, invite, cluster, promote,
  see who wrote an anonymous card): whoever may change the strategy — its network's
  coordination, the CDOs of its municipality, the regional admins of its region.
"""

import rules


@rules.predicate
def can_change_workshop_strategy(user, workshop) -> bool:
    return user.has_perm("strategies.change_strategy", workshop.strategy)


@rules.predicate
def is_participant(user, workshop) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return workshop.participants.filter(user=user, removed_at__isnull=True).exists()


rules.add_perm("workshops.manage_workshop", can_change_workshop_strategy)
# Seeing a workshop: its participants (accounts) and whoever may facilitate it. External
# participants are no accounts; `participation.participant_for` decides for them.
rules.add_perm("workshops.view_workshop", is_participant | can_change_workshop_strategy)
# The object is the strategy.
rules.add_perm(
    "workshops.add_workshop",
    rules.predicate(lambda user, strategy: user.has_perm("strategies.change_strategy", strategy)),
)
