"""Demo content of the consultation app: a closed past round on the Lippe strategy (idempotent).

The Lippe strategy is adopted, so its demo round lies in the past: eight comments by the demo
accounts, some with outcomes, one reply and one hidden comment. The round is marked
`is_demo` and its introduction says so; the pages show "Beispieldaten (Demo)".
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from blaupause.accounts.models import User
from blaupause.strategies.models import FieldOfAction, Goal, Measure, Strategy, Value

from .constants import TARGET_FIELDS, Outcome, Section
from .models import Comment, Consultation

LIPPE_STRATEGY_SLUG = "lippe-lebt-digitalisierung"
COORDINATOR = "koordination@kreis-lippe.example"
INTRO = (
    "Demodaten: Diese Konsultationsrunde ist ein Beispiel. Die Netzwerkmitglieder haben den "
    "Entwurf der Rahmenstrategie abschnittsweise kommentiert, die Koordination hat jede "
    "Rückmeldung beantwortet."
)

# (author, section, item key, text, outcome, coordination reply, hidden reason)
COMMENTS = (
    (
        "cdo@detmold.example",
        Section.VISION,
        "",
        "Das Leitbild sollte ausdrücklich sagen, dass Bürgerinnen und Bürger die Angebote "
        "auch ohne Online-Zugang nutzen können.",
        Outcome.ADOPTED,
        "Danke, wir ergänzen im Leitbild einen Satz zur Barrierefreiheit und zu analogen Wegen.",
        "",
    ),
    (
        "cdo@lemgo.example",
        Section.VALUE,
        "augenhoehe",
        "Augenhöhe heißt für uns auch: kleine Kommunen bekommen in den Arbeitsgruppen die "
        "gleiche Stimme wie die großen.",
        Outcome.CONSIDERED,
        "Wir nehmen das in die Geschäftsordnung des Netzwerks auf, nicht in die Strategie.",
        "",
    ),
    (
        "mitwirkende@detmold.example",
        Section.MEASURE,
        "A-M01",
        "Ein Austausch alle zwei Monate reicht nicht. Wir schlagen ein monatliches kurzes "
        "Online-Treffen vor.",
        Outcome.REJECTED,
        "Die Mehrheit der Kommunen hält den zweimonatlichen Rhythmus für leistbar. Kurze "
        "Abstimmungen laufen über den gemeinsamen Kanal.",
        "",
    ),
    (
        "cdo@lemgo.example",
        Section.MEASURE,
        "B-M02",
        "Beim Serviceportal brauchen wir eine klare Aussage, wer den Betrieb bezahlt.",
        Outcome.ADOPTED,
        "Die Maßnahme nennt jetzt ein Kostenmodell nach Einwohnerzahl.",
        "",
    ),
    (
        "cdo@detmold.example",
        Section.FIELD,
        "B",
        "Im Handlungsfeld Infrastruktur fehlt die Anbindung der Schulen.",
        Outcome.CONSIDERED,
        "Die Schulen gehören zum Medienentwicklungsplan des Kreises; wir verweisen dort darauf.",
        "",
    ),
    (
        "mitwirkende@detmold.example",
        Section.GOAL,
        "A-Z2",
        "Gut, dass wir nicht mehrfach entwickeln. Bitte eine Liste der laufenden Projekte "
        "aller Kommunen veröffentlichen.",
        Outcome.OPEN,
        "",
        "",
    ),
    (
        "cdo@lemgo.example",
        Section.MEASURE,
        "A-M03",
        "Werbung für ein privates Beratungsangebot mit Link.",
        Outcome.OPEN,
        "",
        "Werbung für ein kommerzielles Angebot, kein Beitrag zur Strategie.",
    ),
    (
        "cdo@detmold.example",
        Section.MEASURE,
        "B-M01",
        "Für die Online-Dienste sollten wir zuerst die zehn meistgenutzten Leistungen angehen.",
        Outcome.ADOPTED,
        "Übernommen: Die Maßnahme priorisiert jetzt nach Fallzahlen.",
        "",
    ),
)
REPLY = (
    "cdo@lemgo.example",
    "Dem schließen wir uns an. Eine Rangliste der Fallzahlen können wir beisteuern.",
)

_MODELS = {
    Section.VALUE: Value,
    Section.FIELD: FieldOfAction,
    Section.GOAL: Goal,
    Section.MEASURE: Measure,
}


def _target(strategy: Strategy, section: str, key: str):
    if section == Section.VISION:
        return None
    return _MODELS[section].objects.filter(strategy=strategy, key=key).first()


@transaction.atomic
def load_demo_consultation() -> Consultation | None:
    """Add the closed demo round on the Lippe strategy once; a second run changes nothing.

    Needs the Lippe strategy and the demo accounts; returns None when they are missing.
    """
    strategy = Strategy.objects.filter(slug=LIPPE_STRATEGY_SLUG).first()
    if strategy is None:
        return None
    existing = Consultation.objects.filter(strategy=strategy, is_demo=True).first()
    if existing is not None:
        return existing
    users = {user.email: user for user in User.objects.filter(email__endswith=".example")}
    coordinator = users.get(COORDINATOR)
    if coordinator is None:
        return None
    now = timezone.now()
    starts_at = now - datetime.timedelta(days=120)
    ends_at = now - datetime.timedelta(days=90)
    consultation = Consultation.objects.create(
        strategy=strategy,
        opened_by=coordinator,
        starts_at=starts_at,
        ends_at=ends_at,
        closed_at=None,
        intro=INTRO,
        is_demo=True,
    )
    first_measure_comment = None
    for index, (email, section, key, text, outcome, reply, hidden) in enumerate(COMMENTS):
        author = users.get(email)
        target = _target(strategy, section, key)
        if author is None or (section != Section.VISION and target is None):
            continue
        created = starts_at + datetime.timedelta(days=2 + index * 3)
        municipality = author.memberships.filter(municipality__isnull=False).first()
        comment = Comment(
            consultation=consultation,
            section=section,
            author=author,
            author_municipality=municipality.municipality if municipality else None,
            text=text,
            created_at=created,
        )
        if target is not None:
            setattr(comment, TARGET_FIELDS[section], target)
        if outcome != Outcome.OPEN:
            comment.outcome = outcome
            comment.outcome_reply = reply
            comment.outcome_by = coordinator
            comment.outcome_at = ends_at + datetime.timedelta(days=5)
            comment.outcome_version = 2
        if hidden:
            comment.hidden_at = created + datetime.timedelta(days=1)
            comment.hidden_reason = hidden
            comment.hidden_by = coordinator
        comment._history_user = author
        comment.save()
        if key == "B-M01":
            first_measure_comment = comment
    reply_author = users.get(REPLY[0])
    if first_measure_comment is not None and reply_author is not None:
        Comment.objects.create(
            consultation=consultation,
            section=first_measure_comment.section,
            measure=first_measure_comment.measure,
            parent=first_measure_comment,
            author=reply_author,
            author_municipality=(
                reply_author.memberships.filter(municipality__isnull=False).first().municipality
            ),
            text=REPLY[1],
            created_at=first_measure_comment.created_at + datetime.timedelta(days=1),
        )
    return consultation
