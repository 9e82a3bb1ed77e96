"""Writes of the self-check: start a year, save a draft, submit; load demo data.

Every service checks the permission (`rules.py`), validates completely before it writes
(German messages per field, nothing saved half-way), detects concurrent edits
(`save_versioned`) and records an audit event.

Submission rule: every criterion needs a level for today and a target; the target may not be
below today's level (a target is where the municipality wants to be, not a step back). A
submitted self-check is final for editing; the next year starts a new one.

Reopen rule: a submitted self-check goes back to draft when the regional admin reopens it
(any year, in their region) or when a CDO of the municipality does so for the current calendar
year. Both give a reason, which the audit log keeps. While reopened it counts nowhere (results
comparison, benchmarks, regional view use submitted checks only) until it is submitted again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.core.audit import audit_record
from blaupause.core.concurrency import save_versioned

from .constants import LEVELS, AssessmentStatus
from .models import Answer, Assessment, CriteriaSet, Criterion, LifeAreaLevel

if TYPE_CHECKING:
    from blaupause.regions.models import Municipality

__all__ = [
    "ASSESSMENT_DENIED",
    "REOPEN_DENIED",
    "AnswerInput",
    "assessment_reopen",
    "assessment_save",
    "assessment_start",
    "assessment_submit",
    "current_criteria_set",
]

ASSESSMENT_DENIED = gettext_lazy(
    "Den Selbstcheck einer Kommune füllen nur ihre Digitalverantwortlichen und die "
    "Regionaladministration aus."
)
REOPEN_DENIED = gettext_lazy(
    "Einen abgeschlossenen Selbstcheck öffnen die Regionaladministration und – im laufenden "
    "Jahr – die Digitalverantwortlichen der Kommune wieder."
)
MIN_YEAR, MAX_YEAR = 2000, 2100
MIN_REASON, MAX_REASON = 10, 1000
MAX_NOTE = 2000
MAX_EVIDENCE = 500


@dataclass
class AnswerInput:
    current: Any = None
    target: Any = None
    note: str = ""
    evidence: str = ""


def current_criteria_set() -> CriteriaSet | None:
    """The newest criteria set: new self-checks use it."""
    return CriteriaSet.objects.order_by("-set_version", "-id").first()


def _check(actor, municipality) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm(
        "assessments.change_assessment", municipality
    ):
        raise PermissionDenied(ASSESSMENT_DENIED)


def _level(value, *, key: str, errors: dict) -> int | None:
    """A level 0–4 from a form or API value; anything else is a field error."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        level = value
    else:
        text = str(value).strip()
        level = int(text) if text in {str(x) for x in LEVELS} else None
    if level not in LEVELS:
        errors[key] = [_("Bitte wählen Sie eine Stufe von 0 bis 4.")]
        return None
    return level


@transaction.atomic
def assessment_start(*, actor, municipality: Municipality, year: int) -> Assessment:
    """Start (or return the existing) self-check of `municipality` for `year`."""
    _check(actor, municipality)
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": [_("Bitte geben Sie ein Jahr zwischen 2000 und 2100 an.")]})
    criteria_set = current_criteria_set()
    if criteria_set is None:
        raise ValidationError(_("Es ist noch kein Kriterienkatalog geladen."))
    existing = Assessment.objects.filter(municipality=municipality, year=year).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                municipality=municipality, criteria_set=criteria_set, year=year
            )
    except IntegrityError:  # started at the same moment by someone else
        return Assessment.objects.get(municipality=municipality, year=year)
    audit_record(actor=actor, verb="assessment.started", target=assessment, data={"year": year})
    return assessment


def _validate(
    *, criteria: list[Criterion], answers: dict[str, AnswerInput], complete: bool
) -> dict[str, dict]:
    """Clean answers by criterion code; raise one ValidationError with every problem."""
    errors: dict[str, list] = {}
    cleaned: dict[str, dict] = {}
    known = {c.code for c in criteria}
    for code in answers:
        if code not in known:
            errors[f"{code}_current"] = [_("Dieses Kriterium gehört nicht zum Selbstcheck.")]
    for criterion in criteria:
        raw = answers.get(criterion.code) or AnswerInput()
        current = _level(raw.current, key=f"{criterion.code}_current", errors=errors)
        target = _level(raw.target, key=f"{criterion.code}_target", errors=errors)
        note = str(raw.note or "").strip()
        evidence = str(raw.evidence or "").strip()
        if len(note) > MAX_NOTE:
            errors[f"{criterion.code}_note"] = [
                _("Die Notiz ist zu lang (höchstens %(n)d Zeichen).") % {"n": MAX_NOTE}
            ]
        if len(evidence) > MAX_EVIDENCE:
            errors[f"{criterion.code}_evidence"] = [
                _("Der Nachweis ist zu lang (höchstens %(n)d Zeichen).") % {"n": MAX_EVIDENCE}
            ]
        if complete:
            if current is None and f"{criterion.code}_current" not in errors:
                errors[f"{criterion.code}_current"] = [
                    _("Bitte wählen Sie die heutige Stufe, um abzuschließen.")
                ]
            if target is None and f"{criterion.code}_target" not in errors:
                errors[f"{criterion.code}_target"] = [
                    _("Bitte wählen Sie die Zielstufe, um abzuschließen.")
                ]
        if current is not None and target is not None and target < current:
            errors[f"{criterion.code}_target"] = [
                _("Das Ziel darf nicht unter der heutigen Stufe liegen.")
            ]
        cleaned[criterion.code] = {
            "current": current,
            "target": target,
            "note": note,
            "evidence": evidence,
        }
    if errors:
        raise ValidationError(errors)
    return cleaned


