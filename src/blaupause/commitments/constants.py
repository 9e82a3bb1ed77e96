from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitmentRole(models.TextChoices):
    LEAD = "lead", _("federführend")
    PARTNER = "partner", _("beteiligt")
    INTERESTED = "interested", _("interessiert")


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    IN_PROGRESS = "in_progress", _("in Umsetzung")
    DONE = "done", _("umgesetzt")
    PAUSED = "paused", _("pausiert")
    DROPPED = "dropped", _("verworfen")


#: Statuses that count as "beteiligt" in every roll-up (all but "verworfen").
COMMITTED_STATUSES = frozenset(
    {
        CommitmentStatus.PLANNED,
        CommitmentStatus.IN_PROGRESS,
        CommitmentStatus.DONE,
        CommitmentStatus.PAUSED,
    }
)

#: Shown on maps and in legends for a municipality without a commitment.
NO_COMMITMENT = "none"
