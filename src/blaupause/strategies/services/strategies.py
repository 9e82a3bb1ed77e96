"""Writes of a strategy itself: create, change its texts, move it through its lifecycle, and
publish numbered versions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import STATUS_TRANSITIONS, StrategyStatus
from ..errors import NothingToPublish, TransitionNotAllowed
from ..models import Strategy, StrategyStatusChange, StrategyVersion
from ..snapshot import build_snapshot, content_of
from ..validation import check_sources, is_http_url
from ._base import audit, german_slug, person, require_change, save_changed, save_new

__all__ = [
    "Decision",
    "strategy_create",
    "strategy_publish",
    "strategy_status_change",
    "strategy_update",
]

#: Texts of a strategy its editors change on the metadata form.
STRATEGY_TEXT_FIELDS = ("title", "slogan", "vision", "preamble", "reconstruction_notice", "sources")


@dataclass(frozen=True)
class Decision:
    """The formal decision that adopted a strategy (e.g. a council resolution)."""

    body: str
    on: date | None = None
    reference: str = ""
    note: str = ""


def _free_slug(title: str, wanted: str = "") -> str:
    base = german_slug(wanted or title)[:90] or "strategie"
    taken = set(Strategy.all_objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return next(
        slug
        for slug in (base if n == 1 else f"{base}-{n}" for n in range(1, 10_000))
        if slug not in taken
    )


@transaction.atomic
def strategy_create(
    *,
    actor,
    title: str,
    network=None,
    municipality=None,
    slug: str = "",
    slogan: str = "",
    vision: str = "",
    builds_on: Strategy | None = None,
) -> Strategy:
    """Start a new strategy (status draft) for a network or one municipality.

    Allowed for the network's coordination, the municipality's CDOs and regional admins.
    """
    if (network is None) == (municipality is None):
        raise ValidationError(
            _("Eine Strategie gehört entweder zu einem Netzwerk oder zu einer Kommune.")
        )
    owner = network or municipality
    if actor is not None and not actor.has_perm("strategies.add_strategy", owner):
        raise PermissionDenied(
            _(
                "Sie können nur für Ihr eigenes Netzwerk oder Ihre eigene Kommune eine "
                "Strategie anlegen."
            )
        )
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": [_("Bitte geben Sie einen Titel an.")]})
    if slug and Strategy.all_objects.filter(slug=slug).exists():
        raise ValidationError({"slug": [_("Dieser Kurzname ist schon vergeben.")]})
    strategy = Strategy(
        title=title,
        slug=slug or _free_slug(title),
        slogan=slogan,
        vision=vision,
        network=network,
        municipality=municipality,
        builds_on=builds_on,
        status=StrategyStatus.DRAFT,
    )
    strategy.full_clean(exclude={"network", "municipality", "builds_on", "uuid", "created_at"})
    save_new(strategy, actor=actor, reason=_("angelegt"))
    StrategyStatusChange.objects.create(
        strategy=strategy,
        from_status="",
        to_status=StrategyStatus.DRAFT,
        changed_by=person(actor),
        note=_("Strategie angelegt"),
    )
    audit(actor, "strategy.created", strategy, strategy=strategy)
    return strategy


@transaction.atomic
def strategy_update(
    *,
    actor,
    strategy: Strategy,
    values: Mapping[str, Any],
    expected_version: int,
    is_blueprint: bool | None = None,
) -> Strategy:
    """Change the texts and sources of a strategy; editors only. Marking it as blueprint
    (`is_blueprint`) needs a regional admin.

    Raises PermissionDenied, ValidationError (German, per field) or EditConflict.
    """
    require_change(actor, strategy)
    unknown = sorted(set(values) - set(STRATEGY_TEXT_FIELDS))
    if unknown:
        raise ValidationError(_("Unbekannte Felder: %(names)s.") % {"names": ", ".join(unknown)})
    changed = sorted(name for name, value in values.items() if getattr(strategy, name) != value)
    for name, value in values.items():
        setattr(strategy, name, value)
    if is_blueprint is not None and is_blueprint != strategy.is_blueprint:
        if actor is not None and not actor.has_perm("strategies.manage_blueprint", strategy):
            raise PermissionDenied(_("Nur die Regionaladministration kann Blaupausen festlegen."))
        strategy.is_blueprint = is_blueprint
        changed.append("is_blueprint")
    errors: dict[str, list[str]] = {}
    try:
        strategy.full_clean(
            exclude={"network", "municipality", "builds_on", "uuid", "created_at", "slug"},
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    source_errors = check_sources(strategy.sources)
    if source_errors:
        errors.setdefault("sources", []).extend(source_errors)
    if errors:
        raise ValidationError(errors)
    save_changed(strategy, actor=actor, expected_version=expected_version, reason=_("geändert"))
    audit(actor, "strategy.updated", strategy, strategy=strategy, data={"fields": changed})
    return strategy


def allowed_statuses(strategy: Strategy) -> list[str]:
    """The statuses that may follow the current one, in lifecycle order."""
    allowed = STATUS_TRANSITIONS.get(strategy.status, set())
    return [value for value in StrategyStatus.values if value in allowed]


@transaction.atomic
def strategy_status_change(
    *,
    actor,
    strategy: Strategy,
    to_status: str,
    expected_version: int,
    note: str = "",
    decision: Decision | None = None,
) -> StrategyStatusChange:
    """Move a strategy to the next status of its lifecycle; editors only.

    Only the transitions in `STATUS_TRANSITIONS` are allowed (TransitionNotAllowed otherwise).
    "Beschlossen" needs the decision: who decided, and the date or a note why it is unknown.
    Every change leaves a StrategyStatusChange row (who, when, note).
    """
    require_change(actor, strategy)
    if to_status not in StrategyStatus.values:
        raise TransitionNotAllowed(
            _("Den Status „%(status)s“ gibt es nicht.") % {"status": to_status}
        )
    if to_status not in STATUS_TRANSITIONS.get(strategy.status, set()):
        raise TransitionNotAllowed(
            _("Von „%(from)s“ kann die Strategie nicht zu „%(to)s“ wechseln.")
            % {
                "from": StrategyStatus(strategy.status).label,
                "to": StrategyStatus(to_status).label,
            }
        )
    if to_status == StrategyStatus.ADOPTED:
        _apply_decision(strategy, decision)
    from_status = strategy.status
    strategy.status = to_status
    save_changed(
        strategy,
        actor=actor,
        expected_version=expected_version,
        reason=_("Status: %(status)s") % {"status": StrategyStatus(to_status).label},
    )
    change = StrategyStatusChange.objects.create(
        strategy=strategy,
        from_status=from_status,
        to_status=to_status,
        changed_by=person(actor),
        note=note,
    )
    audit(
        actor,
        "strategy.status_changed",
        strategy,
        strategy=strategy,
        data={"from": from_status, "to": to_status},
    )
    return change


def _apply_decision(strategy: Strategy, decision: Decision | None) -> None:
    errors: dict[str, list[str]] = {}
    if decision is None or not decision.body.strip():
        errors["adopted_body"] = [_("Bitte geben Sie an, wer die Strategie beschlossen hat.")]
    elif decision.on is None and not decision.note.strip():
        errors["adopted_on"] = [
            _(
                "Bitte geben Sie das Datum des Beschlusses an – oder in der Anmerkung, warum "
                "es nicht bekannt ist."
            )
        ]
    if decision is not None and decision.on is not None and decision.on > timezone.localdate():
        errors["adopted_on"] = [_("Das Datum des Beschlusses liegt in der Zukunft.")]
    if decision is not None and decision.reference and not is_http_url(decision.reference):
        errors["adopted_reference"] = [
            _("Bitte geben Sie eine vollständige Adresse (https://…) an.")
        ]
    if errors:
        raise ValidationError(errors)
    strategy.adopted_body = decision.body.strip()
    strategy.adopted_on = decision.on
    strategy.adopted_reference = decision.reference
    strategy.adopted_note = decision.note.strip()


@transaction.atomic
def strategy_publish(*, actor, strategy: Strategy, note: str = "") -> StrategyVersion:
    """Freeze the current content as the next numbered, immutable version; editors only.

    Raises NothingToPublish when nothing changed since the latest version.
    """
    from ..selectors import strategy_content

    require_change(actor, strategy)
    # Lock the strategy row: two people publishing at once get numbers one after the other.
    Strategy.all_objects.select_for_update().filter(pk=strategy.pk).values_list("pk").get()
    snapshot = build_snapshot(strategy_content(strategy=strategy, children=True))
    latest = StrategyVersion.objects.filter(strategy=strategy).order_by("-number").first()
    if latest is not None and content_of(latest.snapshot) == content_of(snapshot):
        raise NothingToPublish(
            _("Seit Version %(number)d hat sich nichts geändert.") % {"number": latest.number}
        )
    number = (
        StrategyVersion.objects.filter(strategy=strategy).aggregate(top=Max("number"))["top"] or 0
    ) + 1
    version = StrategyVersion.objects.create(
        strategy=strategy,
        number=number,
        published_by=person(actor),
        note=note.strip(),
        snapshot=snapshot,
    )
    audit(
        actor,
        "strategy.published",
        strategy,
        strategy=strategy,
        data={"version": number},
    )
    return version
