"""Synthetic load data for benchmarks: `blaupause generate-load-data --scale owl|germany`.

Builds on the OWL reference data and the demo content (so the pages a benchmark compares —
the Lippe strategy, Detmold, the Lippe network — exist at every scale) and adds, deterministic
by seed:

- networks of neighbouring municipalities (consecutive AGS), each with an adopted strategy of
  four fields of action, twelve goals and its share of the measures;
- commitments of the networks' members to their network's measures, with status and progress
  (at OWL scale with two to four history entries each, as if edited over months);
- submitted self-checks of every municipality in scope for two years;
- events of the networks over the past and the coming year;
- knowledge articles in realistic German wording (compounds, inflections), most of them
  public, indexed for the search.

The data is marked as synthetic: networks and strategies carry a "Lastdaten" prefix,
commitments and articles `is_demo`. Everything is bulk inserted (`core.bulk` for the large
tables); the whole OWL scale takes seconds, the Germany scale minutes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from itertools import islice
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .bulk import insert_rows, refresh_statistics

#: The municipalities of Germany, as shipped with the project.
GERMANY_CSV = Path(__file__).resolve().parent.parent / "regions" / "data" / "de_municipalities.csv"
SLUG_PREFIX = "last-"
NAME_PREFIX = "Lastdaten"
BATCH = 5000


@dataclass(frozen=True)
class Scale:
    name: str
    germany: bool  # all 10,786 municipalities instead of the 70 of OWL
    networks: int
    measures: int
    commitments: int
    commitment_history: bool
    events: int
    articles: int
    self_check_years: tuple[int, ...] = (2024, 2025)


SCALES = {
    "owl": Scale(
        "owl",
        germany=False,
        networks=3,
        measures=500,
        commitments=5_000,
        commitment_history=True,
        events=200,
        articles=1_000,
    ),
    "germany": Scale(
        "germany",
        germany=True,
        networks=400,
        measures=50_000,
        commitments=500_000,
        commitment_history=False,
        events=20_000,
        articles=100_000,
    ),
}

FIELDS = [
    ("A", "Digitale Verwaltung und Services"),
    ("B", "Digitale Infrastruktur"),
    ("C", "Digitale Bildung und Kompetenzen"),
    ("D", "Daten, Klima und Mobilität"),
]
SERVICES = [
    "Bauantrag",
    "Wohngeld",
    "Gewerbeanmeldung",
    "Hundesteuer",
    "Kita-Anmeldung",
    "Sperrmüllanmeldung",
    "Anwohnerparkausweis",
    "Meldebescheinigung",
    "Sondernutzungserlaubnis",
    "Fundsachen",
    "Friedhofsverwaltung",
    "Schülerbeförderung",
    "Ratsinformationssystem",
    "Bürgerbeteiligung",
    "Mängelmelder",
    "Beschaffung",
    "Personalakte",
    "Rechnungseingang",
    "Geodatenportal",
    "Ehrenamtsbörse",
]
PATTERNS = [
    "Online-Antrag für {s} einführen",
    "Digitale Akte für {s}",
    "{s} medienbruchfrei bearbeiten",
    "Terminbuchung und Status für {s}",
    "{s}: gemeinsamer Dienst mehrerer Kommunen",
    "Schulung der Beschäftigten zu {s}",
    "Daten zu {s} offen bereitstellen",
    "{s} an das Bürgerkonto anbinden",
]
STATUSES = ["planned", "in_progress", "in_progress", "done", "paused", "dropped"]
ROLES = ["lead", "partner", "partner", "partner", "interested"]
PLACES = ["Detmold", "Paderborn", "Bielefeld", "Höxter", "Minden", "Gütersloh", "Herford"]
EVENT_TITLES = [
    "Netzwerktreffen",
    "Austausch der Digitalverantwortlichen",
    "Workshop Maßnahmenplanung",
    "Webinar OZG-Umsetzung",
    "Sprechstunde Fördermittel",
    "Arbeitsgruppe Ratsinformationssystem",
]
# Knowledge articles: subjects (long compounds, as municipal texts have them), verbs, nouns and
# adjectives of the trade.
ARTICLE_SUBJECTS = """
Ratsinformationssystem Digitalisierungsstrategie Bürgerportal Serviceportal E-Akte
Dokumentenmanagementsystem Breitbandausbau Glasfaseranschluss Schuldigitalisierung
Onlinezugangsgesetz Terminvergabe Mängelmelder Geoinformationssystem Open-Data-Portal
Informationssicherheit Datenschutzkonzept Beteiligungsplattform Gremienarbeit
Personalverwaltung Finanzsoftware Rechnungseingang E-Rechnung Bauantragsverfahren
Kita-Anmeldung Abfallkalender Hundesteuer Meldewesen Standesamt Wohngeldantrag
Verwaltungsdigitalisierung Prozessmanagement Cloudstrategie Rechenzentrum Videokonferenzsystem
Telefonanlage Netzwerkinfrastruktur Smart-City-Plattform Sensornetz Parkraummanagement
Ehrenamtsbörse Feuerwehrverwaltung Schulträgeraufgaben Medienentwicklungsplan Lernplattform
""".split()
ARTICLE_VERBS = """einführen ausschreiben beschaffen betreiben migrieren erweitern evaluieren planen
vereinheitlichen modernisieren bereitstellen absichern schulen begleiten""".split()
ARTICLE_NOUNS = """Kommune Kreis Verwaltung Bürgerinnen Bürger Fachverfahren Schnittstelle Anbieter
Vergabe Ausschreibung Kosten Förderung Zeitplan Projektgruppe Arbeitspaket Meilenstein
Netzwerk Region Datenbank Anwendung Nutzerkonto Formular Antrag Bescheid Zahlung Sitzung
Vorlage Beschluss Ausschuss Rat Gemeinderat Kreistag Kämmerei Hauptamt Bauamt Ordnungsamt
Schule Kindertagesstätte Feuerwehr Bibliothek Mitarbeitende Fortbildung Datenschutz Sicherheit
Barrierefreiheit Standard Lizenz Vertrag Dienstleister Rechenzentrum Server Software
""".split()
ARTICLE_ADJECTIVES = """gemeinsam digital interkommunal barrierefrei sicher einheitlich offen
schnell modern verbindlich wirtschaftlich nachhaltig regional landesweit""".split()
ARTICLE_FIELDS = ["Digitale Verwaltung", "Bildung", "Infrastruktur", "Teilhabe", "Wirtschaft"]
ARTICLE_AREAS = ["Wohnen", "Arbeiten", "Lernen", "Mobilität", "Gesundheit", "Freizeit"]
ARTICLE_SLUG_PREFIX = "lastdaten-"
#: Articles analysed and indexed per transaction.
ARTICLE_BATCH = 2_000


def _chunks(items: list, count: int) -> Iterator[list]:
    """`count` consecutive, nearly equal parts of `items`."""
    size, extra = divmod(len(items), count)
    start = 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        yield items[start:end]
        start = end


def _bulk(model, rows, *, batch: int = BATCH) -> list:
    return model.objects.bulk_create(rows, batch_size=batch)


def _load_base(scale: Scale, say: Callable[[str], None]):
    from blaupause.commitments import demo as commitments_demo
    from blaupause.regions import demo as regions_demo
    from blaupause.regions import services as region_services
    from blaupause.strategies import demo as strategies_demo

    say("reference data and demo content")
    region = regions_demo.load_reference_data()
    regions_demo.load_demo_content()
    if scale.germany:
        say("all municipalities of Germany")
        region_services.municipalities_import_csv(file=GERMANY_CSV)
    strategies_demo.load_demo_content()
    commitments_demo.load_demo_commitments()
    return region


def _networks(scale: Scale, region, rng: random.Random) -> list[tuple]:
    """Create the networks with their members; returns [(network, [municipality ids])].

    A network belongs to the OWL region only when all its members are in it (at Germany scale
    most networks are elsewhere and belong to no region, as in a nationwide installation).
    """
    from blaupause.regions.models import Municipality, Network

    scope = Municipality.objects.order_by("ags")
    if not scale.germany:
        scope = scope.filter(district__region=region)
    rows = list(scope.values_list("pk", "ags"))
    created = []
    for index, members in enumerate(_chunks(rows, scale.networks), start=1):
        inside = all(ags.startswith(region.ags_prefix) for _pk, ags in members)
        network = Network.objects.create(
            slug=f"{SLUG_PREFIX}netzwerk-{index}",
            name=f"{NAME_PREFIX}: Netzwerk {index}",
            description="Synthetische Daten für Lastmessungen.",
            region=region if inside else None,
        )
        ids = [pk for pk, _ags in members]
        network.municipalities.add(*ids)
        created.append((network, ids))
    return created


def _strategies(scale: Scale, networks: list[tuple], rng: random.Random) -> dict[int, list]:
    """One adopted strategy per network; returns {network id: [measure ids]}."""
    from blaupause.strategies.models import FieldOfAction, Goal, Measure, Strategy

    measures_by_network: dict[int, list] = {}
    parts = list(_chunks(list(range(scale.measures)), len(networks)))
    strategies = _bulk(
        Strategy,
        [
            Strategy(
                slug=f"{SLUG_PREFIX}strategie-{index}",
                title=f"{NAME_PREFIX}: Digitalstrategie {network.name}",
                vision="Synthetische Strategie für Lastmessungen.",
                network=network,
                status="adopted",
            )
            for index, (network, _members) in enumerate(networks, start=1)
        ],
    )
    fields = _bulk(
        FieldOfAction,
        [
            FieldOfAction(strategy=strategy, key=key, title=title, order=order)
            for strategy in strategies
            for order, (key, title) in enumerate(FIELDS)
        ],
    )
    fields_by_strategy: dict[int, list] = {}
    for field in fields:
        fields_by_strategy.setdefault(field.strategy_id, []).append(field)
    goals = _bulk(
        Goal,
        [
            Goal(
                strategy_id=field.strategy_id,
                field=field,
                key=f"{field.key}-Z{number}",
                title=f"Ziel {number} im Handlungsfeld {field.title}",
                order=number,
            )
            for field_list in fields_by_strategy.values()
            for field in field_list
            for number in (1, 2, 3)
        ],
    )
    goals_by_field: dict[int, list] = {}
    for goal in goals:
        goals_by_field.setdefault(goal.field_id, []).append(goal)
    rows, goal_of = [], []
    for strategy, part in zip(strategies, parts, strict=True):
        field_list = fields_by_strategy[strategy.pk]
        for number, _ in enumerate(part, start=1):
            field = field_list[number % len(field_list)]
            start = rng.randint(2024, 2028)
            rows.append(
                Measure(
                    strategy=strategy,
                    field=field,
                    key=f"{field.key}-M{number:03d}",
                    title=rng.choice(PATTERNS).format(s=rng.choice(SERVICES)),
                    summary="Synthetische Maßnahme für Lastmessungen.",
                    effort=rng.choice(["niedrig", "mittel", "hoch"]),
                    start_year=start,
                    end_year=start + rng.randint(0, 3),
                    order=number,
                )
            )
            goal_of.append(rng.choice(goals_by_field[field.pk]))
    measures = _bulk(Measure, rows)
    through = Measure.goals.through
    _bulk(
        through,
        [
            through(measure_id=measure.pk, goal_id=goal.pk)
            for measure, goal in zip(measures, goal_of, strict=True)
        ],
    )
    network_of_strategy = {s.pk: s.network_id for s in strategies}
    for measure in measures:
        measures_by_network.setdefault(network_of_strategy[measure.strategy_id], []).append(
            measure.pk
        )
    return measures_by_network


def _commitments(scale: Scale, networks, measures_by_network, rng: random.Random) -> int:
    """Commitments of members to their network's measures, spread evenly over the networks."""
    from blaupause.commitments.models import Commitment

    per_network = list(_chunks(list(range(scale.commitments)), len(networks)))
    rows = []
    for (network, members), share in zip(networks, per_network, strict=True):
        measures = measures_by_network.get(network.pk, [])
        pairs = len(members) * len(measures)
        if not pairs:
            continue
        # Distinct (municipality, measure) pairs, sampled without building all of them.
        for flat in rng.sample(range(pairs), min(len(share), pairs)):
            member, measure = divmod(flat, len(measures))
            status = rng.choice(STATUSES)
            progress = 100 if status == "done" else rng.randint(0, 90)
            rows.append(
                Commitment(
                    municipality_id=members[member],
                    measure_id=measures[measure],
                    role=rng.choice(ROLES),
                    status=status,
                    progress=progress,
                    is_demo=True,
                )
            )
    if not scale.commitment_history:
        return insert_rows(Commitment, rows)  # hundreds of thousands: no ids needed
    created = _bulk(Commitment, rows)
    _commitment_history(created, rng)
    return len(created)


