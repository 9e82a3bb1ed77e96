"""The commitment journey: the CDO of Detmold commits Detmold to a measure of the Lippe
strategy and reports progress in the bulk editor; the public measure page and the network's
roll-up show it. Every page on the way passes axe-core and the page guard."""

import re

import pytest

from tests.e2e.helpers import check_page

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (requirements/dev.txt)"
).expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CDO_EMAIL = "cdo@detmold.example"
DETMOLD_AGS = "05766020"
STRATEGY = "lippe-lebt-digitalisierung"
KEY = "B-M03"


@pytest.fixture
def lippe_strategy(demo_data):
    from blaupause.strategies.blueprints import blueprint_load

    return blueprint_load("lippe").strategy


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_cdo_commits_detmold_and_the_public_pages_show_it(page, guard, lippe_strategy):
    from blaupause.accounts.demo import DEMO_PASSWORD
    from blaupause.commitments.models import Commitment

    main = page.locator("main")
    measure = lippe_strategy.measures.get(key=KEY)

    # Log in as the CDO of Detmold.
    page.goto("/konto/login/")
    login_form = main.locator("form").filter(has=page.locator('input[name="login"]'))
    login_form.locator('input[name="login"]').fill(CDO_EMAIL)
    login_form.locator('input[name="password"]').fill(DEMO_PASSWORD)
    login_form.locator('button[type="submit"]').first.click()
    page.wait_for_load_state("load")

    # The public progress page of Detmold offers the editor to its CDO.
    page.goto(f"/kommunen/{DETMOLD_AGS}/fortschritt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fortschritt: Detmold")
    check_page(page, guard)
    main.get_by_role("link", name="Maßnahmen bearbeiten").click()
    expect(page).to_have_url(re.compile(rf"/kommunen/{DETMOLD_AGS}/massnahmen/$"))
    check_page(page, guard)

    # Commit Detmold to the measure: the row is saved in the background and comes back.
    row = page.locator(f"#zeile-{measure.uuid}")
    expect(row).to_contain_text("keine Beteiligung")
    row.get_by_label("Status").select_option("planned")
    row.get_by_label("Rolle").select_option("lead")
    row.get_by_label("Beginn").fill("2026-02-01")
    row.get_by_label("Ende").fill("2027-06-30")
    row.get_by_role("button", name="Speichern").click()
    row = page.locator(f"#zeile-{measure.uuid}")
    expect(row).to_contain_text(f"Gespeichert: {KEY} – geplant, 0 %.")
    expect(page.locator("#bulk-status")).to_contain_text(f"Gespeichert: {KEY}")
    check_page(page, guard)

    # Report progress in the same row (the row now carries the new version).
    row.get_by_label("Status").select_option("in_progress")
    row.get_by_label("Fortschritt in %").fill("40")
    row.get_by_role("button", name="Speichern").click()
    expect(page.locator(f"#zeile-{measure.uuid}")).to_contain_text(
        f"Gespeichert: {KEY} – in Umsetzung, 40 %."
    )
    stored = Commitment.objects.get(municipality__ags=DETMOLD_AGS, measure=measure)
    assert (stored.role, stored.status, stored.progress, stored.version) == (
        "lead",
        "in_progress",
        40,
        2,
    )

    # A bad value shows a German error in the row, and the input stays.
    row = page.locator(f"#zeile-{measure.uuid}")
    row.get_by_label("Fortschritt in %").fill("140")
    row.get_by_role("button", name="Speichern").click()
    row = page.locator(f"#zeile-{measure.uuid}")
    expect(row).to_contain_text("Der Fortschritt muss zwischen 0 und 100 Prozent liegen.")
    expect(row.get_by_label("Fortschritt in %")).to_have_value("140")
    check_page(page, guard)

    # Log out: from here on the public view.
    page.get_by_role("banner").get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("banner").get_by_role("link", name="Anmelden")).to_be_visible()

    # The public measure page shows Detmold with its status and progress.
    page.goto(f"/strategien/{STRATEGY}/massnahmen/{KEY}/")
    expect(main).to_contain_text("1 von 16 Kommunen beteiligt, 0 umgesetzt")
    detmold_row = main.locator("tr").filter(
        has=page.get_by_role("link", name="Detmold", exact=True)
    )
    expect(detmold_row).to_contain_text("in Umsetzung")
    expect(detmold_row).to_contain_text("federführend")
    expect(detmold_row).to_contain_text("40 %")
    check_page(page, guard)

    # The network's roll-up counts it, per measure and for Detmold.
    page.goto("/netzwerke/lippe/fortschritt/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fortschritt")
    measure_row = main.locator("#massnahmen ~ div tr, section:has(#massnahmen) tr").filter(
        has_text=KEY
    )
    expect(measure_row.first).to_contain_text("1 von 16 Kommunen beteiligt, 0 umgesetzt")
    member_row = main.locator("section:has(#kommunen) tr").filter(
        has=page.get_by_role("link", name="Detmold", exact=True)
    )
    expect(member_row).to_contain_text("40 %")
    check_page(page, guard)

    # And Detmold's own progress page lists it.
    member_row.get_by_role("link", name="Detmold", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/kommunen/{DETMOLD_AGS}/fortschritt/$"))
    expect(main).to_contain_text(measure.title)
    check_page(page, guard)
