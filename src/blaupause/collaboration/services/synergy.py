"""Services of the collaboration app: synergy suggestions — compute, dismiss, convert.

`recompute_all` and the incremental `plans_changed` / `commitments_changed` /
`projects_changed` run in the background (`collaboration.tasks`); dismiss and convert are the
two things a person does with a suggestion.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import rules

from blaupause.core.audit import audit_record
from blaupause.regions.models import Municipality

from ..constants import AgreementStatus, PartnerStatus, SuggestionKind, SuggestionStatus
from ..models import (
    JointProject,
    ProcurementPlan,
    ProjectPartner,
    SynergyDismissal,
    SynergySuggestion,
)
from ..synergy.finder import Group, Item, find_groups
from ..synergy.text import term_weights

__all__ = [
    "commitments_changed",
    "plans_changed",
    "projects_changed",
    "recompute_all",
    "recompute_partitions",
    "suggestion_convert",
    "suggestion_dismiss",
]

logger = logging.getLogger(__name__)

#: A procurement plan counts as planned this long before and after its date.
PLAN_WINDOW = datetime.timedelta(days=183)
#: Commitment statuses that still plan something (done and dropped ones do not).
ACTIVE_COMMITMENT_STATUSES = ("planned", "in_progress", "paused")
REASON_MAX_LENGTH = 500


@dataclass(frozen=True)
class _Place:
    name: str
    district_id: int | None
    district_name: str
    district_kind: str
    region_id: int | None
    region_name: str

    @property
    def partition(self) -> str:
        return f"r{self.region_id}" if self.region_id else f"d{self.district_id}"


def _partition_q(partitions: Iterable[str] | None, prefix: str) -> Q:
    """Filter for objects whose municipality lies in one of the partitions (None: all)."""
    if partitions is None:
        return Q()
    region_ids = [int(p[1:]) for p in partitions if p.startswith("r")]
    district_ids = [int(p[1:]) for p in partitions if p.startswith("d")]
    condition = Q(pk__in=[])
    if region_ids:
        condition |= Q(**{f"{prefix}district__region_id__in": region_ids})
    if district_ids:
        condition |= Q(
            **{f"{prefix}district_id__in": district_ids, f"{prefix}district__region__isnull": True}
        )
    return condition


def _places(partitions: Iterable[str] | None) -> dict[int, _Place]:
    rows = Municipality.objects.filter(_partition_q(partitions, "")).values_list(
        "pk",
        "name",
        "district_id",
        "district__name",
        "district__kind",
        "district__region_id",
        "district__region__name",
    )
    return {row[0]: _Place(*row[1:]) for row in rows}


def _date(year: int | None, month: int, day: int) -> datetime.date | None:
    return datetime.date(year, month, day) if year else None


def load_items(partitions: Iterable[str] | None = None) -> tuple[list[Item], dict[int, _Place]]:
    """Everything the finder compares, from five queries (all partitions when None).

    Only what others may see takes part: procurement plans open for partners, public
    commitments that still plan something, and joint projects that have not ended.
    """
    from blaupause.commitments.models import Commitment
    from blaupause.strategies.models import Measure

    partitions = None if partitions is None else sorted(set(partitions))
    places = _places(partitions)
    today = timezone.localdate()
    items: list[Item] = []

    plans = ProcurementPlan.objects.filter(
        _partition_q(partitions, "municipality__"),
        open_for_partners=True,
        planned_on__gte=today - PLAN_WINDOW,
    ).values_list(
        "pk",
        "municipality_id",
        "subject",
        "description",
        "category",
        "product",
        "ozg_service",
        "measure_id",
        "planned_on",
    )
    for pk, municipality_id, subject, description, category, product, ozg, measure_id, day in plans:
        place = places.get(municipality_id)
        if place is None:
            continue
        items.append(
            Item(
                kind="plan",
                pk=pk,
                municipality_ids=frozenset({municipality_id}),
                title=subject,
                body=" ".join(filter(None, [product, ozg, description[:600]])),
                partition=place.partition,
                category=category,
                product=product,
                ozg_service=ozg,
                measure_id=measure_id,
                start=day - PLAN_WINDOW,
                end=day + PLAN_WINDOW,
                municipality_names=(place.name,),
            )
        )

    commitments = list(
        Commitment.objects.filter(
            _partition_q(partitions, "municipality__"),
            is_public=True,
            status__in=ACTIVE_COMMITMENT_STATUSES,
            measure__deleted_at__isnull=True,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values_list(
            "pk",
            "municipality_id",
            "measure_id",
            "start_date",
            "end_date",
        )
    )
    measure_ids = {row[2] for row in commitments}
    measures = {
        row[0]: row
        for row in Measure.objects.filter(pk__in=measure_ids).values_list(
            "pk", "strategy_id", "title", "summary", "field__title", "start_year", "end_year"
        )
    }
    life_areas: dict[int, set[str]] = defaultdict(set)
    for measure_id, title in Measure.life_areas.through.objects.filter(
        measure_id__in=measure_ids
    ).values_list("measure_id", "lifearea__title"):
        life_areas[measure_id].add(title.lower())
    bags: dict[int, dict[str, float]] = {}
    for pk, municipality_id, measure_id, start, end in commitments:
        place = places.get(municipality_id)
        if place is None or measure_id not in measures:
            continue
        _pk, strategy_id, title, summary, field_title, start_year, end_year = measures[measure_id]
        end = end or _date(end_year, 12, 31)
        if end and end < today:
            continue
        if measure_id not in bags:
            bags[measure_id] = term_weights(title, summary)
        items.append(
            Item(
                kind="commitment",
                pk=pk,
                municipality_ids=frozenset({municipality_id}),
                title=title,
                body=summary,
                partition=place.partition,
                field=field_title,
                life_areas=frozenset(life_areas.get(measure_id, ())),
                measure_id=measure_id,
                strategy_id=strategy_id,
                start=start or _date(start_year, 1, 1),
                end=end,
                municipality_names=(place.name,),
                bag=dict(bags[measure_id]),
            )
        )

    projects = list(
        JointProject.objects.filter(_partition_q(partitions, "lead_municipality__"))
        .exclude(agreement_status=AgreementStatus.ENDED)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values_list(
            "pk",
            "lead_municipality_id",
            "title",
            "summary",
            "goal",
            "measure_id",
            "starts_on",
            "ends_on",
        )
    )
    partners: dict[int, set[int]] = defaultdict(set)
    for project_id, municipality_id in ProjectPartner.objects.filter(
        project_id__in=[row[0] for row in projects],
        status__in=[PartnerStatus.INVITED, PartnerStatus.ACCEPTED],
    ).values_list("project_id", "municipality_id"):
        partners[project_id].add(municipality_id)
    for pk, lead_id, title, summary, goal, measure_id, start, end in projects:
        place = places.get(lead_id)
        if place is None:
            continue
        members = partners[pk] | {lead_id}
        items.append(
            Item(
                kind="project",
                pk=pk,
                municipality_ids=frozenset(members),
                title=title,
                body=" ".join(filter(None, [summary[:600], goal[:300]])),
                partition=place.partition,
                measure_id=measure_id,
                start=start,
                end=end,
                municipality_names=tuple(sorted(places[m].name for m in members if m in places)),
            )
        )
    return items, places


# --- wording -----------------------------------------------------------------------------------


def _area(places: list[_Place]) -> str:
    districts = {place.district_id for place in places}
    first = places[0]
    if len(districts) == 1 and first.district_name:
        if first.district_kind == "kreis" and not first.district_name.startswith("Kreis"):
            return _("im Kreis %(name)s") % {"name": first.district_name}
        if first.district_name.startswith("Kreis "):
            return _("im %(name)s") % {"name": first.district_name}
        return _("in %(name)s") % {"name": first.district_name}
    if first.region_name:
        return _("in %(name)s") % {"name": first.region_name}
    return _("in der Nachbarschaft")


def _when(group: Group) -> str:
    plan_years = sorted(
        {(item.start + PLAN_WINDOW).year for item in group.items if item.kind == "plan"}
    )
    if plan_years:
        first, last = plan_years[0], plan_years[-1]
    elif group.period_start and group.period_end:
        first, last = group.period_start.year, group.period_end.year
    else:
        return ""
    return str(first) if first == last else f"{first}–{last}"


def group_title(group: Group, places: dict[int, _Place]) -> str:
    """German headline: "4 Kommunen im Kreis Höxter planen 2027: „Ratsinformationssystem“"."""
    centre = group.items[0]
    topic = centre.title.strip()
    if group.kind == SuggestionKind.JOIN_PROJECT:
        count = len(group.municipality_ids)
        return ngettext(
            "Eine weitere Kommune plant Ähnliches wie das Projekt „%(topic)s“",
            "%(count)d weitere Kommunen planen Ähnliches wie das Projekt „%(topic)s“",
            count,
        ) % {"count": count, "topic": topic}
    members = [places[m] for m in sorted(group.municipality_ids) if m in places]
    values = {
        "count": len(members),
        "area": _area(members) if members else "",
        "when": _when(group),
        "topic": topic,
    }
    if group.kind == SuggestionKind.JOINT_TENDER:
        if values["when"]:
            return _("%(count)d Kommunen %(area)s wollen %(when)s beschaffen: „%(topic)s“") % values
        return _("%(count)d Kommunen %(area)s wollen beschaffen: „%(topic)s“") % values
    if values["when"]:
        return _("%(count)d Kommunen %(area)s planen %(when)s: „%(topic)s“") % values
    return _("%(count)d Kommunen %(area)s planen: „%(topic)s“") % values


# --- storing -----------------------------------------------------------------------------------


def _stored_in(partitions: list[str] | None):
    suggestions = SynergySuggestion.objects.all()
    if partitions is None:
        return suggestions
    region_ids = [int(p[1:]) for p in partitions if p.startswith("r")]
    district_ids = [int(p[1:]) for p in partitions if p.startswith("d")]
    condition = Q(region_id__in=region_ids)
    if district_ids:
        condition |= Q(region__isnull=True, municipalities__district_id__in=district_ids)
    return suggestions.filter(condition).distinct()


def _refs_of(suggestion_ids: list[int]) -> dict[int, tuple[set[str], set[int]]]:
    """Item refs and municipality ids of stored suggestions."""
    result: dict[int, tuple[set[str], set[int]]] = defaultdict(lambda: (set(), set()))
    through = SynergySuggestion.plans.through
    for sid, pid in through.objects.filter(synergysuggestion_id__in=suggestion_ids).values_list(
        "synergysuggestion_id", "procurementplan_id"
    ):
        result[sid][0].add(f"plan:{pid}")
    through = SynergySuggestion.commitments.through
    for sid, cid in through.objects.filter(synergysuggestion_id__in=suggestion_ids).values_list(
        "synergysuggestion_id", "commitment_id"
    ):
        result[sid][0].add(f"commitment:{cid}")
    for sid, project_id in SynergySuggestion.objects.filter(
        pk__in=suggestion_ids, existing_project__isnull=False
    ).values_list("pk", "existing_project_id"):
        result[sid][0].add(f"project:{project_id}")
    through = SynergySuggestion.municipalities.through
    for sid, mid in through.objects.filter(synergysuggestion_id__in=suggestion_ids).values_list(
        "synergysuggestion_id", "municipality_id"
    ):
        result[sid][1].add(mid)
    return result


def _store(groups: list[Group], places: dict[int, _Place], partitions: list[str] | None) -> dict:
    """Create new suggestions, refresh the ones computed again, mark the rest outdated.

    A new suggestion inherits the dismissals of an earlier one that shares an item and had at
    least all of its municipalities: a group does not come back just because a plan changed.
    """
    now = timezone.now()
    existing = {s.key: s for s in _stored_in(partitions)}
    computed = {group.key: group for group in groups}
    refreshed, created = [], []
    with translation.override(settings.LANGUAGE_CODE):
        for key, group in computed.items():
            title = group_title(group, places)[:300]
            region_id = int(group.partition[1:]) if group.partition.startswith("r") else None
            suggestion = existing.get(key)
            if suggestion is None:
                project = group.project
                created.append(
                    SynergySuggestion(
                        key=key,
                        kind=group.kind,
                        title=title,
                        reasons=group.reasons,
                        score=group.score,
                        region_id=region_id,
                        period_start=group.period_start,
                        period_end=group.period_end,
                        existing_project_id=project.pk if project else None,
                        computed_at=now,
                    )
                )
                continue
            suggestion.title, suggestion.reasons, suggestion.score = (
                title,
                group.reasons,
                group.score,
            )
            suggestion.period_start, suggestion.period_end = group.period_start, group.period_end
            suggestion.computed_at = now
            if suggestion.status == SuggestionStatus.OUTDATED:
                suggestion.status = SuggestionStatus.OPEN
            refreshed.append(suggestion)
    SynergySuggestion.objects.bulk_update(
        refreshed,
        ["title", "reasons", "score", "period_start", "period_end", "computed_at", "status"],
        batch_size=1000,
    )
    gone = [
        s.pk
        for key, s in existing.items()
        if key not in computed and s.status == SuggestionStatus.OPEN
    ]
    SynergySuggestion.objects.filter(pk__in=gone).update(status=SuggestionStatus.OUTDATED)
    created = SynergySuggestion.objects.bulk_create(created, batch_size=1000)
    if any(s.pk is None for s in created):  # backends without RETURNING for bulk inserts
        ids = dict(
            SynergySuggestion.objects.filter(key__in=[s.key for s in created]).values_list(
                "key", "pk"
            )
        )
        for suggestion in created:
            suggestion.pk = ids[suggestion.key]
    plan_rows, commitment_rows, municipality_rows = [], [], []
    for suggestion in created:
        group = computed[suggestion.key]
        for item in group.items:
            if item.kind == "plan":
                plan_rows.append((suggestion.pk, item.pk))
            elif item.kind == "commitment":
                commitment_rows.append((suggestion.pk, item.pk))
        for municipality_id in sorted(group.municipality_ids):
            municipality_rows.append((suggestion.pk, municipality_id))
    SynergySuggestion.plans.through.objects.bulk_create(
        [
            SynergySuggestion.plans.through(synergysuggestion_id=s, procurementplan_id=p)
            for s, p in plan_rows
        ],
        batch_size=5000,
    )
    SynergySuggestion.commitments.through.objects.bulk_create(
        [
            SynergySuggestion.commitments.through(synergysuggestion_id=s, commitment_id=c)
            for s, c in commitment_rows
        ],
        batch_size=5000,
    )
    SynergySuggestion.municipalities.through.objects.bulk_create(
        [
            SynergySuggestion.municipalities.through(synergysuggestion_id=s, municipality_id=m)
            for s, m in municipality_rows
        ],
        batch_size=5000,
    )
    inherited = _inherit_dismissals(created, computed, list(existing.values()))
    return {
        "created": len(created),
        "refreshed": len(refreshed),
        "outdated": len(gone),
        "inherited_dismissals": inherited,
    }


def _inherit_dismissals(created, computed: dict[str, Group], previous) -> int:
    dismissals = list(
        SynergyDismissal.objects.filter(suggestion_id__in=[s.pk for s in previous]).values_list(
            "suggestion_id", "municipality_id", "user_id", "reason", "created_at"
        )
    )
    if not dismissals or not created:
        return 0
    old = _refs_of(sorted({row[0] for row in dismissals}))
    by_ref: dict[str, set[int]] = defaultdict(set)
    for sid, (refs, _municipalities) in old.items():
        for ref in refs:
            by_ref[ref].add(sid)
    rows, seen = [], set()
    for suggestion in created:
        group = computed[suggestion.key]
        municipalities = group.municipality_ids
        related = set().union(*(by_ref.get(item.ref, set()) for item in group.items))
        for sid, municipality_id, user_id, reason, created_at in dismissals:
            if sid not in related or not municipalities <= old[sid][1]:
                continue
            if municipality_id is not None and municipality_id not in municipalities:
                continue
            if (suggestion.pk, municipality_id) in seen:
                continue
            seen.add((suggestion.pk, municipality_id))
            rows.append(
                SynergyDismissal(
                    suggestion_id=suggestion.pk,
                    municipality_id=municipality_id,
                    user_id=user_id,
                    reason=reason,
                    created_at=created_at,
                )
            )
    SynergyDismissal.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def recompute_partitions(partitions: list[str] | None) -> dict:
    """Compute and store the suggestions of some partitions ("r<region id>", "d<district id>");
    None recomputes everything. Returns counts for logs and benchmarks."""
    items, places = load_items(partitions)
    groups = find_groups(items)
    for attempt in range(2):
        try:
            with transaction.atomic():
                counts = _store(groups, places, partitions)
            break
        except IntegrityError:  # a parallel run stored the same key first: once more
            if attempt:
                raise
    counts.update(items=len(items), groups=len(groups))
    logger.info("synergy recomputation %s: %s", partitions or "all", counts)
    return counts


def recompute_all() -> dict:
    """Recompute every suggestion (nightly, after imports, or by `compute_synergies`)."""
    return recompute_partitions(None)


def _partitions_of(municipality_ids: Iterable[int]) -> list[str]:
    rows = Municipality.objects.filter(pk__in=set(municipality_ids)).values_list(
        "district_id", "district__region_id"
    )
    return sorted({f"r{region}" if region else f"d{district}" for district, region in rows})


def plans_changed(plan_ids: Iterable[int]) -> dict:
    """Recompute the partitions of changed (or deleted) procurement plans."""
    plan_ids = list(plan_ids)
    municipality_ids = set(
        ProcurementPlan.all_objects.filter(pk__in=plan_ids).values_list(
            "municipality_id", flat=True
        )
    )
    municipality_ids |= set(
        SynergySuggestion.municipalities.through.objects.filter(
            synergysuggestion__plans__in=plan_ids
        ).values_list("municipality_id", flat=True)
    )
    return recompute_partitions(_partitions_of(municipality_ids)) if municipality_ids else {}


def commitments_changed(commitment_ids: Iterable[int]) -> dict:
    """Recompute the partitions of changed commitments."""
    from blaupause.commitments.models import Commitment

    municipality_ids = set(
        Commitment.all_objects.filter(pk__in=list(commitment_ids)).values_list(
            "municipality_id", flat=True
        )
    )
    return recompute_partitions(_partitions_of(municipality_ids)) if municipality_ids else {}


def projects_changed(project_ids: Iterable[int]) -> dict:
    """Recompute the partitions of changed joint projects."""
    municipality_ids = set(
        JointProject.all_objects.filter(pk__in=list(project_ids)).values_list(
            "lead_municipality_id", flat=True
        )
    )
    return recompute_partitions(_partitions_of(municipality_ids)) if municipality_ids else {}


# --- what people do with a suggestion -----------------------------------------------------------


@transaction.atomic
def suggestion_dismiss(
    *, actor, suggestion: SynergySuggestion, municipality: Municipality | None, reason: str
) -> SynergyDismissal:
    """Hide a suggestion for one municipality (its members), or with `municipality=None` for the
    regional view. CDOs of that municipality, regional admins of the region; a reason is needed.
    """
    if not rules.has_perm("collaboration.dismiss_suggestion", actor, suggestion):
        raise PermissionDenied
    roles = actor.roles
    if municipality is None:
        if not (actor.is_superuser or suggestion.region_id in roles.regional_admin_region_ids):
            raise PermissionDenied
    else:
        in_suggestion = suggestion.municipalities.filter(pk=municipality.pk).exists()
        allowed = actor.is_superuser or municipality.pk in roles.cdo_municipality_ids
        if not in_suggestion or not allowed:
            raise PermissionDenied
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Bitte nennen Sie kurz den Grund.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": _("Bitte fassen Sie den Grund in höchstens 500 Zeichen.")})
    SynergySuggestion.objects.select_for_update().filter(pk=suggestion.pk).exists()
    if SynergyDismissal.objects.filter(suggestion=suggestion, municipality=municipality).exists():
        raise ValidationError(_("Dieser Vorschlag ist bereits ausgeblendet."))
    dismissal = SynergyDismissal.objects.create(
        suggestion=suggestion, municipality=municipality, user=actor, reason=reason
    )
    audit_record(
        actor=actor,
        verb="synergy.dismissed",
        target=suggestion,
        municipality_ags=municipality.ags if municipality else "",
        data={"reason": reason, "municipality": municipality.ags if municipality else None},
    )
    return dismissal


@transaction.atomic
def suggestion_convert(
    *,
    actor,
    suggestion: SynergySuggestion,
    lead_municipality: Municipality,
    title: str = "",
    expected_version: int | None = None,
):
    """Turn a suggestion into a joint project led by one of its municipalities, inviting the
    others. CDOs of the lead municipality; only once per suggestion."""
    from .projects import project_create

    if not rules.has_perm("collaboration.convert_suggestion", actor, suggestion):
        raise PermissionDenied
    locked = SynergySuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(
            _("Der Vorschlag wurde inzwischen geändert. Bitte prüfen Sie ihn noch einmal.")
        )
    if locked.status != SuggestionStatus.OPEN or locked.kind == SuggestionKind.JOIN_PROJECT:
        raise ValidationError(_("Aus diesem Vorschlag kann kein neues Projekt mehr werden."))
    municipalities = list(locked.municipalities.select_related("district").order_by("name"))
    if lead_municipality.pk not in {m.pk for m in municipalities}:
        raise ValidationError({"lead_municipality": _("Wählen Sie eine der beteiligten Kommunen.")})
    if not (actor.is_superuser or lead_municipality.pk in actor.roles.cdo_municipality_ids):
        raise PermissionDenied
    title = " ".join((title or "").split()) or _default_project_title(locked)
    if len(title) > 200:
        raise ValidationError({"title": _("Der Titel darf höchstens 200 Zeichen lang sein.")})
    measures = set(locked.commitments.values_list("measure_id", flat=True)) | set(
        locked.plans.exclude(measure__isnull=True).values_list("measure_id", flat=True)
    )
    measure = None
    if len(measures) == 1:
        from blaupause.strategies.models import Measure

        measure = Measure.objects.filter(pk=measures.pop()).first()
    with translation.override(settings.LANGUAGE_CODE):
        summary = _("Entstanden aus dem Synergievorschlag: %(title)s") % {"title": locked.title}
    project = project_create(
        actor=actor,
        title=title,
        lead_municipality=lead_municipality,
        measure=measure,
        partner_municipalities=[m for m in municipalities if m.pk != lead_municipality.pk],
        summary=summary,
    )
    SynergySuggestion.objects.filter(pk=locked.pk).update(
        status=SuggestionStatus.CONVERTED, converted_project=project, version=F("version") + 1
    )
    audit_record(
        actor=actor,
        verb="synergy.converted",
        target=locked,
        municipality_ags=lead_municipality.ags,
        data={"project": str(project.uuid)},
    )
    return project


def _default_project_title(suggestion: SynergySuggestion) -> str:
    for reason in suggestion.reasons or []:
        if reason.get("code") == "similar_items" and reason.get("items"):
            return str(reason["items"][0].get("title", ""))[:200] or suggestion.title[:200]
    return suggestion.title[:200]
