"""Open datasets of joint projects and knowledge articles (registered in `datasets.py`).

Rows come from the apps' own selectors, read as an anonymous visitor: public projects and
published public articles only. Of a project only its public summary: no internal notes,
budget or cost split, documents, work plan or invited partners.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from blaupause.collaboration.constants import PartnerStatus
from blaupause.collaboration.models import JointProject
from blaupause.collaboration.selectors.projects import project_list, visibility_q
from blaupause.knowledge.selectors.articles import article_list

from .datasets import _UPDATED, Dataset, _c, register
from .selectors import CHUNK, Stats, _stats


def _base_url() -> str:
    return settings.BLAUPAUSE_BASE_URL.rstrip("/")


# --- joint projects ----------------------------------------------------------------------------


def project_rows() -> Iterator[tuple]:
    base_url = _base_url()
    rows = project_list(viewer=AnonymousUser()).select_related("measure__strategy")
    for project in rows.iterator(chunk_size=CHUNK):
        lead = project.lead_municipality
        accepted = [
            partner.municipality
            for partner in project.partners.all()
            if partner.status == PartnerStatus.ACCEPTED
        ]
        measure = project.measure
        if measure is not None and (
            measure.deleted_at is not None or measure.strategy.deleted_at is not None
        ):
            measure = None
        network = project.network
        yield (
            project.uuid,
            project.title,
            project.summary,
            lead.ags,
            lead.name,
            [municipality.ags for municipality in accepted],
            [municipality.name for municipality in accepted],
            measure.key if measure else "",
            measure.strategy.slug if measure else "",
            network.slug if network is not None and network.deleted_at is None else "",
            project.agreement_status,
            project.starts_on,
            project.ends_on,
            project.funding_programme,
            project.funding_status,
            f"{base_url}{project.get_absolute_url()}",
            project.is_demo,
            project.updated_at,
        )


def project_stats() -> Stats:
    # All rows the public may see, deleted ones included: a deletion is a change.
    return _stats(JointProject.all_objects.filter(visibility_q(AnonymousUser())))


register(
    Dataset(
        key="gemeinsame-projekte",
        title=_("Gemeinsame Projekte"),
        title_en="Joint projects",
        description=_(
            "Öffentliche Kurzbeschreibungen der gemeinsamen Projekte von Kommunen: "
            "federführende Kommune, Partnerkommunen mit Zusage, Maßnahme, Stand der "
            "Vereinbarung, Zeitraum und Förderung. Ohne interne Notizen, Budget, "
            "Kostenaufteilung, Dokumente und offene Einladungen."
        ),
        description_en=(
            "Public summaries of joint projects of municipalities: lead municipality, partners "
            "that accepted, measure, agreement status, time frame and funding. No internal "
            "notes, budget, cost split, documents or pending invitations."
        ),
        columns=(
            _c("uuid", "string", _("Dauerhafte Kennung (UUID)"), "Stable identifier (UUID)"),
            _c("title", "string", _("Titel"), "Title"),
            _c(
                "summary",
                "string",
                _("Öffentliche Kurzbeschreibung (Markdown)"),
                "Public summary (Markdown)",
            ),
            _c(
                "lead_ags",
                "string",
                _("Amtlicher Gemeindeschlüssel der federführenden Kommune"),
                "Municipality key of the lead",
            ),
            _c("lead_name", "string", _("Name der federführenden Kommune"), "Lead municipality"),
            _c(
                "partner_ags",
                "list",
                _("Gemeindeschlüssel der Partnerkommunen mit Zusage (mit der federführenden)"),
                "Municipality keys of the partners that accepted (lead included)",
            ),
            _c(
                "partner_names",
                "list",
                _("Namen der Partnerkommunen mit Zusage, gleiche Reihenfolge"),
                "Names of the partners that accepted, same order",
            ),
            _c("measure_key", "string", _("Kennung der Maßnahme (leer: keine)"), "Measure key"),
            _c("strategy", "string", _("Kurzname der Strategie der Maßnahme"), "Strategy slug"),
            _c("network", "string", _("Kurzname des Netzwerks (leer: keins)"), "Network slug"),
            _c(
                "agreement_status",
                "string",
                _(
                    "Stand der Vereinbarung: idea (Idee), letter_of_intent (Absichtserklärung), "
                    "agreement_signed (Vereinbarung unterzeichnet) oder ended (beendet)"
                ),
                "Agreement status: idea, letter_of_intent, agreement_signed or ended",
            ),
            _c("starts_on", "date", _("Beginn"), "Start date"),
            _c("ends_on", "date", _("Ende"), "End date"),
            _c("funding_programme", "string", _("Förderprogramm"), "Funding programme"),
            _c(
                "funding_status",
                "string",
                _(
                    "Stand der Förderung: none (keine), planned (geplant), applied (beantragt), "
                    "approved (bewilligt) oder rejected (abgelehnt)"
                ),
                "Funding status: none, planned, applied, approved or rejected",
            ),
            _c("url", "string", _("Seite des Projekts"), "Page of the project"),
            _c("is_demo", "boolean", _("Beispieldaten"), "Demo data"),
            _UPDATED,
        ),
        rows=project_rows,
        stats=project_stats,
        keywords=("Interkommunale Zusammenarbeit", "Projekte", "Förderung"),
    )
)


# --- knowledge articles ------------------------------------------------------------------------


def article_rows() -> Iterator[tuple]:
    base_url = _base_url()
    rows = article_list(viewer=AnonymousUser())
    for article in rows.iterator(chunk_size=CHUNK):
        municipality = article.author_municipality
        if municipality is not None and municipality.deleted_at is not None:
            municipality = None
        yield (
            article.uuid,
            article.title,
            article.kind,
            article.licence,
            municipality.ags if municipality else "",
            municipality.name if municipality else "",
            article.published_at,
            f"{base_url}{article.get_absolute_url()}",
            article.is_demo,
            article.updated_at,
        )


def article_stats() -> Stats:
    return _stats(article_list(viewer=AnonymousUser()))


register(
    Dataset(
        key="wissensartikel",
        title=_("Wissensartikel"),
        title_en="Knowledge articles",
        description=_(
            "Angaben zu den veröffentlichten öffentlichen Wissensartikeln (Vorlagen, "
            "Beschlussvorlagen, Ausschreibungsunterlagen, Erfahrungsberichte, Anleitungen, "
            "Praxisbeispiele): Titel, Art, Lizenz, Kommune, Datum und Adresse. Der Text steht "
            "auf der Seite des Artikels unter seiner Lizenz."
        ),
        description_en=(
            "Metadata of published public knowledge articles (templates, council drafts, tender "
            "documents, lessons learned, how-tos, best practices): title, kind, licence, "
            "municipality, date and address. The text is on the article's page under its "
            "licence."
        ),
        columns=(
            _c("uuid", "string", _("Dauerhafte Kennung (UUID)"), "Stable identifier (UUID)"),
            _c("title", "string", _("Titel"), "Title"),
            _c(
                "kind",
                "string",
                _(
                    "Art: template, council_draft, tender, lessons_learned, howto oder "
                    "best_practice"
                ),
                "Kind: template, council_draft, tender, lessons_learned, howto or best_practice",
            ),
            _c(
                "licence",
                "string",
                _("Lizenz des Artikels (SPDX-Kennung oder dl-de-…)"),
                "Licence of the article",
            ),
            _c(
                "municipality_ags",
                "string",
                _("Gemeindeschlüssel der verfassenden Kommune (leer: keine)"),
                "Municipality key of the author municipality",
            ),
            _c(
                "municipality_name",
                "string",
                _("Name der verfassenden Kommune"),
                "Author municipality",
            ),
            _c(
                "published_at",
                "datetime",
                _("Veröffentlicht am (UTC, ISO 8601)"),
                "Published (UTC, ISO 8601)",
            ),
            _c("url", "string", _("Seite des Artikels"), "Page of the article"),
            _c("is_demo", "boolean", _("Beispieldaten"), "Demo data"),
            _UPDATED,
        ),
        rows=article_rows,
        stats=article_stats,
        keywords=("Wissen", "Vorlagen", "Interkommunale Zusammenarbeit"),
    )
)
