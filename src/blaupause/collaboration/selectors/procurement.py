"""Reads of procurement plans: the region-wide list with filters, one plan, a municipality's plans.

Every selector returns only what the viewer may see (`rules/procurement.py`) and loads the
municipality with its district, so that the permission checks and the rows cost no query each.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from blaupause.regions.models import District

from ..models import ProcurementPlan
from ..rules.procurement import viewer_scope

__all__ = [
    "PlanFilters",
    "plan_districts_for",
    "plan_get",
    "plan_get_for_change",
    "plan_list",
    "plan_years",
    "plans_of_municipality",
    "plans_visible_to",
]


@dataclass(frozen=True)
class PlanFilters:
    category: str = ""
    district: District | None = None
    year: int | None = None
    text: str = ""
    municipality_ags: str = ""


def _base() -> QuerySet[ProcurementPlan]:
    return ProcurementPlan.objects.select_related("municipality__district", "measure").defer(
        "municipality__geometry"
    )


def plans_visible_to(viewer) -> QuerySet[ProcurementPlan]:
    """All alive plans the viewer may see (nothing for anonymous visitors)."""
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return ProcurementPlan.objects.none()
    queryset = _base()
    if viewer.is_superuser:
        return queryset
    region_ids, municipality_ids = viewer_scope(viewer)
    if not region_ids and not municipality_ids:
        return ProcurementPlan.objects.none()
    return queryset.filter(
        Q(municipality__district__region_id__in=region_ids)
        | Q(municipality_id__in=municipality_ids)
    )


def plan_list(*, viewer, filters: PlanFilters) -> QuerySet[ProcurementPlan]:
    """The plans of the viewer's region(s), filtered, by planned date."""
    queryset = plans_visible_to(viewer)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.district is not None:
        queryset = queryset.filter(municipality__district=filters.district)
    if filters.year:
        queryset = queryset.filter(planned_on__year=filters.year)
    if filters.municipality_ags:
        queryset = queryset.filter(municipality__ags=filters.municipality_ags)
    for word in filters.text.split()[:8]:
        queryset = queryset.filter(
            Q(subject__icontains=word)
            | Q(description__icontains=word)
            | Q(product__icontains=word)
            | Q(ozg_service__icontains=word)
            | Q(municipality__name__icontains=word)
        )
    return queryset.order_by("planned_on", "municipality__name", "id")


def plan_districts_for(viewer) -> QuerySet[District]:
    """The districts offered in the list's filter: those of the viewer's region(s)."""
    if not getattr(viewer, "is_authenticated", False):
        return District.objects.none()
    queryset = District.objects.order_by("name")
    if viewer.is_superuser:
        return queryset
    region_ids, municipality_ids = viewer_scope(viewer)
    return queryset.filter(
        Q(region_id__in=region_ids) | Q(municipalities__in=municipality_ids)
    ).distinct()


def plan_years(today_year: int) -> list[int]:
    """The years offered in the filter: a few back, several ahead."""
    return list(range(today_year - 2, today_year + 6))


def plan_get(*, uuid, viewer) -> ProcurementPlan:
    """One alive plan if the viewer may see it; 404 otherwise (never tell that it exists)."""
    plan = _base().filter(uuid=uuid).first()
    if plan is None or not viewer.has_perm("collaboration.view_plan", plan):
        raise Http404(_("Dieses Beschaffungsvorhaben gibt es nicht."))
    return plan


def plan_get_for_change(*, uuid, viewer) -> ProcurementPlan:
    """A plan for its edit and delete pages: 404 if unseen, PermissionDenied if not changeable."""
    from django.core.exceptions import PermissionDenied

    from ..services.procurement import PLAN_DENIED

    plan = plan_get(uuid=uuid, viewer=viewer)
    if not viewer.has_perm("collaboration.change_plan", plan):
        raise PermissionDenied(PLAN_DENIED)
    return plan


def plans_of_municipality(*, municipality, viewer, limit: int = 10) -> list[ProcurementPlan]:
    """The next plans of one municipality that the viewer may see (for its page)."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    probe = ProcurementPlan(municipality=municipality)
    if not viewer.has_perm("collaboration.view_plan", probe):
        return []
    return list(
        ProcurementPlan.objects.filter(municipality=municipality).order_by("planned_on", "id")[
            :limit
        ]
    )
