"""The synergy journey: the Höxter CDO records a procurement plan similar to the plans of two
other towns, finds the synergy suggestion, turns it into a joint project, invites one more
partner, and the CDO of a partner town accepts. Every page passes axe-core and the page guard,
at desktop and phone width."""

import datetime
import os
from pathlib import Path

import pytest

from tests.e2e.helpers import check_page, navigate_by

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (requirements/dev.txt)"
).expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HOEXTER_CDO = "cdo@hoexter.example"
DETMOLD_CDO = "cdo@detmold.example"
LEMGO_CDO = "cdo@lemgo.example"
HOEXTER_AGS = "05762020"
SUBJECT = "Einführung eines Ratsinformationssystems"
PROJECT_TITLE = "Gemeinsames Ratsinformationssystem"
SCREENSHOTS = os.environ.get("BLAUPAUSE_E2E_SCREENSHOTS", "")


@pytest.fixture
def similar_plans(demo_data):
    """Two towns in Lippe plan a council information system in 2027, worded differently; a
    third town plans something else."""
    from blaupause.accounts.models import User
    from blaupause.collaboration.services.procurement import plan_create
    from blaupause.regions.models import Municipality

    def record(email, ags, subject, planned_on, category="software"):
        return plan_create(
            actor=User.objects.get(email=email),
            municipality=Municipality.objects.get(ags=ags),
            subject=subject,
            category=category,
            planned_on=planned_on,
            estimated_volume="30000",
        )

    return [
        record(
            DETMOLD_CDO, "05766020", "Ratsinformationssystem einführen", datetime.date(2027, 3, 1)
        ),
        record(
            LEMGO_CDO,
            "05766044",
            "Digitale Gremienarbeit mit einem Ratsinformationssystem",
            datetime.date(2027, 6, 1),
        ),
        record(
            DETMOLD_CDO,
            "05766020",
            "WLAN für alle Grundschulen",
            datetime.date(2027, 5, 1),
            category="infrastructure",
        ),
    ]


def _shot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"] if page.viewport_size else 0
        page.screenshot(path=f"{SCREENSHOTS}/synergy-{name}-{width}.png", full_page=True)


