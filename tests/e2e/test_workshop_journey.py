"""The workshop journey: the Lippe coordination facilitates a workshop on a draft strategy with
the CDO of Detmold and an external guest, each in their own browser. Everyone pins a card and
sees the others' cards appear without reloading; the facilitator groups them, the room votes
and rates, the facilitator turns the winning group into a measure of the draft, and the measure
page tells where it came from. Every page passes axe-core and the page guard, at desktop and
phone width."""

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import check_page, navigate_by

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (requirements/dev.txt)"
).expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COORDINATOR_EMAIL = "koordination@kreis-lippe.example"
CDO_EMAIL = "cdo@detmold.example"
GUEST_NAME = "Gast vom Bürgerverein"
SCREENSHOTS = os.environ.get("BLAUPAUSE_E2E_SCREENSHOTS", "")
LIVE_TIMEOUT = 20_000  # ms: the board polls every two seconds

CARDS = {
    "facilitator": "Termine im Bürgerbüro online buchen",
    "cdo": "Terminerinnerung per SMS oder E-Mail",
    "guest": "Offenes WLAN im Rathaus",
}
GROUP = "Termine ohne Warteschlange"


@pytest.fixture
def workshop_demo(demo_data):
    """A draft strategy of the Lippe network with one field of action, and a workshop in the
    collect step with the CDO of Detmold and an external guest invited."""
    from blaupause.accounts.demo import LIPPE_NETWORK_SLUG
    from blaupause.accounts.models import User
    from blaupause.regions.models import Network
    from blaupause.strategies.services.items import item_create
    from blaupause.strategies.services.strategies import strategy_create
    from blaupause.workshops.services.board import workshop_step_set
    from blaupause.workshops.services.setup import (
        participant_invite_external,
        participants_invite_accounts,
        workshop_create,
    )

    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    cdo = User.objects.get(email=CDO_EMAIL)
    network = Network.objects.get(slug=LIPPE_NETWORK_SLUG)
    strategy = strategy_create(
        actor=coordinator, title="Digitale Verwaltung Lippe 2030", network=network
    )
    item_create(
        actor=coordinator,
        strategy=strategy,
        kind="field",
        values={"key": "B", "title": "Bürgerservice"},
    )
    workshop = workshop_create(
        actor=coordinator,
        strategy=strategy,
        title="Ideenwerkstatt Bürgerservice",
        question="Was macht den Weg ins Bürgerbüro einfacher?",
        dots_per_person=3,
    )
    participants_invite_accounts(actor=coordinator, workshop=workshop, users=[cdo])
    _guest, secret = participant_invite_external(
        actor=coordinator, workshop=workshop, display_name=GUEST_NAME
    )
    workshop_step_set(actor=coordinator, workshop=workshop, step="collect")
    return {"workshop": workshop, "strategy": strategy, "secret": secret}


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


def _pin(page, text: str) -> None:
    form = page.locator("#karte-schreiben form")
    form.get_by_label("Ihre Idee").fill(text)
    navigate_by(page, form.get_by_role("button", name="Karte anheften").click)


def _next_step(page, label: str) -> None:
    navigate_by(page, page.get_by_role("button", name=f"Weiter zu „{label}“").click)


def _both_widths(page, guard, name: str) -> None:
    """axe and the guard at desktop and phone width, with screenshots for a review."""
    for size in ("desktop", "phone"):
        page.set_viewport_size(VIEWPORTS[size])
        check_page(page, guard)
        _shot(page, name)
    page.set_viewport_size(VIEWPORTS["desktop"])


