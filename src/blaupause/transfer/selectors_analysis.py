"""Reads for the transfer analysis: the data `analysis.py` scores, in a fixed number of queries.

`strategy_analysis` reads the strategy's measures, the group (a network's members), their latest
submitted self-checks, and how municipalities outside the group adopted each measure — counted
per size class in the database, so that the number of queries and rows read into Python does
not grow with the number of municipalities or commitments elsewhere (10 queries at most).

Visibility:
- Other municipalities appear only as counts and mean progress per size class; only the
  commitments the viewer may see count (`commitments.models.visibility_q`, the rule of every
  roll-up). Self-checks of other municipalities are not read at all.
- The group's self-check levels enter the score for everyone, as counts ("7 von 10 Kommunen …").
  Where fewer than `benchmark_min_group()` municipalities of the group submitted a self-check,
  such counts could point to one municipality: then the analysis leaves the self-checks out for
  everyone but the network's coordination and the regional admins (`self_checks_hidden`).
- The named fit per municipality: see `rules_analysis.py`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Avg, Case, CharField, Count, F, IntegerField, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from blaupause.assessments.constants import AssessmentStatus
from blaupause.assessments.models import Answer, Assessment
from blaupause.assessments.selectors import benchmark_min_group
from blaupause.commitments.constants import COMMITTED_STATUSES, CommitmentStatus
from blaupause.commitments.models import Commitment, visibility_q
from blaupause.regions.constants import SIZE_CLASS_BOUNDS, SizeClass, size_class_for
from blaupause.regions.models import Municipality, Network
from blaupause.strategies.models import Measure

from . import rules_analysis  # noqa: F401 - registers the permissions used here
from .analysis import (
    RANK,
    MeasureInput,
    Member,
    PeerClass,
    Prerequisite,
    Recommendation,
    Result,
    analyse,
)
from .models import ItemOrigin

if TYPE_CHECKING:
    from blaupause.strategies.models import Strategy

__all__ = [
    "SORTS",
    "Analysis",
    "AnalysisRow",
    "FitCell",
    "FitRow",
    "PeerRow",
    "analysis_network_get",
    "analysis_rows",
    "measure_fit_rows",
    "peer_rows",
    "prerequisite_labels",
    "strategy_analysis",
]

# Sort keys as they appear in the URL (`?sortierung=punkte`, `-punkte` for descending).
SORTS = ("massnahme", "feld", "punkte", "empfehlung")


def size_class_case(lookup: str) -> Case:
    """The size class of a municipality (by `lookup`, its population), computed in SQL."""
    whens = [
        When(**{f"{lookup}__lt": bound, "then": Value(str(size_class))})
        for bound, size_class in SIZE_CLASS_BOUNDS
    ]
    whens.append(When(**{f"{lookup}__isnull": False, "then": Value(str(SizeClass.FROM_100K))}))
    return Case(*whens, default=Value(""), output_field=CharField())


def analysis_network_get(*, slug: str) -> Network | None:
    return Network.objects.select_related("region").filter(slug=slug).first()


@dataclass
class AnalysisRow:
    measure: Measure
    result: Result
    position: int

    @property
    def field_key(self) -> str:
        return self.measure.field.key

    @property
    def field_title(self) -> str:
        return self.measure.field.title


@dataclass
class Analysis:
    strategy: Strategy
    network: Network
    members: list[Municipality]
    rows: list[AnalysisRow]
    peers: dict[str, dict[str, PeerClass]]
    peer_totals: dict[str, int]
    levels: dict[int, dict[str, tuple[int | None, int | None]]]
    self_check_year: dict[int, int]
    self_checks_hidden: bool
    min_group: int
    depends: dict[str, list[str]] = field(default_factory=dict)

    @property
    def by_key(self) -> dict[str, AnalysisRow]:
        return {row.measure.key: row for row in self.rows}

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(recommendation, German label, number of measures) for the summary."""
        found = defaultdict(int)
        for row in self.rows:
            found[row.result.recommendation] += 1
        return [(value, str(label), found[value]) for value, label in Recommendation.choices]

    @property
    def checked_count(self) -> int:
        return len(self.levels)

    def required_by(self, key: str) -> list[AnalysisRow]:
        rows = self.by_key
        return [rows[k] for k, deps in self.depends.items() if key in deps]

    def dependencies(self, key: str) -> list[AnalysisRow]:
        rows = self.by_key
        return [rows[k] for k in self.depends.get(key, [])]


