"""Presentation mode: the deck built from a strategy, its page, permissions and query count."""

import re

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from blaupause.reports.presentation import deck_build, key_measures
from blaupause.strategies.constants import StrategyStatus
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.commitments import CommitmentFactory
from tests.factories.presentation import presentation_strategy
from tests.factories.strategies import MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def url_of(strategy) -> str:
    return reverse("reports:strategy_presentation", kwargs={"slug": strategy.slug})


def test_the_deck_has_the_slides_of_a_conference_talk():
    strategy = presentation_strategy(
        fields=2, reconstruction_notice="Aus Ratsvorlagen und Presseberichten zusammengestellt."
    )
    deck = deck_build(strategy=strategy, viewer=AnonymousUser(), url="https://example.org/s/")

    kinds = [slide.kind for slide in deck.slides]
    assert kinds == [
        "title",
        "about",
        "vision",
        "field",
        "field",
        "progress",
        "next",
        "sources",
    ]
    assert [slide.number for slide in deck.slides] == list(range(1, 9))
    title = deck.slides[0]
    assert title.title == strategy.title
    assert title.lead == "Gemeinsam digital."
    assert (strategy.network.name) in dict(title.facts).values()
    about = deck.slides[1]
    assert dict(about.facts)["Mitglieder"] == "4"
    assert len(about.blocks[0].items) == 4
    vision = deck.slides[2]
    assert [item.text for item in vision.blocks[0].items] == ["Gemeinsam", "Offen"]
    sources = deck.slides[-1]
    assert sources.lead.startswith("Aus Ratsvorlagen")
    assert [item.text for item in sources.blocks[0].items] == ["Quelle A", "Quelle B"]
    assert deck.slides[3].label == f"Folie 4 von 8: {deck.slides[3].title}"


def test_speaker_notes_are_written_from_the_data():
    strategy = presentation_strategy(fields=2, measures_per_field=3, members=4)
    deck = deck_build(strategy=strategy, viewer=AnonymousUser())

    progress = next(slide for slide in deck.slides if slide.kind == "progress")
    assert progress.notes[0] == (
        "6 Maßnahmen, davon 2 mit Beteiligung aller 4 Kommunen "
        "und 4 mit mindestens einer beteiligten Kommune."
    )
    field = next(slide for slide in deck.slides if slide.kind == "field")
    assert field.notes[0] == "Handlungsfeld A umfasst 3 Maßnahmen und 1 Ziel."
    assert (
        "2 von 3 Maßnahmen haben mindestens eine beteiligte Kommune, 1 davon alle 4." in field.notes
    )
    assert deck.slides[0].notes[0].startswith(f"Begrüßung. „{strategy.title}“")


def test_a_field_slide_names_the_measures_most_municipalities_take_part_in():
    strategy = presentation_strategy(fields=1, measures_per_field=6, members=3)
    field = strategy.fields.get()
    heavy = MeasureFactory(field=field, key="A-M99", weight=5, order=99)
    deck = deck_build(strategy=strategy, viewer=AnonymousUser())

    slide = next(slide for slide in deck.slides if slide.kind == "field")
    highlights = slide.blocks[1]
    assert highlights.heading == "Schwerpunkt-Maßnahmen"
    # All three members, then one member, then the highest weight, then the strategy's order.
    assert [item.key for item in highlights.items] == ["A-M01", "A-M02", heavy.key, "A-M03"]
    assert highlights.items[0].detail == "3 von 3 Kommunen beteiligt, 0 umgesetzt"


def test_key_measures_without_progress_follow_weight_then_order():
    strategy = presentation_strategy(fields=1, measures_per_field=0, members=1)
    field = strategy.fields.get()
    first = MeasureFactory(field=field, key="X1", order=1)
    second = MeasureFactory(field=field, key="X2", order=2, weight=2)
    chosen = key_measures([first, second], count=1)
    assert chosen == [second]


def test_the_chart_shows_the_average_progress_per_field():
    strategy = presentation_strategy(fields=2, measures_per_field=2, members=2)
    deck = deck_build(strategy=strategy, viewer=AnonymousUser())

    chart = next(slide for slide in deck.slides if slide.kind == "progress").chart
    # Per field: one measure at 50 % by both members, one at 10 % by one member; the field
    # shows the average of its measures (the commitments app's roll-up rule).
    assert [(bar.key, bar.percent_text) for bar in chart.bars] == [("A", "30 %"), ("B", "30 %")]
    assert chart.bars[0].width == 204  # 30 % of 680


