"""Aggregated self-check benchmarks per criterion and group: the only self-check data made public.

Built from submitted, undeleted self-checks only (the rule of `assessments.selectors`), grouped
by region, district, size class and network. A group shows values only when at least
`benchmark_min_group()` municipalities of it submitted a self-check of that criteria set and
year, and only for criteria that at least that many of them answered; otherwise the values are
`None` with a reason. Individual answers never leave this module. Six queries, whatever the
number of answers.

Computing the rows reads every submitted answer (half a million at Germany scale: seconds), so
the result is cached under a fingerprint of everything it depends on: one query over the
last changes of the self-checks, municipalities, networks, districts, regions and criteria
and the memberships (`core.fingerprint.last_changes`), which move whenever a self-check is
submitted, reopened or deleted, or a group changes. Any cache backend works, also one per
process, because the fingerprint is read from the database on every call; the last few results
are also kept in the process itself.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from blaupause.assessments.constants import AssessmentStatus
from blaupause.assessments.models import Answer, Assessment, Criterion
from blaupause.assessments.scoring import group_stat, mean
from blaupause.assessments.selectors import benchmark_min_group
from blaupause.core.fingerprint import last_changes
from blaupause.regions.constants import SizeClass, size_class_for
from blaupause.regions.models import District, Municipality, Network, Region

__all__ = ["GROUP_KINDS", "BenchmarkRow", "benchmark_rows", "too_few_reason"]

#: Group kinds in the order rows are listed.
GROUP_KINDS = ("region", "district", "size-class", "network")


def too_few_reason() -> str:
    return _("zu wenige Teilnehmende")


@dataclass(frozen=True)
class BenchmarkRow:
    criteria_set: str
    criteria_set_version: int
    year: int
    group_kind: str
    group_key: str
    group_name: str
    participants: int
    field: str
    criterion: str
    criterion_title: str
    answers: int
    median: float | None
    q1: float | None
    q3: float | None
    mean_current: float | None
    mean_target: float | None
    reason: str
    is_demo: bool


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass
class _Participant:
    district_id: int
    region_id: int | None
    size_class: str | None
    is_demo: bool


def _groups(participants: dict[int, _Participant], names, memberships) -> list:
    """(kind, key, name, member ids) of every group that has at least one participant."""
    by_kind: dict[tuple[str, str], set[int]] = defaultdict(set)
    for mid, who in participants.items():
        if who.region_id is not None:
            by_kind[("region", names["region_key"][who.region_id])].add(mid)
        by_kind[("district", names["district_key"][who.district_id])].add(mid)
        if who.size_class:
            by_kind[("size-class", who.size_class)].add(mid)
        for network_id in memberships.get(mid, ()):
            by_kind[("network", names["network_key"][network_id])].add(mid)
    order = {kind: index for index, kind in enumerate(GROUP_KINDS)}
    return [
        (kind, key, names["label"][(kind, key)], members)
        for (kind, key), members in sorted(by_kind.items(), key=lambda i: (order[i[0][0]], i[0][1]))
    ]


def _names() -> dict:
    """Keys and names of regions, districts, size classes and networks (three queries)."""
    names: dict = {"region_key": {}, "district_key": {}, "network_key": {}, "label": {}}
    for pk, slug, name in Region.objects.values_list("pk", "slug", "name"):
        names["region_key"][pk] = slug
        names["label"][("region", slug)] = name
    for pk, ags, name in District.objects.values_list("pk", "ags", "name"):
        names["district_key"][pk] = ags
        names["label"][("district", ags)] = name
    for pk, slug, name in Network.objects.values_list("pk", "slug", "name"):
        names["network_key"][pk] = slug
        names["label"][("network", slug)] = name
    for size_class in SizeClass:
        names["label"][("size-class", size_class.value)] = _("%(label)s Einwohner") % {
            "label": size_class.label
        }
    return names


#: How long computed rows are kept; a changed fingerprint replaces them at once. An hour, not
#: a day: it also bounds the one change the fingerprint can miss (`core.fingerprint`).
CACHE_SECONDS = 60 * 60
#: The last results of this process, unpickled: at Germany scale there are some 40,000 rows,
#: and unpickling them from the shared cache costs 200 ms.
_recent: dict[str, list] = {}
_RECENT_MAX = 4


def _fingerprint() -> str:
    """The last changes of every table the rows are computed from (one query)."""
    return last_changes(
        Assessment,
        Municipality,
        Network,
        District,
        Region,
        Criterion,
        links=[Network.municipalities.through],
    )


def benchmark_rows(
    *, year: int | None = None, group_kind: str = "", group_key: str = ""
) -> list[BenchmarkRow]:
    """Every benchmark row (or those of one year / group kind / group key), for everybody."""
    key = ":".join(
        [
            "opendata-benchmarks",
            _fingerprint(),
            str(benchmark_min_group()),
            get_language() or "",
            str(year),
            group_kind,
            hashlib.sha256(group_key.encode()).hexdigest()[:16],
        ]
    )
    rows = _recent.get(key)
    if rows is None:
        rows = cache.get(key)
        if rows is None:
            rows = _computed_rows(year=year, group_kind=group_kind, group_key=group_key)
            cache.set(key, rows, CACHE_SECONDS)
        while len(_recent) >= _RECENT_MAX:
            _recent.pop(next(iter(_recent)))
        _recent[key] = rows
    return list(rows)


def _computed_rows(*, year: int | None, group_kind: str, group_key: str) -> list[BenchmarkRow]:
    answers = Answer.objects.filter(
        assessment__status=AssessmentStatus.SUBMITTED,
        assessment__deleted_at__isnull=True,
        assessment__municipality__deleted_at__isnull=True,
        criterion__deleted_at__isnull=True,
    )
    if year is not None:
        answers = answers.filter(assessment__year=year)
    rows = answers.values_list(
        "assessment__criteria_set_id",
        "assessment__year",
        "assessment__municipality_id",
        "assessment__municipality__district_id",
        "assessment__municipality__district__region_id",
        "assessment__municipality__population",
        "assessment__is_demo",
        "criterion_id",
        "current",
        "target",
    ).order_by()
    # (set, year) → participants; (set, year, criterion) → municipality → (current, target)
    participants: dict[tuple[int, int], dict[int, _Participant]] = defaultdict(dict)
    values: dict[tuple[int, int, int], dict[int, tuple]] = defaultdict(dict)
    for set_id, the_year, mid, district_id, region_id, population, demo, cid, cur, tgt in rows:
        participants[(set_id, the_year)][mid] = _Participant(
            district_id, region_id, size_class_for(population), demo
        )
        values[(set_id, the_year, cid)][mid] = (cur, tgt)
    if not participants:
        return []
    set_ids = {set_id for set_id, _year in participants}
    criteria = list(
        Criterion.objects.filter(criteria_set_id__in=set_ids)
        .select_related("criteria_set")
        .order_by("criteria_set_id", "order", "id")
    )
    names = _names()
    memberships: dict[int, list[int]] = defaultdict(list)
    for network_id, mid in Network.municipalities.through.objects.filter(
        network__deleted_at__isnull=True
    ).values_list("network_id", "municipality_id"):
        memberships[mid].append(network_id)

    min_group = benchmark_min_group()
    reason = too_few_reason()
    result: list[BenchmarkRow] = []
    for (set_id, the_year), who in sorted(participants.items(), key=lambda i: (i[0][1], i[0][0])):
        for kind, key, name, members in _groups(who, names, memberships):
            if (group_kind and kind != group_kind) or (group_key and key != group_key):
                continue
            enough = len(members) >= min_group
            demo = any(who[mid].is_demo for mid in members)
            for criterion in (c for c in criteria if c.criteria_set_id == set_id):
                given = values.get((set_id, the_year, criterion.pk), {})
                current = [given[m][0] for m in members if m in given and given[m][0] is not None]
                target = [given[m][1] for m in members if m in given and given[m][1] is not None]
                shown = enough and len(current) >= min_group
                stat = group_stat(current) if shown else None
                result.append(
                    BenchmarkRow(
                        criteria_set=criterion.criteria_set.key,
                        criteria_set_version=criterion.criteria_set.set_version,
                        year=the_year,
                        group_kind=kind,
                        group_key=key,
                        group_name=name,
                        participants=len(members),
                        field=criterion.field,
                        criterion=criterion.code,
                        criterion_title=criterion.title,
                        answers=len(current),
                        median=_round(stat.median) if stat else None,
                        q1=_round(stat.q1) if stat else None,
                        q3=_round(stat.q3) if stat else None,
                        mean_current=_round(mean(current)) if shown else None,
                        mean_target=(
                            _round(mean(target)) if shown and len(target) >= min_group else None
                        ),
                        reason="" if shown else reason,
                        is_demo=demo,
                    )
                )
    return result
