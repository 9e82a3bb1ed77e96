"""The first journey: a visitor browses the region, then the CDO of Detmold logs in.

Start page → Kreis Lippe → Detmold (population) → login → own dashboard with Detmold. Every page
on the way passes axe-core (WCAG 2.1 A/AA), loads nothing from other hosts and breaks no CSP
rule — at desktop width and at 390 px phone width.
"""

import re

import pytest

from tests.e2e.helpers import check_page

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (requirements/dev.txt)"
).expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CDO_EMAIL = "cdo@detmold.example"
DETMOLD_AGS = "05766020"
# Zensus 2022: 74,486 inhabitants, written the German way ("74.486") or with a (thin) space.
DETMOLD_POPULATION = re.compile(r"74[.,\s\u00a0\u202f]?486")


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_visitor_finds_detmold_and_its_cdo_sees_the_own_dashboard(page, guard, demo_data):
    from blaupause.accounts.demo import DEMO_PASSWORD

    main = page.locator("main")

    # The start page of the region.
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, guard)

    # Follow the link to Kreis Lippe.
    main.locator('a[href$="/kreise/kreis-lippe/"]').first.click()
    expect(page).to_have_url(re.compile(r"/kreise/kreis-lippe/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lippe")
    check_page(page, guard)

    # Open Detmold and see its population.
    main.get_by_role("link", name="Detmold", exact=True).first.click()
    expect(page).to_have_url(re.compile(rf"/kommunen/{DETMOLD_AGS}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Detmold")
    expect(main).to_contain_text(DETMOLD_POPULATION)
    check_page(page, guard)

    # Log in as the CDO of Detmold from the header.
    page.get_by_role("banner").get_by_role("link", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/konto/login/"))
    check_page(page, guard)
    login_form = main.locator("form").filter(has=page.locator('input[name="login"]'))
    login_form.locator('input[name="login"]').fill(CDO_EMAIL)
    login_form.locator('input[name="password"]').fill(DEMO_PASSWORD)
    login_form.locator('button[type="submit"], input[type="submit"]').first.click()
    page.wait_for_load_state("load")

    # Land on (or open) the own area: Detmold is the own municipality.
    if not re.search(r"/mein-bereich/$", page.url):
        page.get_by_role("banner").get_by_role("link", name="Mein Bereich").click()
    expect(page).to_have_url(re.compile(r"/mein-bereich/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(main).to_contain_text("Detmold")
    expect(page.get_by_role("banner").get_by_role("button", name="Abmelden")).to_be_visible()
    check_page(page, guard)
