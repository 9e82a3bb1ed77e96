"""Browser journey of a blueprint transfer (run with `pytest -m e2e`).

The coordination of Netzwerk Kreis Höxter adopts the Lippe blueprint, adapts one measure with a
reason; the Lippe coordination then changes that measure in the blueprint and publishes a new
version; Höxter accepts the upstream change of one field and keeps its own title. Every page
passes axe-core, reflows at 390 px and loads nothing from other hosts.
"""

import re

from django.urls import NoReverseMatch, reverse

import pytest

from tests.e2e.helpers import check_page

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (requirements/dev.txt)"
).expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLUEPRINT = "/strategien/lippe-lebt-digitalisierung/"
HOEXTER = "koordination@kreis-hoexter.example"
LIPPE = "koordination@kreis-lippe.example"
REASON = "Kreis Höxter: kein gemeinsames Rechenzentrum, daher Austausch über den Kreis"
OUR_TITLE = "Austausch der Digitalverantwortlichen im Kreis Höxter"


@pytest.fixture
def lippe_data(transactional_db):
    from blaupause.accounts import demo as accounts_demo
    from blaupause.regions import demo as regions_demo
    from blaupause.strategies import demo as strategies_demo

    regions_demo.load_reference_data()
    regions_demo.load_demo_content()
    accounts_demo.load_demo_accounts()
    strategies_demo.load_demo_content()


def _login(page, email: str) -> None:
    from blaupause.accounts.demo import DEMO_PASSWORD

    page.context.clear_cookies()
    page.goto("/konto/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    page.locator("main").locator('button[type="submit"]').first.click()
    page.wait_for_load_state("load")


def _edit_measure(page, guard, url: str, **values) -> None:
    main = page.locator("main")
    page.goto(url)
    page.get_by_role("navigation", name="Maßnahme bearbeiten").get_by_role(
        "link", name="Bearbeiten"
    ).click()
    check_page(page, guard)
    for name, value in values.items():
        page.fill(f"#id_{name}", value)
    main.locator("form button[type=submit]").click()


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_hoexter_adopts_adapts_and_syncs_the_lippe_blueprint(page, guard, lippe_data):
    main = page.locator("main")
    _login(page, HOEXTER)

    # Adopt the blueprint from the network page.
    page.goto("/netzwerke/kreis-hoexter/")
    check_page(page, guard)
    main.get_by_role("link", name="Blaupause übernehmen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Blaupause übernehmen")
    check_page(page, guard)
    main.get_by_role("button", name="Blaupause übernehmen").click()
    expect(main.get_by_role("alert")).to_contain_text("Bitte bestätigen Sie die Übernahme.")
    check_page(page, guard)
    main.get_by_label(re.compile("vollständige Kopie")).check()
    main.get_by_role("button", name="Blaupause übernehmen").click()
    expect(main).to_contain_text("Übernommen aus")
    check_page(page, guard)
    strategy_url = re.sub(r"^https?://[^/]+", "", page.url)

    # The transfer analysis of another part of the application, when it exists.
    try:
        analysis = reverse("transfer:analysis", kwargs={"slug": "lippe-lebt-digitalisierung"})
    except NoReverseMatch:
        analysis = None  # not built yet: nothing to check here
    if analysis:
        page.goto(f"{analysis}?netzwerk=kreis-hoexter")
        check_page(page, guard)

    # Adapt one measure: without a reason the form says what is missing and keeps the input.
    _edit_measure(page, guard, strategy_url + "massnahmen/A-M01/", title=OUR_TITLE)
    expect(main).to_contain_text("Bitte geben Sie einen Grund für diese Änderung an.")
    expect(page.locator("#id_title")).to_have_value(OUR_TITLE)
    check_page(page, guard)
    page.fill("#id_reason", REASON)
    main.locator("form button[type=submit]").click()
    expect(main).to_contain_text("wurde gespeichert")
    expect(main).to_contain_text(REASON)
    check_page(page, guard)
    main.get_by_role("link", name="Alle Anpassungen der Strategie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Was wir geändert haben")
    expect(main).to_contain_text(REASON)
    check_page(page, guard)

    # Lippe changes the same measure upstream and publishes version 2.
    _login(page, LIPPE)
    _edit_measure(
        page,
        guard,
        BLUEPRINT + "massnahmen/A-M01/",
        title="Regelmäßiger Austausch im Netzwerk",
        summary="Die Digitalverantwortlichen treffen sich jeden Monat online.",
    )
    expect(main).to_contain_text("wurde gespeichert")
    page.goto(BLUEPRINT + "veroeffentlichen/")
    page.fill("#id_note", "Austausch präzisiert")
    main.locator("form button[type=submit]").click()
    expect(main).to_contain_text("Version 2 wurde veröffentlicht.")

    # Höxter reviews: the title is a conflict (ours stays), the summary is taken over.
    _login(page, HOEXTER)
    page.goto(strategy_url)
    main.get_by_role("link", name="Die Blaupause hat eine neue Version – Änderungen prüfen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Änderungen der Blaupause prüfen")
    expect(main).to_contain_text("Konflikt bei „Titel“")
    check_page(page, guard)
    item = main.locator("section.bp-sync-item", has_text="Konflikt bei „Titel“")
    item.get_by_label("Unsere Fassung behalten").check()
    item.get_by_role("button", name="Übernehmen", exact=True).click()
    expect(main).to_contain_text("Ihre Entscheidung wurde gespeichert.")
    check_page(page, guard)

    page.goto(strategy_url + "massnahmen/A-M01/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(OUR_TITLE)
    expect(main).to_contain_text("Die Digitalverantwortlichen treffen sich jeden Monat online.")
    expect(main).to_contain_text(REASON)
    check_page(page, guard)
