"""The municipality dashboard, the bulk editor and the network dashboard."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from blaupause.core.fingerprint import CACHE_SECONDS
from blaupause.regions import maps
from blaupause.regions.geo import LAYER_AREA, MapArea, MapView, compose_map
from blaupause.regions.models import Municipality, Network

from .. import rollup as rule
from ..constants import NO_COMMITMENT, CommitmentStatus
from ..models import Commitment, EvidenceFile, visibility_key, visibility_q
from ._common import (
    alive_commitments,
    available_measures,
    dashboard_url_maker,
    has_geometry,
    strategies_of,
)
from .rollups import StrategyRollup, municipality_rollups, strategy_rollup

if TYPE_CHECKING:
    from blaupause.strategies.models import Measure, Strategy

# --- municipality dashboard --------------------------------------------------------------------


@dataclass
class FieldGroup:
    """Commitments (or bulk rows) of one field of action of one strategy."""

    strategy: Strategy
    field: object
    items: list = field(default_factory=list)


@dataclass(frozen=True)
class PeerMeasure:
    """A measure others do and this municipality does not (yet)."""

    measure: Measure
    peers: int
    best_progress: int


@dataclass
class MunicipalityProgress:
    municipality: Municipality
    rollup: rule.Rollup
    groups: list[FieldGroup]
    peers: list[PeerMeasure]
    field_choices: list[tuple[str, str]]
    commitment_count: int
    shows_internal: bool = False

    @property
    def has_demo(self) -> bool:
        return self.rollup.has_demo or any(
            commitment.is_demo for group in self.groups for commitment in group.items
        )


def _field_label(strategy, field_of_action) -> str:
    return f"{field_of_action.title} ({strategy.title})"


def _attach_public_files(commitments: list[Commitment]) -> None:
    """Give every commitment `shown_files`: one query for those listed, none if none are."""
    files: dict[int, list[EvidenceFile]] = defaultdict(list)
    if commitments:
        for evidence in EvidenceFile.objects.filter(commitment__in=[c.pk for c in commitments]):
            files[evidence.commitment_id].append(evidence)
    for commitment in commitments:
        commitment.shown_files = files[commitment.pk]


def municipality_progress(
    *, municipality: Municipality, viewer, field_uuid: str = "", status: str = ""
) -> MunicipalityProgress:
    """All commitments of a municipality by field, its roll-up and what peers do that it does not.

    Four queries, however many commitments, measures or peers, and a fifth for the evidence
    files when a shown public commitment has any. Filters narrow the list, not the roll-up.
    Each commitment gets `shown_files`: its files for public commitments, else none.
    """
    from blaupause.strategies.models import Measure, Strategy

    commitments = list(
        alive_commitments(viewer)
        .filter(municipality=municipality)
        .select_related("measure__field", "measure__strategy")
        .annotate(has_files=Exists(EvidenceFile.objects.filter(commitment_id=OuterRef("pk"))))
        .order_by(
            "measure__strategy__title",
            "measure__strategy_id",
            "measure__field__order",
            "measure__field_id",
            "measure__order",
            "measure__key",
        )
    )
    for commitment in commitments:
        commitment.municipality = municipality
    summary = rule.commitments_rollup(
        rule.tally(
            rule.Entry(c.status, c.progress, c.measure.weight, c.is_demo) for c in commitments
        ),
        measure_count=available_measures(municipality=municipality).count(),
    )
    field_choices: dict[str, str] = {}
    groups: list[FieldGroup] = []
    for commitment in commitments:
        measure = commitment.measure
        field_choices[str(measure.field.uuid)] = _field_label(measure.strategy, measure.field)
        if field_uuid and str(measure.field.uuid) != field_uuid:
            continue
        if status and commitment.status != status:
            continue
        if not groups or groups[-1].field.pk != measure.field_id:
            groups.append(FieldGroup(strategy=measure.strategy, field=measure.field))
        groups[-1].items.append(commitment)
    _attach_public_files(
        [c for group in groups for c in group.items if c.is_public and c.has_files]
    )

    strategies = Strategy.objects.filter(strategies_of(municipality)).values("pk")
    peer_filter = (
        Q(commitments__deleted_at__isnull=True)
        & ~Q(commitments__status=CommitmentStatus.DROPPED)
        & ~Q(commitments__municipality_id=municipality.pk)
        & Q(commitments__municipality__deleted_at__isnull=True)
        & visibility_q(viewer, "commitments__")
    )
    effective = Case(
        When(commitments__status=CommitmentStatus.DONE, then=Value(100)),
        default=F("commitments__progress"),
        output_field=IntegerField(),
    )
    peers = [
        PeerMeasure(measure=measure, peers=measure.peer_count, best_progress=measure.best or 0)
        for measure in Measure.objects.filter(
            strategy_id__in=strategies, field__deleted_at__isnull=True
        )
        .exclude(pk__in=[c.measure_id for c in commitments])
        .select_related("strategy", "field")
        .annotate(
            peer_count=Count("commitments__municipality", filter=peer_filter, distinct=True),
            best=Max(effective, filter=peer_filter),
        )
        .filter(peer_count__gt=0)
        .order_by("-peer_count", "-best", "strategy__title", "field__order", "order")
    ]
    return MunicipalityProgress(
        municipality=municipality,
        rollup=summary,
        groups=groups,
        peers=peers,
        field_choices=sorted(field_choices.items(), key=lambda item: item[1]),
        commitment_count=len(commitments),
        shows_internal=any(not c.is_public for c in commitments),
    )


# --- bulk editor -------------------------------------------------------------------------------


@dataclass
class BulkRow:
    measure: Measure
    commitment: Commitment | None


def bulk_groups(
    *, municipality: Municipality, field_uuid: str = "", status: str = ""
) -> tuple[list[FieldGroup], list[tuple[str, str]], int]:
    """Every measure the municipality may commit to, with its commitment, grouped by field.

    For the municipality's editors: internal commitments included. Two queries. Returns
    (groups, field choices, number of measures before filtering).
    """
    measures = list(available_measures(municipality=municipality))
    by_measure = {
        commitment.measure_id: commitment
        for commitment in Commitment.objects.filter(
            municipality=municipality, measure_id__in=[m.pk for m in measures]
        ).order_by()
    }
    groups: list[FieldGroup] = []
    choices: dict[str, str] = {}
    for measure in measures:
        choices[str(measure.field.uuid)] = _field_label(measure.strategy, measure.field)
        commitment = by_measure.get(measure.pk)
        if commitment is not None:
            commitment.municipality = municipality
            commitment.measure = measure
        if field_uuid and str(measure.field.uuid) != field_uuid:
            continue
        if status == NO_COMMITMENT and commitment is not None:
            continue
        if (
            status
            and status != NO_COMMITMENT
            and (commitment is None or commitment.status != status)
        ):
            continue
        if not groups or groups[-1].field.pk != measure.field_id:
            groups.append(FieldGroup(strategy=measure.strategy, field=measure.field))
        groups[-1].items.append(BulkRow(measure=measure, commitment=commitment))
    return groups, list(choices.items()), len(measures)


# --- network dashboard -------------------------------------------------------------------------

PROGRESS_BANDS = [(80, "5"), (60, "4"), (40, "3"), (20, "2"), (0, "1")]


def progress_band(rollup: rule.Rollup) -> str:
    """Map class of a municipality: "none" without commitments, else 1–5 by average progress."""
    if not rollup.committed or rollup.percent is None:
        return NO_COMMITMENT
    return next(band for bound, band in PROGRESS_BANDS if rollup.percent >= bound)


def band_legend() -> list[tuple[str, str]]:
    return [
        ("5", _("80 bis 100 %")),
        ("4", _("60 bis 79 %")),
        ("3", _("40 bis 59 %")),
        ("2", _("20 bis 39 %")),
        ("1", _("0 bis 19 %")),
        (NO_COMMITMENT, _("keine Beteiligung")),
    ]


@dataclass
class MemberRow:
    municipality: Municipality
    rollup: rule.Rollup
    url: str

    @property
    def band(self) -> str:
        return progress_band(self.rollup)


@dataclass
class MeasureRow:
    measure: Measure
    rollup: rule.Rollup


@dataclass
class NetworkTables:
    """The roll-ups a network dashboard shows: per field, measure and member, and the map."""

    rollup: StrategyRollup
    fields: list[tuple[object, rule.Rollup]]
    measures: list[MeasureRow]
    members: list[MemberRow]
    map: MapView | None
    legend: list[tuple[str, str, int]]


#: How long the dashboard's rendered roll-ups are kept. `NetworkProgress.cache_key` changes with
#: the data; this bounds the one change it can miss (see `core.fingerprint.last_changes`).
NETWORK_CACHE_SECONDS = CACHE_SECONDS


@dataclass
class NetworkProgress:
    """A network dashboard. The roll-up tables are computed on first use (`tables`), so a page
    whose rendered tables are cached under `cache_key` needs only the cheap queries."""

    network: Network
    strategies: list[Strategy]
    strategy: Strategy | None
    commitments: QuerySet | None = None
    field_choices: list[tuple[str, str]] = field(default_factory=list)
    municipality_choices: list[tuple[str, str]] = field(default_factory=list)
    district_choices: list[tuple[str, str]] = field(default_factory=list)
    scoped: bool = False
    has_map: bool = False
    #: Changes whenever anything the tables show changes (see `_network_cache_key`).
    cache_key: str = ""
    cache_seconds: int = NETWORK_CACHE_SECONDS
    compute_tables: Callable[[], NetworkTables] | None = field(default=None, repr=False)

    @cached_property
    def tables(self) -> NetworkTables | None:
        return self.compute_tables() if self.compute_tables else None

    @property
    def rollup(self) -> StrategyRollup | None:
        return self.tables.rollup if self.tables else None

    @property
    def fields(self) -> list[tuple[object, rule.Rollup]]:
        return self.tables.fields if self.tables else []

    @property
    def measures(self) -> list[MeasureRow]:
        return self.tables.measures if self.tables else []

    @property
    def members(self) -> list[MemberRow]:
        return self.tables.members if self.tables else []

    @property
    def map(self) -> MapView | None:
        return self.tables.map if self.tables else None

    @property
    def legend(self) -> list[tuple[str, str, int]]:
        return self.tables.legend if self.tables else []

    @property
    def has_demo(self) -> bool:
        return bool(self.rollup and self.rollup.has_demo)

    @property
    def keep(self) -> dict[str, str]:
        """Query parameters the filter form keeps: the chosen strategy if there is a choice."""
        if self.strategy is not None and len(self.strategies) > 1:
            return {"strategie": self.strategy.slug}
        return {}


def network_strategies(*, network: Network) -> list[Strategy]:
    """The network's strategies, adopted ones first."""
    from blaupause.strategies.models import Strategy

    return list(
        Strategy.objects.filter(network=network).order_by(
            Case(When(status="adopted", then=0), default=1), "title", "pk"
        )
    )


