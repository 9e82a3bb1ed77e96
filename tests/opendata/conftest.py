"""A small public world with something that must never appear in the open data."""

from datetime import UTC, datetime, timedelta

from django.core.cache import cache

import pytest

from blaupause.collaboration.models import JointProject, ProjectPartner
from blaupause.events.models import Event
from blaupause.knowledge.models import Article
from tests.factories.assessments import submitted_assessment
from tests.factories.commitments import CommitmentFactory, MeasureFactory, StrategyFactory
from tests.factories.regions import DistrictFactory, MunicipalityFactory


def public_event(owner, **fields):
    """An event for everybody, built directly (the events app's factories are its own)."""
    starts = fields.pop("starts_at", datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    values = {
        "title": "Öffentliches Treffen",
        "audience": "public",
        "format": "in_person",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "location_name": "Rathaus",
        "address": "Marktplatz 1, 32676 Lügde",
        "video_url": "https://video.example/geheim-raum",
        "network" if hasattr(owner, "municipalities") else "region": owner,
    }
    values.update(fields)
    return Event.objects.create(**values)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the download limit counts in the cache
    yield
    cache.clear()


@pytest.fixture
def world(network, municipality, other_municipality):
    municipality.name = "Lügde"
    municipality.population_source = "IT.NRW, Gemeindeverzeichnis"
    municipality.save()
    strategy = StrategyFactory(
        network=network, slug="oeffentlich", title="Digitale Zukunft für Höxter"
    )
    measure = MeasureFactory(strategy=strategy, key="A1", title="Bürgerportal für alle Ämter")
    internal = MeasureFactory(strategy=strategy, key="A2", title="Interne Maßnahme")
    draft = StrategyFactory(
        network=network, slug="entwurf", title="Geheimer Entwurf", status="draft"
    )
    draft_measure = MeasureFactory(strategy=draft, key="Z9", title="Maßnahme im Entwurf")
    public = CommitmentFactory(municipality=municipality, measure=measure, progress=55)
    hidden = CommitmentFactory(
        municipality=other_municipality, measure=internal, is_public=False, note="vertraulich"
    )
    of_draft = CommitmentFactory(municipality=municipality, measure=draft_measure)
    event = public_event(network, title="Netzwerktreffen in Lügde")
    project = JointProject.objects.create(
        title="Gemeinsames ISMS",
        lead_municipality=municipality,
        summary="Öffentlich",
        internal_notes="vertraulich",
        measure=measure,
        network=network,
    )
    ProjectPartner.objects.create(project=project, municipality=municipality, status="accepted")
    article = Article.objects.create(
        title="Muster-Dienstanweisung",
        slug="muster-dienstanweisung",
        kind="template",
        status="published",
        visibility="public",
        published_at=datetime(2026, 1, 5, tzinfo=UTC),
        author_municipality=municipality,
    )
    return {
        "municipality": municipality,
        "network": network,
        "strategy": strategy,
        "measure": measure,
        "draft": draft,
        "public": public,
        "hidden": hidden,
        "of_draft": of_draft,
        "event": event,
        "project": project,
        "article": article,
    }


@pytest.fixture
def checks(world):
    """Five submitted self-checks in one district, four in another (k = 5)."""
    big = world["municipality"].district
    small = DistrictFactory(region=big.region, name="Kreis Klein")
    others = [world["municipality"]] + [MunicipalityFactory(district=big) for _ in range(4)]
    for index, municipality in enumerate(others):
        submitted_assessment(municipality, year=2025, current=index % 5, target=4)
    for _ in range(4):
        submitted_assessment(MunicipalityFactory(district=small), year=2025, current=1, target=2)
    return {"big": big, "small": small}
