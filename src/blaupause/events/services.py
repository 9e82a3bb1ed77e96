"""Writes of the events app: create, change and cancel events, their agenda, registrations
with a waiting list, attendance and reminders.

Every service checks the permission (`rules.py`), validates completely before it writes
(German messages per field, nothing saved half-way), records an audit event and tells
followers through `core.signals.activity` once the transaction committed.

Registrations change the number of free places, so every write that reads or changes it
holds a lock on the event row first (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite the
project's transactions are IMMEDIATE, so the whole transaction holds the write lock). Inside
the lock the confirmed registrations are counted; parallel registrations and cancellations
are thereby serialised and never overbook an event or lose a waiting-list place.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.accounts.models import User
from blaupause.core.audit import audit_record
from blaupause.core.concurrency import save_versioned
from blaupause.core.signals import activity
from blaupause.regions.models import Municipality, Network, Region
from blaupause.strategies.constants import StrategyStatus
from blaupause.strategies.models import Measure

from .constants import MAX_TEXT_LENGTH, Audience, EventFormat, RegistrationStatus
from .models import AgendaItem, Event, Registration

__all__ = [
    "EVENT_DENIED",
    "agenda_item_add",
    "agenda_item_remove",
    "attendance_record",
    "event_cancel",
    "event_create",
    "event_reminders_send",
    "event_update",
    "measures_visible_to_event",
    "registration_cancel",
    "registration_create",
]

EVENT_DENIED = gettext_lazy(
    "Veranstaltungen verwalten nur die Koordination des Netzwerks, die Regionaladministration "
    "und die Person, die die Veranstaltung organisiert."
)
REGISTER_DENIED = gettext_lazy("Für diese Veranstaltung können Sie sich nicht anmelden.")
#: Reminders go out this long before the start (the command runs hourly).
REMINDER_BEFORE = datetime.timedelta(hours=24)

EVENT_FIELDS = (
    "title",
    "description",
    "format",
    "audience",
    "starts_at",
    "ends_at",
    "location_name",
    "address",
    "video_url",
    "capacity",
    "registration_deadline",
    "registration_open",
)
_TEXT_LIMITS = {"title": 200, "location_name": 200, "video_url": 500}


class _Unset:
    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "UNSET"


UNSET: Any = _Unset()


# --- helpers -----------------------------------------------------------------------------------


def _history_user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _format_when(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _audit_value(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _notify(*, actor, event: Event, verb: str, summary: str, private: bool) -> None:
    url = event.get_absolute_url()
    transaction.on_commit(
        lambda: activity.send(
            sender=Event,
            target=event,
            verb=verb,
            actor=actor,
            summary=summary,
            url=url,
            private=private,
        )
    )


def _enqueue_mail(kind: str, registration_ids: Iterable[int]) -> None:
    """Send mails of `kind` to these registrations in the background, after the commit."""
    ids = [int(pk) for pk in registration_ids]
    if not ids:
        return

    def enqueue():
        from .tasks import send_registration_mails

        send_registration_mails.enqueue(kind, ids)

    transaction.on_commit(enqueue)


def _lock(event: Event) -> Event:
    """Hold the event row until the transaction ends; return its stored state."""
    return Event.all_objects.select_for_update().get(pk=event.pk)


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def _fill_free_places(event: Event) -> list[Registration]:
    """Move the longest-waiting people up while places are free (the event is locked)."""
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
    if event.capacity is not None:
        free = event.capacity - _confirmed_count(event)
        if free <= 0:
            return []
        waiting = waiting.order_by("registered_at", "id")[:free]
    else:
        waiting = waiting.order_by("registered_at", "id")
    promoted = list(waiting)
    now = timezone.now()
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        audit_record(
            actor=None,
            verb="registration.promoted",
            target=registration,
            data={"event": str(event.uuid)},
        )
    _enqueue_mail("promoted", [registration.pk for registration in promoted])
    return promoted


def measures_visible_to_event(event_or_owner) -> Q:
    """Measures an event may put on its agenda: of its own network's strategies (any status)
    and of every strategy that left the draft status; never deleted ones."""
    network_id = None
    if isinstance(event_or_owner, Network):
        network_id = event_or_owner.pk
    elif isinstance(event_or_owner, Event):
        network_id = event_or_owner.network_id
    visible = ~Q(strategy__status=StrategyStatus.DRAFT)
    if network_id:
        visible |= Q(strategy__network_id=network_id)
    return Q(deleted_at__isnull=True, strategy__deleted_at__isnull=True) & visible


def _validate(values: dict[str, Any], *, confirmed: int = 0) -> dict[str, Any]:
    """Check and normalise the fields of an event; one ValidationError with every problem."""
    errors: dict[str, str] = {}
    for name in ("title", "description", "location_name", "address", "video_url"):
        values[name] = (values.get(name) or "").strip()
    if not values["title"]:
        errors["title"] = _("Bitte geben Sie einen Titel ein.")
    for name, limit in _TEXT_LIMITS.items():
        if len(values[name]) > limit:
            errors[name] = _("Höchstens %(limit)s Zeichen.") % {"limit": limit}
    for name in ("description", "address"):
        if len(values[name]) > MAX_TEXT_LENGTH:
            errors[name] = _("Höchstens %(limit)s Zeichen.") % {"limit": MAX_TEXT_LENGTH}
    if values["format"] not in EventFormat.values:
        errors["format"] = _("Bitte wählen Sie eines der angebotenen Formate.")
    if values["audience"] not in Audience.values:
        errors["audience"] = _("Bitte wählen Sie eine der angebotenen Zielgruppen.")
    starts, ends = values.get("starts_at"), values.get("ends_at")
    for name, value in (("starts_at", starts), ("ends_at", ends)):
        if not isinstance(value, datetime.datetime):
            errors[name] = _("Bitte geben Sie Datum und Uhrzeit ein.")
        elif timezone.is_naive(value):
            values[name] = timezone.make_aware(value)
    if (
        "starts_at" not in errors
        and "ends_at" not in errors
        and values["ends_at"] <= values["starts_at"]
    ):
        errors["ends_at"] = _("Das Ende muss nach dem Beginn liegen.")
    deadline = values.get("registration_deadline")
    if deadline is not None:
        if not isinstance(deadline, datetime.datetime):
            errors["registration_deadline"] = _("Bitte geben Sie Datum und Uhrzeit ein.")
        else:
            if timezone.is_naive(deadline):
                values["registration_deadline"] = deadline = timezone.make_aware(deadline)
            if "starts_at" not in errors and deadline > values["starts_at"]:
                errors["registration_deadline"] = _(
                    "Der Anmeldeschluss darf nicht nach dem Beginn liegen."
                )
    if values["format"] in (EventFormat.IN_PERSON, EventFormat.HYBRID) and not (
        values["location_name"] or values["address"]
    ):
        errors["address"] = _("Bitte geben Sie an, wo die Veranstaltung stattfindet.")
    if values["video_url"]:
        try:
            URLValidator(schemes=["https", "http"])(values["video_url"])
        except ValidationError:
            errors["video_url"] = _(
                "Bitte geben Sie eine vollständige Adresse ein, die mit https:// beginnt."
            )
    capacity = values.get("capacity")
    if capacity in ("", None):
        values["capacity"] = None
    else:
        try:
            capacity = int(capacity)
        except (TypeError, ValueError):
            errors["capacity"] = _("Bitte geben Sie eine ganze Zahl ein.")
        else:
            if capacity < 1:
                errors["capacity"] = _("Eine Veranstaltung hat mindestens einen Platz.")
            elif capacity < confirmed:
                errors["capacity"] = _(
                    "Es sind bereits %(count)s Personen fest angemeldet. Die Zahl der Plätze "
                    "darf nicht kleiner sein; melden Sie zuerst Personen ab."
                ) % {"count": confirmed}
            values["capacity"] = capacity
    values["registration_open"] = bool(values.get("registration_open"))
    if errors:
        raise ValidationError(errors)
    return values


def _invitees(event: Event, municipalities, users) -> None:
    if municipalities is not UNSET:
        event.invited_municipalities.set(list(municipalities or []))
    if users is not UNSET:
        event.invited_users.set(list(users or []))


def _owner_region_ok(owner, municipalities) -> None:
    """Invited municipalities must lie in the region of the event (no strangers)."""
    if municipalities is UNSET or not municipalities:
        return
    region_id = owner.pk if isinstance(owner, Region) else owner.region_id
    if region_id is None:
        return
    outside = [m for m in municipalities if m.district.region_id != region_id]
    if outside:
        raise ValidationError(
            {
                "invited_municipalities": _(
                    "Diese Kommunen liegen nicht in der Region der Veranstaltung: %(names)s"
                )
                % {"names": ", ".join(m.name for m in outside)}
            }
        )


# --- events ------------------------------------------------------------------------------------


@transaction.atomic
def event_create(
    *,
    actor,
    owner: Network | Region,
    invited_municipalities: Iterable[Municipality] = UNSET,
    invited_users: Iterable[User] = UNSET,
    **fields,
) -> Event:
    """Create an event of a network (its coordination, regional admins) or of a region.

    `fields` are the event's own fields (`EVENT_FIELDS`). Raises PermissionDenied or a
    ValidationError with German messages per field. The creator becomes the organiser.
    """
    if not actor.has_perm("events.add_event", owner):
        raise PermissionDenied(EVENT_DENIED)
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    values = _validate(
        {
            "description": "",
            "format": EventFormat.DIGITAL,
            "audience": Audience.MEMBERS,
            "location_name": "",
            "address": "",
            "video_url": "",
            "capacity": None,
            "registration_deadline": None,
            "registration_open": True,
            **fields,
        }
    )
    _owner_region_ok(owner, invited_municipalities)
    event = Event(
        network=owner if isinstance(owner, Network) else None,
        region=owner if isinstance(owner, Region) else None,
        organiser=_history_user(actor),
        **values,
    )
    event._history_user = _history_user(actor)
    event.save()
    _invitees(event, invited_municipalities, invited_users)
    audit_record(
        actor=actor,
        verb="event.created",
        target=event,
        data={k: _audit_value(v) for k, v in values.items() if k != "description"},
    )
    _notify(
        actor=actor,
        event=event,
        verb="event.created",
        summary=_("Neue Veranstaltung: %(title)s am %(when)s")
        % {"title": event.title, "when": _format_when(event.starts_at)},
        private=event.audience != Audience.PUBLIC,
    )
    return event


@transaction.atomic
def event_update(
    *,
    actor,
    event: Event,
    expected_version: int,
    invited_municipalities: Iterable[Municipality] = UNSET,
    invited_users: Iterable[User] = UNSET,
    **fields,
) -> Event:
    """Change an event; those who may manage it only.

    Fields left out keep their value. A capacity below the number of confirmed registrations
    is refused; a larger one moves people up from the waiting list. Raises PermissionDenied,
    ValidationError or EditConflict (someone saved since `expected_version`).
    """
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied(EVENT_DENIED)
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    stored = _lock(event)
    if stored.deleted_at is not None:
        raise ValidationError(_("Diese Veranstaltung wurde gelöscht."))
    if stored.is_cancelled:
        raise ValidationError(_("Eine abgesagte Veranstaltung kann nicht mehr geändert werden."))
    values = {name: getattr(event, name) for name in EVENT_FIELDS}
    values.update(fields)
    values = _validate(values, confirmed=_confirmed_count(event))
    _owner_region_ok(event.owner, invited_municipalities)
    changed = {
        name: [_audit_value(getattr(event, name)), _audit_value(value)]
        for name, value in values.items()
        if getattr(event, name) != value and name != "description"
    }
    if values["description"] != event.description:
        changed["description"] = ["…", "…"]
    for name, value in values.items():
        setattr(event, name, value)
    event._history_user = _history_user(actor)
    save_versioned(event, expected_version=expected_version)
    _invitees(event, invited_municipalities, invited_users)
    promoted = _fill_free_places(event)
    if promoted:
        changed["promoted"] = len(promoted)
    audit_record(actor=actor, verb="event.updated", target=event, data=changed)
    _notify(
        actor=actor,
        event=event,
        verb="event.updated",
        summary=_("Die Veranstaltung „%(title)s“ wurde geändert.") % {"title": event.title},
        private=event.audience != Audience.PUBLIC,
    )
    return event


@transaction.atomic
def event_cancel(*, actor, event: Event, reason: str, expected_version: int) -> Event:
    """Cancel an event with a reason; everyone registered or waiting gets a mail."""
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied(EVENT_DENIED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte nennen Sie den Grund der Absage.")})
    if len(reason) > MAX_TEXT_LENGTH:
        raise ValidationError(
            {"reason": _("Höchstens %(limit)s Zeichen.") % {"limit": MAX_TEXT_LENGTH}}
        )
    stored = _lock(event)
    if stored.is_cancelled:
        raise ValidationError(_("Diese Veranstaltung ist bereits abgesagt."))
    event.cancelled_at = timezone.now()
    event.cancel_reason = reason
    event.registration_open = False
    event._history_user = _history_user(actor)
    save_versioned(event, expected_version=expected_version)
    recipients = list(
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list("pk", flat=True)
    )
    _enqueue_mail("event_cancelled", recipients)
    audit_record(
        actor=actor,
        verb="event.cancelled",
        target=event,
        data={"reason": reason, "informed": len(recipients)},
    )
    _notify(
        actor=actor,
        event=event,
        verb="event.cancelled",
        summary=_("Die Veranstaltung „%(title)s“ wurde abgesagt.") % {"title": event.title},
        private=event.audience != Audience.PUBLIC,
    )
    return event


# --- agenda ------------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(
    *,
    actor,
    event: Event,
    title: str,
    starts_at: datetime.time | None = None,
    description: str = "",
    measures: Iterable[Measure] = (),
) -> AgendaItem:
    """Add a point to the agenda, optionally about measures the event's network may see."""
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied(EVENT_DENIED)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    description = (description or "").strip()
    if not title:
        errors["title"] = _("Bitte geben Sie einen Titel ein.")
    elif len(title) > 200:
        errors["title"] = _("Höchstens %(limit)s Zeichen.") % {"limit": 200}
    if len(description) > MAX_TEXT_LENGTH:
        errors["description"] = _("Höchstens %(limit)s Zeichen.") % {"limit": MAX_TEXT_LENGTH}
    if starts_at is not None and not isinstance(starts_at, datetime.time):
        errors["starts_at"] = _("Bitte geben Sie eine Uhrzeit ein, z. B. 10:30.")
    measures = list(measures or [])
    if measures:
        allowed = set(
            Measure.objects.filter(measures_visible_to_event(event))
            .filter(pk__in=[m.pk for m in measures])
            .values_list("pk", flat=True)
        )
        hidden = [m for m in measures if m.pk not in allowed]
        if hidden:
            errors["measures"] = _(
                "Diese Maßnahmen gehören zu einer Strategie, die das Netzwerk der Veranstaltung "
                "nicht sehen kann: %(keys)s"
            ) % {"keys": ", ".join(m.key for m in hidden)}
    if errors:
        raise ValidationError(errors)
    last = event.agenda_items.order_by("-order").values_list("order", flat=True).first()
    item = AgendaItem(
        event=event,
        order=(last or 0) + 1,
        title=title,
        starts_at=starts_at,
        description=description,
    )
    item._history_user = _history_user(actor)
    item.save()
    item.measures.set(measures)
    audit_record(
        actor=actor,
        verb="event.agenda_item_added",
        target=event,
        data={"title": title, "measures": [m.key for m in measures]},
    )
    return item


