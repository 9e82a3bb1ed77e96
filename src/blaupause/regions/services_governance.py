"""Writes of a network's governance: coordination, meeting rhythm, mandate and working groups.

Every function checks `regions.change_network` (the network's coordination and the regional
admins of its region), validates with German messages, records an audit event, keeps history
and tells followers of the network through `core.signals.activity`.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.commitments.filetypes import DetectedType, detect
from blaupause.commitments.services import max_upload_bytes, max_upload_mb_text
from blaupause.core.audit import audit_record
from blaupause.core.concurrency import save_versioned
from blaupause.core.signals import activity

from .models import MANDATE_TYPE_LABELS, Municipality, Network, WorkingGroup, WorkingGroupStatus
from .selectors_governance import working_group_people_choices
from .services import NETWORK_DENIED

__all__ = [
    "MANDATE_TYPES",
    "MANDATE_TYPE_REFUSED",
    "mandate_upload_check",
    "network_governance_update",
    "network_mandate_document_remove",
    "network_mandate_document_set",
    "working_group_create",
    "working_group_delete",
    "working_group_end",
    "working_group_restore",
    "working_group_update",
]

#: The document types a mandate may have, by content: PDF, OpenDocument text and Word.
MANDATE_TYPES = MANDATE_TYPE_LABELS
MANDATE_TYPE_REFUSED = gettext_lazy(
    "Diese Datei können wir nicht annehmen. Erlaubt sind PDF, OpenDocument-Text (ODT) und "
    "Word (DOCX)."
)
_MANDATE_FIELDS = (
    "mandate_title",
    "mandate_body",
    "mandate_date",
    "mandate_date_note",
    "mandate_url",
    "mandate_description",
)
_LIMITS = {
    "coordinating_body": 200,
    "meeting_rhythm": 200,
    "mandate_title": 200,
    "mandate_body": 200,
    "mandate_date_note": 200,
    "mandate_url": 500,
    "name": 200,
    "topics": 500,
}


def _check(actor, network: Network) -> None:
    if not actor.has_perm("regions.change_network", network):
        raise PermissionDenied(NETWORK_DENIED)


def _member_ids(network: Network) -> set[int]:
    return set(network.municipalities.filter(deleted_at__isnull=True).values_list("pk", flat=True))


def _too_long(values: dict, errors: dict) -> None:
    for name, value in values.items():
        limit = _LIMITS.get(name)
        if limit and isinstance(value, str) and len(value) > limit:
            errors[name] = _("Höchstens %(limit)s Zeichen.") % {"limit": limit}


def _notify(*, actor, network: Network, verb: str, summary: str) -> None:
    url = network.get_governance_url()
    transaction.on_commit(
        lambda: activity.send(
            sender=Network, target=network, verb=verb, actor=actor, summary=summary, url=url
        )
    )


# --- coordination, meeting rhythm, mandate -----------------------------------------------------


@transaction.atomic
def network_governance_update(
    *,
    actor,
    network: Network,
    coordinating_body: str,
    coordinating_municipality: Municipality | None,
    meeting_rhythm: str,
    mandate_title: str,
    mandate_body: str,
    mandate_date: datetime.date | None,
    mandate_date_note: str,
    mandate_url: str,
    mandate_description: str,
    expected_version: int,
) -> Network:
    """Change who coordinates a network, its meeting rhythm and mandate; its coordination and
    regional admins only.

    The coordinating municipality must be a member. Raises PermissionDenied, ValidationError
    (German, by field) and EditConflict when someone saved in between.
    """
    _check(actor, network)
    values = {
        "coordinating_body": (coordinating_body or "").strip(),
        "meeting_rhythm": (meeting_rhythm or "").strip(),
        "mandate_title": (mandate_title or "").strip(),
        "mandate_body": (mandate_body or "").strip(),
        "mandate_date": mandate_date,
        "mandate_date_note": (mandate_date_note or "").strip(),
        "mandate_url": (mandate_url or "").strip(),
        "mandate_description": (mandate_description or "").strip(),
    }
    errors: dict[str, str] = {}
    _too_long(values, errors)
    if coordinating_municipality is not None and coordinating_municipality.pk not in _member_ids(
        network
    ):
        errors["coordinating_municipality"] = _(
            "Die koordinierende Kommune muss Mitglied des Netzwerks sein."
        )
    if mandate_date is not None and mandate_date > timezone.localdate():
        errors["mandate_date"] = _("Das Datum des Beschlusses darf nicht in der Zukunft liegen.")
    if errors:
        raise ValidationError(errors)
    new_coordinator_id = coordinating_municipality.pk if coordinating_municipality else None
    changed = sorted(name for name, value in values.items() if getattr(network, name) != value)
    if network.coordinating_municipality_id != new_coordinator_id:
        changed.append("coordinating_municipality")
    for name, value in values.items():
        setattr(network, name, value)
    network.coordinating_municipality = coordinating_municipality
    save_versioned(network, expected_version=expected_version)
    audit_record(
        actor=actor,
        verb="network.governance_updated",
        target=network,
        data={"fields": changed},
    )
    if any(name in _MANDATE_FIELDS for name in changed):
        _notify(
            actor=actor,
            network=network,
            verb="network.mandate_changed",
            summary=_("Der Auftrag von %(network)s wurde geändert.") % {"network": network.name},
        )
    return network


def _clean_file_name(name: str) -> str:
    """The name to show and to offer on download: no path, no control characters."""
    name = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip()
    name = name.strip(". ") or _("Auftrag")
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[:190]}.{extension[:8]}" if dot and len(extension) <= 8 else name[:200]
    return name


def mandate_upload_check(upload) -> tuple[DetectedType | None, str]:
    """The type of a mandate document by its content, or a German message why it is refused.

    The upload form checks with this too; `network_mandate_document_set` checks again.
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
    if detected is None or detected.content_type not in MANDATE_TYPES:
        return None, str(MANDATE_TYPE_REFUSED)
    return detected, ""


