"""Writes of joint projects: start, invite, answer, change, cost split, work plan, documents.

Every function checks its permission (`rules/projects.py`), validates completely before it
writes (German messages per field), detects concurrent edits where a form carries a version,
records an audit event and tells followers through `core.signals.activity`. A project linked to
a measure keeps the partners' commitments to it at least "beteiligt" (the lead "federführend").
"""

from __future__ import annotations

import datetime
import unicodedata
import uuid as uuid_module
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.commitments.constants import CommitmentRole, CommitmentStatus
from blaupause.commitments.filetypes import DetectedType, detect
from blaupause.commitments.models import Commitment
from blaupause.commitments.services import (
    commitment_create,
    commitment_update,
    max_upload_bytes,
    max_upload_mb_text,
    measure_is_available,
)
from blaupause.core.audit import audit_record
from blaupause.core.concurrency import EditConflict, save_versioned
from blaupause.core.signals import activity
from blaupause.regions.models import Municipality

from ..constants import (
    AgreementStatus,
    CostSplit,
    DocumentKind,
    FundingStatus,
    PartnerStatus,
    WorkPackageStatus,
)
from ..models import JointProject, ProjectDocument, ProjectMilestone, ProjectPartner, WorkPackage

__all__ = [
    "AGREEMENT_STEPS",
    "DOCUMENT_TYPES",
    "PROJECT_DENIED",
    "CommitmentSync",
    "document_add",
    "document_delete",
    "document_upload_check",
    "milestone_create",
    "milestone_delete",
    "milestone_update",
    "partner_invite",
    "partner_respond",
    "project_agreement_status_set",
    "project_commitments_sync",
    "project_cost_split_set",
    "project_create",
    "project_update",
    "work_package_create",
    "work_package_delete",
    "work_package_update",
]

