"""The consultation journey: the Lippe coordination has opened a round on a network draft;
the CDO of Detmold comments on a measure, the coordinator records the outcome with a reply,
and the consultation report lists it. Every page passes axe-core and the page guard, at
desktop and phone width."""

import datetime
import os
import re
from pathlib import Path

import pytest

from tests.e2e.helpers import check_page

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (requirements/dev.txt)"
).expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CDO_EMAIL = "cdo@detmold.example"
COORDINATOR_EMAIL = "koordination@kreis-lippe.example"
SCREENSHOTS = os.environ.get("BLAUPAUSE_E2E_SCREENSHOTS", "")
COMMENT = "Bitte die Termine mit den Sitzungen der Räte abstimmen."
REPLY = "Übernommen: Die Termine richten sich nach dem Sitzungskalender."


def _shot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"] if page.viewport_size else 0
        page.screenshot(path=f"{SCREENSHOTS}/consultation-{name}-{width}.png", full_page=True)


def _login(page, email: str) -> None:
    from blaupause.accounts.demo import DEMO_PASSWORD

    main = page.locator("main")
    page.goto("/konto/login/")
    form = main.locator("form").filter(has=page.locator('input[name="login"]'))
    form.locator('input[name="login"]').fill(email)
    form.locator('input[name="password"]').fill(DEMO_PASSWORD)
    form.locator('button[type="submit"]').first.click()
    page.wait_for_load_state("load")


def _logout(page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state("load")


@pytest.fixture
def draft_in_consultation(demo_data):
    """A draft of the Lippe network, put into consultation by its coordinator (services)."""
    from django.utils import timezone

    from blaupause.accounts.models import User
    from blaupause.consultation.services import consultation_open
    from blaupause.regions.models import Network
    from blaupause.strategies.constants import StrategyStatus
    from tests.factories.strategies import FieldOfActionFactory, MeasureFactory, StrategyFactory

    network = Network.objects.get(slug="lippe")
    strategy = StrategyFactory(
        network=network,
        slug="lippe-entwurf-2027",
        title="Lippe digital 2027 (Entwurf)",
        status=StrategyStatus.DRAFT,
    )
    field = FieldOfActionFactory(strategy=strategy, key="A", title="Zusammenarbeit")
    MeasureFactory(field=field, key="A-M1", title="Gemeinsamer Sitzungskalender")
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    consultation_open(
        actor=coordinator,
        strategy=strategy,
        ends_at=timezone.now() + datetime.timedelta(days=21),
        intro="Bitte kommentieren Sie den Entwurf bis zum Ende der Frist.",
    )
    return strategy


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_cdo_comments_coordinator_answers_report_lists_it(page, guard, draft_in_consultation):
    strategy = draft_in_consultation
    main = page.locator("main")
    url = f"/strategien/{strategy.slug}/konsultation/"

    # The Detmold CDO sees the slot on the strategy page and comments on the measure.
    _login(page, CDO_EMAIL)
    page.goto(f"/strategien/{strategy.slug}/")
    expect(main).to_contain_text("Konsultation läuft bis")
    main.get_by_role("link", name="Jetzt kommentieren").click()
    expect(page).to_have_url(re.compile(r"/konsultation/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(strategy.title)
    check_page(page, guard)
    _shot(page, "page")
    main.locator("#massnahme-A-M1 summary", has_text="Kommentar schreiben").click()
    field = main.get_by_label("Ihr Kommentar zu Maßnahme A-M1")
    field.fill(COMMENT)
    main.locator("#massnahme-A-M1").get_by_role("button", name="Kommentar abschicken").click()
    page.wait_for_load_state("load")
    expect(main).to_contain_text("Danke, Ihr Kommentar ist gespeichert.")
    thread = main.locator("#massnahme-A-M1 article.bp-comment").first
    expect(thread).to_contain_text(COMMENT)
    expect(thread).to_contain_text("Detmold")
    check_page(page, guard)
    _logout(page)

    # The coordinator records the outcome with a reply.
    _login(page, COORDINATOR_EMAIL)
    page.goto(url)
    thread = main.locator("#massnahme-A-M1 article.bp-comment").first
    thread.locator("summary", has_text="Ergebnis festhalten").click()
    thread.get_by_label("Ergebnis").select_option("adopted")
    thread.get_by_label("Antwort der Koordination").fill(REPLY)
    thread.get_by_role("button", name="Ergebnis speichern").click()
    page.wait_for_load_state("load")
    expect(main).to_contain_text("Das Ergebnis ist gespeichert.")
    thread = main.locator("#massnahme-A-M1 article.bp-comment").first
    expect(thread).to_contain_text("Ergebnis: übernommen")
    expect(thread).to_contain_text(REPLY)
    check_page(page, guard)
    _shot(page, "outcome")

    # The report lists the comment with its outcome.
    main.get_by_role("link", name="Konsultationsbericht").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Konsultationsbericht")
    table = main.get_by_role("table").first
    expect(table).to_contain_text(COMMENT)
    expect(table).to_contain_text("übernommen")
    expect(table).to_contain_text(REPLY)
    check_page(page, guard)
    _shot(page, "report")
