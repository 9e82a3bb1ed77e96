"""Models of the collaboration app, one module per topic."""

from .procurement import ProcurementPlan
from .projects import JointProject, ProjectDocument, ProjectMilestone, ProjectPartner, WorkPackage
from .synergy import SynergyDismissal, SynergySuggestion

__all__ = [
    "JointProject",
    "ProcurementPlan",
    "ProjectDocument",
    "ProjectMilestone",
    "ProjectPartner",
    "SynergyDismissal",
    "SynergySuggestion",
    "WorkPackage",
]