def _login(page, email: str) -> None:
    from blaupause.accounts.demo import DEMO_PASSWORD

    main = page.locator("main")
    page.goto("/konto/login/")
    form = main.locator("form").filter(has=page.locator('input[name="login"]'))
    form.locator('input[name="login"]').fill(email)
    form.locator('input[name="password"]').fill(DEMO_PASSWORD)
    navigate_by(page, lambda: form.locator('button[type="submit"]').first.click())


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_plan_suggestion_project_and_partner_acceptance(page, viewport, guard, similar_plans):
    main = page.locator("main")

    # 1. The Höxter CDO records a procurement plan.
    _login(page, HOEXTER_CDO)
    page.goto("/beschaffung/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Beschaffungsvorhaben")
    expect(main).to_contain_text("Ratsinformationssystem einführen")  # the region's plans
    check_page(page, guard)
    navigate_by(page, lambda: main.get_by_role("link", name="Vorhaben erfassen").click())
    expect(page.get_by_role("heading", level=1)).to_have_text("Neues Beschaffungsvorhaben")
    check_page(page, guard)
    # A mistake first: no subject, an absurd date. The form keeps what was typed.
    main.get_by_label("Kategorie").select_option(label="Software / Fachverfahren")
    main.get_by_label("Geplanter Zeitpunkt").fill("1850-04-01")
    main.get_by_label("Geschätztes Volumen in Euro").fill("35.000")
    navigate_by(page, lambda: main.get_by_role("button", name="Vorhaben erfassen").click())
    expect(main).to_contain_text("Bitte geben Sie an, was beschafft werden soll.")
    expect(main).to_contain_text("zwischen den Jahren 2000 und 2100")
    expect(main.get_by_label("Geschätztes Volumen in Euro")).to_have_value("35.000")
    check_page(page, guard)
    main.get_by_label("Gegenstand").fill(SUBJECT)
    main.get_by_label("Geplanter Zeitpunkt").fill("2027-04-01")
    navigate_by(page, lambda: main.get_by_role("button", name="Vorhaben erfassen").click())
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    expect(page.locator(".bp-messages")).to_contain_text("Das Beschaffungsvorhaben ist erfasst.")
    expect(main).to_contain_text("35.000,00 €")
    check_page(page, guard)
    _shot(page, "plan")

    # 2. The synergy finder has grouped it with the two similar plans, not with the WLAN plan.
    navigate_by(page, lambda: main.get_by_role("link", name="Wer plant Ähnliches?").click())
    assert page.url.endswith(f"/synergien/?kommune={HOEXTER_AGS}")
    card = main.locator(".bp-synergy-card").filter(has_text="Detmold").filter(has_text="Lemgo")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Höxter")
    check_page(page, guard)
    _shot(page, "suggestions")
    navigate_by(page, lambda: card.get_by_role("link").first.click())
    expect(main.get_by_role("heading", name="Warum dieser Vorschlag?")).to_be_visible()
    expect(main).to_contain_text(SUBJECT)
    expect(main).to_contain_text("Digitale Gremienarbeit mit einem Ratsinformationssystem")
    expect(main).not_to_contain_text("WLAN für alle Grundschulen")
    check_page(page, guard)

    # 3. One step turns it into a joint project led by Höxter; the others are invited.
    navigate_by(page, lambda: main.get_by_role("link", name="Gemeinsames Projekt starten").click())
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeinsames Projekt starten")
    check_page(page, guard)
    main.get_by_label("Titel des Projekts").fill(PROJECT_TITLE)
    navigate_by(page, lambda: main.get_by_role("button", name="Projekt anlegen").click())
    expect(page.get_by_role("heading", level=1)).to_have_text(PROJECT_TITLE)
    expect(page.locator(".bp-messages")).to_contain_text("als Partner eingeladen")
    partners = main.locator("#partner").locator("xpath=..")
    expect(partners).to_contain_text("Detmold")
    expect(partners).to_contain_text("Lemgo")
    check_page(page, guard)
    project_url = page.url

    # 4. Höxter invites one more town of the district.
    navigate_by(page, lambda: main.get_by_role("link", name="Weitere Kommune einladen").click())
    expect(page.get_by_role("heading", level=1)).to_have_text("Kommune einladen")
    check_page(page, guard)
    main.get_by_label("Kommune").select_option(label="Brakel")
    navigate_by(page, lambda: main.get_by_role("button", name="Einladen").click())
    expect(page.locator(".bp-messages")).to_contain_text("Brakel ist eingeladen.")
    check_page(page, guard)
    _shot(page, "project-invited")

    # 5. The Detmold CDO accepts the invitation.
    navigate_by(
        page, lambda: page.get_by_role("banner").get_by_role("button", name="Abmelden").click()
    )
    _login(page, DETMOLD_CDO)
    page.goto(project_url)
    expect(main).to_contain_text("Detmold ist zu diesem Projekt eingeladen.")
    check_page(page, guard)
    navigate_by(page, lambda: main.get_by_role("link", name="Einladung beantworten").click())
    expect(page.get_by_role("heading", level=1)).to_have_text("Einladung beantworten")
    check_page(page, guard)
    main.get_by_label("Zusagen").check()
    main.get_by_label("Nachricht an die Federführung").fill("Wir sind dabei.")
    navigate_by(page, lambda: main.get_by_role("button", name="Antwort senden").click())
    expect(page.locator(".bp-messages")).to_contain_text("Ihre Kommune macht mit.")
    partners = main.locator("#partner").locator("xpath=..")
    detmold_row = partners.locator("tr").filter(has_text="Detmold")
    expect(detmold_row).to_contain_text("zugesagt")
    expect(detmold_row).to_contain_text("Wir sind dabei.")
    expect(main).not_to_contain_text("Detmold ist zu diesem Projekt eingeladen.")
    check_page(page, guard)
    _shot(page, "accepted")
