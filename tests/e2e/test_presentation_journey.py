"""Browser journey through presentation mode (run with `pytest -m e2e`).

A coordinator opens the Lippe strategy as a slide deck, moves through it by keyboard, shows
the speaker notes and jumps to the end. The deck passes axe-core (WCAG 2.1 A/AA), reflows at
390 px and loads nothing from other hosts.
"""

import os
import re
from pathlib import Path

import pytest

from tests.e2e.helpers import check_page

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (requirements/dev.txt)"
).expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DECK = "/strategien/lippe-lebt-digitalisierung/praesentation/"
SHOTS = os.environ.get("BLAUPAUSE_PRESENTATION_SHOTS", "")


@pytest.fixture
def lippe_data(demo_data):
    from blaupause.commitments import demo as commitments_demo
    from blaupause.strategies import demo as strategies_demo

    strategies_demo.load_demo_content()
    commitments_demo.load_demo_commitments()


def shot(page, name: str) -> None:
    """Screenshots for a visual review, only when BLAUPAUSE_PRESENTATION_SHOTS names a folder."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_a_coordinator_presents_the_lippe_strategy(page, guard, lippe_data, viewport):
    size = "desktop" if viewport["width"] > 600 else "phone"
    page.goto(DECK)
    counter = page.locator("#folienzaehler")
    slides = page.locator("section[aria-roledescription='Folie']")
    total = slides.count()
    assert total > 8
    expect(counter).to_have_text(f"Folie 1 von {total}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lippe lebt Digitalisierung")
    check_page(page, guard)
    shot(page, f"{size}-1-titel")

    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(counter).to_have_text(f"Folie 4 von {total}")
    expect(page).to_have_url(re.compile(r"#folie-4$"))
    current = page.locator("section.is-current")
    expect(current).to_have_attribute("aria-label", re.compile(r"^Folie 4 von \d+: "))
    expect(current.locator(".bp-notes")).to_be_hidden()
    shot(page, f"{size}-4-handlungsfeld")

    page.keyboard.press("n")
    notes = current.locator(".bp-notes")
    expect(notes).to_be_visible()
    expect(notes).to_contain_text("Handlungsfeld A umfasst")
    expect(page.get_by_role("button", name="Notizen")).to_have_attribute("aria-pressed", "true")
    check_page(page, guard)
    shot(page, f"{size}-4-notizen")
    page.keyboard.press("n")
    expect(notes).to_be_hidden()

    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text(f"Folie 3 von {total}")

    page.keyboard.press("End")
    expect(counter).to_have_text(f"Folie {total} von {total}")
    expect(page.locator("section.is-current")).to_contain_text("Quellen")
    check_page(page, guard)
    shot(page, f"{size}-{total}-quellen")

    # The buttons do the same for mouse and screen reader users.
    page.get_by_role("button", name="Erste Folie").click()
    expect(counter).to_have_text(f"Folie 1 von {total}")
    page.get_by_role("button", name="Weiter").click()
    expect(counter).to_have_text(f"Folie 2 von {total}")
    check_page(page, guard)
    shot(page, f"{size}-2-wer-wir-sind")

    # The position survives a reload through the address.
    page.goto(DECK + "#folie-3")
    expect(counter).to_have_text(f"Folie 3 von {total}")
    expect(page.locator("section.is-current h2")).to_have_text("Leitbild und Werte")

    progress = page.locator("section[aria-label*='Stand der Umsetzung']")
    number = int(progress.get_attribute("id").removeprefix("folie-"))
    page.goto(f"{DECK}#folie-{number}")
    expect(progress).to_be_visible()
    expect(progress.locator("svg title")).to_have_text(
        "Durchschnittlicher Fortschritt je Handlungsfeld"
    )
    check_page(page, guard)
    shot(page, f"{size}-{number}-fortschritt")


def test_without_script_all_slides_stand_one_below_the_other(browser, base_url, lippe_data):
    context = browser.new_context(base_url=base_url, java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(DECK)
        slides = page.locator("section[aria-roledescription='Folie']")
        total = slides.count()
        for index in (0, total // 2, total - 1):
            expect(slides.nth(index)).to_be_visible()
        expect(page.locator(".bp-deck-controls")).to_be_hidden()
        expect(page.locator(".bp-notes").first).to_be_hidden()
    finally:
        context.close()


def test_the_presenter_view_follows_the_projector(page, guard, lippe_data):
    page.goto(DECK)
    presenter = page.context.new_page()
    presenter.goto(DECK + "?sprecheransicht=1")
    expect(presenter.locator("section.is-current .bp-notes")).to_be_visible()
    expect(presenter.locator("#naechste-folie")).to_have_text("Als Nächstes: Wer wir sind")

    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(presenter.locator("#folienzaehler")).to_contain_text("Folie 3 von")
    expect(presenter.locator("section.is-current .bp-notes")).to_be_visible()
    check_page(presenter, guard)


def test_printing_puts_one_slide_on_each_landscape_page(page, lippe_data):
    import io

    from pypdf import PdfReader

    page.goto(DECK)
    total = page.locator("section[aria-roledescription='Folie']").count()
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    starts = [reader_page.extract_text()[:40] for reader_page in reader.pages]
    assert len(reader.pages) == total, starts[-3:]
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert "Wer wir sind" in reader.pages[1].extract_text()
    assert "Sprechernotizen" not in reader.pages[3].extract_text()

    page.goto(DECK + "?notizen=1")
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    texts = [reader_page.extract_text() for reader_page in reader.pages]
    assert any("Handlungsfeld A umfasst" in text for text in texts)
