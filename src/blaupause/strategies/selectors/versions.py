"""Published versions of a strategy, without their snapshots where a list shows them."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from ..models import (
    Strategy,
    StrategyVersion,
)

# --- versions ----------------------------------------------------------------------------------


def version_list(*, strategy: Strategy) -> list[StrategyVersion]:
    """All published versions, newest first, without their (large) snapshots."""
    return list(
        StrategyVersion.objects.filter(strategy=strategy)
        .select_related("published_by")
        .defer("snapshot")
        .order_by("-number")
    )


def version_get(*, strategy: Strategy, number: int) -> StrategyVersion:
    version = (
        StrategyVersion.objects.filter(strategy=strategy, number=number)
        .select_related("published_by")
        .first()
    )
    if version is None:
        raise Http404(_("Diese Version gibt es nicht."))
    return version


def version_pair(
    *, strategy: Strategy, old: int, new: int
) -> tuple[StrategyVersion, StrategyVersion]:
    """Two versions for a comparison, in one query; 404 when one of them does not exist."""
    rows = {
        version.number: version
        for version in StrategyVersion.objects.filter(
            strategy=strategy, number__in=[old, new]
        ).select_related("published_by")
    }
    if old not in rows or new not in rows:
        raise Http404(_("Diese Version gibt es nicht."))
    return rows[old], rows[new]
