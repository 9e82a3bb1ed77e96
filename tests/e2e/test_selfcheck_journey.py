"""The self-check journey: the CDO of Höxter starts the 2026 self-check, saves a draft by
keyboard, comes back, submits and reads the results with the comparison ("zu wenige
Teilnehmende" where groups are small); the regional admin opens the regional heat map.
Every page passes axe-core and the page guard, at desktop and phone width."""

import os
import re
from pathlib import Path

import pytest

from tests.e2e.helpers import check_page

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (requirements/dev.txt)"
).expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CDO_EMAIL = "cdo@hoexter.example"
ADMIN_EMAIL = "admin@digitalbuero-owl.example"
HOEXTER_AGS = "05762020"
YEAR = 2026
CODES = [f"{f}{n}" for f in "ABCD" for n in range(1, 7)]
SCREENSHOTS = os.environ.get("BLAUPAUSE_E2E_SCREENSHOTS", "")


@pytest.fixture
def selfcheck_demo(demo_data):
    from blaupause.assessments.demo import load_demo_assessments

    load_demo_assessments()


def _shot(page, name: str) -> None:
    """Full-page screenshots for a visual review, only when BLAUPAUSE_E2E_SCREENSHOTS names a
    folder."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"] if page.viewport_size else 0
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)


def _login(page, email: str) -> None:
    from blaupause.accounts.demo import DEMO_PASSWORD

    main = page.locator("main")
    page.goto("/konto/login/")
    form = main.locator("form").filter(has=page.locator('input[name="login"]'))
    form.locator('input[name="login"]').fill(email)
    form.locator('input[name="password"]').fill(DEMO_PASSWORD)
    form.locator('button[type="submit"]').first.click()
    page.wait_for_load_state("load")


def _totp_code(email: str) -> str:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def _logout(page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_hoexter_fills_the_self_check_and_the_region_sees_it(page, guard, selfcheck_demo):
    from blaupause.assessments.models import Assessment

    main = page.locator("main")
    _login(page, CDO_EMAIL)

    # The overview: 2024 and 2025 are there (demo), 2026 can be started.
    page.goto(f"/kommunen/{HOEXTER_AGS}/selbstcheck/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Selbstcheck: Höxter")
    check_page(page, guard)
    _shot(page, "overview")
    main.get_by_label("Jahr").select_option(str(YEAR))
    main.get_by_role("button", name="Selbstcheck beginnen").click()
    expect(page).to_have_url(re.compile(rf"/selbstcheck/{YEAR}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Selbstcheck {YEAR}: Höxter")
    check_page(page, guard)
    _shot(page, "form")

    # Half of the answers, then save the draft with the keyboard only.
    first = main.get_by_label("Heute (A1)", exact=True)
    first.focus()
    page.keyboard.press("Tab")
    expect(main.get_by_label("In 2–3 Jahren (A1)", exact=True)).to_be_focused()
    for code in CODES[:12]:
        main.get_by_label(f"Heute ({code})", exact=True).select_option("1")
        main.get_by_label(f"In 2–3 Jahren ({code})", exact=True).select_option("3")
    main.get_by_role("button", name="Entwurf speichern").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    expect(main).to_contain_text("Entwurf gespeichert")
    check_page(page, guard)

    # Submitting now tells what is missing and keeps what was entered.
    main.get_by_role("button", name="Abschließen und Ergebnis ansehen").click()
    page.wait_for_load_state("load")
    expect(main.get_by_role("alert").first).to_contain_text("Es wurde nichts gespeichert")
    expect(main.get_by_label("Heute (A1)", exact=True)).to_have_value("1")
    check_page(page, guard)

    # Come back later: the draft is still there; answer the rest and submit.
    page.goto(f"/kommunen/{HOEXTER_AGS}/selbstcheck/")
    main.get_by_role("link", name=f"Selbstcheck {YEAR} fortsetzen").click()
    expect(main.get_by_label("In 2–3 Jahren (B6)", exact=True)).to_have_value("3")
    for code in CODES[12:]:
        main.get_by_label(f"Heute ({code})", exact=True).select_option("2")
        main.get_by_label(f"In 2–3 Jahren ({code})", exact=True).select_option("4")
    main.get_by_role("button", name="Abschließen und Ergebnis ansehen").click()
    expect(page).to_have_url(re.compile(rf"/selbstcheck/{YEAR}/ergebnis/$"))
    assert Assessment.objects.get(municipality__ags=HOEXTER_AGS, year=YEAR).is_submitted

    # The results: profile, gaps, and a comparison in which 2026 groups are still too small.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Ergebnis Selbstcheck {YEAR}: Höxter"
    )
    expect(main.get_by_role("table", name="Mittlere Stufe je Handlungsfeld")).to_be_visible()
    comparison = main.get_by_role("table", name=re.compile("Heutige Stufe im Vergleich"))
    expect(comparison).to_contain_text("zu wenige Teilnehmende")
    expect(main.get_by_role("link", name=re.compile("wieder öffnen"))).to_be_visible()
    check_page(page, guard)
    _shot(page, "results")
    _logout(page)

    # The regional admin opens the regional view from the start page.
    _login(page, ADMIN_EMAIL)
    page.locator('input[name="code"]').fill(_totp_code(ADMIN_EMAIL))
    page.locator("main form").get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state("load")
    page.goto("/regionen/owl/")
    main.get_by_role("link", name=re.compile("Regionale Auswertung des Selbstchecks")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selbstcheck: Auswertung")
    # 2026 is the latest year with a submission: Höxter's row shows its levels as numbers
    heat = main.get_by_role("table", name=re.compile("Heutige Stufe je Kommune und Frage"))
    expect(heat).to_contain_text(str(YEAR))
    hoexter = heat.get_by_role("row").filter(
        has=page.get_by_role("link", name="Höxter", exact=True)
    )
    expect(hoexter.get_by_role("cell")).to_have_count(25)  # 24 questions and the mean
    expect(hoexter.get_by_role("cell").first).to_have_text("1")
    expect(hoexter.get_by_role("cell").last).to_have_text("1,5")
    check_page(page, guard)
    _shot(page, "regional-2026")
    main.get_by_label("Jahr").select_option("2025")
    main.get_by_label("Kreis").select_option(label="Kreis Lippe")
    main.get_by_role("button", name="Anzeigen").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lippe")
    expect(
        main.get_by_role("table", name=re.compile("Anzahl der Kommunen je Stufe"))
    ).to_be_visible()
    check_page(page, guard)
    _shot(page, "regional-2025-lippe")