def _measures(strategy: Strategy) -> tuple[list[Measure], dict[int, list[int]]]:
    measures = list(
        Measure.objects.filter(strategy=strategy, field__deleted_at__isnull=True)
        .select_related("field")
        .order_by("field__order", "order", "key")
    )
    links: dict[int, list[int]] = defaultdict(list)
    for source, target in Measure.depends_on.through.objects.filter(
        from_measure_id__in=[m.pk for m in measures]
    ).values_list("from_measure_id", "to_measure_id"):
        links[source].append(target)
    for measure in measures:
        measure.strategy = strategy
    return measures, links


def _prerequisites(measure: Measure) -> tuple[Prerequisite, ...]:
    found = []
    for row in measure.prerequisites or []:
        if not isinstance(row, dict):
            continue
        level = row.get("min_level")
        found.append(
            Prerequisite(
                kind=str(row.get("kind") or "other"),
                criterion=str(row.get("criterion") or ""),
                min_level=level if isinstance(level, int) else None,
                text=str(row.get("text") or ""),
            )
        )
    return tuple(found)


def _latest_levels(
    member_ids: list[int],
) -> tuple[dict[int, dict[str, tuple[int | None, int | None]]], dict[int, int]]:
    """Levels of each member's latest submitted self-check (two queries)."""
    latest: dict[int, tuple[int, int]] = {}
    for assessment_id, municipality_id, year in (
        Assessment.objects.filter(municipality_id__in=member_ids, status=AssessmentStatus.SUBMITTED)
        .order_by("municipality_id", "-year", F("submitted_at").desc(nulls_last=True), "-id")
        .values_list("id", "municipality_id", "year")
    ):
        latest.setdefault(municipality_id, (assessment_id, year))
    levels: dict[int, dict[str, tuple[int | None, int | None]]] = {
        municipality_id: {} for municipality_id in latest
    }
    if latest:
        for municipality_id, code, current, target in Answer.objects.filter(
            assessment_id__in=[pair[0] for pair in latest.values()]
        ).values_list("assessment__municipality_id", "criterion__code", "current", "target"):
            levels[municipality_id][code] = (current, target)
    return levels, {mid: pair[1] for mid, pair in latest.items()}


def _families(measures: list[Measure]) -> dict[str, set]:
    """Per measure key: the uuids that count as "the same measure" (two queries).

    That is the blueprint measure it was copied from (or itself) and every copy of that measure
    in adopted strategies.
    """
    own = {m.uuid: m.key for m in measures}
    root_of = {m.key: m.uuid for m in measures}
    for item_uuid, source_uuid in ItemOrigin.objects.filter(item_uuid__in=list(own)).values_list(
        "item_uuid", "source_uuid"
    ):
        root_of[own[item_uuid]] = source_uuid
    families = {key: {root} for key, root in root_of.items()}
    keys_of_root = defaultdict(list)
    for key, root in root_of.items():
        keys_of_root[root].append(key)
    for source_uuid, item_uuid in ItemOrigin.objects.filter(
        source_uuid__in=list(keys_of_root)
    ).values_list("source_uuid", "item_uuid"):
        for key in keys_of_root[source_uuid]:
            families[key].add(item_uuid)
    for measure in measures:
        families[measure.key].add(measure.uuid)
    return families


