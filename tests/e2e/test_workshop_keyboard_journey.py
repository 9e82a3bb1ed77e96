"""The workshop journey: the Lippe coordination creates a workshop on a draft strategy, collects
idea cards, switches to "Gruppieren", creates a group and moves two cards into it using only
the keyboard. A guest who joined by invitation link sees new cards and the step change without
reloading. Board and projector view pass axe-core at desktop and phone width."""

import os
from pathlib import Path

import pytest

from tests.e2e.helpers import PageGuard, check_page, navigate_by

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (requirements/dev.txt)"
).expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COORDINATOR_EMAIL = "koordination@kreis-lippe.example"
SCREENSHOTS = os.environ.get("BLAUPAUSE_E2E_SCREENSHOTS", "")
CARDS = ("Gemeinsames Terminportal für alle Bürgerbüros", "Digitallotsen in den Bibliotheken")


def _shot(page, name: str) -> None:
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


def _press(page, locator, key: str = "Enter") -> None:
    """Focus an element and press a key on it, then wait for the page to settle."""
    locator.focus()
    navigate_by(page, lambda: page.keyboard.press(key))


def _tab_to(page, label: str, limit: int = 4) -> None:
    """Press Tab until the focused element shows `label` (at most `limit` times)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if label in _active(page):
            return
    pytest.fail(f"Tab did not reach {label!r}; focus is on {_active(page)!r}")


def _active(page) -> str:
    return page.evaluate(
        "() => (document.activeElement.getAttribute('name') || '') + '|' +"
        " document.activeElement.textContent.trim()"
    )


@pytest.fixture
def draft_strategy(demo_data):
    from blaupause.accounts.models import User
    from blaupause.regions.models import Network
    from blaupause.strategies.services import strategy_create

    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    return strategy_create(
        actor=coordinator,
        title="Lippe digital 2030 (Entwurf)",
        network=Network.objects.get(slug="lippe"),
        slug="lippe-digital-2030",
    )


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_coordinator_clusters_by_keyboard(page, guard, browser, base_url, draft_strategy):
    from blaupause.workshops import services
    from blaupause.workshops.models import Workshop

    main = page.locator("main")
    page.set_default_timeout(60_000)  # the first requests of a live server can be slow
    _login(page, COORDINATOR_EMAIL)

    # Create the workshop.
    page.goto(f"/strategien/{draft_strategy.slug}/workshops/neu/")
    check_page(page, guard)
    main.get_by_label("Titel").fill("Ideen für Lippe")
    main.get_by_label("Leitfrage").fill("Was soll 2030 in Lippe digital gehen?")
    main.get_by_label("Arbeitsphase").select_option("measures")
    _press(page, main.get_by_role("button", name="Workshop anlegen"))
    expect(page.locator("h1")).to_have_text("Teilnehmende")
    workshop = Workshop.objects.get(title="Ideen für Lippe")

    # A guest joins by invitation link in another browser.
    guest_guard = PageGuard(origin=base_url)
    guest_context = browser.new_context(base_url=base_url, locale="de-DE")
    guest_context.set_default_timeout(60_000)
    guest_guard.attach(guest_context)
    guest = guest_context.new_page()
    _, secret = services.participant_invite_external(
        actor=workshop.facilitator, workshop=workshop, display_name="Gast aus Detmold"
    )
    guest.goto(f"/workshops/einladung/{secret}/")
    expect(guest.locator("main")).to_contain_text("Sie nehmen teil als Gast aus Detmold")

    # Open the board for cards, by keyboard.
    page.goto(workshop.get_absolute_url())
    _press(page, main.get_by_role("button", name="Weiter zu „Sammeln“"))
    expect(main.locator('[aria-current="step"]')).to_contain_text("Sammeln")
    # The guest's board follows the step change without a manual reload.
    expect(guest.get_by_label("Ihre Idee")).to_be_visible(timeout=10_000)

    for text in CARDS:
        textarea = main.get_by_label("Ihre Idee")
        textarea.focus()
        page.keyboard.type(text)
        _tab_to(page, "Karte anheften")  # past "anonym zeigen"
        navigate_by(page, lambda: page.keyboard.press("Enter"))
        expect(main.locator("#karten")).to_contain_text(text)
    # The guest sees the new cards within seconds, and keeps what they are typing.
    guest.get_by_label("Ihre Idee").fill("Halb getippt")
    expect(guest.locator("#karten")).to_contain_text(CARDS[1], timeout=10_000)
    expect(guest.get_by_label("Ihre Idee")).to_have_value("Halb getippt")
    _shot(page, "workshop-collect")
    check_page(page, guard)

    # Switch to clustering and create a group, by keyboard.
    _press(page, main.get_by_role("button", name="Weiter zu „Gruppieren“"))
    expect(main.locator('[aria-current="step"]')).to_contain_text("Gruppieren")
    name = main.get_by_label("Name der Gruppe", exact=True)
    name.focus()
    page.keyboard.type("Bürgerservice")
    navigate_by(page, lambda: page.keyboard.press("Enter"))
    cluster = main.locator("section.bp-ws-cluster").filter(
        has=page.get_by_role("heading", name="Bürgerservice")
    )
    expect(cluster).to_be_visible()

    # Move both cards into it: the "Gruppe" select with the arrow keys, then "Verschieben".
    for text in CARDS:
        card = main.locator("article.bp-ws-card").filter(has_text=text)
        select = card.get_by_label("Gruppe")
        select.focus()
        page.keyboard.press("ArrowDown")
        expect(select).to_have_value(str(workshop.clusters.get().uuid))
        _tab_to(page, "Verschieben", limit=2)
        expect(select).to_have_value(str(workshop.clusters.get().uuid))
        navigate_by(page, lambda: page.keyboard.press("Enter"))
        expect(main.locator(".bp-messages")).to_contain_text("Bürgerservice")
    expect(cluster.locator("article.bp-ws-card")).to_have_count(2)
    assert workshop.cards.filter(cluster__title="Bürgerservice").count() == 2
    _shot(page, "workshop-cluster")
    check_page(page, guard)

    if page.viewport_size and page.viewport_size["width"] >= 1280:
        # With a mouse, a card can also be dragged out of the group (HTML5 drag and drop). A
        # tall window keeps card and target on screen: a drag does not scroll on its way.
        page.set_viewport_size({"width": 1280, "height": 1800})
        card = main.locator("article.bp-ws-card").filter(has_text=CARDS[0])
        card.drag_to(main.locator("#ohne-gruppe"))
        ungrouped = main.locator("#ohne-gruppe article.bp-ws-card")
        expect(ungrouped).to_contain_text(CARDS[0], timeout=10_000)
        # The counts change only when the server re-rendered the board after the move.
        expect(main.locator("#ohne-gruppe .bp-ws-count")).to_have_text("(1 Karte)", timeout=10_000)
        assert workshop.cards.filter(cluster__isnull=True).count() == 1

    # The projector view: big type, read-only, the short URL to join.
    page.goto(f"{workshop.get_absolute_url()}beamer/")
    expect(main.locator(".bp-ws-projector__url")).to_contain_text(str(workshop.get_absolute_url()))
    expect(main.locator("article.bp-ws-card")).to_have_count(2)
    assert main.get_by_role("button", name="Verschieben").count() == 0
    assert main.locator("[draggable]").count() == 0
    _shot(page, "workshop-projector")
    check_page(page, guard)

    # The guest's board switched to the cluster step by itself.
    expect(guest.locator('[aria-current="step"]')).to_contain_text("Gruppieren", timeout=10_000)
    guest_context.close()
    guest_guard.assert_clean()