def _life_area_levels(*, assessment: Assessment, life_areas: dict | None) -> dict[int, int | None]:
    """Clean the optional activity levels by life area id; only the municipality's own areas."""
    if not life_areas:
        return {}
    from .selectors import life_area_rows

    allowed = {
        row.pk for row in life_area_rows(municipality=assessment.municipality, assessment=None)
    }
    errors: dict[str, list] = {}
    cleaned = {}
    for key, value in life_areas.items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            pk = None
        if pk not in allowed:
            errors[f"la_{key}"] = [_("Dieser Lebensbereich gehört nicht zu Ihrer Strategie.")]
            continue
        cleaned[pk] = _level(value, key=f"la_{pk}", errors=errors)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _store_life_area_levels(*, assessment: Assessment, levels: dict[int, int | None]) -> None:
    stored = {row.life_area_id: row for row in LifeAreaLevel.objects.filter(assessment=assessment)}
    for pk, level in levels.items():
        row = stored.get(pk)
        if row is None:
            if level is not None:
                LifeAreaLevel.objects.create(assessment=assessment, life_area_id=pk, level=level)
        elif row.level != level:
            row.level = level
            row.save()


def _write(
    *,
    actor,
    assessment: Assessment,
    answers: dict,
    expected_version: int,
    submit: bool,
    life_areas: dict | None = None,
):
    if assessment.is_submitted:
        raise ValidationError(
            _("Dieser Selbstcheck ist abgeschlossen und kann nicht mehr geändert werden.")
        )
    criteria = list(assessment.criteria_set.criteria.all())
    try:
        cleaned = _validate(criteria=criteria, answers=answers, complete=submit)
    except ValidationError as error:
        try:
            _life_area_levels(assessment=assessment, life_areas=life_areas)
        except ValidationError as more:
            error.error_dict.update(more.error_dict)
        raise error from None
    levels = _life_area_levels(assessment=assessment, life_areas=life_areas)
    if submit:
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.submitted_at = timezone.now()
        assessment.submitted_by = actor
    save_versioned(assessment, expected_version=expected_version)
    _store_life_area_levels(assessment=assessment, levels=levels)
    stored = {a.criterion_id: a for a in Answer.objects.filter(assessment=assessment)}
    changed = 0
    for criterion in criteria:
        values = cleaned[criterion.code]
        answer = stored.get(criterion.pk)
        if answer is None:
            if (
                values["current"] is None
                and values["target"] is None
                and not (values["note"] or values["evidence"])
            ):
                continue  # nothing entered: no empty row
            Answer.objects.create(assessment=assessment, criterion=criterion, **values)
            changed += 1
        elif any(getattr(answer, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(answer, name, value)
            answer.save()
            changed += 1
    return changed


@transaction.atomic
def assessment_save(
    *,
    actor,
    assessment: Assessment,
    answers: dict[str, AnswerInput],
    expected_version: int,
    life_areas: dict | None = None,
) -> Assessment:
    """Save a draft; partial answers are fine. CDOs of the municipality and regional admins."""
    _check(actor, assessment.municipality)
    changed = _write(
        actor=actor,
        assessment=assessment,
        answers=answers,
        expected_version=expected_version,
        submit=False,
        life_areas=life_areas,
    )
    audit_record(actor=actor, verb="assessment.saved", target=assessment, data={"changed": changed})
    return assessment


@transaction.atomic
def assessment_submit(
    *,
    actor,
    assessment: Assessment,
    answers: dict[str, AnswerInput],
    expected_version: int,
    life_areas: dict | None = None,
) -> Assessment:
    """Save and submit: every criterion answered, targets not below today. Same people."""
    _check(actor, assessment.municipality)
    _write(
        actor=actor,
        assessment=assessment,
        answers=answers,
        expected_version=expected_version,
        submit=True,
        life_areas=life_areas,
    )
    audit_record(
        actor=actor, verb="assessment.submitted", target=assessment, data={"year": assessment.year}
    )
    return assessment


@transaction.atomic
def assessment_reopen(
    *, actor, assessment: Assessment, reason: str, expected_version: int
) -> Assessment:
    """Reopen a submitted self-check as a draft, with a reason.

    Regional admins of its region: any year. CDOs of the municipality: the current year only.
    """
    municipality = assessment.municipality
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm(
        "assessments.reopen_assessment", municipality
    ):
        raise PermissionDenied(REOPEN_DENIED)
    admin = actor.has_perm("assessments.view_named_overview", municipality)
    if not admin and assessment.year != timezone.localdate().year:
        raise PermissionDenied(
            _(
                "Selbstchecks früherer Jahre öffnet nur die Regionaladministration wieder. "
                "Bitte wenden Sie sich an sie."
            )
        )
    if not assessment.is_submitted:
        raise ValidationError(_("Dieser Selbstcheck ist nicht abgeschlossen, also schon offen."))
    reason = str(reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError(
            {
                "reason": [
                    _(
                        "Bitte begründen Sie kurz, warum Sie wieder öffnen "
                        "(mindestens %(n)d Zeichen)."
                    )
                    % {"n": MIN_REASON}
                ]
            }
        )
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {
                "reason": [
                    _("Die Begründung ist zu lang (höchstens %(n)d Zeichen).") % {"n": MAX_REASON}
                ]
            }
        )
    assessment.status = AssessmentStatus.DRAFT
    assessment.submitted_at = None
    assessment.submitted_by = None
    save_versioned(assessment, expected_version=expected_version)
    audit_record(
        actor=actor,
        verb="assessment.reopened",
        target=assessment,
        data={"year": assessment.year, "reason": reason},
    )
    return assessment
