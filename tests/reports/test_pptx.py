"""PPTX of the presentation: one slide per deck slide, notes, alt texts, properties, access."""

import io

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.urls import reverse

import pytest
from pptx import Presentation

from blaupause.reports.presentation import deck_build
from blaupause.strategies.constants import StrategyStatus
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.presentation import presentation_strategy

pytestmark = pytest.mark.django_db

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def pptx_url(strategy) -> str:
    return reverse("reports:strategy_presentation_pptx", kwargs={"slug": strategy.slug})


def _open(response):
    assert response.status_code == 200
    assert response["Content-Type"] == PPTX
    return Presentation(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )


def _texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_the_file_has_one_slide_per_deck_slide_with_titles_and_notes(client):
    strategy = presentation_strategy(
        fields=2, reconstruction_notice="Aus Ratsvorlagen und Presseberichten zusammengestellt."
    )
    deck = deck_build(strategy=strategy, viewer=AnonymousUser(), url="https://example.org/")
    response = client.get(pptx_url(strategy))
    assert f'filename="{strategy.slug}-praesentation.pptx"' in response["Content-Disposition"]
    prs = _open(response)

    assert len(prs.slides) == len(deck.slides) == 8
    for pptx_slide, slide in zip(prs.slides, deck.slides, strict=True):
        assert slide.title in pptx_slide.shapes.title.text_frame.text
        notes = pptx_slide.notes_slide.notes_text_frame.text
        assert notes
        assert slide.notes[0] in notes
    title = prs.slides[0]
    assert "Gemeinsam digital." in _texts(title)
    field = prs.slides[3]
    assert "Ziele" in _texts(field)
    assert "A-M01" in _texts(field)
    # Measure links lead to the site, as full addresses.
    addresses = [
        run.hyperlink.address
        for shape in field.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
        if run.hyperlink.address
    ]
    assert addresses
    assert all(address.startswith("http://testserver/strategien/") for address in addresses)


def test_the_progress_chart_is_a_picture_with_alt_text_and_key_numbers(client):
    strategy = presentation_strategy(fields=2)
    prs = _open(client.get(pptx_url(strategy)))
    progress = next(
        slide for slide in prs.slides if "Stand der Umsetzung" in slide.shapes.title.text_frame.text
    )
    pictures = [shape for shape in progress.shapes if shape.shape_type == 13]
    assert len(pictures) == 1
    alt = pictures[0]._element.nvPicPr.cNvPr.get("descr")
    assert alt.startswith("Durchschnittlicher Fortschritt je Handlungsfeld. Balkendiagramm")
    texts = _texts(progress)
    assert "Maßnahmen" in texts
    assert "beteiligte Kommunen" in texts
    # Every picture of the file has an alt text.
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.shape_type == 13:
                assert shape._element.nvPicPr.cNvPr.get("descr")


def test_the_document_properties_name_title_language_and_network(client):
    strategy = presentation_strategy(fields=1)
    prs = _open(client.get(pptx_url(strategy)))
    properties = prs.core_properties
    assert properties.title == strategy.title
    assert properties.language == "de-DE"
    assert properties.author == strategy.network.name
    run = prs.slides[1].shapes.title.text_frame.paragraphs[-1].runs[0]
    assert run.font._rPr.get("lang") == "de-DE"


def test_private_commitments_stay_out_of_the_public_file(client):
    strategy = presentation_strategy(fields=1)
    from blaupause.commitments.models import Commitment

    Commitment.objects.filter(measure__strategy=strategy).update(is_public=False)
    prs = _open(client.get(pptx_url(strategy)))
    progress = next(
        slide for slide in prs.slides if "Stand der Umsetzung" in slide.shapes.title.text_frame.text
    )
    assert "0 / 4" in _texts(progress)


def test_a_draft_is_not_found_for_anonymous_visitors(client):
    strategy = presentation_strategy(fields=1, status=StrategyStatus.DRAFT)
    assert client.get(pptx_url(strategy)).status_code == 404


def test_a_draft_is_not_found_for_a_cdo_of_another_network(client):
    strategy = presentation_strategy(fields=1, status=StrategyStatus.DRAFT)
    other = presentation_strategy(fields=1)
    cdo = UserFactory()
    MembershipFactory(user=cdo, role="cdo", municipality=other.network.municipalities.first())
    client.force_login(cdo)
    assert client.get(pptx_url(strategy)).status_code == 404


def test_a_draft_is_a_file_for_its_network_coordination(client):
    strategy = presentation_strategy(fields=1, status=StrategyStatus.DRAFT)
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, role="network_coordinator", network=strategy.network)
    client.force_login(coordinator)
    prs = _open(client.get(pptx_url(strategy)))
    assert prs.slides[0].shapes.title.text_frame.text.endswith(strategy.title)


def test_an_unknown_strategy_is_not_found(client):
    url = reverse("reports:strategy_presentation_pptx", kwargs={"slug": "gibt-es-nicht"})
    assert client.get(url).status_code == 404


def test_the_pages_link_to_the_pptx(client):
    strategy = presentation_strategy(fields=1)
    url = pptx_url(strategy)
    for page in (
        strategy.get_absolute_url(),
        reverse("reports:strategy_presentation", kwargs={"slug": strategy.slug}),
        reverse("reports:strategy_report", kwargs={"slug": strategy.slug}),
    ):
        html = client.get(page).content.decode()
        assert f'href="{url}"' in html, page
        assert "Als PowerPoint (PPTX) herunterladen" in html