def network_progress(
    *,
    network: Network,
    viewer,
    strategy_slug: str = "",
    field_uuid: str = "",
    status: str = "",
    municipality_ags: str = "",
    district_slug: str = "",
) -> NetworkProgress:
    """Roll-ups of a network's strategy per field, measure and member, a map and who does what.

    Four queries up front (strategies, members, measures, and the commitments' count and last
    change for `cache_key`); the tables (`NetworkProgress.tables`) take about eight more when
    first used, however many measures and members. `municipality_ags` and `district_slug`
    narrow the municipalities counted; `field_uuid` the measures listed; `status` the list of
    commitments.
    """
    from blaupause.strategies.models import Measure

    strategies = network_strategies(network=network)
    strategy = next((s for s in strategies if s.slug == strategy_slug), None) or (
        strategies[0] if strategies else None
    )
    all_members = list(
        Municipality.objects.filter(pk__in=strategy_member_ids_for_network(network))
        .select_related("district")
        .only("ags", "name", "updated_at", "district_id", "district__name", "district__slug")
        .annotate(has_geometry=has_geometry())
        .order_by("name", "ags")
    )
    members = [
        m
        for m in all_members
        if (not district_slug or m.district.slug == district_slug)
        and (not municipality_ags or m.ags == municipality_ags)
    ]
    page = NetworkProgress(
        network=network,
        strategies=strategies,
        strategy=strategy,
        municipality_choices=[(m.ags, m.name) for m in all_members],
        district_choices=sorted(
            {(m.district.slug, m.district.name) for m in all_members}, key=lambda c: c[1]
        ),
        scoped=len(members) != len(all_members),
    )
    if strategy is None:
        return page
    page.has_map = any(m.has_geometry for m in members)
    measures = list(
        Measure.objects.filter(strategy=strategy, field__deleted_at__isnull=True)
        .select_related("field")
        # Not the long texts: the tables name, count and link the measures.
        .only(
            "key",
            "title",
            "weight",
            "order",
            "updated_at",
            "strategy_id",
            "field__uuid",
            "field__key",
            "field__title",
            "field__order",
            "field__updated_at",
        )
        .order_by("field__order", "field_id", "order", "key")
    )
    fields_of_action = {measure.field_id: measure.field for measure in measures}
    page.field_choices = [(str(f.uuid), f.title) for f in fields_of_action.values()]
    page.cache_key = _network_cache_key(
        network=network,
        strategy=strategy,
        viewer=viewer,
        members=members,
        measures=measures,
        field_uuid=field_uuid,
    )

    def compute_tables() -> NetworkTables:
        member_ids = [m.pk for m in members]
        rollup = strategy_rollup(
            strategy=strategy,
            viewer=viewer,
            measures=measures,
            municipality_ids=member_ids if page.scoped else None,
        )
        measure_rows = []
        for measure in measures:
            measure.strategy = strategy  # for links, without a query per measure
            if not field_uuid or str(measure.field.uuid) == field_uuid:
                measure_rows.append(MeasureRow(measure=measure, rollup=rollup.measure(measure.pk)))
        rollups = municipality_rollups(
            municipality_ids=member_ids, viewer=viewer, strategy=strategy
        )
        url = dashboard_url_maker()
        member_rows = [
            MemberRow(municipality=m, rollup=rollups[m.pk], url=url(m.ags)) for m in members
        ]
        counts = defaultdict(int)
        for row in member_rows:
            counts[row.band] += 1
        return NetworkTables(
            rollup=rollup,
            fields=[(f, rollup.field(pk)) for pk, f in fields_of_action.items()],
            measures=measure_rows,
            members=member_rows,
            map=_progress_map(member_rows, network=network),
            legend=[(band, label, counts[band]) for band, label in band_legend() if counts[band]],
        )

    page.compute_tables = compute_tables
    commitments = (
        alive_commitments(viewer)
        .filter(measure__strategy=strategy, municipality_id__in=[m.pk for m in members])
        .select_related("municipality", "measure")
        # What the list shows: not the boundaries of every municipality, nor notes and evidence.
        .only(
            "status",
            "progress",
            "role",
            "is_public",
            "measure__key",
            "measure__title",
            "municipality__ags",
            "municipality__name",
        )
        .order_by("measure__field__order", "measure__order", "measure__key", "municipality__name")
    )
    if field_uuid:
        commitments = commitments.filter(measure__field__uuid=field_uuid)
    if status in CommitmentStatus.values:
        commitments = commitments.filter(status=status)
    page.commitments = commitments
    return page