def _peers(
    *, families: dict[str, set], member_ids: list[int], viewer
) -> tuple[dict[str, dict[str, PeerClass]], dict[str, int]]:
    """Adoption outside the group per measure and size class; class sizes (three queries)."""
    totals = {
        row["size"]: row["n"]
        for row in Municipality.objects.exclude(pk__in=member_ids)
        .annotate(size=size_class_case("population"))
        .values("size")
        .annotate(n=Count("id"))
        .order_by()
    }
    peers: dict[str, dict[str, PeerClass]] = defaultdict(dict)
    labels = dict(SizeClass.choices)
    if families:
        # Ids of the live measures of each family (one query), so that the aggregate below
        # compares integers on the commitments table and joins no measure.
        all_uuids = sorted({u for uuids in families.values() for u in uuids}, key=str)
        id_of = dict(
            Measure.objects.filter(uuid__in=all_uuids).values_list("uuid", "id").order_by()
        )
        ids_of = {
            key: sorted(id_of[u] for u in uuids if u in id_of) for key, uuids in families.items()
        }
        family_of = Case(
            *[When(measure_id__in=ids, then=Value(key)) for key, ids in ids_of.items() if ids],
            default=Value(""),
            output_field=CharField(),
        )
        counted = Case(
            When(status=CommitmentStatus.DONE, then=Value(100)),
            default=F("progress"),
            output_field=IntegerField(),
        )
        rows = (
            Commitment.objects.filter(
                visibility_q(viewer),
                measure_id__in=sorted({i for ids in ids_of.values() for i in ids}),
                status__in=sorted(COMMITTED_STATUSES),
                municipality__deleted_at__isnull=True,
            )
            .exclude(municipality_id__in=member_ids)
            .annotate(family=family_of, size=size_class_case("municipality__population"))
            .values("family", "size")
            .annotate(adopted=Count("municipality_id", distinct=True), progress=Avg(counted))
            .order_by()
        )
        for row in rows:
            if not row["family"] or not row["size"]:
                continue
            peers[row["family"]][row["size"]] = PeerClass(
                size_class=row["size"],
                label=str(labels[row["size"]]),
                municipalities=totals.get(row["size"], 0),
                adopted=row["adopted"],
                avg_progress=float(row["progress"]) if row["progress"] is not None else None,
            )
    for key in families:
        for size_class, label in labels.items():
            peers[key].setdefault(
                size_class,
                PeerClass(
                    size_class=size_class,
                    label=str(label),
                    municipalities=totals.get(size_class, 0),
                ),
            )
    return dict(peers), totals


def can_see_all_members(viewer, network: Network) -> bool:
    return bool(viewer.has_perm("transfer.view_analysis_members", network))


def strategy_analysis(*, strategy: Strategy, network: Network, viewer) -> Analysis:
    """The analysis of all measures of `strategy` for the members of `network` (10 queries).

    The caller has checked that the viewer may see the strategy.
    """
    measures, links = _measures(strategy)
    members = list(
        Municipality.objects.filter(networks=network)
        .select_related("district")
        .order_by("name", "ags")
    )
    member_ids = [m.pk for m in members]
    levels, years = _latest_levels(member_ids)
    min_group = benchmark_min_group()
    hidden = len(levels) < min_group and not can_see_all_members(viewer, network)
    inputs = [
        Member(
            id=m.pk,
            name=m.name,
            size_class=size_class_for(m.population),
            levels=None if hidden else levels.get(m.pk),
        )
        for m in members
    ]
    key_of = {m.pk: m.key for m in measures}
    depends = {m.key: [key_of[t] for t in links.get(m.pk, []) if t in key_of] for m in measures}
    families = _families(measures)
    peers, totals = _peers(families=families, member_ids=member_ids, viewer=viewer)
    results = analyse(
        [
            MeasureInput(
                key=m.key,
                title=m.title,
                effort=m.effort,
                cost_band=m.cost_band,
                prerequisites=_prerequisites(m),
                raises_criteria=tuple(
                    str(c) for c in (m.raises_criteria or []) if isinstance(c, str)
                ),
                depends_on=tuple(depends[m.key]),
            )
            for m in measures
        ],
        inputs,
        peers,
        self_checks_hidden=hidden,
    )
    return Analysis(
        strategy=strategy,
        network=network,
        members=members,
        rows=[
            AnalysisRow(measure=m, result=results[m.key], position=index)
            for index, m in enumerate(measures)
        ],
        peers=peers,
        peer_totals=totals,
        levels=levels,
        self_check_year=years,
        self_checks_hidden=hidden,
        min_group=min_group,
        depends=depends,
    )


