"""Background tasks of the collaboration app (run by `blaupause worker`): synergy suggestions.

When a procurement plan, a commitment or a joint project changes, the suggestions of its
partition (region, or district without a region) are computed again once the transaction has
committed. `recompute_synergies` recomputes everything (`compute_synergies` command).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def recompute_synergies() -> dict:
    """Recompute all synergy suggestions."""
    from .services.synergy import recompute_all

    return recompute_all()


@task()
def synergy_plans_changed(plan_ids: list[int]) -> dict:
    from .services.synergy import plans_changed

    return plans_changed(plan_ids)


@task()
def synergy_commitments_changed(commitment_ids: list[int]) -> dict:
    from .services.synergy import commitments_changed

    return commitments_changed(commitment_ids)


@task()
def synergy_projects_changed(project_ids: list[int]) -> dict:
    from .services.synergy import projects_changed

    return projects_changed(project_ids)


class _Enqueue:
    """An on-commit callback that enqueues one job for all ids collected in the transaction."""

    def __init__(self, job):
        self.job = job
        self.ids: set[int] = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        try:
            self.job.enqueue(sorted(self.ids))
        except Exception:  # the suggestions are a convenience; the write has succeeded
            logger.exception("synergy recomputation for %s failed", sorted(self.ids))


def _later(job, ids: list[int]) -> None:
    """Enqueue after commit, once per job and transaction (a bulk edit of 30 commitments is
    one recomputation); a failure is logged and never breaks the write. The ids live in the
    transaction's own on-commit list, so a rollback forgets them with it."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        for entry in connection.run_on_commit:
            callback = entry[1]
            if isinstance(callback, _Enqueue) and callback.job is job and not callback.done:
                callback.ids.update(ids)
                return
    callback = _Enqueue(job)
    callback.ids.update(ids)
    transaction.on_commit(callback)


def on_plan_changed(sender=None, **kwargs) -> None:
    """Receiver for `services.procurement.plan_changed` (plan=, plans= or plan_ids=)."""
    ids = list(kwargs.get("plan_ids") or ())
    for plan in [kwargs.get("plan"), kwargs.get("instance"), *(kwargs.get("plans") or ())]:
        if plan is not None:
            ids.append(plan.pk)
    if ids:
        _later(synergy_plans_changed, ids)


def _connect_plans() -> None:
    from .services import procurement

    signal = getattr(procurement, "plan_changed", None)
    if signal is not None:
        signal.connect(on_plan_changed, dispatch_uid="synergy_plan_changed")
        return
    # Until the procurement services announce changes themselves: the model signals.
    from .models import ProcurementPlan

    def model_changed(sender, instance, raw=False, **kwargs):
        if not raw:
            _later(synergy_plans_changed, [instance.pk])

    post_save.connect(model_changed, sender=ProcurementPlan, weak=False, dispatch_uid="synergy_ps")
    post_delete.connect(
        model_changed, sender=ProcurementPlan, weak=False, dispatch_uid="synergy_pd"
    )


_connect_plans()


@receiver(post_save, sender="commitments.Commitment", dispatch_uid="synergy_commitment_saved")
@receiver(post_delete, sender="commitments.Commitment", dispatch_uid="synergy_commitment_deleted")
def on_commitment_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        _later(synergy_commitments_changed, [instance.pk])


@receiver(post_save, sender="collaboration.JointProject", dispatch_uid="synergy_project_saved")
def on_project_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        _later(synergy_projects_changed, [instance.pk])


@receiver(post_save, sender="collaboration.ProjectPartner", dispatch_uid="synergy_partner_saved")
def on_partner_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        _later(synergy_projects_changed, [instance.project_id])