@transaction.atomic
def agenda_item_remove(*, actor, item: AgendaItem) -> AgendaItem:
    """Remove a point of the agenda (soft, restorable)."""
    event = item.event
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied(EVENT_DENIED)
    if item.deleted_at is None:
        item.deleted_at = timezone.now()
        item._history_user = _history_user(actor)
        item.save(update_fields=["deleted_at", "updated_at"])
        audit_record(
            actor=actor,
            verb="event.agenda_item_removed",
            target=event,
            data={"title": item.title},
        )
    return item


# --- registrations -----------------------------------------------------------------------------


def _registration_municipality(user, event: Event) -> Municipality | None:
    """The municipality a person registers for: one of theirs in the network, else any."""
    ids = user.roles.member_municipality_ids
    if not ids:
        return None
    candidates = Municipality.objects.filter(pk__in=ids).order_by("name")
    if event.network_id:
        in_network = candidates.filter(networks=event.network_id).first()
        if in_network is not None:
            return in_network
    return candidates.first()


def registration_closed_reason(event: Event, *, now: datetime.datetime | None = None) -> str:
    """Why nobody can register now (German), or "" when registration is possible."""
    now = now or timezone.now()
    if event.deleted_at is not None:
        return _("Diese Veranstaltung gibt es nicht mehr.")
    if event.is_cancelled:
        return _("Diese Veranstaltung wurde abgesagt.")
    if event.starts_at <= now:
        return _("Die Veranstaltung hat bereits begonnen; eine Anmeldung ist nicht mehr möglich.")
    if event.registration_deadline is not None and event.registration_deadline < now:
        return _("Der Anmeldeschluss (%(deadline)s) ist vorbei.") % {
            "deadline": _format_when(event.registration_deadline)
        }
    if not event.registration_open:
        return _("Die Anmeldung ist geschlossen.")
    return ""


