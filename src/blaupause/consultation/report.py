"""The consultation report: every comment of a round with its outcome, as a `reports.Document`.

The same document is shown as a page and rendered to Markdown and PDF by the reports app's
renderers. Hidden comments appear with the reason only.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from blaupause.reports.document import Document, Facts, Paragraph, Section, Table

from .constants import Outcome
from .selectors import consultation_page


def _when(value) -> str:
    return date_format(timezone.localtime(value), "DATE_FORMAT") if value else "–"


def _author(comment) -> str:
    name = str(comment.author) if comment.author_id else _("gelöschtes Konto")
    if comment.author_municipality_id:
        return f"{name} ({comment.author_municipality.name})"
    return name


def _text(comment) -> str:
    if comment.is_hidden:
        return _("Beitrag ausgeblendet: %(reason)s") % {"reason": comment.hidden_reason}
    return comment.text


def consultation_document(*, strategy, consultation, viewer) -> Document:
    """The report of one round; the viewer must be allowed to see the strategy (the view checks)."""
    page = consultation_page(strategy=strategy, consultation=consultation, viewer=viewer)
    facts = Facts(
        items=[
            (_("Strategie"), strategy.title),
            (_("Beginn"), _when(consultation.starts_at)),
            (_("Ende"), _when(consultation.ended_at)),
            (_("Kommentare und Antworten"), str(page.total)),
            *[(label, str(count)) for label, count in page.outcome_rows],
        ]
    )
    overview = Section(title=_("Überblick"), anchor="ueberblick").add(facts)
    if consultation.intro:
        overview.add(Paragraph(consultation.intro))
    if consultation.is_demo:
        overview.add(Paragraph(_("Diese Konsultation besteht aus Demodaten."), style="notice"))
    chapters = []
    number = 0
    for section in page.sections:
        if not section.threads:
            continue
        rows = []
        for comment in section.threads:
            number += 1
            rows.append(
                [
                    str(number),
                    _text(comment),
                    _author(comment),
                    _when(comment.created_at),
                    str(Outcome(comment.outcome).label),
                    comment.outcome_reply or "–",
                ]
            )
            for reply in comment.reply_list:
                rows.append(
                    [
                        f"{number}.a",
                        _text(reply),
                        _author(reply),
                        _when(reply.created_at),
                        _("Antwort"),
                        "–",
                    ]
                )
        title = f"{section.label}: {section.title}"
        chapters.append(
            Section(title=title, anchor=section.anchor).add(
                Table(
                    caption=_("Kommentare zu %(title)s") % {"title": title},
                    headers=[
                        _("Nr."),
                        _("Kommentar"),
                        _("Von"),
                        _("Datum"),
                        _("Ergebnis"),
                        _("Antwort der Koordination"),
                    ],
                    rows=rows,
                )
            )
        )
    if not chapters:
        overview.add(Paragraph(_("In dieser Runde gibt es keine Kommentare."), style="muted"))
    comments = Section(title=_("Kommentare und Ergebnisse"), anchor="kommentare", children=chapters)
    return Document(
        title=_("Konsultationsbericht: %(title)s") % {"title": strategy.title},
        kind_label=_("Konsultationsbericht"),
        subject_label=str(strategy.owner),
        sections=[overview, comments],
        subtitle=_("Konsultation vom %(start)s bis %(end)s")
        % {"start": _when(consultation.starts_at), "end": _when(consultation.ended_at)},
        filename_stem=f"konsultationsbericht-{strategy.slug}",
    )