def test_three_people_collect_vote_and_promote_a_measure(
    page, browser, base_url, guard, workshop_demo
):
    from blaupause.strategies.models import Measure

    workshop = workshop_demo["workshop"]
    board_url = workshop.get_absolute_url()

    contexts = []

    def new_page():
        context = browser.new_context(
            base_url=base_url,
            viewport=VIEWPORTS["desktop"],
            locale="de-DE",
            timezone_id="Europe/Berlin",
        )
        context.set_default_timeout(30_000)
        guard.attach(context)
        contexts.append(context)
        return context.new_page()

    page.context.set_default_timeout(30_000)  # three browsers polling on one busy server
    try:
        facilitator = page
        cdo = new_page()
        guest = new_page()

        _login(facilitator, COORDINATOR_EMAIL)
        facilitator.goto(board_url)
        _login(cdo, CDO_EMAIL)
        cdo.goto(board_url)
        guest.goto(f"/workshops/einladung/{workshop_demo['secret']}/")
        expect(guest.locator("main")).to_contain_text(f"Willkommen, {GUEST_NAME}!")
        people = {"facilitator": facilitator, "cdo": cdo, "guest": guest}

        # Collect: every card shows up on the other boards without a reload.
        for who, text in CARDS.items():
            _pin(people[who], text)
            for other, other_page in people.items():
                if other != who:
                    expect(other_page.locator("#bp-board-region")).to_contain_text(
                        text, timeout=LIVE_TIMEOUT
                    )
        check_page(guest, guard)
        _shot(guest, "workshop-collect-guest")

        # Cluster: the facilitator groups the two appointment cards.
        _next_step(facilitator, "Gruppieren")
        group_form = facilitator.locator("#gruppe-anlegen form")
        group_form.get_by_label("Name der Gruppe").fill(GROUP)
        navigate_by(facilitator, group_form.get_by_role("button", name="Gruppe anlegen").click)
        for text in (CARDS["facilitator"], CARDS["cdo"]):
            card = facilitator.locator("article.bp-ws-card").filter(has_text=text)
            card.locator("select").select_option(label=GROUP)
            navigate_by(facilitator, card.get_by_role("button", name="Verschieben").click)
        group = facilitator.locator(".bp-ws-cluster:not(.bp-ws-cluster--ungrouped)")
        expect(group).to_contain_text(GROUP)
        expect(group).to_contain_text(CARDS["cdo"])
        check_page(facilitator, guard)

        # Vote: the others' boards switch by themselves; each sees only their own dots.
        _next_step(facilitator, "Punkten")
        for voter in (cdo, guest):
            region = voter.locator("#bp-ws-vote")
            expect(region).to_be_visible(timeout=LIVE_TIMEOUT)
            expect(region).to_contain_text("Noch 3 von 3 Punkten")
            group = region.locator("li.bp-ws-target").filter(has_text=GROUP)
            group.get_by_role("button", name="Punkt geben").click()
            expect(voter.locator("#bp-ws-vote")).to_contain_text("Noch 2 von 3 Punkten")
        expect(cdo.locator("#bp-ws-vote")).to_contain_text("Sie sehen nur Ihre eigenen Punkte")
        _both_widths(cdo, guard, "workshop-vote-cdo")
        expect(facilitator.locator("li.bp-ws-target").filter(has_text=GROUP)).to_contain_text(
            "insgesamt 2", timeout=LIVE_TIMEOUT
        )

        # Rate: the CDO rates the group as a quick win.
        _next_step(facilitator, "Bewerten")
        fieldset = cdo.locator("fieldset.bp-ws-rating").filter(has_text=GROUP)
        expect(fieldset).to_be_visible(timeout=LIVE_TIMEOUT)
        fieldset.get_by_role("group", name="Wirkung").get_by_label("5").check()
        fieldset.get_by_role("group", name="Aufwand").get_by_label("2").check()
        cdo.get_by_role("button", name="Bewertung speichern").click()
        expect(cdo.locator("#bp-ws-rate")).to_contain_text("Ihre Bewertung ist gespeichert.")
        _both_widths(cdo, guard, "workshop-rate-cdo")

        # Result and promote: the group becomes a measure of the draft strategy.
        _next_step(facilitator, "Ergebnis")
        ranking = facilitator.locator(".bp-ws-ranking__item").first
        expect(ranking).to_contain_text(GROUP)
        expect(ranking).to_contain_text("Schnelle Erfolge")
        _both_widths(facilitator, guard, "workshop-result-facilitator")
        navigate_by(
            facilitator, ranking.get_by_role("link", name="In die Strategie übernehmen").click
        )
        expect(facilitator.get_by_label("Titel")).to_have_value(GROUP)
        facilitator.get_by_label("Handlungsfeld").select_option(label="B Bürgerservice")
        _both_widths(facilitator, guard, "workshop-promote")
        navigate_by(facilitator, facilitator.get_by_role("button", name="Übernehmen").click)

        measure = Measure.objects.get(strategy=workshop_demo["strategy"])
        promoted = facilitator.locator(".bp-ws-ranking__item").filter(has_text=GROUP)
        expect(promoted).to_contain_text(f"→ Maßnahme {measure.key}")
        expect(guest.locator(".bp-ws-ranking__item").first).to_contain_text(
            f"Maßnahme {measure.key}", timeout=LIVE_TIMEOUT
        )

        # The measure page names the workshop and the cards it came from.
        navigate_by(facilitator, promoted.get_by_role("link", name=f"Maßnahme {measure.key}").click)
        origin = facilitator.locator(".bp-ws-origin")
        expect(origin).to_contain_text("Entstanden im Workshop")
        expect(origin.get_by_role("link", name="Ideenwerkstatt Bürgerservice")).to_be_visible()
        expect(origin).to_contain_text(CARDS["cdo"])
        _both_widths(facilitator, guard, "workshop-measure-origin")

        # The strategy page lists the workshop for its editors.
        facilitator.goto(workshop_demo["strategy"].get_absolute_url())
        section = facilitator.get_by_role("region", name="Workshops", exact=True)
        expect(section.get_by_role("link", name="Ideenwerkstatt Bürgerservice")).to_be_visible()
        expect(section.get_by_role("link", name="Workshop anlegen")).to_be_visible()
        check_page(facilitator, guard)
    finally:
        for context in contexts:
            context.close()
