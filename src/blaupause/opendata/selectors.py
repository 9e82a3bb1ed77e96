"""Reads of the open-data files: the rows of every public dataset and its size and last change.

Everything here is what an anonymous visitor may see, decided by the apps' own rules
(`Commitment.objects.visible_to`, `strategies.selectors.strategy_list`). Rows are tuples in
the order of the dataset's columns and are read with `iterator()`, so that a file of ten
thousand municipalities never sits in memory as model instances.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse

from blaupause.assessments.constants import AssessmentStatus
from blaupause.assessments.models import Assessment
from blaupause.commitments.models import Commitment
from blaupause.events.constants import Audience
from blaupause.events.models import Event
from blaupause.regions.constants import size_class_for
from blaupause.regions.models import District, Municipality, Network
from blaupause.strategies.models import Measure, Strategy, StrategyVersion
from blaupause.strategies.selectors import strategy_list

from .benchmarks import benchmark_rows

CHUNK = 2000

#: (row count, last change) of a dataset.
Stats = tuple[int, datetime | None]


def _public() -> AnonymousUser:
    return AnonymousUser()


def _stats(queryset: QuerySet, alive: Q | None = None) -> Stats:
    """Rows and the latest `updated_at` (deleted rows included: a deletion is a change)."""
    alive = Q(deleted_at__isnull=True) if alive is None else alive
    result = queryset.aggregate(n=Count("id", filter=alive), modified=Max("updated_at"))
    return result["n"], result["modified"]


# --- municipalities and districts --------------------------------------------------------------


def municipality_rows() -> Iterator[tuple]:
    rows = (
        Municipality.objects.filter(district__deleted_at__isnull=True)
        .order_by("ags")
        .values_list(
            "ags",
            "name",
            "kind",
            "district__ags",
            "district__name",
            "population",
            "population_date",
            "population_source",
            "website",
            "updated_at",
        )
    )
    for ags, name, kind, d_ags, d_name, population, date, source, website, updated in rows.iterator(
        chunk_size=CHUNK
    ):
        yield (
            ags,
            name,
            kind,
            d_ags,
            d_name,
            population,
            date,
            source,
            size_class_for(population),
            website,
            updated,
        )


def municipality_stats() -> Stats:
    return _stats(Municipality.all_objects.all())


def district_rows() -> Iterator[tuple]:
    rows = (
        District.objects.annotate(
            municipality_count=Count(
                "municipalities", filter=Q(municipalities__deleted_at__isnull=True)
            )
        )
        .order_by("ags")
        .values_list(
            "ags",
            "name",
            "kind",
            "region__slug",
            "region__name",
            "municipality_count",
            "updated_at",
        )
    )
    yield from rows.iterator(chunk_size=CHUNK)


def district_stats() -> Stats:
    return _stats(District.all_objects.all())


# --- networks ----------------------------------------------------------------------------------


def network_rows() -> Iterator[tuple]:
    members: dict[int, list[str]] = defaultdict(list)
    for network_id, ags in (
        Network.municipalities.through.objects.filter(municipality__deleted_at__isnull=True)
        .order_by("municipality__ags")
        .values_list("network_id", "municipality__ags")
    ):
        members[network_id].append(ags)
    rows = Network.objects.order_by("slug").values_list(
        "pk",
        "slug",
        "name",
        "short_name",
        "founded",
        "coordinating_body",
        "region__slug",
        "district__ags",
        "updated_at",
    )
    for pk, *values, updated in rows:
        own = members.get(pk, [])
        yield (*values, len(own), own, updated)


def network_stats() -> Stats:
    return _stats(Network.all_objects.all())


# --- strategies and measures -------------------------------------------------------------------


def _public_strategies() -> QuerySet[Strategy]:
    """The strategies the public may see (not drafts), by the strategies app's own rule."""
    return strategy_list(viewer=_public())


def _public_strategy_ids() -> QuerySet:
    return _public_strategies().order_by().values("pk")


def strategy_rows() -> Iterator[tuple]:
    versions = dict(
        StrategyVersion.objects.filter(strategy_id__in=_public_strategy_ids())
        .order_by()
        .values("strategy_id")
        .annotate(latest=Max("number"))
        .values_list("strategy_id", "latest")
    )
    public_ids = set(_public_strategies().values_list("pk", flat=True))
    for strategy in _public_strategies().select_related("builds_on").order_by("slug"):
        if strategy.network_id:
            owner = ("network", strategy.network.slug, strategy.network.name)
        else:
            municipality = strategy.municipality
            owner = ("municipality", municipality.ags, municipality.name)
        builds_on = strategy.builds_on.slug if strategy.builds_on_id in public_ids else None
        yield (
            strategy.slug,
            strategy.title,
            strategy.slogan,
            strategy.status,
            strategy.is_blueprint,
            *owner,
            builds_on,
            strategy.adopted_body,
            strategy.adopted_on,
            strategy.adopted_reference,
            versions.get(strategy.pk),
            strategy.field_count,
            strategy.measure_count,
            strategy.updated_at,
        )