@transaction.atomic
def registration_create(*, actor, event: Event, note: str = "") -> Registration:
    """Register the actor: a free place confirms, a full event puts them on the waiting list.

    Raises PermissionDenied for people who may not see the event, ValidationError (German)
    when they are registered already, past the deadline or for a cancelled event.
    """
    if not actor.has_perm("events.register_event", event):
        raise PermissionDenied(REGISTER_DENIED)
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationError({"note": _("Höchstens %(limit)s Zeichen.") % {"limit": 500}})
    event = _lock(event)
    reason = registration_closed_reason(event)
    if reason:
        raise ValidationError(reason)
    existing = (
        Registration.objects.filter(event=event, user=actor)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if existing is not None:
        if existing.status == RegistrationStatus.WAITLISTED:
            raise ValidationError(_("Sie stehen bereits auf der Warteliste."))
        raise ValidationError(_("Sie sind bereits angemeldet."))
    full = event.capacity is not None and _confirmed_count(event) >= event.capacity
    waiting = (
        full
        or Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).exists()
    )
    registration = Registration(
        event=event,
        user=actor,
        municipality=_registration_municipality(actor, event),
        status=RegistrationStatus.WAITLISTED if waiting else RegistrationStatus.CONFIRMED,
        note=note,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise ValidationError(_("Sie sind bereits angemeldet.")) from None
    audit_record(
        actor=actor,
        verb="registration.created",
        target=registration,
        data={"event": str(event.uuid), "status": registration.status},
    )
    _enqueue_mail(
        "confirmed" if registration.status == RegistrationStatus.CONFIRMED else "waitlisted",
        [registration.pk],
    )
    _notify(
        actor=actor,
        event=event,
        verb="registration.created",
        summary=_("%(name)s hat sich zu „%(title)s“ angemeldet.")
        % {"name": str(actor), "title": event.title},
        private=True,
    )
    return registration


@transaction.atomic
def registration_cancel(*, actor, registration: Registration) -> Registration:
    """Cancel a registration (the person themselves or those managing the event).

    A freed place goes to the longest-waiting person, who gets a mail.
    """
    event = registration.event
    if registration.user_id != getattr(actor, "pk", None) and not actor.has_perm(
        "events.change_event", event
    ):
        raise PermissionDenied(_("Sie können nur Ihre eigene Anmeldung zurückziehen."))
    event = _lock(event)
    registration = Registration.objects.select_related("user").get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("Diese Anmeldung ist bereits zurückgezogen."))
    if event.ends_at <= timezone.now():
        raise ValidationError(_("Die Veranstaltung ist vorbei; Abmelden ist nicht mehr nötig."))
    was = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    promoted = []
    if was == RegistrationStatus.CONFIRMED and not event.is_cancelled:
        promoted = _fill_free_places(event)
    audit_record(
        actor=actor,
        verb="registration.cancelled",
        target=registration,
        data={"event": str(event.uuid), "was": was, "promoted": len(promoted)},
    )
    _notify(
        actor=actor,
        event=event,
        verb="registration.cancelled",
        summary=_("%(name)s hat sich von „%(title)s“ abgemeldet.")
        % {"name": str(registration.user), "title": event.title},
        private=True,
    )
    return registration


