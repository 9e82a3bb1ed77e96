"""Reads the API needs that the apps' selectors do not offer (yet).

Each one builds on the app's own visibility rule (`Commitment.objects.visible_to`) or on the
models' default managers (which leave out soft-deleted rows); nothing here decides who may
see what. They belong in the apps' `selectors.py` and move there when those grow them.
"""

from __future__ import annotations

import hashlib

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from blaupause.commitments.models import Commitment
from blaupause.core.fingerprint import last_changes
from blaupause.regions.models import District, Municipality, Network
from blaupause.strategies.models import FieldOfAction, Measure, Strategy
from blaupause.strategies.selectors import strategy_list

_ALIVE_MUNICIPALITIES = Q(municipalities__deleted_at__isnull=True)


def district_list() -> QuerySet[District]:
    """Districts with the number of their municipalities, by name."""
    return (
        District.objects.select_related("region")
        .annotate(municipality_count=Count("municipalities", filter=_ALIVE_MUNICIPALITIES))
        .order_by("name", "ags")
    )


def district_get(*, ags: str) -> District:
    district = district_list().filter(ags=ags).first()
    if district is None:
        raise Http404(_("Einen Kreis mit diesem Kreisschlüssel gibt es nicht."))
    return district


def network_member_ags(*, network: Network) -> list[str]:
    """AGS of the network's (undeleted) members, in AGS order: one query."""
    return list(
        Municipality.objects.filter(networks=network).order_by("ags").values_list("ags", flat=True)
    )


def municipality_by_pk(pk: int) -> Municipality:
    return Municipality.objects.defer("geometry").get(pk=pk)


def municipality_network_slugs(*, municipality: Municipality) -> list[str]:
    """Slugs of the (undeleted) networks the municipality is a member of: one query."""
    return list(
        Network.objects.filter(municipalities=municipality)
        .order_by("slug")
        .values_list("slug", flat=True)
    )


def commitment_list(
    *,
    viewer,
    strategy_slug: str = "",
    measure_uuid=None,
    municipality_ags: str = "",
) -> QuerySet[Commitment]:
    """Commitments `viewer` may see (public ones for the public), of live measures only, in
    strategies `viewer` may read (a draft's commitments stay with those who see the draft)."""
    readable = strategy_list(viewer=viewer).values("pk")
    queryset = (
        Commitment.objects.visible_to(viewer)
        .filter(
            measure__strategy__in=readable,
            measure__deleted_at__isnull=True,
            measure__field__deleted_at__isnull=True,
            measure__strategy__deleted_at__isnull=True,
            municipality__deleted_at__isnull=True,
        )
        .select_related("municipality", "measure__strategy")
        .defer("municipality__geometry")
        # The unique index (municipality, measure) gives this order without sorting every
        # visible commitment: a page of the full list reads only its own rows.
        .order_by("municipality_id", "measure_id")
    )
    if strategy_slug:
        queryset = queryset.filter(measure__strategy__slug=strategy_slug)
    if measure_uuid:
        queryset = queryset.filter(measure__uuid=measure_uuid)
    if municipality_ags:
        queryset = queryset.filter(municipality__ags=municipality_ags)
    return queryset


def commitment_count_key(*, viewer, **filters) -> str:
    """For the public: a key for the count of `commitment_list(**filters)` that changes whenever
    the count may (see `core.fingerprint.last_changes`), one query. For a signed-in caller ""
    (not cached: what they may read depends on their roles)."""
    if getattr(viewer, "is_authenticated", False):
        return ""
    state = last_changes(Commitment, Measure, FieldOfAction, Strategy, Municipality)
    wanted = hashlib.sha256(repr(sorted(filters.items())).encode()).hexdigest()[:16]
    return f"commitments:{state}:{wanted}"


def commitment_get(*, viewer, uuid) -> Commitment:
    """One commitment `viewer` may see; 404 otherwise (an internal one is not revealed)."""
    commitment = commitment_list(viewer=viewer).filter(uuid=uuid).first()
    if commitment is None:
        raise Http404(_("Diese Beteiligung gibt es nicht."))
    return commitment


def measure_by_uuid(uuid) -> Measure | None:
    """A live measure by UUID with its strategy, or None (the service then reports the field)."""
    return Measure.objects.select_related("strategy").filter(uuid=uuid).first()
