"""Browser journey through the reports and the open data (run with `pytest -m e2e`).

A visitor opens the Lippe strategy, asks for its report as PDF, follows the build (tasks run
at once in tests) and downloads the file; then opens "Offene Daten" and downloads a CSV. The
report pages and the open-data page pass axe-core (WCAG 2.1 A/AA) at 1280 and 390 px, reflow
and load nothing from other hosts.
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

STRATEGY = "/strategien/lippe-lebt-digitalisierung/"
SCREENSHOTS = os.environ.get("BLAUPAUSE_E2E_SCREENSHOTS", "")
#: Building the whole Lippe report as PDF may take several seconds on a busy machine.
BUILD_TIMEOUT = 240_000


@pytest.fixture
def lippe_data(demo_data):
    from blaupause.commitments import demo as commitments_demo
    from blaupause.strategies import demo as strategies_demo

    strategies_demo.load_demo_content()
    commitments_demo.load_demo_commitments()


def _shot(page, name: str) -> None:
    """Full-page screenshots for a visual review, only when BLAUPAUSE_E2E_SCREENSHOTS names a
    folder."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"] if page.viewport_size else 0
        page.screenshot(path=f"{SCREENSHOTS}/reports-{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_a_visitor_downloads_the_strategy_report_and_open_data(page, guard, lippe_data, viewport):
    page.set_default_timeout(60_000)  # the live server shares the machine with the browser
    page.goto(STRATEGY)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lippe lebt Digitalisierung")
    page.get_by_role("link", name="Strategiebericht herunterladen (PDF, Word, Markdown)").click()

    expect(page).to_have_url(re.compile(r"/strategien/lippe-lebt-digitalisierung/bericht/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Strategiebericht: Lippe lebt Digitalisierung")
    )
    expect(page.get_by_role("link", name="Als PowerPoint (PPTX) herunterladen")).to_be_visible()
    check_page(page, guard)
    _shot(page, "1-bericht")

    page.get_by_label("PDF (barrierefrei, PDF/UA)").check()
    with page.expect_navigation(timeout=BUILD_TIMEOUT):
        page.get_by_role("button", name="Bericht erstellen").click(timeout=BUILD_TIMEOUT)
    expect(page).to_have_url(re.compile(r"/berichte/[0-9a-f-]{36}/$"))
    expect(page.get_by_text("Der Bericht ist fertig.")).to_be_visible()
    check_page(page, guard)
    _shot(page, "2-fertig")

    with page.expect_download(timeout=BUILD_TIMEOUT) as info:
        page.get_by_role("link", name=re.compile(r"\.pdf herunterladen$")).click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    page.get_by_role("contentinfo").get_by_role("link", name="Offene Daten").click()
    expect(page).to_have_url(re.compile(r"/offene-daten/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Veranstaltungen")).to_be_visible()
    check_page(page, guard)
    _shot(page, "3-offene-daten")

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV – Kommunen", exact=True).click()
    download = info.value
    assert download.suggested_filename == "blaupause-kommunen.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("ags,name,kind")
    assert "Detmold" in text