def _commitment_history(commitments: list, rng: random.Random) -> None:
    """Two to four history entries per commitment, the last one equal to the row."""
    from blaupause.commitments.models import Commitment

    historical = Commitment.history.model
    now = timezone.now()
    fields = [
        f.attname
        for f in Commitment._meta.concrete_fields
        if f.attname in {f2.attname for f2 in historical._meta.concrete_fields}
    ]
    rows = []
    for commitment in commitments:
        steps = rng.randint(2, 4)
        started = now - timedelta(days=rng.randint(60, 600))
        for step in range(steps):
            values = {name: getattr(commitment, name) for name in fields}
            last = step == steps - 1
            if not last:
                values["status"] = "planned" if step == 0 else "in_progress"
                values["progress"] = min(commitment.progress, step * 30)
            rows.append(
                historical(
                    **values,
                    history_date=started + timedelta(days=step * 45),
                    history_type="+" if step == 0 else "~",
                    history_change_reason="",
                )
            )
    _bulk(historical, rows)


def _self_checks(scale: Scale, region) -> int:
    from blaupause.assessments.demo import load_demo_assessments
    from blaupause.regions.models import Municipality

    scope = Municipality.objects.all()
    if not scale.germany:
        scope = scope.filter(district__region=region)
    return load_demo_assessments(municipalities=scope, years=scale.self_check_years)