PROJECT_DENIED = gettext_lazy(
    "Dieses Projekt ändern nur die Digitalverantwortlichen der federführenden Kommune, die "
    "Koordination des Netzwerks und die Regionaladministration."
)
WORK_DENIED = gettext_lazy(
    "Am Arbeitsplan arbeiten nur die Partnerkommunen, die zugesagt haben, und wer das Projekt "
    "ändern darf."
)
#: The document types a project may hold, by content.
DOCUMENT_TYPES = {
    "application/pdf": gettext_lazy("PDF"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": gettext_lazy("Word"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": gettext_lazy("Excel"),
    "application/vnd.oasis.opendocument.text": gettext_lazy("OpenDocument-Text"),
}
DOCUMENT_TYPE_REFUSED = gettext_lazy(
    "Diese Datei können wir nicht annehmen. Erlaubt sind PDF, Word (DOCX), Excel (XLSX) und "
    "OpenDocument-Text (ODT)."
)
MAX_DOCUMENTS = 50
#: The agreement steps in their order.
AGREEMENT_STEPS = (
    AgreementStatus.IDEA,
    AgreementStatus.LETTER_OF_INTENT,
    AgreementStatus.AGREEMENT_SIGNED,
    AgreementStatus.ENDED,
)
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
MAX_BUDGET = Decimal("999999999999.99")

#: Fields `project_create` takes besides its named arguments, and `project_update` changes.
_PROJECT_FIELDS = (
    "title",
    "summary",
    "goal",
    "scope",
    "internal_notes",
    "starts_on",
    "ends_on",
    "budget_total",
    "funding_programme",
    "funding_rate",
    "funding_status",
    "is_public",
    "measure",
    "network",
)
_TEXT_LIMITS = {"title": 200, "funding_programme": 200}
_ROLE_RANK = {CommitmentRole.INTERESTED: 0, CommitmentRole.PARTNER: 1, CommitmentRole.LEAD: 2}


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _check(actor, permission: str, obj, message) -> None:
    if not actor.has_perm(permission, obj):
        raise PermissionDenied(message)


def _announce(project: JointProject, *, verb: str, actor, summary: str, private: bool) -> None:
    url = project.get_absolute_url()
    transaction.on_commit(
        lambda: activity.send(
            sender=JointProject,
            target=project,
            verb=verb,
            actor=_person(actor),
            summary=summary,
            url=url,
            private=private or not project.is_public,
        )
    )


def _audit_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return str(value)
    return value


# --- validation --------------------------------------------------------------------------------


def _decimal(value, *, name: str, errors: dict, low: Decimal, high: Decimal, message: str):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        errors[name] = message
        return None
    if not number.is_finite() or number < low or number > high:
        errors[name] = message
        return None
    if number != number.quantize(CENT):
        errors[name] = _("Bitte höchstens zwei Nachkommastellen.")
        return None
    return number.quantize(CENT)


def _validate_project(values: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise project fields; one ValidationError with every problem."""
    errors: dict[str, str] = {}
    for name in ("title", "summary", "goal", "scope", "internal_notes", "funding_programme"):
        if name in values:
            values[name] = (values[name] or "").strip()
    if "title" in values and not values["title"]:
        errors["title"] = _("Bitte geben Sie einen Titel ein.")
    for name, limit in _TEXT_LIMITS.items():
        if len(values.get(name) or "") > limit:
            errors[name] = _("Höchstens %(limit)s Zeichen.") % {"limit": limit}
    for name in ("starts_on", "ends_on"):
        value = values.get(name)
        if value is not None and not isinstance(value, datetime.date):
            errors[name] = _("Bitte geben Sie ein gültiges Datum ein.")
    start, end = values.get("starts_on"), values.get("ends_on")
    if (
        "starts_on" not in errors
        and "ends_on" not in errors
        and isinstance(start, datetime.date)
        and isinstance(end, datetime.date)
        and end < start
    ):
        errors["ends_on"] = _("Das Ende darf nicht vor dem Beginn liegen.")
    if "budget_total" in values:
        values["budget_total"] = _decimal(
            values["budget_total"],
            name="budget_total",
            errors=errors,
            low=Decimal(0),
            high=MAX_BUDGET,
            message=_("Bitte geben Sie einen Betrag in Euro ein, z. B. 120000 oder 1250,50."),
        )
    if "funding_rate" in values:
        values["funding_rate"] = _decimal(
            values["funding_rate"],
            name="funding_rate",
            errors=errors,
            low=Decimal(0),
            high=HUNDRED,
            message=_("Die Förderquote liegt zwischen 0 und 100 Prozent."),
        )
    if "funding_status" in values and values["funding_status"] not in FundingStatus.values:
        errors["funding_status"] = _("Bitte wählen Sie einen der angebotenen Werte.")
    if "is_public" in values:
        values["is_public"] = bool(values["is_public"])
    measure = values.get("measure")
    if measure is not None and (measure.pk is None or measure.deleted_at is not None):
        errors["measure"] = _("Diese Maßnahme gibt es nicht.")
    network = values.get("network")
    if network is not None and (network.pk is None or network.deleted_at is not None):
        errors["network"] = _("Dieses Netzwerk gibt es nicht.")
    if errors:
        raise ValidationError(errors)
    return values


def _check_network(network, lead: Municipality) -> None:
    if network is None:
        return
    if not network.municipalities.filter(pk=lead.pk).exists():
        raise ValidationError(
            {
                "network": _(
                    "%(municipality)s gehört nicht zum Netzwerk %(network)s. Wählen Sie ein "
                    "Netzwerk der federführenden Kommune oder keines."
                )
                % {"municipality": lead.name, "network": network}
            }
        )


# --- commitments -------------------------------------------------------------------------------


@dataclass
class CommitmentSync:
    """What `project_commitments_sync` did: created and raised commitments, and skipped
    municipalities with the reason."""

    created: list[str] = field(default_factory=list)
    raised: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _commitment_for(*, actor, project: JointProject, municipality: Municipality, result):
    measure = project.measure
    wanted = (
        CommitmentRole.LEAD
        if municipality.pk == project.lead_municipality_id
        else (CommitmentRole.PARTNER)
    )
    existing = Commitment.objects.filter(municipality=municipality, measure=measure).first()
    if existing is None:
        if not actor.has_perm("commitments.add_commitment", municipality):
            result.skipped.append((municipality.name, _("keine Berechtigung")))
            return
        if not measure_is_available(municipality=municipality, measure=measure):
            result.skipped.append(
                (municipality.name, _("Die Maßnahme gehört nicht zu ihren Strategien."))
            )
            return
        try:
            commitment_create(
                actor=actor,
                municipality=municipality,
                measure=measure,
                role=wanted,
                status=CommitmentStatus.PLANNED,
                start_date=project.starts_on,
                end_date=project.ends_on,
                note=_("Gemeinsames Projekt „%(title)s“") % {"title": project.title},
                is_public=project.is_public,
            )
        except ValidationError as error:
            result.skipped.append((municipality.name, " ".join(error.messages)))
            return
        result.created.append(municipality.name)
        return
    raise_role = _ROLE_RANK.get(existing.role, 0) < _ROLE_RANK[wanted]
    revive = existing.status == CommitmentStatus.DROPPED
    if not raise_role and not revive:
        return
    if not actor.has_perm("commitments.change_commitment", existing):
        result.skipped.append((municipality.name, _("keine Berechtigung")))
        return
    changes = {}
    if raise_role:
        changes["role"] = wanted
    if revive:
        changes["status"] = CommitmentStatus.PLANNED
    try:
        commitment_update(
            actor=actor, commitment=existing, expected_version=existing.version, **changes
        )
    except (ValidationError, EditConflict) as error:
        result.skipped.append((municipality.name, str(error)))
        return
    result.raised.append(municipality.name)


def project_commitments_sync(
    *, actor, project: JointProject, municipalities: Iterable[Municipality] | None = None
) -> CommitmentSync:
    """Make every accepted partner at least "beteiligt" in the project's measure (the lead
    "federführend"), through the commitments services and with the actor's rights there.

    A role is never lowered; a dropped commitment is planned again. A municipality for which
    the actor may not change commitments, or whose strategies lack the measure, is skipped
    and reported. Anyone who may see the project's internals may ask for this.
    """
    _check(actor, "collaboration.view_project_internal", project, PROJECT_DENIED)
    result = CommitmentSync()
    if project.measure_id is None or project.measure is None:
        return result
    if municipalities is None:
        municipalities = [
            partner.municipality
            for partner in project.partners.filter(status=PartnerStatus.ACCEPTED).select_related(
                "municipality__district"
            )
        ]
    for municipality in municipalities:
        _commitment_for(actor=actor, project=project, municipality=municipality, result=result)
    if result.created or result.raised:
        audit_record(
            actor=actor,
            verb="project.commitments_synced",
            target=project,
            data={"created": result.created, "raised": result.raised},
        )
    return result


def _coordinated_network_of(actor, municipality: Municipality):
    """A network of `municipality` that the actor coordinates, for a project a coordination
    starts without naming one (so that it keeps seeing the project)."""
    roles = getattr(actor, "roles", None)
    if (
        roles is None
        or not roles.coordinated_network_ids
        or actor.has_perm("commitments.add_commitment", municipality)
    ):
        return None
    return (
        municipality.networks.filter(pk__in=roles.coordinated_network_ids, deleted_at__isnull=True)
        .order_by("pk")
        .first()
    )


# --- project -----------------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    actor,
    title,
    lead_municipality,
    measure=None,
    network=None,
    partner_municipalities=(),
    summary="",
    goal="",
    **fields,
) -> JointProject:
    """Start a joint project led by `lead_municipality`; whoever may add a project for it.

    The lead is an accepted partner from the start; the other municipalities are invited.
    Extra `fields`: scope, internal_notes, starts_on, ends_on, budget_total, cost_split,
    funding_programme, funding_rate, funding_status, agreement_status, is_public, is_demo.
    Raises PermissionDenied or ValidationError (German, per field).
    """
    _check(actor, "collaboration.add_project", lead_municipality, PROJECT_DENIED)
    allowed = set(_PROJECT_FIELDS) | {"cost_split", "agreement_status", "is_demo"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"project_create() got unexpected fields: {sorted(unknown)}")
    values = _validate_project(
        {
            "title": title,
            "summary": summary,
            "goal": goal,
            "measure": measure,
            "network": network,
            **{name: value for name, value in fields.items() if name not in ("is_demo",)},
        }
    )
    cost_split = values.pop("cost_split", CostSplit.EQUAL)
    if cost_split not in (CostSplit.EQUAL, CostSplit.POPULATION):
        # Custom shares need accepted partners first: set them on the project page.
        cost_split = CostSplit.EQUAL
    agreement = values.pop("agreement_status", AgreementStatus.IDEA)
    if agreement not in AgreementStatus.values:
        raise ValidationError({"agreement_status": _("Bitte wählen Sie einen der Schritte.")})
    if network is None:
        network = _coordinated_network_of(actor, lead_municipality)
        values["network"] = network
    _check_network(network, lead_municipality)
    project = JointProject(
        lead_municipality=lead_municipality,
        cost_split=cost_split,
        agreement_status=agreement,
        created_by=_person(actor),
        is_demo=bool(fields.get("is_demo", False)),
        **values,
    )
    project._history_user = _person(actor)
    project.save()
    now = timezone.now()
    ProjectPartner.objects.create(
        project=project,
        municipality=lead_municipality,
        status=PartnerStatus.ACCEPTED,
        invited_by=_person(actor),
        responded_at=now,
        responded_by=_person(actor),
    )
    invited = []
    seen = {lead_municipality.pk}
    for municipality in partner_municipalities:
        if municipality.pk in seen:
            continue
        seen.add(municipality.pk)
        ProjectPartner.objects.create(
            project=project, municipality=municipality, invited_by=_person(actor)
        )
        invited.append(municipality.name)
    prime = {lead_municipality.pk: PartnerStatus.ACCEPTED}
    prime.update({pk: PartnerStatus.INVITED for pk in seen - {lead_municipality.pk}})
    project._partner_statuses = prime
    audit_record(
        actor=actor,
        verb="project.created",
        target=project,
        municipality_ags=lead_municipality.ags,
        data={
            "lead": lead_municipality.ags,
            "invited": invited,
            **{name: _audit_value(value) for name, value in values.items()},
        },
    )
    if project.measure_id and actor.has_perm("collaboration.view_project_internal", project):
        project_commitments_sync(actor=actor, project=project, municipalities=[lead_municipality])
    _announce(
        project,
        verb="project.created",
        actor=actor,
        summary=_("Neues gemeinsames Projekt „%(title)s“ unter Federführung von %(lead)s.")
        % {"title": project.title, "lead": lead_municipality.name},
        private=False,
    )
    return project


@transaction.atomic
def project_update(
    *, actor, project: JointProject, expected_version: int, **fields
) -> JointProject:
    """Change a project's texts, dates, budget, funding, visibility, measure or network; as for
    changing it. Raises PermissionDenied, ValidationError or EditConflict."""
    _check(actor, "collaboration.change_project", project, PROJECT_DENIED)
    unknown = set(fields) - set(_PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"project_update() got unexpected fields: {sorted(unknown)}")
    values = _validate_project(dict(fields))
    if "network" in values:
        _check_network(values["network"], project.lead_municipality)
    changed = {
        name: [_audit_value(getattr(project, name)), _audit_value(value)]
        for name, value in values.items()
        if getattr(project, name) != value
    }
    if not changed:
        return project
    measure_changed = "measure" in changed
    for name, value in values.items():
        setattr(project, name, value)
    project._history_user = _person(actor)
    save_versioned(project, expected_version=expected_version)
    audit_record(actor=actor, verb="project.updated", target=project, data=changed)
    if measure_changed and project.measure_id:
        project_commitments_sync(actor=actor, project=project)
    _announce(
        project,
        verb="project.updated",
        actor=actor,
        summary=_("Das Projekt „%(title)s“ wurde geändert.") % {"title": project.title},
        private=not ({"title", "summary", "goal", "starts_on", "ends_on"} & set(changed)),
    )
    return project


@transaction.atomic
def project_agreement_status_set(
    *, actor, project: JointProject, expected_version: int, status: str
) -> JointProject:
    """Move the agreement forward (steps may be skipped) or back by one step; as for changing
    the project."""
    _check(actor, "collaboration.change_project", project, PROJECT_DENIED)
    if status not in AgreementStatus.values:
        raise ValidationError({"status": _("Bitte wählen Sie einen der Schritte.")})
    if status == project.agreement_status:
        return project
    current = AGREEMENT_STEPS.index(project.agreement_status)
    wanted = AGREEMENT_STEPS.index(status)
    if wanted < current - 1:
        raise ValidationError(
            {
                "status": _(
                    "Zurück geht es nur um einen Schritt, auf „%(step)s“. Ein früherer Stand "
                    "steht in der Änderungshistorie."
                )
                % {"step": AgreementStatus(AGREEMENT_STEPS[current - 1]).label}
            }
        )
    previous = project.agreement_status
    project.agreement_status = status
    project._history_user = _person(actor)
    save_versioned(project, expected_version=expected_version)
    audit_record(
        actor=actor,
        verb="project.agreement_status_changed",
        target=project,
        data={"from": previous, "to": status},
    )
    _announce(
        project,
        verb="project.agreement_status_changed",
        actor=actor,
        summary=_("Projekt „%(title)s“: Stand der Vereinbarung ist jetzt „%(status)s“.")
        % {"title": project.title, "status": AgreementStatus(status).label},
        private=False,
    )
    return project


# --- partners ----------------------------------------------------------------------------------


@transaction.atomic
def partner_invite(*, actor, project: JointProject, municipality: Municipality) -> ProjectPartner:
    """Invite a municipality into the project (again, after it declined or left); as for
    changing the project."""
    _check(actor, "collaboration.change_project", project, PROJECT_DENIED)
    if municipality is None or municipality.pk is None or municipality.deleted_at is not None:
        raise ValidationError({"municipality": _("Diese Kommune gibt es nicht.")})
    partner = (
        ProjectPartner.objects.select_for_update()
        .filter(project=project, municipality=municipality)
        .first()
    )
    if partner is not None and partner.status in (PartnerStatus.INVITED, PartnerStatus.ACCEPTED):
        raise ValidationError(
            {
                "municipality": _("%(municipality)s ist bereits %(status)s.")
                % {"municipality": municipality.name, "status": partner.get_status_display()}
            }
        )
    if partner is None:
        partner = ProjectPartner(project=project, municipality=municipality)
    partner.status = PartnerStatus.INVITED
    partner.invited_at = timezone.now()
    partner.invited_by = _person(actor)
    partner.responded_at = None
    partner.responded_by = None
    partner.message = ""
    partner.share = None
    partner._history_user = _person(actor)
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError:
        raise ValidationError(
            {
                "municipality": _("%(municipality)s ist bereits eingeladen.")
                % {"municipality": municipality.name}
            }
        ) from None
    project.__dict__.pop("_partner_statuses", None)
    audit_record(
        actor=actor,
        verb="project.partner_invited",
        target=project,
        municipality_ags=municipality.ags,
        data={"municipality": municipality.ags},
    )
    _announce(
        project,
        verb="project.partner_invited",
        actor=actor,
        summary=_("%(municipality)s ist zum Projekt „%(title)s“ eingeladen.")
        % {"municipality": municipality.name, "title": project.title},
        private=True,
    )
    return partner


@transaction.atomic
def partner_respond(
    *, actor, partner: ProjectPartner, accept: bool, message: str = ""
) -> ProjectPartner:
    """Accept or decline an invitation; CDOs of the invited municipality only.

    On acceptance the municipality's commitment to the project's measure is created or raised
    to "beteiligt".
    """
    _check(
        actor,
        "collaboration.respond_partner",
        partner,
        _("Auf die Einladung antworten nur die Digitalverantwortlichen der eingeladenen Kommune."),
    )
    message = (message or "").strip()
    if len(message) > 500:
        raise ValidationError({"message": _("Höchstens %(limit)s Zeichen.") % {"limit": 500}})
    locked = ProjectPartner.objects.select_for_update().get(pk=partner.pk)
    if locked.status != PartnerStatus.INVITED:
        raise ValidationError(
            _("Diese Einladung ist bereits beantwortet (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    project = JointProject.objects.select_related(
        "lead_municipality__district", "measure__strategy"
    ).get(pk=partner.project_id)
    locked.status = PartnerStatus.ACCEPTED if accept else PartnerStatus.DECLINED
    locked.responded_at = timezone.now()
    locked.responded_by = _person(actor)
    locked.message = message
    locked._history_user = _person(actor)
    locked.save()
    for name in ("status", "responded_at", "responded_by", "message"):
        setattr(partner, name, getattr(locked, name))
    municipality = partner.municipality
    audit_record(
        actor=actor,
        verb="project.partner_accepted" if accept else "project.partner_declined",
        target=project,
        municipality_ags=municipality.ags,
        data={"municipality": municipality.ags, "message": message},
    )
    if accept and project.measure_id:
        project_commitments_sync(actor=actor, project=project, municipalities=[municipality])
    if accept:
        summary = _("%(municipality)s macht beim Projekt „%(title)s“ mit.")
    else:
        summary = _("%(municipality)s hat die Einladung zum Projekt „%(title)s“ abgelehnt.")
    _announce(
        project,
        verb="project.partner_accepted" if accept else "project.partner_declined",
        actor=actor,
        summary=summary % {"municipality": municipality.name, "title": project.title},
        private=not accept,
    )
    return partner


# --- cost split --------------------------------------------------------------------------------


def _format_percent(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


@transaction.atomic
def project_cost_split_set(
    *,
    actor,
    project: JointProject,
    expected_version: int,
    method: str,
    shares: dict[int, Any] | None = None,
) -> JointProject:
    """Choose how the budget is split: equally, by population or by custom shares.

    `shares` maps the id of each accepted `ProjectPartner` to its share in percent (custom
    only); they must add up to exactly 100. As for changing the project.
    """
    _check(actor, "collaboration.change_project", project, PROJECT_DENIED)
    if method not in CostSplit.values:
        raise ValidationError({"method": _("Bitte wählen Sie eine der Aufteilungen.")})
    partners = list(
        ProjectPartner.objects.select_for_update()
        .filter(project=project, status=PartnerStatus.ACCEPTED)
        .select_related("municipality")
        .order_by("municipality__name", "pk")
    )
    errors: dict[str, str] = {}
    parsed: dict[int, Decimal] = {}
    if method == CostSplit.POPULATION:
        missing = [p.municipality.name for p in partners if not p.municipality.population]
        if missing:
            errors["method"] = _(
                "Für %(names)s ist keine Einwohnerzahl hinterlegt. Wählen Sie eine andere "
                "Aufteilung."
            ) % {"names": ", ".join(missing)}
    if method == CostSplit.CUSTOM:
        shares = shares or {}
        for partner in partners:
            key = f"share_{partner.pk}"
            value = _decimal(
                shares.get(partner.pk),
                name=key,
                errors=errors,
                low=Decimal(0),
                high=HUNDRED,
                message=_("Bitte geben Sie einen Anteil zwischen 0 und 100 Prozent ein."),
            )
            if value is None and key not in errors:
                errors[key] = _("Bitte geben Sie für %(municipality)s einen Anteil ein.") % {
                    "municipality": partner.municipality.name
                }
            if value is not None:
                parsed[partner.pk] = value
        if not errors:
            total = sum(parsed.values(), Decimal(0))
            if total != HUNDRED:
                errors["__all__"] = _(
                    "Die Anteile ergeben zusammen %(total)s %%. Sie müssen genau 100 %% ergeben; "
                    "bitte passen Sie sie an."
                ) % {"total": _format_percent(total)}
    if errors:
        raise ValidationError(errors)
    previous = project.cost_split
    project.cost_split = method
    project._history_user = _person(actor)
    save_versioned(project, expected_version=expected_version)
    if method == CostSplit.CUSTOM:
        for partner in partners:
            if partner.share != parsed[partner.pk]:
                partner.share = parsed[partner.pk]
                partner._history_user = _person(actor)
                partner.save(update_fields=["share"])
    audit_record(
        actor=actor,
        verb="project.cost_split_changed",
        target=project,
        data={
            "from": previous,
            "to": method,
            "shares": {p.municipality.ags: str(parsed[p.pk]) for p in partners if p.pk in parsed},
        },
    )
    return project


def split_amounts(budget: Decimal | None, shares: list[tuple[int, Decimal]], lead_key: int):
    """Euro amounts per key for `shares` (key, fraction of 1); cents rounded half up, the
    remainder goes to `lead_key` so that the amounts add up to the budget exactly."""
    if budget is None:
        return {key: None for key, _share in shares}
    amounts = {}
    for key, fraction in shares:
        if key == lead_key:
            continue
        amounts[key] = (budget * fraction).quantize(CENT, rounding=ROUND_HALF_UP)
    if any(key == lead_key for key, _share in shares):
        amounts[lead_key] = budget - sum(amounts.values(), Decimal(0))
    return amounts


# --- work packages and milestones --------------------------------------------------------------


def _check_work(actor, project: JointProject) -> None:
    _check(actor, "collaboration.work_on_project", project, WORK_DENIED)


def _owner_check(project: JointProject, owner, errors: dict) -> None:
    if owner is None:
        return
    if not ProjectPartner.objects.filter(
        project=project, municipality=owner, status=PartnerStatus.ACCEPTED
    ).exists():
        errors["owner_municipality"] = _(
            "Verantwortlich kann nur eine Partnerkommune sein, die zugesagt hat."
        )


def _validate_work_package(project, values: dict, errors: dict) -> dict:
    if "title" in values:
        values["title"] = (values["title"] or "").strip()
        if not values["title"]:
            errors["title"] = _("Bitte geben Sie einen Titel ein.")
        elif len(values["title"]) > 200:
            errors["title"] = _("Höchstens %(limit)s Zeichen.") % {"limit": 200}
    if "description" in values:
        values["description"] = (values["description"] or "").strip()
    if "status" in values and values["status"] not in WorkPackageStatus.values:
        errors["status"] = _("Bitte wählen Sie einen der angebotenen Werte.")
    if "due_on" in values and values["due_on"] is not None:
        if not isinstance(values["due_on"], datetime.date):
            errors["due_on"] = _("Bitte geben Sie ein gültiges Datum ein.")
    if "owner_municipality" in values:
        _owner_check(project, values["owner_municipality"], errors)
    return values


@transaction.atomic
def work_package_create(
    *,
    actor,
    project: JointProject,
    title: str,
    description: str = "",
    owner_municipality: Municipality | None = None,
    due_on: datetime.date | None = None,
    status: str = WorkPackageStatus.OPEN,
) -> WorkPackage:
    """Add a work package; accepted partners and whoever may change the project."""
    _check_work(actor, project)
    errors: dict[str, str] = {}
    values = _validate_work_package(
        project,
        {
            "title": title,
            "description": description,
            "owner_municipality": owner_municipality,
            "due_on": due_on,
            "status": status,
        },
        errors,
    )
    if errors:
        raise ValidationError(errors)
    order = (
        WorkPackage.objects.filter(project=project)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
        or 0
    ) + 1
    package = WorkPackage(project=project, order=order, **values)
    package._history_user = _person(actor)
    package.save()
    audit_record(
        actor=actor,
        verb="project.work_package_created",
        target=project,
        data={"work_package": str(package.uuid), "title": package.title},
    )
    return package


@transaction.atomic
def work_package_update(
    *, actor, work_package: WorkPackage, expected_version: int, **fields
) -> WorkPackage:
    """Change a work package (title, description, owner, due date, status); as for adding one.
    Raises EditConflict when someone saved since `expected_version`."""
    project = work_package.project
    _check_work(actor, project)
    unknown = set(fields) - {"title", "description", "owner_municipality", "due_on", "status"}
    if unknown:
        raise TypeError(f"work_package_update() got unexpected fields: {sorted(unknown)}")
    errors: dict[str, str] = {}
    values = _validate_work_package(project, dict(fields), errors)
    if errors:
        raise ValidationError(errors)
    changed = {
        name: [_audit_value(getattr(work_package, name)), _audit_value(value)]
        for name, value in values.items()
        if getattr(work_package, name) != value
    }
    if not changed:
        return work_package
    for name, value in values.items():
        setattr(work_package, name, value)
    work_package._history_user = _person(actor)
    save_versioned(work_package, expected_version=expected_version)
    audit_record(
        actor=actor,
        verb="project.work_package_updated",
        target=project,
        data={"work_package": str(work_package.uuid), **changed},
    )
    return work_package


def _remove_part(actor, part, *, verb: str, data: dict):
    """Soft-delete a part of a project (work package, milestone, document) once, with the
    person in its history where it keeps one, and an audit line on the project."""
    if part.deleted_at is None:
        part.deleted_at = timezone.now()
        if hasattr(part, "history"):
            part._history_user = _person(actor)
        save_versioned(part, expected_version=part.version)
        audit_record(actor=actor, verb=verb, target=part.project, data=data)
    return part


@transaction.atomic
def work_package_delete(*, actor, work_package: WorkPackage) -> WorkPackage:
    """Remove a work package (soft, an admin can restore it); as for adding one."""
    _check_work(actor, work_package.project)
    return _remove_part(
        actor,
        work_package,
        verb="project.work_package_deleted",
        data={"work_package": str(work_package.uuid), "title": work_package.title},
    )


def _validate_milestone(values: dict, errors: dict) -> dict:
    if "title" in values:
        values["title"] = (values["title"] or "").strip()
        if not values["title"]:
            errors["title"] = _("Bitte geben Sie einen Titel ein.")
        elif len(values["title"]) > 200:
            errors["title"] = _("Höchstens %(limit)s Zeichen.") % {"limit": 200}
    if "due_on" in values and not isinstance(values["due_on"], datetime.date):
        errors["due_on"] = _("Bitte geben Sie das geplante Datum ein.")
    reached = values.get("reached_on")
    if reached is not None and not isinstance(reached, datetime.date):
        errors["reached_on"] = _("Bitte geben Sie ein gültiges Datum ein.")
    elif reached is not None and reached > timezone.localdate():
        errors["reached_on"] = _("„Erreicht am“ darf nicht in der Zukunft liegen.")
    return values


@transaction.atomic
def milestone_create(
    *,
    actor,
    project: JointProject,
    title: str,
    due_on: datetime.date,
    reached_on: datetime.date | None = None,
) -> ProjectMilestone:
    """Add a milestone; accepted partners and whoever may change the project."""
    _check_work(actor, project)
    errors: dict[str, str] = {}
    values = _validate_milestone(
        {"title": title, "due_on": due_on, "reached_on": reached_on}, errors
    )
    if errors:
        raise ValidationError(errors)
    milestone = ProjectMilestone(project=project, **values)
    milestone._history_user = _person(actor)
    milestone.save()
    audit_record(
        actor=actor,
        verb="project.milestone_created",
        target=project,
        data={"milestone": str(milestone.uuid), "title": milestone.title},
    )
    return milestone


@transaction.atomic
def milestone_update(
    *, actor, milestone: ProjectMilestone, expected_version: int, **fields
) -> ProjectMilestone:
    """Change a milestone, e.g. mark it reached; as for adding one."""
    project = milestone.project
    _check_work(actor, project)
    unknown = set(fields) - {"title", "due_on", "reached_on"}
    if unknown:
        raise TypeError(f"milestone_update() got unexpected fields: {sorted(unknown)}")
    errors: dict[str, str] = {}
    values = _validate_milestone(dict(fields), errors)
    if errors:
        raise ValidationError(errors)
    changed = {
        name: [_audit_value(getattr(milestone, name)), _audit_value(value)]
        for name, value in values.items()
        if getattr(milestone, name) != value
    }
    if not changed:
        return milestone
    newly_reached = milestone.reached_on is None and values.get("reached_on") is not None
    for name, value in values.items():
        setattr(milestone, name, value)
    milestone._history_user = _person(actor)
    save_versioned(milestone, expected_version=expected_version)
    audit_record(
        actor=actor,
        verb="project.milestone_updated",
        target=project,
        data={"milestone": str(milestone.uuid), **changed},
    )
    if newly_reached:
        _announce(
            project,
            verb="project.milestone_reached",
            actor=actor,
            summary=_("Projekt „%(title)s“: Meilenstein „%(milestone)s“ ist erreicht.")
            % {"title": project.title, "milestone": milestone.title},
            private=True,
        )
    return milestone


@transaction.atomic
def milestone_delete(*, actor, milestone: ProjectMilestone) -> ProjectMilestone:
    """Remove a milestone (soft); as for adding one."""
    _check_work(actor, milestone.project)
    return _remove_part(
        actor,
        milestone,
        verb="project.milestone_deleted",
        data={"milestone": str(milestone.uuid), "title": milestone.title},
    )


# --- documents ---------------------------------------------------------------------------------


def _clean_file_name(name: str) -> str:
    name = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip()
    name = name.strip(". ") or _("Dokument")
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[:190]}.{extension[:8]}" if dot and len(extension) <= 8 else name[:200]
    return name


def document_upload_check(upload) -> tuple[DetectedType | None, str]:
    """The type of a project document by its content, or a German message why it is refused.
    PDF, DOCX, XLSX and ODT only, at most ``BLAUPAUSE_MAX_UPLOAD_MB``."""
    if upload is None:
        return None, _("Bitte wählen Sie eine Datei aus.")
    if not upload.size:
        return None, _("Die Datei ist leer.")
    if upload.size > max_upload_bytes():
        return None, _("Die Datei ist zu groß: höchstens %(limit)s MB.") % {
            "limit": max_upload_mb_text()
        }
    detected = detect(upload, getattr(upload, "name", "") or "")
    if detected is None or detected.content_type not in DOCUMENT_TYPES:
        return None, str(DOCUMENT_TYPE_REFUSED)
    return detected, ""


@transaction.atomic
def document_add(
    *, actor, project: JointProject, upload, title: str = "", kind: str = DocumentKind.OTHER
) -> ProjectDocument:
    """Attach a document (letter of intent, agreement, funding notice …); accepted partners and
    whoever may change the project. The type is read from the content; the file is stored under
    a random name."""
    _check_work(actor, project)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if len(title) > 200:
        errors["title"] = _("Höchstens %(limit)s Zeichen.") % {"limit": 200}
    if kind not in DocumentKind.values:
        errors["kind"] = _("Bitte wählen Sie eine der angebotenen Arten.")
    detected, problem = document_upload_check(upload)
    if problem:
        errors["file"] = problem
    # Hold the project: two parallel uploads cannot both be the last allowed document.
    list(JointProject.all_objects.select_for_update().filter(pk=project.pk).values_list("pk"))
    if "file" not in errors and (
        ProjectDocument.objects.filter(project=project).count() >= MAX_DOCUMENTS
    ):
        errors["file"] = _("Ein Projekt hat höchstens %(limit)s Dokumente.") % {
            "limit": MAX_DOCUMENTS
        }
    if errors:
        raise ValidationError(errors)
    original_name = _clean_file_name(getattr(upload, "name", ""))
    document = ProjectDocument(
        project=project,
        kind=kind,
        title=title or original_name,
        original_name=original_name,
        content_type=detected.content_type,
        size=upload.size,
        uploaded_by=_person(actor),
    )
    upload.seek(0)
    document.file.save(f"{uuid_module.uuid4().hex}{detected.extension}", upload, save=False)
    try:
        document.save()
        audit_record(
            actor=actor,
            verb="project.document_added",
            target=project,
            data={
                "document": str(document.uuid),
                "name": original_name,
                "type": detected.content_type,
                "size": document.size,
                "kind": kind,
            },
        )
    except BaseException:
        document.file.delete(save=False)
        raise
    _announce(
        project,
        verb="project.document_added",
        actor=actor,
        summary=_("Projekt „%(title)s“: neues Dokument (%(kind)s).")
        % {"title": project.title, "kind": DocumentKind(kind).label},
        private=True,
    )
    return document


@transaction.atomic
def document_delete(*, actor, document: ProjectDocument) -> ProjectDocument:
    """Remove a document (soft: the file stays, an admin can restore it); as for adding one."""
    _check_work(actor, document.project)
    return _remove_part(
        actor,
        document,
        verb="project.document_deleted",
        data={"document": str(document.uuid), "name": document.original_name},
    )