@transaction.atomic
def attendance_record(*, actor, event: Event, attended: Iterable[int]) -> int:
    """Record who attended: the given confirmed registrations did, the others did not.

    Returns the number of people marked as present.
    """
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied(EVENT_DENIED)
    attended = {int(pk) for pk in attended}
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    unknown = attended - set(confirmed.values_list("pk", flat=True))
    if unknown:
        raise ValidationError(_("Teilnahme erfassen Sie nur für fest angemeldete Personen."))
    present = confirmed.filter(pk__in=attended).update(attended=True)
    confirmed.exclude(pk__in=attended).update(attended=False)
    audit_record(
        actor=actor, verb="event.attendance_recorded", target=event, data={"present": present}
    )
    return present


# --- reminders ---------------------------------------------------------------------------------


def event_reminders_send(*, now: datetime.datetime | None = None) -> list[Event]:
    """Mark and remind every event starting within the next 24 hours, once per event.

    Each event is handled in its own transaction with its row locked, so two runs at the
    same time never remind twice. Confirmed participants get the mail.
    """
    now = now or timezone.now()
    due = Event.objects.filter(
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_BEFORE,
        cancelled_at__isnull=True,
        reminder_sent_at__isnull=True,
    ).values_list("pk", flat=True)
    reminded = []
    for pk in list(due):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=pk)
            if event.reminder_sent_at is not None or event.is_cancelled:
                continue
            # A plain update: the reminder is bookkeeping, not a change of the event's history.
            Event.all_objects.filter(pk=pk).update(reminder_sent_at=now)
            recipients = list(
                Registration.objects.filter(
                    event=event, status=RegistrationStatus.CONFIRMED
                ).values_list("pk", flat=True)
            )
            _enqueue_mail("reminder", recipients)
            audit_record(
                actor=None,
                verb="event.reminder_sent",
                target=event,
                data={"recipients": len(recipients)},
            )
            reminded.append(event)
    return reminded