def _network_cache_key(*, network, strategy, viewer, members, measures, field_uuid: str) -> str:
    """A key that changes whenever the dashboard's tables would: one query.

    The members, measures and fields of action are loaded anyway, so their ids and last changes
    go into the key as they are; of the commitments, the count and the last change of all the
    strategy's commitments (deleted ones included, so that a deletion or a purge counts) are
    read. Also in the key: what the viewer may see, the filters and the language.
    """
    commitments = Commitment.all_objects.filter(measure__strategy=strategy).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    digest = hashlib.sha256()
    for part in (
        (network.pk, network.name, network.updated_at, strategy.pk, strategy.updated_at),
        [(m.pk, m.updated_at, m.district_id) for m in members],
        [(m.pk, m.updated_at, m.field_id, m.field.updated_at) for m in measures],
        (commitments["n"], commitments["last"]),
        (visibility_key(viewer), field_uuid, get_language()),
    ):
        digest.update(repr(part).encode())
    return digest.hexdigest()


def strategy_member_ids_for_network(network: Network) -> QuerySet:
    """Ids of a network's (undeleted) members, as a subquery."""
    return Network.municipalities.through.objects.filter(
        network_id=network.pk, municipality__deleted_at__isnull=True
    ).values("municipality_id")


def _progress_map(rows: list[MemberRow], *, network: Network) -> MapView | None:
    map_rows = [
        maps.MapRow(
            ags=row.municipality.ags,
            name=row.municipality.name,
            updated_at=row.municipality.updated_at,
            district_id=row.municipality.district_id,
        )
        for row in rows
        if row.municipality.has_geometry
    ]
    if not map_rows:
        return None
    areas = [
        MapArea(
            key=row.municipality.ags,
            label=_("%(name)s: %(progress)s, %(label)s")
            % {
                "name": row.municipality.name,
                "progress": row.rollup.progress_text,
                "label": row.rollup.label,
            },
            url=row.url,
            layer=LAYER_AREA,
            css_class=f"bp-band--{row.band}",
        )
        for row in rows
    ]
    queryset = Municipality.objects.filter(ags__in=[row.ags for row in map_rows])
    return compose_map(
        maps.cached_shapes(map_rows, queryset),
        areas,
        title=_("Karte: Fortschritt der Mitglieder von %(network)s") % {"network": network.name},
        description=_(
            "Je dunkler eine Kommune, desto weiter ist sie bei ihren Maßnahmen (Durchschnitt, "
            "siehe Legende). Jede Kommune ist ein Link zu ihrer Fortschrittsseite; die Tabelle "
            "nennt dieselben Zahlen."
        ),
    )