def analysis_rows(
    *, analysis: Analysis, sort: str = "", recommendation: str = ""
) -> list[AnalysisRow]:
    """The table rows, filtered by recommendation and sorted (`SORTS`, "-" for descending)."""
    rows = [
        row
        for row in analysis.rows
        if not recommendation or row.result.recommendation == recommendation
    ]
    name = sort.removeprefix("-")
    descending = sort.startswith("-")
    keys = {
        "massnahme": lambda row: (row.position,),
        "feld": lambda row: (row.measure.field.order, row.field_key, row.position),
        "punkte": lambda row: (row.result.score, -row.position),
        "empfehlung": lambda row: (
            RANK[Recommendation(row.result.recommendation)],
            row.result.score,
            -row.position,
        ),
    }
    if name not in keys:
        return rows
    return sorted(rows, key=keys[name], reverse=descending)


# --- one measure -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FitCell:
    label: str
    met: bool | None  # None: no self-check
    level: int | None = None  # shown only to those who may see the self-check


@dataclass(frozen=True)
class FitRow:
    name: str
    ags: str
    size_label: str
    year: int | None
    cells: list[FitCell]
    shows_levels: bool

    @property
    def all_met(self) -> bool | None:
        if not self.cells or any(cell.met is None for cell in self.cells):
            return None
        return all(cell.met for cell in self.cells)


def measure_fit_rows(*, analysis: Analysis, key: str, viewer) -> list[FitRow] | None:
    """Per municipality of the group: are the measure's prerequisites met?

    None when the viewer may see no row at all; else only the rows the viewer may see (all for
    the coordination and regional admins, their own municipality for a CDO). No query beyond
    the viewer's roles.
    """
    row = analysis.by_key.get(key)
    if row is None:
        raise Http404(_("Diese Maßnahme gibt es in dieser Strategie nicht."))
    everyone = can_see_all_members(viewer, analysis.network)
    prerequisites = [p for p in _prerequisites(row.measure) if p.is_measurable]
    rows = []
    for municipality in analysis.members:
        if not everyone and not viewer.has_perm("transfer.view_analysis_member", municipality):
            continue
        levels = analysis.levels.get(municipality.pk)
        member = Member(id=municipality.pk, name=municipality.name, levels=levels)
        shows = bool(viewer.has_perm("assessments.view_assessment", municipality))
        cells = [
            FitCell(
                label=p.label,
                met=member.meets(p),
                level=(levels.get(p.criterion, (None, None))[0] if levels and shows else None),
            )
            for p in prerequisites
        ]
        rows.append(
            FitRow(
                name=municipality.name,
                ags=municipality.ags,
                size_label=municipality.size_class_label,
                year=analysis.self_check_year.get(municipality.pk),
                cells=cells,
                shows_levels=shows,
            )
        )
    if not rows and not everyone:
        return None
    return rows


def prerequisite_labels(*, measure: Measure) -> list[str]:
    """Labels of the prerequisites the self-check can tell ("Kriterium A1 ab Stufe 2")."""
    return [p.label for p in _prerequisites(measure) if p.is_measurable]


@dataclass(frozen=True)
class PeerRow:
    label: str
    municipalities: int
    adopted: int
    avg_progress: int | None
    group_members: int


def peer_rows(*, analysis: Analysis, key: str) -> list[PeerRow]:
    """Adoption of the measure outside the group, one row per size class (no query)."""
    in_group = defaultdict(int)
    for municipality in analysis.members:
        in_group[municipality.size_class or ""] += 1
    peers = analysis.peers.get(key, {})
    rows = []
    for size_class, label in SizeClass.choices:
        peer = peers.get(size_class)
        progress = peer.avg_progress if peer and peer.adopted else None
        rows.append(
            PeerRow(
                label=str(label),
                municipalities=peer.municipalities if peer else 0,
                adopted=peer.adopted if peer else 0,
                avg_progress=int(progress + 0.5) if progress is not None else None,
                group_members=in_group.get(size_class, 0),
            )
        )
    return rows