def _events(scale: Scale, networks, rng: random.Random) -> int:
    from blaupause.events.models import Event

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    rows = []
    for index in range(scale.events):
        network, _members = networks[index % len(networks)]
        starts = now + timedelta(days=rng.randint(-365, 365), hours=rng.randint(-4, 4))
        form = rng.choice(["digital", "in_person", "hybrid"])
        rows.append(
            Event(
                title=f"{rng.choice(EVENT_TITLES)} ({NAME_PREFIX})",
                description="Synthetische Veranstaltung für Lastmessungen.",
                format=form,
                audience=rng.choice(["public", "public", "members"]),
                network=network,
                starts_at=starts,
                ends_at=starts + timedelta(hours=rng.choice([1, 2, 3, 6])),
                location_name="" if form == "digital" else rng.choice(PLACES),
                capacity=rng.choice([None, 20, 40, 100]),
            )
        )
    return len(_bulk(Event, rows))


def _sentence(rng: random.Random, subject: str = "") -> str:
    words = [rng.choice(ARTICLE_ADJECTIVES).capitalize()]
    if subject:
        words.append(subject)
    words += rng.sample(ARTICLE_NOUNS, 4)
    words.append(rng.choice(ARTICLE_VERBS))
    return " ".join(words) + "."


def articles(count: int, *, seed: int = 42, region_id: int | None = None) -> Iterator:
    """`count` unsaved knowledge articles (published, four in five public), by seed."""
    from blaupause.knowledge.constants import ArticleKind, ArticleStatus, Visibility
    from blaupause.knowledge.models import Article

    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by seed
    kinds = [choice for choice, _ in ArticleKind.choices]
    now = timezone.now()
    for number in range(count):
        subject = rng.choice(ARTICLE_SUBJECTS)
        yield Article(
            title=f"{subject} {rng.choice(ARTICLE_VERBS)} – {rng.choice(ARTICLE_NOUNS)} {number}",
            slug=f"{ARTICLE_SLUG_PREFIX}{number}",
            kind=rng.choice(kinds),
            summary=_sentence(rng, subject),
            body="\n\n".join(
                " ".join(
                    _sentence(rng, rng.choice(ARTICLE_SUBJECTS) if index == 0 else "")
                    for index in range(4)
                )
                for _ in range(3)
            ),
            status=ArticleStatus.PUBLISHED,
            visibility=Visibility.PUBLIC if rng.random() < 0.8 else Visibility.MEMBERS,
            published_at=now,
            field_title=rng.choice(ARTICLE_FIELDS),
            life_area_title=rng.choice(ARTICLE_AREAS),
            region_id=region_id,
            is_demo=True,
        )