@transaction.atomic
def network_mandate_document_set(*, actor, network: Network, upload) -> Network:
    """Upload or replace the document of a network's mandate; as for changing the network.

    The type is read from the content (PDF, ODT or DOCX only). The file is stored under a
    random name; a replaced file stays on disk so that the history can restore it.
    """
    _check(actor, network)
    detected, problem = mandate_upload_check(upload)
    if problem:
        raise ValidationError({"file": problem})
    locked = Network.all_objects.select_for_update().get(pk=network.pk)
    previous = locked.mandate_file_name
    locked.mandate_file_name = _clean_file_name(getattr(upload, "name", ""))
    locked.mandate_file_type = detected.content_type
    locked.mandate_file_size = upload.size
    upload.seek(0)
    locked.mandate_file.save(f"auftrag{detected.extension}", upload, save=False)
    try:
        # Not a versioned text edit: a parallel edit of the texts keeps working.
        locked.save(
            update_fields=[
                "mandate_file",
                "mandate_file_name",
                "mandate_file_type",
                "mandate_file_size",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            verb="network.mandate_document_uploaded",
            target=locked,
            data={
                "name": locked.mandate_file_name,
                "type": detected.content_type,
                "size": upload.size,
                "replaced": previous,
            },
        )
    except BaseException:
        locked.mandate_file.delete(save=False)
        raise
    for name in ("mandate_file", "mandate_file_name", "mandate_file_type", "mandate_file_size"):
        setattr(network, name, getattr(locked, name))
    _notify(
        actor=actor,
        network=network,
        verb="network.mandate_changed",
        summary=_("Zum Auftrag von %(network)s gibt es ein neues Dokument.")
        % {"network": network.name},
    )
    return network


@transaction.atomic
def network_mandate_document_remove(*, actor, network: Network) -> Network:
    """Take the mandate document off the page; the file stays for the history (restorable)."""
    _check(actor, network)
    locked = Network.all_objects.select_for_update().get(pk=network.pk)
    if not locked.mandate_file:
        return network
    name = locked.mandate_file_name
    locked.mandate_file = ""
    locked.mandate_file_name = ""
    locked.mandate_file_type = ""
    locked.mandate_file_size = None
    locked.save(
        update_fields=[
            "mandate_file",
            "mandate_file_name",
            "mandate_file_type",
            "mandate_file_size",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor, verb="network.mandate_document_removed", target=locked, data={"name": name}
    )
    for field in ("mandate_file", "mandate_file_name", "mandate_file_type", "mandate_file_size"):
        setattr(network, field, getattr(locked, field))
    _notify(
        actor=actor,
        network=network,
        verb="network.mandate_changed",
        summary=_("Das Dokument zum Auftrag von %(network)s wurde entfernt.")
        % {"network": network.name},
    )
    return network


# --- working groups ----------------------------------------------------------------------------


def eligible_people_ids(network: Network) -> set[int]:
    """Accounts that may join a working group: a role in a member municipality, or the
    network's coordination."""
    return set(working_group_people_choices(network=network).values_list("pk", flat=True))


def _validate_group(
    *,
    network: Network,
    group: WorkingGroup | None,
    values: dict,
    lead: Municipality | None,
    municipalities: list[Municipality],
    people: list,
) -> None:
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = _("Bitte geben Sie einen Namen ein.")
    _too_long(values, errors)
    if "name" not in errors:
        same_name = WorkingGroup.objects.filter(network=network, name__iexact=values["name"])
        if group is not None:
            same_name = same_name.exclude(pk=group.pk)
        if same_name.exists():
            errors["name"] = _("Eine Arbeitsgruppe mit diesem Namen gibt es im Netzwerk schon.")
    members = _member_ids(network)
    if lead is not None and lead.pk not in members:
        errors["lead"] = _("Die federführende Kommune muss Mitglied des Netzwerks sein.")
    outside = sorted(m.name for m in municipalities if m.pk not in members)
    if outside:
        errors["municipalities"] = _(
            "Nur Mitglieder des Netzwerks können mitwirken; nicht Mitglied: %(names)s."
        ) % {"names": ", ".join(outside)}
    if people:
        allowed = eligible_people_ids(network)
        strangers = [person for person in people if person.pk not in allowed]
        if strangers:
            errors["people"] = _(
                "Mitwirken können nur Personen mit einer Rolle in einer Mitgliedskommune oder "
                "in der Koordination des Netzwerks."
            )
    if errors:
        raise ValidationError(errors)


def _group_values(*, name, topics, description, meeting_rhythm) -> dict:
    return {
        "name": (name or "").strip(),
        "topics": (topics or "").strip(),
        "description": (description or "").strip(),
        "meeting_rhythm": (meeting_rhythm or "").strip(),
    }


@transaction.atomic
def working_group_create(
    *,
    actor,
    network: Network,
    name: str,
    topics: str = "",
    description: str = "",
    lead: Municipality | None = None,
    municipalities: Iterable[Municipality] = (),
    people: Iterable = (),
    meeting_rhythm: str = "",
) -> WorkingGroup:
    """Set up a working group of a network; its coordination and regional admins only.

    Lead and member municipalities must be members of the network, people must hold a role in
    one of them (or in the coordination). The lead takes part as well.
    """
    _check(actor, network)
    municipalities, people = list(municipalities), list(people)
    values = _group_values(
        name=name, topics=topics, description=description, meeting_rhythm=meeting_rhythm
    )
    _validate_group(
        network=network,
        group=None,
        values=values,
        lead=lead,
        municipalities=municipalities,
        people=people,
    )
    if lead is not None and lead.pk not in {m.pk for m in municipalities}:
        municipalities.append(lead)
    group = WorkingGroup(network=network, lead=lead, **values)
    group._history_user = actor if getattr(actor, "is_authenticated", False) else None
    group.save()
    group.municipalities.set(municipalities)
    group.people.set(people)
    audit_record(
        actor=actor,
        verb="working_group.created",
        target=network,
        data={
            "working_group": str(group.uuid),
            "name": group.name,
            "municipalities": sorted(m.ags for m in municipalities),
            "people": len(people),
        },
    )
    _notify(
        actor=actor,
        network=network,
        verb="working_group.created",
        summary=_("Neue Arbeitsgruppe „%(name)s“ in %(network)s.")
        % {"name": group.name, "network": network.name},
    )
    return group


@transaction.atomic
def working_group_update(
    *,
    actor,
    group: WorkingGroup,
    name: str,
    topics: str,
    description: str,
    lead: Municipality | None,
    municipalities: Iterable[Municipality],
    people: Iterable,
    meeting_rhythm: str,
    expected_version: int,
) -> WorkingGroup:
    """Change a working group; as for creating one. Raises EditConflict on a parallel edit."""
    network = group.network
    _check(actor, network)
    municipalities, people = list(municipalities), list(people)
    values = _group_values(
        name=name, topics=topics, description=description, meeting_rhythm=meeting_rhythm
    )
    _validate_group(
        network=network,
        group=group,
        values=values,
        lead=lead,
        municipalities=municipalities,
        people=people,
    )
    if lead is not None and lead.pk not in {m.pk for m in municipalities}:
        municipalities.append(lead)
    changed = sorted(name for name, value in values.items() if getattr(group, name) != value)
    if group.lead_id != (lead.pk if lead else None):
        changed.append("lead")
    for field, value in values.items():
        setattr(group, field, value)
    group.lead = lead
    group._history_user = actor if getattr(actor, "is_authenticated", False) else None
    save_versioned(group, expected_version=expected_version)
    before_m = set(group.municipalities.values_list("pk", flat=True))
    if before_m != {m.pk for m in municipalities}:
        group.municipalities.set(municipalities)
        changed.append("municipalities")
    before_p = set(group.people.values_list("pk", flat=True))
    if before_p != {p.pk for p in people}:
        group.people.set(people)
        changed.append("people")
    audit_record(
        actor=actor,
        verb="working_group.updated",
        target=network,
        data={"working_group": str(group.uuid), "name": group.name, "fields": changed},
    )
    if changed:
        _notify(
            actor=actor,
            network=network,
            verb="working_group.updated",
            summary=_("Die Arbeitsgruppe „%(name)s“ in %(network)s wurde geändert.")
            % {"name": group.name, "network": network.name},
        )
    return group


@transaction.atomic
def working_group_end(
    *, actor, group: WorkingGroup, ended_on: datetime.date | None = None
) -> WorkingGroup:
    """Mark a working group as ended (it stays on the page as ended); as for changing it."""
    network = group.network
    _check(actor, network)
    if group.status == WorkingGroupStatus.ENDED:
        return group
    group.status = WorkingGroupStatus.ENDED
    group.ended_on = ended_on or timezone.localdate()
    group._history_user = actor if getattr(actor, "is_authenticated", False) else None
    save_versioned(group, expected_version=group.version)
    audit_record(
        actor=actor,
        verb="working_group.ended",
        target=network,
        data={"working_group": str(group.uuid), "name": group.name},
    )
    _notify(
        actor=actor,
        network=network,
        verb="working_group.updated",
        summary=_("Die Arbeitsgruppe „%(name)s“ in %(network)s hat ihre Arbeit beendet.")
        % {"name": group.name, "network": network.name},
    )
    return group


@transaction.atomic
def working_group_delete(*, actor, group: WorkingGroup) -> WorkingGroup:
    """Remove a working group (soft: `working_group_restore` brings it back)."""
    network = group.network
    _check(actor, network)
    if group.deleted_at is None:
        group.deleted_at = timezone.now()
        group._history_user = actor if getattr(actor, "is_authenticated", False) else None
        save_versioned(group, expected_version=group.version)
        audit_record(
            actor=actor,
            verb="working_group.deleted",
            target=network,
            data={"working_group": str(group.uuid), "name": group.name},
        )
    return group


@transaction.atomic
def working_group_restore(*, actor, group: WorkingGroup) -> WorkingGroup:
    """Bring back a removed working group; as for changing the network.

    Refused (German) when an active group of the network took the same name meanwhile.
    """
    network = group.network
    _check(actor, network)
    if group.deleted_at is None:
        return group
    if WorkingGroup.objects.filter(network=network, name__iexact=group.name).exists():
        raise ValidationError(
            {"name": _("Eine Arbeitsgruppe mit diesem Namen gibt es im Netzwerk schon.")}
        )
    group.deleted_at = None
    group._history_user = actor if getattr(actor, "is_authenticated", False) else None
    save_versioned(group, expected_version=group.version)
    audit_record(
        actor=actor,
        verb="working_group.restored",
        target=network,
        data={"working_group": str(group.uuid), "name": group.name},
    )
    return group
