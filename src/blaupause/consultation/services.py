"""Writes of the consultation app: open and close rounds, comment, reply, outcomes, moderation.

Every function is keyword-only and transactional, checks its permission with rules, raises
`ValidationError` with German messages (nothing written half-way), records an audit event,
keeps history (django-simple-history on Comment and Consultation) and, where someone may
follow it, sends `core.signals.activity` after the commit.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.core.audit import audit_record
from blaupause.core.concurrency import EditConflict
from blaupause.core.signals import activity
from blaupause.strategies.constants import StrategyStatus
from blaupause.strategies.services import strategy_status_change

from .constants import (
    MAX_COMMENT_LENGTH,
    MAX_INTRO_LENGTH,
    MAX_REASON_LENGTH,
    MAX_REPLY_LENGTH,
    TARGET_FIELDS,
    Outcome,
    Section,
)
from .models import Comment, CommentReport, Consultation
from .rules import network_municipality_ids

if TYPE_CHECKING:
    from blaupause.strategies.models import Strategy

__all__ = [
    "PARTICIPATION_DENIED",
    "RUN_DENIED",
    "comment_create",
    "comment_hide",
    "comment_report",
    "comment_restore",
    "comment_set_outcome",
    "consultation_close",
    "consultation_open",
]

RUN_DENIED = gettext_lazy(
    "Nur wer die Strategie ändern darf (Koordination, Digitalverantwortliche, "
    "Regionaladministration), kann die Konsultation leiten."
)
PARTICIPATION_DENIED = gettext_lazy(
    "An dieser Konsultation können nur die Mitglieder des Netzwerks oder der Kommune teilnehmen."
)
CONSULTATION_OVER = gettext_lazy(
    "Die Konsultation ist beendet. Neue Kommentare und Meldungen sind nicht mehr möglich."
)


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _mark(instance, actor, reason: str) -> None:
    instance._history_user = _person(actor)
    instance._change_reason = reason


def _notify(*, actor, target, verb: str, summary: str, url: str, strategy: Strategy) -> None:
    private = strategy.status == StrategyStatus.DRAFT
    transaction.on_commit(
        lambda: activity.send(
            sender=Comment,
            target=target,
            verb=verb,
            actor=_person(actor),
            summary=summary,
            url=url,
            private=private,
        )
    )


def _check_text(text: str, *, field: str, limit: int, empty: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: empty})
    if len(text) > limit:
        raise ValidationError(
            {
                field: _(
                    "Höchstens %(limit)s Zeichen, Ihr Text hat %(count)s. "
                    "Bitte kürzen Sie ihn, er bleibt dafür hier stehen."
                )
                % {"limit": f"{limit:,}".replace(",", "."), "count": len(text)}
            }
        )
    return text


# --- rounds --------------------------------------------------------------------------------------


def consultation_current(*, strategy: Strategy) -> Consultation | None:
    """The latest round of a strategy (open or ended), or None."""
    return Consultation.objects.filter(strategy=strategy).order_by("-starts_at", "-id").first()


@transaction.atomic
def consultation_open(
    *, actor, strategy: Strategy, ends_at: datetime.datetime | None, intro: str = ""
) -> Consultation:
    """Open a round until `ends_at` and move the strategy to "Konsultation"; editors only."""
    if not actor.has_perm("consultation.open_consultation", strategy):
        raise PermissionDenied(RUN_DENIED)
    now = timezone.now()
    if ends_at is None:
        raise ValidationError(
            {"ends_on": _("Bitte geben Sie an, bis wann kommentiert werden kann.")}
        )
    if ends_at <= now:
        raise ValidationError(
            {"ends_on": _("Das Ende der Konsultation muss in der Zukunft liegen.")}
        )
    intro = (intro or "").strip()
    if len(intro) > MAX_INTRO_LENGTH:
        raise ValidationError(
            {"intro": _("Höchstens %(limit)s Zeichen.") % {"limit": MAX_INTRO_LENGTH}}
        )
    running = Consultation.objects.select_for_update().filter(
        strategy=strategy, closed_at__isnull=True, ends_at__gt=now
    )
    if running.exists():
        raise ValidationError(
            _("Für diese Strategie läuft bereits eine Konsultation. Beenden Sie sie zuerst.")
        )
    if strategy.status != StrategyStatus.CONSULTATION:
        # Raises TransitionNotAllowed (a ValidationError with a German message) e.g. for an
        # adopted strategy, which has to go to "In Überprüfung" first.
        strategy_status_change(
            actor=actor,
            strategy=strategy,
            to_status=StrategyStatus.CONSULTATION,
            expected_version=strategy.version,
            note=_("Konsultation eröffnet"),
        )
    consultation = Consultation(
        strategy=strategy, opened_by=_person(actor), starts_at=now, ends_at=ends_at, intro=intro
    )
    _mark(consultation, actor, "opened")
    consultation.save()
    audit_record(
        actor=actor,
        verb="consultation.opened",
        target=consultation,
        data={"strategy": strategy.slug, "ends_at": ends_at.isoformat()},
    )
    _notify(
        actor=actor,
        target=strategy,
        verb="consultation.opened",
        summary=_("Die Konsultation zu „%(title)s“ ist eröffnet.") % {"title": strategy.title},
        url=consultation.get_absolute_url(),
        strategy=strategy,
    )
    return consultation


@transaction.atomic
def consultation_close(*, actor, consultation: Consultation) -> Consultation:
    """End a running round now; editors only. Outcomes can still be set afterwards."""
    if not actor.has_perm("consultation.close_consultation", consultation):
        raise PermissionDenied(RUN_DENIED)
    if not consultation.is_open():
        raise ValidationError(_("Diese Konsultation ist bereits beendet."))
    consultation.closed_at = timezone.now()
    consultation.closed_by = _person(actor)
    _mark(consultation, actor, "closed")
    consultation.save(update_fields=["closed_at", "closed_by", "updated_at"])
    strategy = consultation.strategy
    audit_record(actor=actor, verb="consultation.closed", target=consultation)
    _notify(
        actor=actor,
        target=strategy,
        verb="consultation.closed",
        summary=_("Die Konsultation zu „%(title)s“ ist beendet.") % {"title": strategy.title},
        url=consultation.get_absolute_url(),
        strategy=strategy,
    )
    return consultation


# --- comments ------------------------------------------------------------------------------------


def _author_municipality_id(actor, strategy: Strategy) -> int | None:
    roles = actor.roles
    if strategy.municipality_id:
        return (
            strategy.municipality_id
            if strategy.municipality_id in roles.member_municipality_ids
            else None
        )
    if strategy.network_id:
        shared = roles.member_municipality_ids & network_municipality_ids(strategy.network)
        return min(shared) if shared else None
    return None


def _check_target(strategy: Strategy, section: str, target) -> None:
    if section not in Section.values:
        raise ValidationError(_("Diesen Abschnitt gibt es nicht."))
    if section == Section.VISION:
        if target is not None:
            raise ValidationError(_("Zum Leitbild gehört kein einzelner Eintrag."))
        return
    model_name = {
        Section.VALUE: "strategies.Value",
        Section.FIELD: "strategies.FieldOfAction",
        Section.GOAL: "strategies.Goal",
        Section.MEASURE: "strategies.Measure",
    }[section]
    if (
        target is None
        or target._meta.label != model_name
        or target.strategy_id != strategy.pk
        or target.deleted_at is not None
    ):
        raise ValidationError(_("Dieser Abschnitt gehört nicht zu dieser Strategie."))


@transaction.atomic
def comment_create(
    *,
    actor,
    consultation: Consultation,
    text: str,
    section: str = Section.VISION,
    target=None,
    parent: Comment | None = None,
) -> Comment:
    """A new comment on one section, or a reply to a comment; members while the round is open.

    A reply takes its section from the comment it answers; replies to replies are attached to
    the top-level comment (one level of threads).
    """
    strategy = consultation.strategy
    if not actor.has_perm("consultation.participate", consultation):
        raise PermissionDenied(PARTICIPATION_DENIED)
    text = _check_text(
        text,
        field="text",
        limit=MAX_COMMENT_LENGTH,
        empty=_("Bitte schreiben Sie Ihren Kommentar."),
    )
    if not consultation.is_open():
        raise ValidationError({"text": CONSULTATION_OVER})
    if parent is not None:
        if parent.consultation_id != consultation.pk:
            raise ValidationError(_("Dieser Beitrag gehört nicht zu dieser Konsultation."))
        if parent.parent_id:
            parent = parent.parent
        if parent.is_hidden:
            raise ValidationError(
                {"text": _("Auf einen ausgeblendeten Beitrag kann nicht geantwortet werden.")}
            )
        section = parent.section
        target = parent.target
    else:
        _check_target(strategy, section, target)
    comment = Comment(
        consultation=consultation,
        section=section,
        parent=parent,
        author=_person(actor),
        author_municipality_id=_author_municipality_id(actor, strategy),
        text=text,
    )
    if target is not None:
        setattr(comment, TARGET_FIELDS[section], target)
    _mark(comment, actor, "created")
    comment.save()
    audit_record(
        actor=actor,
        verb="comment.replied" if parent else "comment.created",
        target=comment,
        data={"section": section, "consultation": str(consultation.uuid)},
    )
    about = target if target is not None else strategy
    _notify(
        actor=actor,
        target=about,
        verb="comment.created",
        summary=_("Neuer Kommentar in der Konsultation zu „%(about)s“") % {"about": about},
        url=f"{consultation.get_absolute_url()}#{comment.anchor}",
        strategy=strategy,
    )
    return comment


@transaction.atomic
def comment_set_outcome(
    *, actor, comment: Comment, outcome: str, reply: str, expected_version: int
) -> Comment:
    """Record how a comment was dealt with and the answer; editors, also after the end.

    Raises `EditConflict` when someone else recorded an outcome since `expected_version`.
    """
    if not actor.has_perm("consultation.set_outcome", comment):
        raise PermissionDenied(RUN_DENIED)
    errors = {}
    if outcome not in Outcome.values or outcome == Outcome.OPEN:
        errors["outcome"] = _("Bitte wählen Sie ein Ergebnis.")
    reply = (reply or "").strip()
    if not reply:
        errors["outcome_reply"] = _("Bitte begründen Sie das Ergebnis in einer kurzen Antwort.")
    elif len(reply) > MAX_REPLY_LENGTH:
        errors["outcome_reply"] = _("Höchstens %(limit)s Zeichen, Ihr Text hat %(count)s.") % {
            "limit": MAX_REPLY_LENGTH,
            "count": len(reply),
        }
    if errors:
        raise ValidationError(errors)
    if comment.parent_id:
        raise ValidationError(_("Ein Ergebnis gibt es nur für Kommentare, nicht für Antworten."))
    stored = Comment.objects.select_for_update().get(pk=comment.pk)
    if stored.outcome_version != expected_version:
        raise EditConflict(current=stored, submitted={"outcome": outcome, "outcome_reply": reply})
    now = timezone.now()
    comment.outcome = outcome
    comment.outcome_reply = reply
    comment.outcome_by = _person(actor)
    comment.outcome_at = now
    comment.outcome_version = stored.outcome_version + 1
    comment.version = stored.version + 1
    _mark(comment, actor, "outcome")
    comment.save(
        update_fields=[
            "outcome",
            "outcome_reply",
            "outcome_by",
            "outcome_at",
            "outcome_version",
            "version",
            "updated_at",
        ]
    )
    audit_record(actor=actor, verb="comment.outcome_set", target=comment, data={"outcome": outcome})
    consultation = comment.consultation
    _notify(
        actor=actor,
        target=comment.target or consultation.strategy,
        verb="comment.outcome_set",
        summary=_("Ergebnis zu einem Kommentar: %(outcome)s") % {"outcome": Outcome(outcome).label},
        url=f"{consultation.get_absolute_url()}#{comment.anchor}",
        strategy=consultation.strategy,
    )
    return comment


# --- moderation ----------------------------------------------------------------------------------


@transaction.atomic
def comment_report(*, actor, comment: Comment, reason: str) -> CommentReport:
    """Point the coordination at a comment; members while the round is open, once each."""
    consultation = comment.consultation
    if not actor.has_perm("consultation.participate", consultation):
        raise PermissionDenied(PARTICIPATION_DENIED)
    reason = _check_text(
        reason,
        field="reason",
        limit=MAX_REASON_LENGTH,
        empty=_("Bitte geben Sie einen Grund für die Meldung an."),
    )
    if not consultation.is_open():
        raise ValidationError({"reason": CONSULTATION_OVER})
    if comment.is_hidden:
        raise ValidationError({"reason": _("Dieser Beitrag ist bereits ausgeblendet.")})
    if CommentReport.objects.filter(comment=comment, reporter=actor).exists():
        raise ValidationError({"reason": _("Sie haben diesen Beitrag bereits gemeldet.")})
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, reporter=actor, reason=reason)
    except IntegrityError as exc:  # a double click of the same person
        raise ValidationError({"reason": _("Sie haben diesen Beitrag bereits gemeldet.")}) from exc
    audit_record(actor=actor, verb="comment.reported", target=comment, data={"reason": reason})
    return report


def _resolve_reports(comment: Comment, actor) -> int:
    return CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=_person(actor)
    )


@transaction.atomic
def comment_hide(*, actor, comment: Comment, reason: str) -> Comment:
    """Hide a comment with a reason shown in its place; editors only. Reports are settled."""
    if not actor.has_perm("consultation.moderate_comment", comment):
        raise PermissionDenied(RUN_DENIED)
    reason = _check_text(
        reason,
        field="hidden_reason",
        limit=MAX_REASON_LENGTH,
        empty=_("Bitte geben Sie an, warum der Beitrag ausgeblendet wird."),
    )
    if comment.is_hidden:
        raise ValidationError({"hidden_reason": _("Dieser Beitrag ist bereits ausgeblendet.")})
    comment.hidden_at = timezone.now()
    comment.hidden_reason = reason
    comment.hidden_by = _person(actor)
    _mark(comment, actor, "hidden")
    comment.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    settled = _resolve_reports(comment, actor)
    audit_record(
        actor=actor,
        verb="comment.hidden",
        target=comment,
        data={"reason": reason, "reports_settled": settled},
    )
    return comment


@transaction.atomic
def comment_restore(*, actor, comment: Comment) -> Comment:
    """Show a hidden comment again (or dismiss its reports); editors only."""
    if not actor.has_perm("consultation.moderate_comment", comment):
        raise PermissionDenied(RUN_DENIED)
    was_hidden = comment.is_hidden
    previous = comment.hidden_reason
    if was_hidden:
        comment.hidden_at = None
        comment.hidden_reason = ""
        comment.hidden_by = None
        _mark(comment, actor, "restored")
        comment.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    settled = _resolve_reports(comment, actor)
    if not was_hidden and not settled:
        raise ValidationError(_("Dieser Beitrag ist weder ausgeblendet noch gemeldet."))
    audit_record(
        actor=actor,
        verb="comment.restored" if was_hidden else "comment.reports_dismissed",
        target=comment,
        data={"previous_reason": previous, "reports_settled": settled},
    )
    return comment
