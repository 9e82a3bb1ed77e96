"""Browser journeys through the strategy pages (run with `pytest -m e2e`).

A visitor reads the Lippe strategy, filters its measures and opens one; the network's
coordination edits a measure, publishes a version and compares it with the first. Every page
passes axe-core (WCAG 2.1 A/AA), reflows at 390 px and loads nothing from other hosts.
"""

import re

import pytest

from tests.e2e.helpers import check_page

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (requirements/dev.txt)"
).expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STRATEGY = "/strategien/lippe-lebt-digitalisierung/"
COORDINATOR = "koordination@kreis-lippe.example"


@pytest.fixture
def lippe_data(transactional_db):
    from blaupause.accounts import demo as accounts_demo
    from blaupause.regions import demo as regions_demo
    from blaupause.strategies import demo as strategies_demo

    regions_demo.load_reference_data()
    regions_demo.load_demo_content()
    accounts_demo.load_demo_accounts()
    strategies_demo.load_demo_content()


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_a_visitor_reads_the_strategy_and_a_measure(page, guard, lippe_data):
    main = page.locator("main")
    page.goto("/strategien/")
    check_page(page, guard)
    main.get_by_role("link", name=re.compile("Lippe lebt Digitalisierung")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lippe lebt Digitalisierung")
    expect(main).to_contain_text("Aus öffentlichen Quellen rekonstruiert")
    check_page(page, guard)

    # Filter by field of action B: the URL holds the filter.
    main.get_by_label("Handlungsfeld", exact=True).select_option("B")
    main.get_by_role("button", name="Filtern").click()
    expect(page).to_have_url(re.compile(r"\?.*feld=B"))
    expect(main).to_contain_text("9 von 34 Maßnahmen passen zu den Filtern.")
    check_page(page, guard)

    main.get_by_role("link", name=re.compile("B-M04")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Informationssicherheitsmanagement"
    )
    expect(main).to_contain_text("Wer setzt die Maßnahme um?")
    check_page(page, guard)

    page.goto(STRATEGY + "versionen/")
    check_page(page, guard)
    page.goto(STRATEGY + "versionen/1/")
    check_page(page, guard)
    page.goto(STRATEGY + "verlauf/")
    check_page(page, guard)


def test_the_coordination_edits_publishes_and_compares(page, guard, lippe_data):
    from blaupause.accounts.demo import DEMO_PASSWORD

    main = page.locator("main")
    page.goto("/konto/login/")
    page.fill('input[name="login"]', COORDINATOR)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    main.locator('button[type="submit"]').first.click()
    page.wait_for_load_state("load")

    page.goto(STRATEGY + "massnahmen/A-M01/")
    page.get_by_role("navigation", name="Maßnahme bearbeiten").get_by_role(
        "link", name="Bearbeiten"
    ).click()
    check_page(page, guard)
    page.fill("#id_end_year", "2020")
    main.locator("form button[type=submit]").click()
    expect(main.get_by_role("alert")).to_contain_text("Das Ende (2020) liegt vor dem Beginn")
    check_page(page, guard)
    page.fill("#id_end_year", "2030")
    page.fill("#id_summary", "Die Digitalverantwortlichen treffen sich jeden Monat online.")
    main.locator("form button[type=submit]").click()
    expect(main).to_contain_text("wurde gespeichert")

    page.goto(STRATEGY + "veroeffentlichen/")
    check_page(page, guard)
    page.fill("#id_note", "Austausch präzisiert")
    main.locator("form button[type=submit]").click()
    expect(main).to_contain_text("Version 2 wurde veröffentlicht.")

    page.goto(STRATEGY + "versionen/vergleich/?von=1&zu=2")
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 1 und 2 im Vergleich")
    expect(main.locator("ins").first).to_be_visible()
    check_page(page, guard)

    page.goto(STRATEGY + "massnahmen/A-M01/")
    main.get_by_role("link", name="Verlauf dieser Maßnahme").click()
    check_page(page, guard)
    main.get_by_role("button", name="Diese Fassung wiederherstellen").first.click()
    expect(main).to_contain_text("Die gewählte Fassung ist wieder die aktuelle.")
    check_page(page, guard)
