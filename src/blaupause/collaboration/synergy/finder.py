"""The synergy finder on plain data: items in, groups of similar items out. No database.

An *item* is something a municipality plans: a procurement plan, a commitment to a measure,
or (as a target others may join) a joint project. Items are compared only within their
*partition* (the region, or the district where no region is set), because that is where the
municipalities may see each other's plans.

1. Each item becomes a TF-IDF vector of German terms (`text.py`); document frequencies are
   those of its partition.
2. Candidate pairs and their cosine come from an inverted index over the items' terms (and
   exact product / OZG service / measure values); terms present in very many items of a partition
   (`MAX_POSTING`) are not used to find candidates, so the work grows with the number of items,
   not with its square.
3. A pair scores its text cosine plus small bonuses for shared taxonomy (same product, OZG
   service, category, field of action, life area, linked measure). Pairs of the same
   municipality, with periods that do not overlap, or of two measures of one strategy (already
   coordinated there) never count.
4. Groups: items in order of their summed edge scores, joint projects first; each item not yet
   taken becomes a centre and takes its neighbours. A group with at least two municipalities
   is a suggestion: join an existing project, a joint tender (plans of two or more
   municipalities), or a joint project.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from .text import cosine, idf_table, term_weights, vectorize

__all__ = ["THRESHOLD", "Group", "Item", "find_groups", "pair_score"]

#: A pair at or above this score is "similar" (chosen on the evaluation set, docs/synergy.md).
THRESHOLD = 0.4
#: A term in more items of one partition than this does not produce candidates: it is either
#: generic or a topic the whole region shares, which is a regional programme, not a synergy
#: between some municipalities. This bounds the work per partition.
MAX_POSTING = 500

BONUS_PRODUCT = 0.25
BONUS_OZG = 0.2
BONUS_MEASURE = 0.5
BONUS_CATEGORY = 0.04
BONUS_FIELD = 0.04
BONUS_LIFE_AREA = 0.04
SMALL_BONUSES = BONUS_CATEGORY + BONUS_FIELD + BONUS_LIFE_AREA
#: At most this many items are named in a suggestion's reasons (the rest are counted).
REASON_ITEMS = 25


def _norm(value: str) -> str:
    return " ".join((value or "").lower().split())


@dataclass
class Item:
    """One thing a municipality plans (or a joint project), as the finder needs it."""

    kind: str  # "plan" | "commitment" | "project"
    pk: int
    municipality_ids: frozenset[int]
    title: str
    body: str = ""
    partition: str = ""
    category: str = ""
    product: str = ""
    ozg_service: str = ""
    field: str = ""
    life_areas: frozenset[str] = frozenset()
    measure_id: int | None = None
    strategy_id: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    municipality_names: tuple[str, ...] = ()
    bag: dict[str, float] = dataclass_field(default_factory=dict, repr=False)
    vector: dict[str, float] = dataclass_field(default_factory=dict, repr=False)

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.pk}"

    def prepare(self) -> None:
        if not self.bag:
            self.bag = term_weights(self.title, self.body)


@dataclass
class Group:
    kind: str  # SuggestionKind value
    key: str
    partition: str
    items: list[Item]
    score: float
    reasons: list[dict]
    period_start: datetime.date | None
    period_end: datetime.date | None

    @property
    def municipality_ids(self) -> set[int]:
        ids: set[int] = set()
        for item in self.items:
            if item.kind != "project":
                ids |= item.municipality_ids
        return ids

    @property
    def project(self) -> Item | None:
        return next((item for item in self.items if item.kind == "project"), None)


def periods_overlap(left: Item, right: Item) -> bool:
    """Unknown ends are open; two items overlap unless one ends before the other starts."""
    if left.end and right.start and left.end < right.start:
        return False
    return not (right.end and left.start and right.end < left.start)


def comparable(left: Item, right: Item) -> bool:
    """Whether a pair may count at all (before looking at the text)."""
    if left.kind == "project" and right.kind == "project":
        return False
    if left.municipality_ids & right.municipality_ids:
        return False  # the same municipality, or already a partner of the project
    if left.kind == "commitment" and right.kind == "commitment":
        if left.measure_id == right.measure_id or left.strategy_id == right.strategy_id:
            return False  # coordinated in their common strategy already
    return periods_overlap(left, right)


def pair_score(left: Item, right: Item, text: float | None = None) -> tuple[float, list[str]]:
    """Similarity of two items (text cosine plus taxonomy bonuses) and the taxonomy matches."""
    score = cosine(left.vector, right.vector) if text is None else text
    matches: list[str] = []
    if left.product and _norm(left.product) == _norm(right.product):
        score += BONUS_PRODUCT
        matches.append("same_product")
    if left.ozg_service and _norm(left.ozg_service) == _norm(right.ozg_service):
        score += BONUS_OZG
        matches.append("same_ozg")
    if left.measure_id and left.measure_id == right.measure_id:
        score += BONUS_MEASURE
        matches.append("same_measure")
    if left.category and left.category == right.category:
        score += BONUS_CATEGORY
        matches.append("same_category")
    if left.field and _norm(left.field) == _norm(right.field):
        score += BONUS_FIELD
        matches.append("same_field")
    if left.life_areas & right.life_areas:
        score += BONUS_LIFE_AREA
        matches.append("same_life_area")
    return min(score, 1.0), matches


def vectorize_items(items: list[Item]) -> None:
    """Term bags and TF-IDF vectors with the document frequencies of these items."""
    for item in items:
        item.prepare()
    idf = idf_table(item.bag for item in items)
    for item in items:
        item.vector = vectorize(item.bag, idf)


def _extra_keys(item: Item) -> list[str]:
    keys = []
    if item.product:
        keys.append("p:" + _norm(item.product))
    if item.ozg_service:
        keys.append("o:" + _norm(item.ozg_service))
    if item.measure_id:
        keys.append(f"m:{item.measure_id}")
    return keys


def scored_candidates(items: list[Item]) -> Iterable[tuple[int, int, float, bool]]:
    """(i, j, text cosine, shares a product/OZG service/measure) for pairs i < j that share a
    term. The cosine is accumulated over the inverted index; terms with more than
    `MAX_POSTING` items are left out of it (they are generic in this partition)."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    extra: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        for term, weight in item.vector.items():
            postings[term].append((index, weight))
        for key in _extra_keys(item):
            extra[key].append(index)
    usable = {term: posting for term, posting in postings.items() if len(posting) <= MAX_POSTING}
    for index, item in enumerate(items):
        scores: dict[int, float] = defaultdict(float)
        for term, weight in item.vector.items():
            posting = usable.get(term)
            if posting is None:
                continue
            for other, other_weight in posting:
                if other > index:
                    scores[other] += weight * other_weight
        forced: set[int] = set()
        for key in _extra_keys(item):
            posting = extra[key]
            if len(posting) <= MAX_POSTING:
                forced.update(other for other in posting if other > index)
        for other in forced - scores.keys():
            scores[other] = 0.0
        for other, text in scores.items():
            yield index, other, text, other in forced


