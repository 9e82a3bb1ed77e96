"""Reads of the regional self-check view: heat map, distribution per criterion, choropleth.

Two scopes: a region (optionally narrowed to a district or a network) for its regional admins,
and a network for its coordinators. Only submitted self-checks of one year count. Named rows
(one municipality's answers) appear only when `named` is true (regional admins); otherwise
every number is a group value and appears only when the group reaches
`BLAUPAUSE_BENCHMARK_MIN_GROUP`. The number of queries does not depend on the number of
municipalities.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from blaupause.regions import maps
from blaupause.regions.geo import LAYER_AREA, LAYER_CONTEXT, MapArea, MapView, compose_map
from blaupause.regions.models import District, Municipality, Network, Region

from .constants import LEVELS, AssessmentStatus
from .models import Answer, Assessment, CriteriaSet, Criterion
from .scoring import mean
from .selectors import benchmark_min_group

__all__ = ["RegionalView", "network_scope", "region_scope", "regional_view", "scope_filters"]

BAR_WIDTH = 200
_AGS_PLACEHOLDER = "00000000"


def level_class(value: float | None) -> str:
    """CSS class of a level or mean: bp-heat-0 … bp-heat-4, bp-heat-none without a value."""
    if value is None:
        return "bp-heat-none"
    return f"bp-heat-{min(int(value + 0.5), LEVELS[-1])}"


@dataclass
class HeatCell:
    level: int | None

    @property
    def css(self) -> str:
        return level_class(self.level)


@dataclass
class HeatRow:
    ags: str
    name: str
    district: str
    submitted: bool
    cells: list[HeatCell]
    mean: float | None

    @property
    def css(self) -> str:
        return level_class(self.mean)


@dataclass
class Segment:
    level: int
    count: int
    x: float
    width: float

    @property
    def css(self) -> str:
        return level_class(self.level)


@dataclass
class Distribution:
    code: str
    title: str
    counts: list[int]
    total: int
    segments: list[Segment]

    @property
    def summary(self) -> str:
        parts = [
            _("Stufe %(level)d: %(n)d") % {"level": level, "n": count}
            for level, count in enumerate(self.counts)
        ]
        return f"{self.code} {self.title} – " + ", ".join(parts)


@dataclass
class DistrictRow:
    name: str
    members: int
    submitted: int
    enough: bool
    mean: float | None

    @property
    def css(self) -> str:
        return level_class(self.mean if self.enough else None)


@dataclass
class RegionalView:
    title: str
    year: int | None
    years: list[int]
    named: bool
    min_group: int
    member_count: int
    submitted_count: int
    criteria: list[Criterion] = field(default_factory=list)
    rows: list[HeatRow] = field(default_factory=list)
    distribution: list[Distribution] = field(default_factory=list)
    districts: list[DistrictRow] = field(default_factory=list)
    map: MapView | None = None
    has_demo: bool = False
    notice: str = ""

    @property
    def enough(self) -> bool:
        return self.named or self.submitted_count >= self.min_group

    @property
    def bar_width(self) -> int:
        return BAR_WIDTH


def scope_filters(*, region: Region) -> tuple[list[District], list[Network]]:
    """Districts and networks of a region for the filter form (two queries)."""
    return (
        list(District.objects.filter(region=region).order_by("name")),
        list(Network.objects.filter(region=region).order_by("name")),
    )


def region_scope(
    *, region: Region, district: District | None = None, network: Network | None = None
) -> QuerySet[Municipality]:
    """The municipalities of a region, optionally only of one district and/or one network."""
    scope = Municipality.objects.filter(district__region=region)
    if district is not None:
        scope = scope.filter(district=district)
    if network is not None:
        scope = scope.filter(networks=network)
    return scope


def network_scope(*, network: Network) -> QuerySet[Municipality]:
    """The member municipalities of a network."""
    return Municipality.objects.filter(networks=network)


def _segments(counts: list[int]) -> list[Segment]:
    total = sum(counts)
    segments, x = [], 0.0
    for level, count in enumerate(counts):
        width = round(count / total * BAR_WIDTH, 1) if total else 0.0
        if count:
            segments.append(Segment(level=level, count=count, x=round(x, 1), width=width))
        x += width
    return segments


def _pick_year(years: list[int], wanted) -> tuple[int | None, str]:
    if not years:
        return None, ""
    if wanted in (None, ""):
        return years[0], ""
    try:
        year = int(str(wanted).strip())
    except ValueError:
        year = None
    if year in years:
        return year, ""
    return years[0], _(
        "Für das gewählte Jahr gibt es keine abgeschlossenen Selbstchecks; gezeigt wird %(year)d."
    ) % {"year": years[0]}


def _municipality_url():
    pattern = reverse("regions:municipality_detail", kwargs={"ags": _AGS_PLACEHOLDER})
    return lambda ags: pattern.replace(_AGS_PLACEHOLDER, ags)


def regional_view(
    *, scope: QuerySet[Municipality], title: str, named: bool, year=None
) -> RegionalView:
    """The regional view of the municipalities in `scope` for `year` (default: latest year).

    `named` (regional admins only) adds one heat-map row per municipality; without it only
    group values of at least `BLAUPAUSE_BENCHMARK_MIN_GROUP` municipalities are filled in.
    """
    min_group = benchmark_min_group()
    members = list(
        scope.order_by("name", "ags").values(
            "id", "ags", "name", "district_id", "district__name", "updated_at"
        )
    )
    member_ids = [m["id"] for m in members]
    submitted = Assessment.objects.filter(
        municipality_id__in=member_ids, status=AssessmentStatus.SUBMITTED
    )
    years = sorted(set(submitted.values_list("year", flat=True)), reverse=True)
    chosen, notice = _pick_year(years, year)
    view = RegionalView(
        title=title,
        year=chosen,
        years=years,
        named=named,
        min_group=min_group,
        member_count=len(members),
        submitted_count=0,
        notice=notice,
    )
    if chosen is None:
        return view
    criteria_set = (
        CriteriaSet.objects.filter(pk__in=submitted.filter(year=chosen).values("criteria_set_id"))
        .order_by("-set_version", "-id")
        .first()
    )
    criteria = list(Criterion.objects.filter(criteria_set=criteria_set).order_by("order", "id"))
    view.criteria = criteria
    answers = Answer.objects.filter(
        assessment__in=submitted.filter(year=chosen, criteria_set=criteria_set)
    ).values_list("assessment__municipality_id", "assessment__is_demo", "criterion_id", "current")
    levels: dict[int, dict[int, int | None]] = defaultdict(dict)
    for municipality_id, is_demo, criterion_id, current in answers:
        levels[municipality_id][criterion_id] = current
        view.has_demo = view.has_demo or is_demo
    view.submitted_count = len(levels)
    means = {mid: mean(by_criterion.values()) for mid, by_criterion in levels.items()}

    if named:
        for m in members:
            own = levels.get(m["id"])
            view.rows.append(
                HeatRow(
                    ags=m["ags"],
                    name=m["name"],
                    district=m["district__name"],
                    submitted=own is not None,
                    cells=[HeatCell(level=(own or {}).get(c.pk)) for c in criteria],
                    mean=means.get(m["id"]),
                )
            )

    if view.enough:
        for criterion in criteria:
            counts = [0] * len(LEVELS)
            for by_criterion in levels.values():
                value = by_criterion.get(criterion.pk)
                if value is not None:
                    counts[value] += 1
            view.distribution.append(
                Distribution(
                    code=criterion.code,
                    title=criterion.title,
                    counts=counts,
                    total=sum(counts),
                    segments=_segments(counts),
                )
            )

    by_district: dict[int, list[dict]] = defaultdict(list)
    for m in members:
        by_district[m["district_id"]].append(m)
    district_mean: dict[int, float | None] = {}
    for district_id, rows in sorted(by_district.items(), key=lambda kv: kv[1][0]["district__name"]):
        values = [means[m["id"]] for m in rows if means.get(m["id"]) is not None]
        enough = named or len(values) >= min_group
        district_mean[district_id] = mean(values) if enough else None
        view.districts.append(
            DistrictRow(
                name=rows[0]["district__name"],
                members=len(rows),
                submitted=len(values),
                enough=enough,
                mean=district_mean[district_id],
            )
        )
    view.districts.sort(key=lambda row: row.name)
    view.map = _choropleth(members=members, means=means, district_mean=district_mean, named=named)
    return view


def _choropleth(*, members, means, district_mean, named) -> MapView | None:
    """Average level per municipality (named) or per district (aggregated) as a map."""
    rows = [
        maps.MapRow(
            ags=m["ags"], name=m["name"], updated_at=m["updated_at"], district_id=m["district_id"]
        )
        for m in members
    ]
    ags_list = [m["ags"] for m in members]
    shapes = maps.cached_shapes(rows, Municipality.objects.filter(ags__in=ags_list))
    url = _municipality_url()
    areas = []
    for m in members:
        value = means.get(m["id"]) if named else district_mean.get(m["district_id"])
        if named:
            label = (
                _("%(name)s: mittlere Stufe %(value)s")
                % {"name": m["name"], "value": f"{value:.1f}".replace(".", ",")}
                if value is not None
                else _("%(name)s: kein abgeschlossener Selbstcheck") % {"name": m["name"]}
            )
        else:
            label = (
                _("%(name)s (Kreis %(district)s: mittlere Stufe %(value)s)")
                % {
                    "name": m["name"],
                    "district": m["district__name"],
                    "value": f"{value:.1f}".replace(".", ","),
                }
                if value is not None
                else _("%(name)s: zu wenige Teilnehmende") % {"name": m["name"]}
            )
        areas.append(
            MapArea(
                key=m["ags"],
                label=label,
                url=url(m["ags"]),
                layer=LAYER_AREA if value is not None else LAYER_CONTEXT,
                css_class=level_class(value),
            )
        )
    if named:
        description = _(
            "Jede Kommune ist nach der mittleren heutigen Stufe ihres abgeschlossenen "
            "Selbstchecks eingefärbt; grau: kein abgeschlossener Selbstcheck. Die Werte stehen "
            "in der Tabelle der Kommunen."
        )
    else:
        description = _(
            "Eingefärbt ist die mittlere heutige Stufe je Kreis, nur wo genug Kommunen "
            "abgeschlossen haben; grau: zu wenige Teilnehmende. Die Werte stehen in der Tabelle "
            "der Kreise."
        )
    return compose_map(
        shapes, areas, title=_("Karte: mittlere Stufe des Selbstchecks"), description=description
    )