def _articles(scale: Scale, region, seed: int) -> int:
    """Create and index the articles in batches (bulk_create sends no signals, so the search
    index is written here, as `rebuild_search_index` would)."""
    from blaupause.knowledge.models import Article
    from blaupause.knowledge.search import indexing

    count = 0
    pending = articles(scale.articles, seed=seed, region_id=region.pk)
    while batch := list(islice(pending, ARTICLE_BATCH)):
        with transaction.atomic():
            indexing.index_many(Article.objects.bulk_create(batch))
        count += len(batch)
    return count


def generate(
    scale: Scale | str = "owl",
    *,
    seed: int = 2026,
    fraction: float = 1.0,
    say: Callable[[str], None] = lambda text: None,
) -> dict[str, int]:
    """Create the load data of `scale` (or `fraction` of its volumes); returns the counts.

    Refuses to run twice into the same database: the networks' slugs would collide.
    """
    from blaupause.regions.models import Network

    if isinstance(scale, str):
        scale = SCALES[scale]
    if fraction != 1.0:
        scale = replace(
            scale,
            networks=max(1, round(scale.networks * fraction)),
            measures=max(4, round(scale.measures * fraction)),
            commitments=round(scale.commitments * fraction),
            events=round(scale.events * fraction),
            articles=round(scale.articles * fraction),
        )
    if Network.all_objects.filter(slug__startswith=SLUG_PREFIX).exists():
        raise ValueError("load data exists already in this database")
    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by seed
    region = _load_base(scale, say)
    with transaction.atomic():
        say("networks and strategies")
        networks = _networks(scale, region, rng)
        measures = _strategies(scale, networks, rng)
        say("commitments")
        commitments = _commitments(scale, networks, measures, rng)
        say("events")
        events = _events(scale, networks, rng)
    say("self-checks")
    self_checks = _self_checks(scale, region)
    say("knowledge articles and their search index")
    article_count = _articles(scale, region, seed)
    say("planner statistics")
    refresh_statistics()
    return {
        "networks": len(networks),
        "measures": sum(len(ids) for ids in measures.values()),
        "commitments": commitments,
        "self_checks": self_checks,
        "events": events,
        "articles": article_count,
    }
