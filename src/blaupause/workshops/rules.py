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


rules.add_perm("workshops.manage_workshop", can_change_workshop_strategy)
# The object is the strategy.
rules.add_perm(
    "workshops.add_workshop",
    rules.predicate(lambda user, strategy: user.has_perm("strategies.change_strategy", strategy)),
)
