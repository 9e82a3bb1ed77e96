"""Writes of the commitments app: commit a municipality to a measure, change, remove, record.

Every service checks the permission (`rules.py`), validates completely before it writes
(German messages per field, nothing saved half-way), detects concurrent edits
(`save_versioned`) and records an audit event.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simple_history.utils import bulk_create_with_history

from blaupause.core.audit import audit_record
from blaupause.core.concurrency import save_versioned
from blaupause.core.signals import activity
from blaupause.regions.models import Municipality, Network

from .constants import CommitmentRole, CommitmentStatus
from .filetypes import DetectedType, detect
from .models import Commitment, EvidenceFile, IndicatorValue
from .rollup import FULL

if TYPE_CHECKING:
    from blaupause.strategies.models import Indicator, Measure

__all__ = [
    "COMMITMENT_DENIED",
    "DemoCommitment",
    "commitment_create",
    "commitment_delete",
    "commitment_update",
    "demo_commitments_ensure",
    "evidence_file_add",
    "evidence_file_delete",
    "evidence_upload_check",
    "indicator_value_delete",
    "indicator_value_record",
    "measure_is_available",
]

COMMITMENT_DENIED = gettext_lazy(
    "Beteiligungen einer Kommune ändern nur ihre Digitalverantwortlichen und die "
    "Regionaladministration."
)
MAX_INDICATOR_VALUE = Decimal("999999999999.99")
MAX_EVIDENCE_FILES = 20
EVIDENCE_TYPE_REFUSED = gettext_lazy(
    "Diese Datei können wir nicht annehmen. Erlaubt sind PDF, PNG, JPEG, Office-Dokumente "
    "(Word, Excel, PowerPoint, OpenDocument) und reiner Text oder CSV."
)


class _Unset:
    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "UNSET"


UNSET: Any = _Unset()
_EDITABLE = (
    "role",
    "status",
    "start_date",
    "end_date",
    "responsible_person",
    "progress",
    "note",
    "evidence",
    "is_public",
)
_TEXT_LIMITS = {"responsible_person": 200}


def _history_user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _announce(commitment: Commitment, *, verb: str, actor) -> None:
    """Tell the followers of the measure after commit (public commitments only: a hidden one
    is no news for people outside the municipality)."""
    if not commitment.is_public:
        return
    measure = commitment.measure
    values = {
        "municipality": commitment.municipality.name,
        "measure": str(measure),
        "status": commitment.get_status_display(),
        "progress": commitment.progress,
    }
    if verb == "commitment.created":
        summary = _("%(municipality)s beteiligt sich an %(measure)s (%(status)s).") % values
    else:
        summary = (
            _(
                "%(municipality)s hat die Beteiligung an %(measure)s aktualisiert: %(status)s, "
                "%(progress)s %%."
            )
            % values
        )
    url = measure.get_absolute_url()
    transaction.on_commit(
        lambda: activity.send(
            sender=Commitment,
            target=measure,
            verb=verb,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            summary=summary,
            url=url,
            private=True,
        )
    )


def measure_is_available(*, municipality: Municipality, measure: Measure) -> bool:
    """A municipality may commit to measures of its own strategies and of its networks' ones."""
    strategy = measure.strategy
    if measure.deleted_at is not None or strategy.deleted_at is not None:
        return False
    if strategy.municipality_id:
        return strategy.municipality_id == municipality.pk
    return Network.municipalities.through.objects.filter(
        network_id=strategy.network_id,
        municipality_id=municipality.pk,
        network__deleted_at__isnull=True,
    ).exists()