def _period(items: list[Item]) -> tuple[datetime.date | None, datetime.date | None]:
    starts = [item.start for item in items if item.start]
    ends = [item.end for item in items if item.end]
    start, end = (max(starts) if starts else None), (min(ends) if ends else None)
    if start and end and end < start:  # pairwise overlaps without a common one: widest span
        start, end = min(starts), max(ends)
    return start, end


def group_key(kind: str, items: Iterable[Item]) -> str:
    refs = "|".join(sorted(item.ref for item in items))
    return hashlib.sha256(f"{kind}|{refs}".encode()).hexdigest()


def _group(partition: str, centre: Item, members: list[tuple[Item, float, list[str]]]) -> Group:
    items = [centre, *[member for member, _score, _matches in members]]
    plan_municipalities = {
        next(iter(item.municipality_ids)) for item in items if item.kind == "plan"
    }
    if centre.kind == "project":
        kind = "join_project"
    elif len(plan_municipalities) >= 2:
        kind = "joint_tender"
    else:
        kind = "joint_project"
    start, end = _period(items)
    reasons: list[dict] = []
    if centre.kind == "project":
        reasons.append({"code": "existing_project", "title": centre.title})
    reasons.append(
        {
            "code": "similar_items",
            "items": [
                {
                    "kind": item.kind,
                    "title": item.title,
                    "municipalities": list(item.municipality_names),
                }
                for item in items[:REASON_ITEMS]
            ],
            "more": max(0, len(items) - REASON_ITEMS),
        }
    )
    if start or end:
        reasons.append(
            {
                "code": "period_overlap",
                "start": start.isoformat() if start else "",
                "end": end.isoformat() if end else "",
            }
        )
    matches = {match for _member, _score, found in members for match in found}
    if "same_measure" in matches:
        reasons.append({"code": "same_measure"})
    if "same_product" in matches:
        reasons.append({"code": "same_product", "value": centre.product or members[0][0].product})
    if "same_ozg" in matches:
        reasons.append({"code": "same_ozg", "value": centre.ozg_service or ""})
    if "same_category" in matches:
        reasons.append({"code": "same_category", "value": centre.category})
    if "same_field" in matches:
        reasons.append({"code": "same_field", "value": centre.field})
    if "same_life_area" in matches:
        reasons.append({"code": "same_life_area"})
    score = sum(score for _member, score, _matches in members) / len(members)
    return Group(
        kind=kind,
        key=group_key(kind, items),
        partition=partition,
        items=items,
        score=round(score, 4),
        reasons=reasons,
        period_start=start,
        period_end=end,
    )