def test_private_commitments_stay_out_of_the_public_deck():
    strategy = presentation_strategy(fields=1, measures_per_field=1, members=2)
    measure = strategy.measures.get()
    measure.commitments.update(is_public=False)
    deck = deck_build(strategy=strategy, viewer=AnonymousUser())

    progress = next(slide for slide in deck.slides if slide.kind == "progress")
    assert dict(progress.facts)["mit Beteiligung"] == "0"


def test_the_page_labels_every_slide_and_hides_the_notes(client):
    strategy = presentation_strategy(fields=2)
    response = client.get(url_of(strategy))

    assert response.status_code == 200
    html = response.content.decode()
    labels = re.findall(r'<section [^>]*aria-roledescription="Folie" aria-label="([^"]+)"', html)
    assert len(labels) == 8
    assert labels[0] == f"Folie 1 von 8: {strategy.title}"
    assert labels[1] == "Folie 2 von 8: Wer wir sind"
    assert html.count("<h1") == 1
    notes = re.findall(r'<aside class="bp-notes"[^>]*>', html)
    assert len(notes) == 8
    assert all(" hidden" in tag for tag in notes)
    assert "Sprechernotizen" in html
    assert 'aria-live="polite"' in html
    assert "8 Folien" in html
    # The chart has a title, a description and a table alternative.
    assert "<title id=" in html
    assert "<desc id=" in html
    assert "<caption>Durchschnittlicher Fortschritt je Handlungsfeld</caption>" in html
    # Strict CSP: no inline styles, scripts only from files with the nonce.
    assert "style=" not in html
    assert re.search(r'<script src="[^"]*js/presentation.js" nonce="[^"]+"', html)
    assert "<script>" not in html


def test_notes_are_shown_for_printing_with_the_parameter(client):
    strategy = presentation_strategy(fields=1)
    response = client.get(url_of(strategy) + "?notizen=1")

    html = response.content.decode()
    notes = re.findall(r'<aside class="bp-notes"[^>]*>', html)
    assert len(notes) == 7
    assert not any(" hidden" in tag for tag in notes)
    assert "bp-deck--print-notes" in html
    assert "Ohne Sprechernotizen drucken" in html


def test_a_draft_is_not_found_for_anonymous_visitors(client):
    strategy = presentation_strategy(fields=1, status=StrategyStatus.DRAFT)
    response = client.get(url_of(strategy))
    assert response.status_code == 404
    assert strategy.title not in response.content.decode()


def test_a_draft_is_shown_to_its_network_coordination(client):
    strategy = presentation_strategy(fields=1, status=StrategyStatus.DRAFT)
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, role="network_coordinator", network=strategy.network)
    client.force_login(coordinator)
    response = client.get(url_of(strategy))
    assert response.status_code == 200
    assert strategy.title in response.content.decode()


def test_a_draft_is_not_found_for_a_cdo_of_another_network(client):
    strategy = presentation_strategy(fields=1, status=StrategyStatus.DRAFT)
    other = presentation_strategy(fields=1)
    cdo = UserFactory()
    MembershipFactory(user=cdo, role="cdo", municipality=other.network.municipalities.first())
    client.force_login(cdo)
    assert client.get(url_of(strategy)).status_code == 404


def test_an_unknown_strategy_is_not_found(client):
    response = client.get(
        reverse("reports:strategy_presentation", kwargs={"slug": "gibt-es-nicht"})
    )
    assert response.status_code == 404


def _queries(client, url) -> int:
    cache.clear()
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_measures(client, django_assert_num_queries):
    strategy = presentation_strategy(fields=1, measures_per_field=5, members=3)
    url = url_of(strategy)
    small = _queries(client, url)

    # 30 measures in 5 fields, more goals and commitments.
    from tests.factories.strategies import FieldOfActionFactory, GoalFactory

    towns = list(strategy.network.municipalities.all())
    for index in range(4):
        field = FieldOfActionFactory(strategy=strategy, key=f"N{index}")
        goal = GoalFactory(field=field)
        for number in range(1, 7):
            measure = MeasureFactory(field=field, key=f"N{index}-M{number}", goals=[goal])
            CommitmentFactory(municipality=towns[number % len(towns)], measure=measure)
    MeasureFactory(field=strategy.fields.get(key="A"), key="A-M06")
    assert strategy.measures.count() == 30

    cache.clear()
    ContentType.objects.clear_cache()
    with django_assert_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('aria-roledescription="Folie"') == 11
    assert small <= 20


def test_the_strategy_page_links_to_the_presentation(client):
    strategy = presentation_strategy(fields=1)
    response = client.get(strategy.get_absolute_url())
    html = response.content.decode()
    assert f'href="{url_of(strategy)}"' in html
    assert "Als Präsentation zeigen" in html
