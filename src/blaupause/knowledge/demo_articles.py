"""Demo knowledge articles for `blaupause demo`, run after the region's demo content, the Lippe
strategy and the demo accounts.

Twelve short articles of all six kinds, written by OWL municipalities: council drafts, templates,
tender documents, lessons learned, how-tos and best practices linked to measures of the Lippe
framework strategy. Every article is marked as demo content (`is_demo`, and a note in the text).

`load_demo_articles()` is idempotent: articles have fixed slugs; one that exists already (also
one changed since) is left as it is. A municipality, account or measure that is missing is left
out of the article instead of failing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from blaupause.accounts.models import User
from blaupause.regions.models import Municipality
from blaupause.strategies.models import Measure

from .constants import ArticleKind, ArticleStatus, Licence, Visibility
from .models import Article

__all__ = ["DEMO_ARTICLES", "load_demo_articles"]

LIPPE_STRATEGY_SLUG = "lippe-lebt-digitalisierung"
DEMO_NOTE = (
    "\n\n---\n\n*Demo-Inhalt: Dieser Artikel ist ein Beispiel. Er beschreibt keinen echten "
    "Vorgang der genannten Kommune.*"
)


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    kind: str
    municipality: str  # name
    summary: str
    body: str
    tags: str = ""
    measure_key: str = ""
    author_email: str = ""
    visibility: str = Visibility.PUBLIC
    licence: str = Licence.CC_BY_4
    days_ago: int = 30


DEMO_ARTICLES: tuple[DemoArticle, ...] = (
    DemoArticle(
        slug="demo-beschlussvorlage-beitritt-digitalstrategie",
        title="Beschlussvorlage: Beitritt zur Rahmenstrategie „Lippe lebt Digitalisierung“",
        kind=ArticleKind.COUNCIL_DRAFT,
        municipality="Detmold",
        author_email="cdo@detmold.example",
        measure_key="C-M01",
        summary="Muster für den Ratsbeschluss, mit dem eine Kommune der gemeinsamen "
        "Rahmenstrategie beitritt und eine eigene Umsetzungsplanung beauftragt.",
        body=(
            "## Beschlussvorschlag\n\n"
            "1. Der Rat tritt der Rahmenstrategie „Lippe lebt Digitalisierung“ bei.\n"
            "2. Die Verwaltung wird beauftragt, bis zum Ende des Jahres eine eigene "
            "Umsetzungsplanung vorzulegen.\n"
            "3. Der Rat wird einmal jährlich über den Stand berichtet.\n\n"
            "## Begründung\n\n"
            "Die Kommunen im Kreis haben ähnliche Aufgaben. Eine gemeinsame Strategie spart "
            "Doppelarbeit, erleichtert gemeinsame Beschaffungen und Förderanträge.\n\n"
            "## Finanzielle Auswirkungen\n\n"
            "Der Beitritt selbst kostet nichts. Kosten einzelner Maßnahmen werden gesondert "
            "beschlossen."
        ),
        tags="Ratsbeschluss, Digitalstrategie, Beitritt",
        days_ago=120,
    ),
    DemoArticle(
        slug="demo-erfahrungsbericht-e-akte",
        title="Erfahrungsbericht: Zwei Jahre E-Akte in der Kernverwaltung",
        kind=ArticleKind.LESSONS_LEARNED,
        municipality="Lemgo",
        author_email="cdo@lemgo.example",
        measure_key="B-M03",
        summary="Was bei der Einführung der E-Akte gut lief, was wir anders machen würden und "
        "wie lange es wirklich gedauert hat.",
        body=(
            "## Ausgangslage\n\n"
            "Papierakten in zwölf Fachbereichen, drei verschiedene Ablagepläne.\n\n"
            "## Was gut lief\n\n"
            "- Start mit zwei Pilotbereichen, die freiwillig mitmachten\n"
            "- ein einheitlicher Aktenplan vor der Technik\n"
            "- Digital-Lotsinnen und -Lotsen in jedem Bereich\n\n"
            "## Was wir anders machen würden\n\n"
            "- Scanstrategie früher klären (Altakten nur bei Bedarf)\n"
            "- Personalrat von Anfang an einbinden\n\n"
            "## Dauer\n\n"
            "Geplant waren 12 Monate, gebraucht haben wir 20."
        ),
        tags="E-Akte, Dokumentenmanagement, Einführung",
        days_ago=90,
    ),
    DemoArticle(
        slug="demo-praxisbeispiel-e-akte-lippe",
        title="Praxisbeispiel: E-Akte mit gemeinsamem Aktenplan",
        kind=ArticleKind.BEST_PRACTICE,
        municipality="Lemgo",
        author_email="cdo@lemgo.example",
        measure_key="B-M03",
        summary="Ein gemeinsamer Aktenplan für mehrere Kommunen macht die Einführung der E-Akte "
        "schneller und die Zusammenarbeit leichter.",
        body=(
            "Wir haben den Aktenplan mit zwei Nachbarkommunen abgestimmt. Dadurch konnten "
            "Schulungen, Konfiguration und Vorlagen gemeinsam genutzt werden.\n\n"
            "**Übernehmen lohnt sich**, wenn Ihre Kommune die E-Akte in den nächsten zwei "
            "Jahren einführen will."
        ),
        tags="E-Akte, Aktenplan, Zusammenarbeit",
        days_ago=60,
    ),
    DemoArticle(
        slug="demo-praxisbeispiel-beteiligungsplattform",
        title="Praxisbeispiel: Eine Beteiligungsplattform für den ganzen Kreis",
        kind=ArticleKind.BEST_PRACTICE,
        municipality="Blomberg",
        measure_key="A-M07",
        summary="Eine gemeinsam betriebene Plattform für Bürgerbeteiligung: jede Kommune hat "
        "ihren eigenen Bereich, die Kosten werden nach Einwohnerzahl geteilt.",
        body=(
            "## Idee\n\nEine Plattform, viele Kommunen. Der Kreis betreibt, die Kommunen "
            "nutzen.\n\n## Ergebnis\n\nIm ersten Jahr acht Beteiligungsverfahren, davon drei "
            "zur Spielplatzplanung."
        ),
        tags="Beteiligung, Plattform, Kostenteilung",
        days_ago=45,
    ),
    DemoArticle(
        slug="demo-vorlage-kooperationsvereinbarung",
        title="Vorlage: Muster-Kooperationsvereinbarung für gemeinsame Beschaffungen",
        kind=ArticleKind.TEMPLATE,
        municipality="Lage",
        measure_key="A-M04",
        summary="Eine öffentlich-rechtliche Vereinbarung als Muster: Federführung, "
        "Kostenteilung, Haftung, Laufzeit.",
        body=(
            "## Gliederung\n\n"
            "| Abschnitt | Inhalt |\n|---|---|\n"
            "| § 1 | Gegenstand der Zusammenarbeit |\n"
            "| § 2 | Federführende Kommune und Vergabestelle |\n"
            "| § 3 | Kostenteilung (gleich, nach Einwohnern oder nach Anteilen) |\n"
            "| § 4 | Laufzeit und Kündigung |\n\n"
            "Passen Sie die Platzhalter in eckigen Klammern an."
        ),
        tags="Vereinbarung, Beschaffung, interkommunal",
        days_ago=75,
    ),
    DemoArticle(
        slug="demo-ausschreibung-ratsinformationssystem",
        title="Ausschreibungsunterlage: Leistungsbeschreibung Ratsinformationssystem",
        kind=ArticleKind.TENDER,
        municipality="Höxter",
        author_email="cdo@hoexter.example",
        summary="Leistungsbeschreibung für ein Ratsinformationssystem mit App für "
        "Mandatsträgerinnen und -träger, abgestimmt mit zwei Nachbarkommunen.",
        body=(
            "## Muss-Kriterien\n\n"
            "- barrierefreie Weboberfläche nach BITV 2.0\n"
            "- Sitzungsvorbereitung und papierlose Sitzungen\n"
            "- Schnittstelle zur E-Akte\n\n"
            "## Wertung\n\nPreis 40 %, Qualität 60 %."
        ),
        tags="Ratsinformationssystem, Gremienarbeit, Ausschreibung",
        days_ago=30,
    ),
    DemoArticle(
        slug="demo-anleitung-ozg-leistung-nachnutzen",
        title="Anleitung: Eine Online-Leistung nachnutzen statt selbst bauen",
        kind=ArticleKind.HOWTO,
        municipality="Bad Salzuflen",
        measure_key="A-M06",
        summary="In fünf Schritten von der Idee zur nachgenutzten Online-Leistung.",
        body=(
            "1. Prüfen, ob es die Leistung schon gibt (Marktplatz, Nachbarkommunen).\n"
            "2. Zuständigkeit und Fachverfahren klären.\n"
            "3. Nutzungsvereinbarung abschließen.\n"
            "4. Leistung konfigurieren und testen.\n"
            "5. Veröffentlichen und die Bürgerinnen und Bürger informieren."
        ),
        tags="OZG, Nachnutzung, Online-Dienste",
        days_ago=20,
    ),
    DemoArticle(
        slug="demo-erfahrungsbericht-digitallotsen",
        title="Erfahrungsbericht: Digital-Lotsen in jedem Fachbereich",
        kind=ArticleKind.LESSONS_LEARNED,
        municipality="Detmold",
        author_email="mitwirkende@detmold.example",
        measure_key="D-M05",
        summary="Wie wir 25 Beschäftigte als Ansprechpersonen für digitale Fragen gewonnen und "
        "geschult haben.",
        body=(
            "Die Lotsinnen und Lotsen bekommen zwei Stunden pro Woche für ihre Aufgabe. "
            "Wichtig war, dass die Führungskräfte das sichtbar unterstützen."
        ),
        tags="Kompetenzen, Change-Management, Lotsen",
        days_ago=15,
    ),
    DemoArticle(
        slug="demo-anleitung-notfallvorsorge-it",
        title="Anleitung: Notfallhandbuch für einen IT-Ausfall",
        kind=ArticleKind.HOWTO,
        municipality="Paderborn",
        measure_key="B-M05",
        summary="Was in ein Notfallhandbuch gehört und wie man es übt.",
        body=(
            "## Inhalt\n\n- Meldewege und Erreichbarkeiten\n- Wiederanlaufpläne der "
            "wichtigsten Fachverfahren\n- Kommunikation nach außen\n\n## Üben\n\n"
            "Einmal im Jahr eine Übung am Tisch, alle zwei Jahre eine echte Übung."
        ),
        tags="Informationssicherheit, Notfall, Cyberangriff",
        visibility=Visibility.MEMBERS,
        days_ago=10,
    ),
    DemoArticle(
        slug="demo-beschlussvorlage-digitalisierungsbudget",
        title="Beschlussvorlage: Mehrjähriges Digitalisierungsbudget",
        kind=ArticleKind.COUNCIL_DRAFT,
        municipality="Gütersloh",
        measure_key="C-M05",
        summary="Muster für einen Beschluss, der ein Budget über drei Haushaltsjahre sichert.",
        body=(
            "## Beschlussvorschlag\n\nFür die Jahre 2027 bis 2029 wird ein "
            "Digitalisierungsbudget von jährlich [Betrag] Euro bereitgestellt. Nicht "
            "verbrauchte Mittel werden übertragen."
        ),
        tags="Haushalt, Budget, Ratsbeschluss",
        days_ago=8,
    ),
    DemoArticle(
        slug="demo-vorlage-prozessaufnahme",
        title="Vorlage: Prozessaufnahme vor der Digitalisierung",
        kind=ArticleKind.TEMPLATE,
        municipality="Minden",
        measure_key="C-M07",
        summary="Ein Formular, um einen Ablauf vor der Digitalisierung aufzunehmen und zu "
        "vereinfachen.",
        body=(
            "Fragen für die Aufnahme:\n\n- Wer stößt den Vorgang an?\n- Welche Schritte "
            "gibt es, wer macht was?\n- Wo wird gewartet, wo wird doppelt erfasst?"
        ),
        tags="Prozesse, Organisation",
        days_ago=5,
    ),
    DemoArticle(
        slug="demo-praxisbeispiel-lorawan",
        title="Praxisbeispiel: Sensornetz für Pegelstände",
        kind=ArticleKind.BEST_PRACTICE,
        municipality="Herford",
        measure_key="B-M07",
        summary="Mit einem gemeinsamen Funknetz messen mehrere Kommunen Pegelstände an Bächen "
        "und warnen früher vor Hochwasser.",
        body=(
            "Zwölf Sensoren, ein gemeinsames Netz, offene Daten für alle. Die Werte sind "
            "öffentlich einsehbar."
        ),
        tags="LoRaWAN, Sensoren, offene Daten",
        days_ago=2,
    ),
)


def _municipalities(names: set[str]) -> dict[str, Municipality]:
    rows = Municipality.objects.filter(name__in=names).select_related("district__region")
    result: dict[str, Municipality] = {}
    for row in rows.order_by("ags"):
        result.setdefault(row.name, row)  # the first of several with one name
    return result


@transaction.atomic
def load_demo_articles() -> int:
    """Create the demo articles that do not exist yet; return how many were created."""
    existing = set(
        Article.all_objects.filter(slug__in=[a.slug for a in DEMO_ARTICLES]).values_list(
            "slug", flat=True
        )
    )
    todo = [spec for spec in DEMO_ARTICLES if spec.slug not in existing]
    if not todo:
        return 0
    municipalities = _municipalities({spec.municipality for spec in todo})
    users = {u.email: u for u in User.objects.filter(email__in={s.author_email for s in todo})}
    measures = {
        m.key: m
        for m in Measure.objects.filter(
            strategy__slug=LIPPE_STRATEGY_SLUG, key__in={s.measure_key for s in todo}
        ).select_related("field")
    }
    now = timezone.now()
    created = 0
    for spec in todo:
        municipality = municipalities.get(spec.municipality)
        measure = measures.get(spec.measure_key)
        kind = spec.kind
        if kind == ArticleKind.BEST_PRACTICE and measure is None:
            kind = ArticleKind.LESSONS_LEARNED  # a best practice needs its measure
        article = Article(
            slug=spec.slug,
            title=spec.title,
            kind=kind,
            summary=spec.summary,
            body=spec.body + DEMO_NOTE,
            licence=spec.licence,
            status=ArticleStatus.PUBLISHED,
            visibility=spec.visibility,
            published_at=now - datetime.timedelta(days=spec.days_ago),
            author=users.get(spec.author_email),
            author_municipality=municipality,
            region=municipality.district.region
            if municipality and municipality.district_id
            else None,
            measure=measure,
            field_title=measure.field.title if measure and measure.field_id else "",
            tags=spec.tags,
            is_demo=True,
        )
        article.save()
        created += 1
    return created