def _validate(values: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise the editable fields; raise one ValidationError with every problem."""
    errors: dict[str, str] = {}
    if values["role"] not in CommitmentRole.values:
        errors["role"] = _("Bitte wählen Sie eine der angebotenen Rollen.")
    if values["status"] not in CommitmentStatus.values:
        errors["status"] = _("Bitte wählen Sie einen der angebotenen Status.")
    progress = values["progress"]
    if progress is None or progress == "":
        progress = 0
    try:
        progress = int(progress)
    except (TypeError, ValueError):
        errors["progress"] = _("Der Fortschritt muss eine ganze Zahl von 0 bis 100 sein.")
    else:
        if not 0 <= progress <= FULL:
            errors["progress"] = _("Der Fortschritt muss zwischen 0 und 100 Prozent liegen.")
    start, end = values["start_date"], values["end_date"]
    for name in ("start_date", "end_date"):
        value = values[name]
        if value is not None and not isinstance(value, datetime.date):
            errors[name] = _("Bitte geben Sie ein gültiges Datum ein.")
    if (
        "start_date" not in errors
        and "end_date" not in errors
        and start is not None
        and end is not None
        and end < start
    ):
        errors["end_date"] = _("Das Ende darf nicht vor dem Beginn liegen.")
    for name, limit in _TEXT_LIMITS.items():
        if len(values[name] or "") > limit:
            errors[name] = _("Höchstens %(limit)s Zeichen.") % {"limit": limit}
    if errors:
        raise ValidationError(errors)
    values["progress"] = FULL if values["status"] == CommitmentStatus.DONE else progress
    for name in ("responsible_person", "note", "evidence"):
        values[name] = (values[name] or "").strip()
    values["is_public"] = bool(values["is_public"])
    return values


def _audit_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@transaction.atomic
def commitment_create(
    *,
    actor,
    municipality: Municipality,
    measure: Measure | None,
    role: str = CommitmentRole.PARTNER,
    status: str = CommitmentStatus.PLANNED,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    responsible_person: str = "",
    progress: int | None = 0,
    note: str = "",
    evidence: str = "",
    is_public: bool = True,
) -> Commitment:
    """Commit a municipality to a measure; its CDOs and its regional admins only.

    Raises PermissionDenied, or ValidationError (German, per field) for an unknown measure, a
    measure outside the municipality's strategies, a second commitment to the same measure,
    dates out of order or progress outside 0–100. "umgesetzt" sets the progress to 100.
    """
    if not actor.has_perm("commitments.add_commitment", municipality):
        raise PermissionDenied(COMMITMENT_DENIED)
    if measure is None or measure.pk is None or measure.deleted_at is not None:
        raise ValidationError({"measure": _("Diese Maßnahme gibt es nicht.")})
    if not measure_is_available(municipality=municipality, measure=measure):
        raise ValidationError(
            {
                "measure": _(
                    "Diese Maßnahme gehört zu keiner Strategie eines Netzwerks, in dem "
                    "%(municipality)s Mitglied ist."
                )
                % {"municipality": municipality.name}
            }
        )
    values = _validate(
        {
            "role": role,
            "status": status,
            "start_date": start_date,
            "end_date": end_date,
            "responsible_person": responsible_person,
            "progress": progress,
            "note": note,
            "evidence": evidence,
            "is_public": is_public,
        }
    )
    duplicate = _("%(municipality)s ist an dieser Maßnahme bereits beteiligt.") % {
        "municipality": municipality.name
    }
    if Commitment.objects.filter(municipality=municipality, measure=measure).exists():
        raise ValidationError({"measure": duplicate})
    commitment = Commitment(municipality=municipality, measure=measure, **values)
    commitment._history_user = _history_user(actor)
    try:
        with transaction.atomic():  # a savepoint: a parallel create loses cleanly
            commitment.save()
    except IntegrityError:
        raise ValidationError({"measure": duplicate}) from None
    audit_record(
        actor=actor,
        verb="commitment.created",
        target=commitment,
        data={"measure": measure.key, **{k: _audit_value(v) for k, v in values.items()}},
    )
    _announce(commitment, verb="commitment.created", actor=actor)
    return commitment


@transaction.atomic
def commitment_update(
    *,
    actor,
    commitment: Commitment,
    expected_version: int,
    role: str = UNSET,
    status: str = UNSET,
    start_date: datetime.date | None = UNSET,
    end_date: datetime.date | None = UNSET,
    responsible_person: str = UNSET,
    progress: int | None = UNSET,
    note: str = UNSET,
    evidence: str = UNSET,
    is_public: bool = UNSET,
) -> Commitment:
    """Change a commitment; its municipality's CDOs and regional admins only.

    Fields left out keep their value. Raises PermissionDenied, ValidationError (German, per
    field) or EditConflict when someone saved since `expected_version`. Saving the stored
    values again writes nothing.
    """
    if not actor.has_perm("commitments.change_commitment", commitment):
        raise PermissionDenied(COMMITMENT_DENIED)
    if commitment.deleted_at is not None:
        raise ValidationError(_("Diese Beteiligung wurde entfernt."))
    given = {
        "role": role,
        "status": status,
        "start_date": start_date,
        "end_date": end_date,
        "responsible_person": responsible_person,
        "progress": progress,
        "note": note,
        "evidence": evidence,
        "is_public": is_public,
    }
    values = {
        name: getattr(commitment, name) if value is UNSET else value
        for name, value in given.items()
    }
    values = _validate(values)
    changed = {
        name: [_audit_value(getattr(commitment, name)), _audit_value(value)]
        for name, value in values.items()
        if getattr(commitment, name) != value
    }
    if not changed:  # what the editor wants is stored already: nothing to write or lose
        return commitment
    for name, value in values.items():
        setattr(commitment, name, value)
    commitment._history_user = _history_user(actor)
    save_versioned(commitment, expected_version=expected_version)
    audit_record(actor=actor, verb="commitment.updated", target=commitment, data=changed)
    _announce(commitment, verb="commitment.updated", actor=actor)
    return commitment


@transaction.atomic
def commitment_delete(*, actor, commitment: Commitment, expected_version: int) -> Commitment:
    """Remove a commitment (soft, an admin can restore it); CDOs and regional admins only."""
    if not actor.has_perm("commitments.delete_commitment", commitment):
        raise PermissionDenied(COMMITMENT_DENIED)
    if commitment.deleted_at is not None:
        return commitment
    commitment.deleted_at = timezone.now()
    commitment._history_user = _history_user(actor)
    save_versioned(commitment, expected_version=expected_version)
    audit_record(
        actor=actor,
        verb="commitment.deleted",
        target=commitment,
        data={"measure": commitment.measure.key},
    )
    return commitment


@transaction.atomic
def indicator_value_record(
    *,
    actor,
    commitment: Commitment,
    indicator: Indicator | None,
    recorded_on: datetime.date | None,
    value: Decimal | int | float | str | None,
    note: str = "",
) -> IndicatorValue:
    """Record a measured value of one of the measure's indicators for this municipality.

    CDOs and regional admins of the municipality only. Raises ValidationError for an indicator
    of another measure, a date in the future or a value that is not a number.
    """
    if not actor.has_perm("commitments.change_commitment", commitment):
        raise PermissionDenied(COMMITMENT_DENIED)
    errors: dict[str, str] = {}
    if (
        indicator is None
        or indicator.deleted_at is not None
        or indicator.measure_id != commitment.measure_id
    ):
        errors["indicator"] = _("Diese Kennzahl gehört nicht zu dieser Maßnahme.")
    if not isinstance(recorded_on, datetime.date):
        errors["recorded_on"] = _("Bitte geben Sie ein gültiges Datum ein.")
    elif recorded_on > timezone.localdate():
        errors["recorded_on"] = _("Der Stichtag darf nicht in der Zukunft liegen.")
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
        if not number.is_finite() or abs(number) > MAX_INDICATOR_VALUE:
            raise InvalidOperation
    except (InvalidOperation, ValueError, TypeError):
        errors["value"] = _("Bitte geben Sie eine Zahl ein, z. B. 12 oder 12,5.")
    note = (note or "").strip()
    if len(note) > 300:
        errors["note"] = _("Höchstens %(limit)s Zeichen.") % {"limit": 300}
    if errors:
        raise ValidationError(errors)
    entry = IndicatorValue(
        commitment=commitment, indicator=indicator, recorded_on=recorded_on, value=number, note=note
    )
    entry._history_user = _history_user(actor)
    entry.save()
    audit_record(
        actor=actor,
        verb="commitment.indicator_recorded",
        target=commitment,
        data={
            "indicator": indicator.name,
            "recorded_on": recorded_on.isoformat(),
            "value": str(number),
        },
    )
    return entry


@transaction.atomic
def indicator_value_delete(*, actor, entry: IndicatorValue) -> IndicatorValue:
    """Remove a wrongly recorded value (soft); CDOs and regional admins only."""
    commitment = entry.commitment
    if not actor.has_perm("commitments.change_commitment", commitment):
        raise PermissionDenied(COMMITMENT_DENIED)
    if entry.deleted_at is None:
        entry.deleted_at = timezone.now()
        entry._history_user = _history_user(actor)
        save_versioned(entry, expected_version=entry.version)
        audit_record(
            actor=actor,
            verb="commitment.indicator_deleted",
            target=commitment,
            data={"recorded_on": entry.recorded_on.isoformat(), "value": str(entry.value)},
        )
    return entry


def max_upload_bytes() -> int:
    """The size limit of one evidence file (setting ``BLAUPAUSE_MAX_UPLOAD_MB``, default 10)."""
    return int(float(getattr(settings, "BLAUPAUSE_MAX_UPLOAD_MB", 10)) * 1024 * 1024)


def max_upload_mb_text() -> str:
    mb = getattr(settings, "BLAUPAUSE_MAX_UPLOAD_MB", 10)
    return f"{mb:g}".replace(".", ",") if isinstance(mb, float) else str(mb)


def _clean_file_name(name: str) -> str:
    """The name to show and to offer on download: no path, no control characters."""
    name = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip()
    name = name.strip(". ") or _("Nachweis")
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[:190]}.{extension[:8]}" if dot and len(extension) <= 8 else name[:200]
    return name


def evidence_upload_check(upload) -> tuple[DetectedType | None, str]:
    """The type of an upload by its content, or a German message why it is refused.

    The upload form checks with this too; `evidence_file_add` checks again.
    """
    if upload is None:
        return None, _("Bitte wählen Sie eine Datei aus.")
    if not upload.size:
        return None, _("Die Datei ist leer.")
    if upload.size > max_upload_bytes():
        return None, _("Die Datei ist zu groß: höchstens %(limit)s MB.") % {
            "limit": max_upload_mb_text()
        }
    detected = detect(upload, getattr(upload, "name", "") or "")
    if detected is None:
        return None, str(EVIDENCE_TYPE_REFUSED)
    return detected, ""


@transaction.atomic
def evidence_file_add(*, actor, commitment: Commitment, upload, title: str = "") -> EvidenceFile:
    """Attach a file to a commitment; its municipality's CDOs and regional admins only.

    The type is read from the content (see `filetypes.detect`), never from the name or what
    the browser claims. Raises PermissionDenied, or ValidationError (German, at ``file`` or
    ``title``) for a refused type, an empty or too large file, or a 21st file. The file is
    stored under a random name; the uploaded name is kept for display and download only.
    """
    if not actor.has_perm("commitments.change_commitment", commitment):
        raise PermissionDenied(COMMITMENT_DENIED)
    # Lock the commitment: two parallel uploads cannot both be the 20th file.
    locked = Commitment.all_objects.select_for_update().filter(pk=commitment.pk).first()
    if locked is None or locked.deleted_at is not None:
        raise ValidationError(_("Diese Beteiligung wurde entfernt."))
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if len(title) > 200:
        errors["title"] = _("Höchstens %(limit)s Zeichen.") % {"limit": 200}
    detected, problem = evidence_upload_check(upload)
    if problem:
        errors["file"] = problem
    if "file" not in errors and (
        EvidenceFile.objects.filter(commitment=commitment).count() >= MAX_EVIDENCE_FILES
    ):
        errors["file"] = _("Eine Beteiligung hat höchstens %(limit)s Dateien.") % {
            "limit": MAX_EVIDENCE_FILES
        }
    if errors:
        raise ValidationError(errors)
    original_name = _clean_file_name(getattr(upload, "name", ""))
    evidence = EvidenceFile(
        commitment=commitment,
        original_name=original_name,
        content_type=detected.content_type,
        size=upload.size,
        title=title,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    upload.seek(0)
    evidence.file.save(f"nachweis{detected.extension}", upload, save=False)
    try:
        evidence.save()
        audit_record(
            actor=actor,
            verb="evidence.added",
            target=commitment,
            data={
                "evidence": str(evidence.uuid),
                "name": original_name,
                "type": detected.content_type,
                "size": evidence.size,
                "title": title,
            },
        )
    except BaseException:
        evidence.file.delete(save=False)
        raise
    return evidence


@transaction.atomic
def evidence_file_delete(*, actor, evidence: EvidenceFile) -> EvidenceFile:
    """Remove a file from a commitment (soft: an admin can restore it); as for changing it."""
    commitment = evidence.commitment
    if not actor.has_perm("commitments.change_commitment", commitment):
        raise PermissionDenied(COMMITMENT_DENIED)
    if evidence.deleted_at is None:
        evidence.deleted_at = timezone.now()
        save_versioned(evidence, expected_version=evidence.version)
        audit_record(
            actor=actor,
            verb="evidence.deleted",
            target=commitment,
            data={"evidence": str(evidence.uuid), "name": evidence.original_name},
        )
    return evidence


# --- demo data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoCommitment:
    municipality_id: int
    measure_id: int
    role: str
    status: str
    progress: int
    start_date: datetime.date | None
    end_date: datetime.date | None
    responsible_person: str = ""
    note: str = ""
    is_public: bool = True


@transaction.atomic
def demo_commitments_ensure(*, specs: Iterable[DemoCommitment], actor=None) -> int:
    """Create the demo commitments that do not exist yet; return how many were created.

    `actor=None` is the system (command line, demo); a person needs to be a regional admin. A
    commitment that exists — or existed and was removed — is left exactly as it is, so that a
    repeated run changes nothing and never undoes what someone did since.
    """
    if actor is not None and not actor.roles.is_regional_admin and not actor.is_superuser:
        raise PermissionDenied(_("Nur die Regionaladministration kann Demodaten laden."))
    specs = list(specs)
    existing = set(
        Commitment.all_objects.filter(
            municipality_id__in={spec.municipality_id for spec in specs},
            measure_id__in={spec.measure_id for spec in specs},
        ).values_list("municipality_id", "measure_id")
    )
    new = []
    for spec in specs:
        key = (spec.municipality_id, spec.measure_id)
        if key in existing:
            continue
        existing.add(key)
        values = _validate(
            {
                "role": spec.role,
                "status": spec.status,
                "start_date": spec.start_date,
                "end_date": spec.end_date,
                "responsible_person": spec.responsible_person,
                "progress": spec.progress,
                "note": spec.note,
                "evidence": "",
                "is_public": spec.is_public,
            }
        )
        new.append(
            Commitment(
                municipality_id=spec.municipality_id,
                measure_id=spec.measure_id,
                is_demo=True,
                **values,
            )
        )
    if new:
        bulk_create_with_history(
            new,
            Commitment,
            batch_size=500,
            default_user=_history_user(actor),
            default_change_reason="demo",
        )
        audit_record(actor=actor, verb="commitment.demo_loaded", data={"created": len(new)})
    return len(new)
