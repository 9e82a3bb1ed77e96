"""Writes of minutes and decisions of an event; the organisers (`events.change_event`) only.

A decision may create or change a measure of a strategy of the event's network (through the
strategies services) or a commitment of a member municipality (through the commitments
services). Those services check the actor's own rights; a refusal rolls everything back.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.commitments import services as commitment_services
from blaupause.commitments.models import Commitment
from blaupause.core.audit import audit_record
from blaupause.core.concurrency import save_versioned
from blaupause.core.signals import activity
from blaupause.strategies.services.items import item_create, item_update

from .constants import MAX_TEXT_LENGTH, DecisionKind
from .models import Decision, Event

__all__ = ["decision_delete", "decision_record", "minutes_update"]

MANAGE_DENIED = gettext_lazy(
    "Protokoll und Beschlüsse erfassen nur die Organisatorinnen und Organisatoren."
)


def _require_manage(actor, event: Event) -> None:
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied(MANAGE_DENIED)


def _require_started(event: Event) -> None:
    if event.starts_at > timezone.now():
        raise ValidationError(
            _("Protokoll und Beschlüsse können erst ab Beginn der Veranstaltung erfasst werden.")
        )


def _announce(*, event: Event, actor, verb: str, summary: str) -> None:
    private = event.audience != "public"
    transaction.on_commit(
        lambda: activity.send(
            sender=Event,
            target=event,
            verb=verb,
            actor=actor,
            summary=summary,
            url=event.get_absolute_url(),
            private=private,
        )
    )


@transaction.atomic
def minutes_update(
    *, actor, event: Event, minutes: str, publish: bool, expected_version: int
) -> Event:
    """Save the minutes of an event (safe Markdown) and publish or withdraw them.

    Raises PermissionDenied, ValidationError (German) or EditConflict when someone saved since
    `expected_version`.
    """
    _require_manage(actor, event)
    _require_started(event)
    minutes = (minutes or "").strip()
    if len(minutes) > MAX_TEXT_LENGTH:
        raise ValidationError(
            {
                "minutes": _("Das Protokoll darf höchstens %(limit)s Zeichen haben.")
                % {"limit": MAX_TEXT_LENGTH}
            }
        )
    if publish and not minutes:
        raise ValidationError(
            {"minutes": _("Ein leeres Protokoll kann nicht veröffentlicht werden.")}
        )
    newly_published = publish and event.minutes_published_at is None
    event.minutes = minutes
    if publish:
        event.minutes_published_at = event.minutes_published_at or timezone.now()
    else:
        event.minutes_published_at = None
    event._history_user = actor
    event._change_reason = _("Protokoll")
    save_versioned(event, expected_version=expected_version)
    audit_record(
        actor=actor,
        verb="event.minutes_updated",
        target=event,
        data={"published": bool(publish), "length": len(minutes)},
    )
    if newly_published:
        _announce(
            event=event,
            actor=actor,
            verb="event.minutes_published",
            summary=_("Das Protokoll von „%(event)s“ ist da.") % {"event": event.title},
        )
    return event


def _check_measure(event: Event, measure) -> None:
    if (
        measure is None
        or measure.deleted_at is not None
        or event.network_id is None
        or measure.strategy.network_id != event.network_id
    ):
        raise ValidationError(
            {"measure": _("Bitte wählen Sie eine Maßnahme einer Strategie dieses Netzwerks.")}
        )


def _check_municipality(event: Event, municipality) -> None:
    if (
        municipality is None
        or event.network_id is None
        or not event.network.municipalities.filter(pk=municipality.pk).exists()
    ):
        raise ValidationError(
            {"municipality": _("Bitte wählen Sie eine Mitgliedskommune dieses Netzwerks.")}
        )


@transaction.atomic
def decision_record(
    *,
    actor,
    event: Event,
    text: str,
    kind: str = DecisionKind.NOTE,
    field=None,
    measure=None,
    measure_title: str = "",
    measure_summary: str = "",
    municipality=None,
    commitment_status: str = "",
) -> Decision:
    """Record a decision of an event and carry it out.

    - ``note``: only the text.
    - ``measure_created``: a new measure titled `measure_title` in the field of action `field`
      (of a strategy of the event's network).
    - ``measure_updated``: `measure` gets `measure_title` and/or `measure_summary`.
    - ``commitment_created`` / ``commitment_updated``: `municipality` commits to `measure`, or
      its commitment gets `commitment_status`.

    The actor needs `events.change_event` and, for the linked change, the right the strategies
    or commitments services ask for. Raises PermissionDenied or ValidationError (German).
    """
    _require_manage(actor, event)
    _require_started(event)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Bitte geben Sie den Beschluss ein.")})
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(
            {
                "text": _("Der Beschluss darf höchstens %(limit)s Zeichen haben.")
                % {"limit": MAX_TEXT_LENGTH}
            }
        )
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": _("Bitte wählen Sie, was beschlossen wurde.")})
    decision = Decision(event=event, text=text, kind=kind, recorded_by=actor)
    measure_title = (measure_title or "").strip()
    measure_summary = (measure_summary or "").strip()

    if kind == DecisionKind.MEASURE_CREATED:
        strategy = getattr(field, "strategy", None)
        if field is None or event.network_id is None or strategy.network_id != event.network_id:
            raise ValidationError(
                {"field": _("Bitte wählen Sie ein Handlungsfeld einer Strategie dieses Netzwerks.")}
            )
        if not measure_title:
            raise ValidationError(
                {"measure_title": _("Bitte geben Sie den Titel der Maßnahme ein.")}
            )
        values = {"title": measure_title, "field": field}
        if measure_summary:
            values["summary"] = measure_summary
        decision.measure = item_create(
            actor=actor,
            strategy=strategy,
            kind="measure",
            values=values,
            reason=_("Beschluss: %(event)s") % {"event": event.title},
        )
    elif kind == DecisionKind.MEASURE_UPDATED:
        _check_measure(event, measure)
        values = {}
        if measure_title:
            values["title"] = measure_title
        if measure_summary:
            values["summary"] = measure_summary
        if not values:
            raise ValidationError(
                {
                    "measure_title": _(
                        "Bitte geben Sie einen neuen Titel oder eine Kurzbeschreibung ein."
                    )
                }
            )
        decision.measure = item_update(
            actor=actor,
            item=measure,
            values=values,
            expected_version=measure.version,
            reason=_("Beschluss: %(event)s") % {"event": event.title},
        )
    elif kind in (DecisionKind.COMMITMENT_CREATED, DecisionKind.COMMITMENT_UPDATED):
        _check_measure(event, measure)
        _check_municipality(event, municipality)
        existing = _commitment_of(municipality=municipality, measure=measure)
        if kind == DecisionKind.COMMITMENT_CREATED:
            if existing is not None:
                raise ValidationError(
                    {
                        "municipality": _(
                            "%(municipality)s ist an dieser Maßnahme bereits beteiligt."
                        )
                        % {"municipality": municipality.name}
                    }
                )
            options = {"status": commitment_status} if commitment_status else {}
            decision.commitment = commitment_services.commitment_create(
                actor=actor, municipality=municipality, measure=measure, **options
            )
        else:
            if existing is None:
                raise ValidationError(
                    {
                        "municipality": _(
                            "%(municipality)s ist an dieser Maßnahme noch nicht beteiligt."
                        )
                        % {"municipality": municipality.name}
                    }
                )
            if not commitment_status:
                raise ValidationError({"commitment_status": _("Bitte wählen Sie den neuen Stand.")})
            decision.commitment = commitment_services.commitment_update(
                actor=actor,
                commitment=existing,
                expected_version=existing.version,
                status=commitment_status,
            )
        decision.measure = measure

    top = Decision.objects.filter(event=event).aggregate(top=Max("order"))["top"]
    decision.order = (top or 0) + 1
    decision._history_user = actor
    decision.save()
    audit_record(
        actor=actor,
        verb="decision.recorded",
        target=decision,
        data={
            "event": str(event.uuid),
            "kind": kind,
            "measure": str(decision.measure.uuid) if decision.measure_id else None,
            "commitment": str(decision.commitment.uuid) if decision.commitment_id else None,
        },
    )
    _announce(
        event=event,
        actor=actor,
        verb="decision.recorded",
        summary=_("Neuer Beschluss in „%(event)s“: %(text)s")
        % {"event": event.title, "text": text[:120]},
    )
    return decision


def _commitment_of(*, municipality, measure):
    """The living commitment of a municipality to a measure, or None (read inside the write)."""
    return Commitment.objects.filter(municipality=municipality, measure=measure).first()


@transaction.atomic
def decision_delete(*, actor, decision: Decision) -> None:
    """Remove a decision (soft; what it created or changed stays). Organisers only."""
    _require_manage(actor, decision.event)
    if decision.deleted_at is not None:
        return
    decision.deleted_at = timezone.now()
    decision._history_user = actor
    save_versioned(decision, expected_version=decision.version)
    audit_record(actor=actor, verb="decision.deleted", target=decision)
