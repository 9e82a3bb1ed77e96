"""The result of a workshop as a report `Document` (Markdown and PDF through the report renderers).

Who wrote a card appears only for cards that were not written anonymously.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from blaupause.reports.document import (
    BulletList,
    Chart,
    Document,
    Facts,
    Paragraph,
    Section,
    Table,
)

from .constants import Step
from .selectors.outcome import Outcome, workshop_outcome

__all__ = ["card_line", "result_document"]

_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def card_line(card) -> str:
    """A card's text; its author's name only when the card was not written anonymously."""
    text = " ".join(card.text.split())
    if card.anonymous or not card.author.display_name:
        return text
    return _("%(text)s (von %(name)s)") % {"text": text, "name": card.author.display_name}


def _facts(outcome: Outcome) -> Facts:
    workshop = outcome.workshop
    items = [
        (_("Strategie"), workshop.strategy.title),
        (_("Schritt"), str(Step(workshop.step).label)),
        (_("Teilnehmende"), str(outcome.participants_count)),
        (_("Karten"), str(sum(len(t.cards) if t.is_cluster else 1 for t in outcome.targets))),
    ]
    if workshop.scheduled_at:
        items.insert(
            1,
            (
                _("Termin"),
                date_format(timezone.localtime(workshop.scheduled_at), "DATETIME_FORMAT"),
            ),
        )
    if workshop.facilitator_id:
        facilitator = workshop.facilitator
        items.append((_("Moderation"), facilitator.get_full_name() or facilitator.email))
    return Facts(items=items)


def _clusters(outcome: Outcome) -> Section:
    section = Section(title=_("Gruppen und Karten"), anchor="gruppen")
    loose = []
    for target in outcome.targets:
        if target.is_cluster:
            child = Section(title=target.title, anchor=f"gruppe-{target.obj.uuid}")
            if target.cards:
                child.add(BulletList(items=[card_line(card) for card in target.cards]))
            else:
                child.add(Paragraph(_("Keine Karten in dieser Gruppe."), style="muted"))
            section.children.append(child)
        else:
            loose.append(card_line(target.obj))
    if loose:
        child = Section(title=_("Karten ohne Gruppe"), anchor="ohne-gruppe")
        child.add(BulletList(items=loose))
        section.children.append(child)
    if not outcome.targets:
        section.add(Paragraph(_("Noch keine Karten."), style="muted"))
    return section


def _promotions_text(target) -> str:
    if not target.promotions:
        return "–"
    return "; ".join(f"{p.label} {p.title}".strip() for p in target.promotions)


def _ranking(outcome: Outcome) -> Section:
    section = Section(title=_("Rangfolge"), anchor="rangfolge")
    if not outcome.show_totals:
        section.add(
            Paragraph(
                _(
                    "Die Punkte der anderen sind bis zum Ergebnis verborgen; gezählt sind hier "
                    "nur Ihre eigenen."
                ),
                style="notice",
            )
        )
    rows = [
        [
            str(target.rank),
            target.title,
            str(target.total_dots),
            target.impact_label,
            target.effort_label,
            target.quadrant_label or "–",
            _promotions_text(target),
        ]
        for target in outcome.ranking
    ]
    if rows:
        section.add(
            Table(
                caption=_("Rangfolge nach Punkten, dann Wirkung und Aufwand"),
                headers=[
                    _("Platz"),
                    _("Karte oder Gruppe"),
                    _("Punkte"),
                    _("Wirkung"),
                    _("Aufwand"),
                    _("Feld der Matrix"),
                    _("Übernommen als"),
                ],
                rows=rows,
                numeric=(0, 2, 3, 4),
            )
        )
    else:
        section.add(Paragraph(_("Noch keine Karten."), style="muted"))
    return section


def _matrix(outcome: Outcome) -> Section:
    section = Section(title=_("Wirkung und Aufwand"), anchor="matrix")
    rated = outcome.rated
    if not rated:
        section.add(Paragraph(_("Noch keine Bewertungen."), style="muted"))
        return section
    table = Table(
        caption=outcome.matrix_title,
        headers=[_("Nr."), _("Karte oder Gruppe"), _("Wirkung"), _("Aufwand"), _("Feld")],
        rows=[
            [
                str(target.rank),
                target.title,
                target.impact_label,
                target.effort_label,
                target.quadrant_label,
            ]
            for target in rated
        ],
        numeric=(0, 2, 3),
    )
    section.add(
        Chart(
            title=outcome.matrix_title,
            description=outcome.matrix_description,
            svg=outcome.matrix_svg,
            table=table,
        )
    )
    return section


def _promotions(outcome: Outcome) -> Section:
    section = Section(title=_("In die Strategie übernommen"), anchor="uebernommen")
    items = [
        _("%(item)s „%(title)s“ aus „%(source)s“")
        % {"item": promotion.label, "title": promotion.title, "source": target.title}
        + (_(" (inzwischen gelöscht)") if promotion.deleted else "")
        for target in outcome.targets
        for promotion in target.promotions
    ]
    if items:
        section.add(BulletList(items=items))
    else:
        section.add(Paragraph(_("Noch nichts übernommen."), style="muted"))
    return section


def result_document(workshop, *, participant=None, can_manage: bool = False) -> Document:
    """The workshop's result for a participant or facilitator, as a report document."""
    outcome = workshop_outcome(workshop, participant, can_manage=can_manage)
    stem = slugify(workshop.title.translate(_UMLAUTS))[:60]
    question = Section(title=_("Leitfrage"), anchor="leitfrage")
    question.add(Paragraph(workshop.question, style="lead"), _facts(outcome))
    return Document(
        title=_("Workshop-Ergebnis: %(title)s") % {"title": workshop.title},
        kind_label=_("Workshop-Ergebnis"),
        subject_label=workshop.strategy.title,
        sections=[
            question,
            _clusters(outcome),
            _ranking(outcome),
            _matrix(outcome),
            _promotions(outcome),
        ],
        shows_internal=True,
        filename_stem=f"workshop-{stem or workshop.uuid}",
    )