def strategy_stats() -> Stats:
    return _stats(Strategy.all_objects.filter(pk__in=_public_strategy_ids()))


def _public_measures() -> QuerySet[Measure]:
    return Measure.all_objects.filter(
        strategy_id__in=_public_strategy_ids(), field__deleted_at__isnull=True
    )


def measure_rows() -> Iterator[tuple]:
    rows = (
        _public_measures()
        .filter(deleted_at__isnull=True)
        .order_by("strategy__slug", "field__order", "field_id", "order", "key")
        .values_list(
            "strategy__slug",
            "key",
            "uuid",
            "title",
            "summary",
            "field__key",
            "field__title",
            "effort",
            "cost_band",
            "start_year",
            "end_year",
            "duration_months",
            "responsible_role",
            "weight",
            "tags",
            "updated_at",
        )
    )
    for *values, tags, updated in rows.iterator(chunk_size=CHUNK):
        tag_list = [str(tag) for tag in tags] if isinstance(tags, list) else []
        yield (*values, tag_list, updated)


def measure_stats() -> Stats:
    return _stats(_public_measures())


# --- commitments -------------------------------------------------------------------------------


def _public_commitments() -> QuerySet[Commitment]:
    """Public commitments to live measures of public strategies, of live municipalities."""
    return Commitment.all_objects.visible_to(_public()).filter(
        measure__deleted_at__isnull=True,
        measure__field__deleted_at__isnull=True,
        measure__strategy_id__in=_public_strategy_ids(),
        municipality__deleted_at__isnull=True,
    )


def commitment_rows() -> Iterator[tuple]:
    rows = (
        _public_commitments()
        .filter(deleted_at__isnull=True)
        .order_by("measure__strategy__slug", "measure__key", "municipality__ags", "pk")
        .values_list(
            "uuid",
            "municipality__ags",
            "municipality__name",
            "measure__strategy__slug",
            "measure__key",
            "measure__title",
            "role",
            "status",
            "progress",
            "start_date",
            "end_date",
            "is_demo",
            "updated_at",
        )
    )
    yield from rows.iterator(chunk_size=CHUNK)


def commitment_stats() -> Stats:
    return _stats(_public_commitments())


# --- events ------------------------------------------------------------------------------------


def _public_events() -> QuerySet[Event]:
    """Events for everybody (audience "public") of live networks and regions, cancelled ones
    included; registrations, invitations and video links are never part of the rows."""
    return Event.all_objects.filter(audience=Audience.PUBLIC).filter(
        Q(network__isnull=True) | Q(network__deleted_at__isnull=True),
        Q(region__isnull=True) | Q(region__deleted_at__isnull=True),
    )


def event_rows() -> Iterator[tuple]:
    base_url = settings.BLAUPAUSE_BASE_URL.rstrip("/")
    rows = (
        _public_events()
        .filter(deleted_at__isnull=True)
        .order_by("starts_at", "pk")
        .values_list(
            "uuid",
            "title",
            "network__slug",
            "network__name",
            "region__slug",
            "region__name",
            "format",
            "cancelled_at",
            "starts_at",
            "ends_at",
            "location_name",
            "address",
            "updated_at",
        )
    )
    for (
        uuid,
        title,
        network_slug,
        network_name,
        region_slug,
        region_name,
        event_format,
        cancelled_at,
        starts_at,
        ends_at,
        location_name,
        address,
        updated,
    ) in rows.iterator(chunk_size=CHUNK):
        path = reverse("events:event_detail", kwargs={"uuid": uuid})
        yield (
            uuid,
            title,
            network_slug,
            region_slug,
            network_name or region_name,
            event_format,
            "cancelled" if cancelled_at else "scheduled",
            starts_at,
            ends_at,
            location_name,
            address,
            f"{base_url}{path}",
            updated,
        )


def event_stats() -> Stats:
    return _stats(_public_events())


# --- self-check benchmarks ---------------------------------------------------------------------


def benchmark_table_rows() -> Iterator[tuple]:
    for row in benchmark_rows():
        yield (
            row.criteria_set,
            row.criteria_set_version,
            row.year,
            row.group_kind,
            row.group_key,
            row.group_name,
            row.participants,
            row.field,
            row.criterion,
            row.criterion_title,
            row.answers,
            row.median,
            row.q1,
            row.q3,
            row.mean_current,
            row.mean_target,
            row.reason,
            row.is_demo,
        )


def benchmark_stats() -> Stats:
    count = len(benchmark_rows())
    modified = Assessment.all_objects.filter(status=AssessmentStatus.SUBMITTED).aggregate(
        modified=Max("updated_at")
    )["modified"]
    return count, modified