def find_groups_in_partition(
    partition: str, items: list[Item], threshold: float = THRESHOLD
) -> list[Group]:
    """The suggestions of one partition."""
    if len(items) < 2:
        return []
    vectorize_items(items)
    edges: dict[int, dict[int, tuple[float, list[str]]]] = defaultdict(dict)
    for left, right, text, shares_key in scored_candidates(items):
        if text < threshold - SMALL_BONUSES and not shares_key:
            continue
        a, b = items[left], items[right]
        if not comparable(a, b):
            continue
        score, matches = pair_score(a, b, text)
        if score >= threshold:
            edges[left][right] = (score, matches)
            edges[right][left] = (score, matches)
    order = sorted(
        edges,
        key=lambda index: (
            items[index].kind != "project",
            -sum(score for score, _m in edges[index].values()),
            items[index].ref,
        ),
    )
    taken: set[int] = set()
    groups: list[Group] = []
    for index in order:
        if index in taken:
            continue
        centre = items[index]
        members = [
            (items[other], score, matches)
            for other, (score, matches) in sorted(edges[index].items())
            if other not in taken
            and not (centre.kind != "project" and items[other].kind == "project")
        ]
        municipalities = set(centre.municipality_ids if centre.kind != "project" else ())
        for member, _score, _matches in members:
            municipalities |= member.municipality_ids
        if not members or len(municipalities) < (1 if centre.kind == "project" else 2):
            continue
        taken.add(index)
        member_refs = {member.ref for member, _s, _m in members}
        taken.update(other for other in edges[index] if items[other].ref in member_refs)
        groups.append(_group(partition, centre, members))
    return groups


def find_groups(items: Iterable[Item], threshold: float = THRESHOLD) -> list[Group]:
    """All suggestions, partition by partition."""
    by_partition: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_partition[item.partition].append(item)
    groups: list[Group] = []
    for partition in sorted(by_partition):
        groups.extend(find_groups_in_partition(partition, by_partition[partition], threshold))
    return groups
