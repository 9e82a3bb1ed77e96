"""Reads for the strategy process guide: the facts behind the eight steps, collected in bulk.

One network, one municipality or every network of a region costs the same four queries
(members, strategies with their counts, self-checks, commitments); the rules that turn facts
into steps live in `guide.py`. Tool links depend on what the viewer may do.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from blaupause.assessments.constants import AssessmentStatus
from blaupause.assessments.models import Assessment
from blaupause.commitments.models import Commitment
from blaupause.regions.models import Municipality, Network
from blaupause.strategies.constants import StrategyStatus
from blaupause.strategies.models import (
    FieldOfAction,
    Goal,
    Measure,
    Strategy,
    StrategyStatusChange,
    StrategyVersion,
)
from blaupause.strategies.models import Value as StrategyValue

from .guide import ProcessFacts, Step, ToolLink, build_steps, current_step

if TYPE_CHECKING:
    from blaupause.regions.models import Region

__all__ = [
    "ProcessGuide",
    "RegionGuide",
    "municipality_guide",
    "network_guide",
    "region_guide",
]

YEAR_DAYS = 365


@dataclass
class _Subject:
    """A network (members: its municipalities) or a municipality (member: itself)."""

    key: tuple[str, int]
    obj: Network | Municipality
    members: list[tuple[int, str]] = field(default_factory=list)  # (pk, name), by name


@dataclass
class ProcessGuide:
    """The guide of one network or municipality: its strategy, the steps and the current one."""

    owner: Network | Municipality
    strategy: Strategy | None
    strategy_count: int
    steps: list[Step]
    facts: ProcessFacts
    can_view_strategy: bool = False

    @property
    def current(self) -> Step:
        return current_step(self.steps)

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.is_done)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def is_network(self) -> bool:
        return isinstance(self.owner, Network)


@dataclass
class RegionGuide:
    region: Region
    networks: list[ProcessGuide]
    municipalities: list[ProcessGuide]


# --- facts in bulk -----------------------------------------------------------------------------


def _count(model, *conditions) -> Coalesce:
    """The number of alive `model` rows of the strategy, as a subquery."""
    rows = (
        model.objects.filter(*conditions, strategy=OuterRef("pk"))
        .order_by()
        .values("strategy")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _strategies(condition: Q) -> list[Strategy]:
    """Alive strategies matching `condition`, with every count the steps need (one query)."""
    changes = StrategyStatusChange.objects.filter(strategy=OuterRef("pk"))
    return list(
        Strategy.objects.filter(condition)
        .select_related("network__region", "municipality__district")
        .annotate(
            value_count=_count(StrategyValue),
            goal_count=_count(Goal),
            field_count=_count(FieldOfAction),
            measure_count=_count(Measure),
            fields_with_measures=_count(
                FieldOfAction, Exists(Measure.objects.filter(field=OuterRef("pk")))
            ),
            had_consultation=Exists(changes.filter(to_status=StrategyStatus.CONSULTATION)),
            last_review_at=Subquery(
                changes.filter(to_status=StrategyStatus.REVIEW)
                .order_by("-changed_at")
                .values("changed_at")[:1]
            ),
            last_version_at=Subquery(
                StrategyVersion.objects.filter(strategy=OuterRef("pk"))
                .order_by("-published_at")
                .values("published_at")[:1]
            ),
        )
        .order_by("-created_at", "-pk")
    )


def _pick(strategies: list[Strategy]) -> Strategy | None:
    """The strategy the guide follows: the newest one (they come newest first)."""
    return strategies[0] if strategies else None


def _facts(
    subject: _Subject,
    strategy: Strategy | None,
    *,
    today: datetime.date,
    since: datetime.datetime,
    checks: dict[int, dict],
    committed: dict[tuple[int, int], int],
    with_names: bool,
) -> ProcessFacts:
    is_network = subject.key[0] == "network"
    members = subject.members
    recent = [pk for pk, _name in members if checks.get(pk, {}).get("recent")]
    this_year = [pk for pk, _name in members if checks.get(pk, {}).get("this_year")]
    drafts = [pk for pk, _name in members if checks.get(pk, {}).get("draft")]
    facts = ProcessFacts(
        today=today,
        is_network=is_network,
        member_count=len(members),
        inventory_count=len(recent),
        current_year_count=len(this_year),
        draft_count=len([pk for pk in drafts if pk not in this_year]),
    )
    if with_names and is_network:
        facts.inventory_missing = [name for pk, name in members if pk not in set(recent)]
        facts.current_year_missing = [name for pk, name in members if pk not in set(this_year)]
    if strategy is None:
        return facts
    facts.has_strategy = True
    facts.strategy_title = strategy.title
    facts.status = strategy.status
    facts.has_vision = bool(strategy.vision.strip())
    facts.value_count = strategy.value_count
    facts.goal_count = strategy.goal_count
    facts.field_count = strategy.field_count
    facts.measure_count = strategy.measure_count
    facts.fields_with_measures = strategy.fields_with_measures
    facts.had_consultation = strategy.had_consultation
    facts.adopted_body = strategy.adopted_body
    facts.adopted_on = strategy.adopted_on
    facts.recent_review = strategy.status == StrategyStatus.REVIEW or bool(
        strategy.last_review_at and strategy.last_review_at >= since
    )
    if strategy.last_version_at:
        facts.last_version_on = timezone.localdate(strategy.last_version_at)
    if is_network:
        with_commitment = {pk for pk, _name in members if committed.get((strategy.pk, pk))}
        facts.committed_count = len(with_commitment)
        if with_names:
            facts.implementation_missing = [
                name for pk, name in members if pk not in with_commitment
            ]
    else:
        facts.committed_count = committed.get((strategy.pk, subject.obj.pk), 0)
    return facts


def _collect(
    subjects: list[_Subject], strategy_condition: Q, *, now: datetime.datetime, with_names: bool
) -> dict[tuple[str, int], tuple[ProcessFacts, Strategy | None, int]]:
    """Facts, followed strategy and number of strategies per subject: three queries."""
    today = timezone.localdate(now)
    since = now - datetime.timedelta(days=YEAR_DAYS)
    by_owner: dict[tuple[str, int], list[Strategy]] = defaultdict(list)
    for strategy in _strategies(strategy_condition):
        if strategy.network_id:
            by_owner[("network", strategy.network_id)].append(strategy)
        else:
            by_owner[("municipality", strategy.municipality_id)].append(strategy)
    member_ids = sorted({pk for subject in subjects for pk, _name in subject.members})
    checks: dict[int, dict] = defaultdict(dict)
    if member_ids:
        rows = Assessment.objects.filter(municipality_id__in=member_ids).filter(
            Q(status=AssessmentStatus.SUBMITTED, submitted_at__gte=since) | Q(year=today.year)
        )
        for municipality_id, status, year, submitted_at in rows.values_list(
            "municipality_id", "status", "year", "submitted_at"
        ):
            entry = checks[municipality_id]
            submitted = status == AssessmentStatus.SUBMITTED
            if submitted and submitted_at and submitted_at >= since:
                entry["recent"] = True
            if year == today.year:
                entry["this_year" if submitted else "draft"] = True
    followed = {key: _pick(items) for key, items in by_owner.items()}
    strategy_ids = sorted(s.pk for s in followed.values() if s is not None)
    committed: dict[tuple[int, int], int] = {}
    if strategy_ids:
        rows = (
            Commitment.objects.counted()
            .filter(measure__strategy_id__in=strategy_ids, measure__deleted_at__isnull=True)
            .values("measure__strategy_id", "municipality_id")
            .annotate(n=Count("measure_id", distinct=True))
            .order_by()
        )
        committed = {
            (row["measure__strategy_id"], row["municipality_id"]): row["n"] for row in rows
        }
    result = {}
    for subject in subjects:
        strategy = followed.get(subject.key)
        facts = _facts(
            subject,
            strategy,
            today=today,
            since=since,
            checks=checks,
            committed=committed,
            with_names=with_names,
        )
        result[subject.key] = (facts, strategy, len(by_owner.get(subject.key, [])))
    return result


def _network_members(network_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    members: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = (
        Network.municipalities.through.objects.filter(
            network_id__in=network_ids, municipality__deleted_at__isnull=True
        )
        .order_by("municipality__name", "municipality__ags")
        .values_list("network_id", "municipality_id", "municipality__name")
    )
    for network_id, municipality_id, name in rows:
        members[network_id].append((municipality_id, name))
    return members


# --- tool links --------------------------------------------------------------------------------


def _adopt_url(network: Network) -> str:
    """The blueprint adoption page of a network, when that page exists."""
    try:
        return reverse("transfer:adopt", kwargs={"slug": network.slug})
    except NoReverseMatch:
        return ""


def _links(
    *,
    viewer,
    owner: Network | Municipality,
    strategy: Strategy | None,
    own_members: list[Municipality],
) -> tuple[dict[str, list[ToolLink]], bool]:
    """The tools of each step that the viewer may use, and whether they may see the strategy."""
    links: dict[str, list[ToolLink]] = defaultdict(list)
    is_network = isinstance(owner, Network)
    can_edit = bool(strategy) and viewer.has_perm("strategies.change_strategy", strategy)
    can_view = bool(strategy) and (
        can_edit or viewer.has_perm("strategies.view_strategy", strategy)
    )
    can_add = viewer.has_perm("strategies.add_strategy", owner)

    for municipality in own_members:
        selfcheck = ToolLink(
            _("Selbstcheck von %(name)s") % {"name": municipality.name},
            reverse("assessments:overview", kwargs={"ags": municipality.ags}),
        )
        links["inventory"].append(selfcheck)
        links["review"].append(selfcheck)

    if strategy is None:
        if can_add:
            create = ToolLink(_("Strategie anlegen"), reverse("strategies:strategy_create"))
            links["values"].append(create)
            links["fields"].append(create)
            links["measures"].append(create)
    else:
        item = lambda kind: reverse(  # noqa: E731
            "strategies:item_add", kwargs={"slug": strategy.slug, "kind": kind}
        )
        status_url = reverse("strategies:strategy_status", kwargs={"slug": strategy.slug})
        if can_edit:
            links["values"] += [
                ToolLink(_("Werte hinzufügen"), item("werte")),
                ToolLink(_("Ziele hinzufügen"), item("ziele")),
                ToolLink(
                    _("Leitbild und Texte bearbeiten"),
                    reverse("strategies:strategy_edit", kwargs={"slug": strategy.slug}),
                ),
            ]
            links["fields"].append(ToolLink(_("Handlungsfeld hinzufügen"), item("handlungsfelder")))
            links["measures"].append(ToolLink(_("Maßnahme hinzufügen"), item("massnahmen")))
            links["consultation"].append(ToolLink(_("Status ändern"), status_url))
            links["decision"].append(ToolLink(_("Beschluss eintragen"), status_url))
            if strategy.status in (StrategyStatus.ADOPTED, StrategyStatus.REVIEW):
                links["review"] += [
                    ToolLink(_("Überprüfung beginnen oder beenden"), status_url),
                    ToolLink(
                        _("Neue Version veröffentlichen"),
                        reverse("strategies:strategy_publish", kwargs={"slug": strategy.slug}),
                    ),
                ]
        elif can_view:
            view = ToolLink(_("Strategie ansehen"), strategy.get_absolute_url())
            for key in ("values", "fields", "measures", "decision"):
                links[key].append(view)
    if is_network and (can_edit or can_add):
        adopt = _adopt_url(owner)
        if adopt:
            links["measures"].append(ToolLink(_("Aus einer Blaupause übernehmen"), adopt))

    for municipality in own_members:
        if viewer.has_perm("commitments.add_commitment", municipality):
            links["implementation"].append(
                ToolLink(
                    _("Beteiligungen von %(name)s eintragen") % {"name": municipality.name},
                    reverse("commitments:bulk_edit", kwargs={"ags": municipality.ags}),
                )
            )
    if is_network:
        links["implementation"].append(
            ToolLink(
                _("Fortschritt im Netzwerk"),
                reverse("commitments:network_dashboard", kwargs={"slug": owner.slug}),
            )
        )
        links["review"].append(links["implementation"][-1])
    else:
        progress = ToolLink(
            _("Fortschritt von %(name)s") % {"name": owner.name},
            reverse("commitments:municipality_dashboard", kwargs={"ags": owner.ags}),
        )
        links["implementation"].append(progress)
        links["review"].append(progress)
    return links, can_view


def _may_see_names(viewer, network: Network) -> bool:
    """Coordination and regional admins organise the process: they see who is missing."""
    return viewer.has_perm("regions.change_network", network)


# --- pages -------------------------------------------------------------------------------------


def network_guide(
    *, network: Network, viewer, now: datetime.datetime | None = None
) -> ProcessGuide:
    """The guide of one network for a viewer who may see it (see `rules_guide`)."""
    now = now or timezone.now()
    members = _network_members([network.pk])[network.pk]
    subject = _Subject(key=("network", network.pk), obj=network, members=members)
    with_names = _may_see_names(viewer, network)
    facts, strategy, count = _collect(
        [subject], Q(network=network), now=now, with_names=with_names
    )[subject.key]
    own_ids = viewer.roles.member_municipality_ids if viewer.is_authenticated else frozenset()
    own = [pk for pk, _name in members if pk in own_ids]
    own_members = (
        list(Municipality.objects.filter(pk__in=own).select_related("district").order_by("name"))
        if own
        else []
    )
    links, can_view = _links(
        viewer=viewer, owner=network, strategy=strategy, own_members=own_members
    )
    return ProcessGuide(
        owner=network,
        strategy=strategy,
        strategy_count=count,
        steps=build_steps(facts, links),
        facts=facts,
        can_view_strategy=can_view,
    )


def network_guide_summary(
    *, network: Network, now: datetime.datetime | None = None
) -> ProcessGuide:
    """State of the steps of one network without tool links (for the network page)."""
    now = now or timezone.now()
    members = _network_members([network.pk])[network.pk]
    subject = _Subject(key=("network", network.pk), obj=network, members=members)
    facts, strategy, count = _collect([subject], Q(network=network), now=now, with_names=False)[
        subject.key
    ]
    return ProcessGuide(
        owner=network,
        strategy=strategy,
        strategy_count=count,
        steps=build_steps(facts),
        facts=facts,
    )


def municipality_guide(
    *, municipality: Municipality, viewer, now: datetime.datetime | None = None
) -> ProcessGuide:
    """The guide of a municipality that develops its own strategy."""
    now = now or timezone.now()
    subject = _Subject(
        key=("municipality", municipality.pk),
        obj=municipality,
        members=[(municipality.pk, municipality.name)],
    )
    facts, strategy, count = _collect(
        [subject], Q(municipality=municipality), now=now, with_names=False
    )[subject.key]
    own_members = (
        [municipality]
        if viewer.is_authenticated and municipality.pk in viewer.roles.member_municipality_ids
        else []
    )
    links, can_view = _links(
        viewer=viewer, owner=municipality, strategy=strategy, own_members=own_members
    )
    return ProcessGuide(
        owner=municipality,
        strategy=strategy,
        strategy_count=count,
        steps=build_steps(facts, links),
        facts=facts,
        can_view_strategy=can_view,
    )


def region_guide(*, region: Region, now: datetime.datetime | None = None) -> RegionGuide:
    """Every network of a region, and every municipality there with its own strategy, with the
    state of each step; five queries whatever their number."""
    now = now or timezone.now()
    networks = list(Network.objects.filter(region=region).order_by("name"))
    members = _network_members([network.pk for network in networks])
    subjects = [
        _Subject(key=("network", n.pk), obj=n, members=members.get(n.pk, [])) for n in networks
    ]
    own_strategy = Q(municipality__district__region=region)
    municipalities = list(
        Municipality.objects.filter(
            pk__in=Strategy.objects.filter(own_strategy).values("municipality_id")
        ).order_by("name", "ags")
    )
    subjects += [
        _Subject(key=("municipality", m.pk), obj=m, members=[(m.pk, m.name)])
        for m in municipalities
    ]
    collected = _collect(
        subjects,
        Q(network__in=[n.pk for n in networks]) | own_strategy,
        now=now,
        with_names=False,
    )
    guides = []
    for subject in subjects:
        facts, strategy, count = collected[subject.key]
        guides.append(
            ProcessGuide(
                owner=subject.obj,
                strategy=strategy,
                strategy_count=count,
                steps=build_steps(facts),
                facts=facts,
            )
        )
    return RegionGuide(
        region=region,
        networks=guides[: len(networks)],
        municipalities=guides[len(networks) :],
    )
