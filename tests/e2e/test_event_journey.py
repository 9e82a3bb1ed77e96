"""The event journey: a full event, a registration that goes to the waiting list and moves up
when someone cancels — two people in two browser windows at the same time — and the
organiser's attendance list. Every page passes axe-core and the page guard, at desktop and
phone width."""

import datetime
import os
import re
from pathlib import Path

from django.core import mail
from django.utils import timezone

import pytest

from tests.e2e.helpers import check_page

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (requirements/dev.txt)"
).expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FIRST = "cdo@detmold.example"
SECOND = "cdo@lemgo.example"
COORDINATOR = "koordination@kreis-lippe.example"
SCREENSHOTS = os.environ.get("BLAUPAUSE_E2E_SCREENSHOTS", "")


@pytest.fixture
def event_demo(demo_data):
    """The demo events and one small meeting with a single place."""
    from blaupause.accounts.models import User
    from blaupause.events.demo import load_demo_events
    from blaupause.events.services import event_create
    from blaupause.regions.models import Network

    load_demo_events()
    starts = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=5)
    return event_create(
        actor=User.objects.get(email=COORDINATOR),
        owner=Network.objects.get(slug="lippe"),
        title="Kleine Runde Serviceportal",
        description="Ein Platz, eine Warteliste.",
        format="digital",
        audience="members",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        video_url="https://video.example.org/kleine-runde",
        capacity=1,
    )


def _shot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"] if page.viewport_size else 0
        page.screenshot(path=f"{SCREENSHOTS}/event-{name}-{width}.png", full_page=True)


def _login(page, email: str) -> None:
    from blaupause.accounts.demo import DEMO_PASSWORD

    main = page.locator("main")
    page.goto("/konto/login/")
    form = main.locator("form").filter(has=page.locator('input[name="login"]'))
    form.locator('input[name="login"]').fill(email)
    form.locator('input[name="password"]').fill(DEMO_PASSWORD)
    form.locator('button[type="submit"]').first.click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_waiting_list_moves_up_when_someone_cancels(
    page, browser, base_url, viewport, guard, event_demo
):
    from blaupause.events.demo import _uuid

    event = event_demo
    url = f"/veranstaltungen/{event.uuid}/"

    # The first person takes the only place.
    _login(page, FIRST)
    page.goto(url)
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kleine Runde Serviceportal")
    expect(main).to_contain_text("noch 1 Platz frei")
    check_page(page, guard)
    main.get_by_role("button", name="Verbindlich anmelden").click()
    page.wait_for_load_state("load")
    expect(main.locator(".bp-registration-status")).to_contain_text("Sie sind angemeldet.")
    expect(main.get_by_role("link", name="https://video.example.org/kleine-runde")).to_be_visible()
    check_page(page, guard)
    _shot(page, "confirmed")

    # The second person, in a window of their own, finds it full and joins the waiting list.
    other_context = browser.new_context(
        base_url=base_url, viewport=viewport, locale="de-DE", timezone_id="Europe/Berlin"
    )
    other_context.set_default_timeout(15_000)
    guard.attach(other_context)
    other = other_context.new_page()
    try:
        _login(other, SECOND)
        other.goto(url)
        other_main = other.locator("main")
        expect(other_main).to_contain_text("ausgebucht – Warteliste")
        other_main.get_by_role("button", name="Auf die Warteliste").click()
        other.wait_for_load_state("load")
        expect(other_main.locator(".bp-registration-status")).to_contain_text(
            "Sie stehen auf der Warteliste, Platz 1."
        )
        expect(other_main).not_to_contain_text("https://video.example.org/kleine-runde")
        check_page(other, guard)
        _shot(other, "waiting")

        # The first person cancels; the place goes to the second, who gets a mail.
        mail.outbox.clear()
        main.get_by_role("button", name="Abmelden").click()
        page.wait_for_load_state("load")
        expect(page.locator(".bp-messages")).to_contain_text("Sie sind abgemeldet.")
        check_page(page, guard)

        other.reload()
        expect(other_main.locator(".bp-registration-status")).to_contain_text(
            "Sie sind angemeldet."
        )
        expect(other_main).to_contain_text("Sie sind von der Warteliste nachgerückt.")
        expect(
            other_main.get_by_role("link", name="https://video.example.org/kleine-runde")
        ).to_be_visible()
        check_page(other, guard)
        assert [m.to for m in mail.outbox] == [[SECOND]]
        assert "Nachgerückt" in mail.outbox[0].subject
    finally:
        other_context.close()

    # The demo workshop day in Detmold is full with two people waiting.
    page.goto(f"/veranstaltungen/{_uuid('lippe-workshoptag-detmold')}/")
    expect(main).to_contain_text("ausgebucht – Warteliste")
    expect(main).to_contain_text("2 Personen warten")
    check_page(page, guard)
    _shot(page, "workshop-full")

    # The organiser sees the attendance list with the waiting list.
    page.get_by_role("banner").get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state("load")
    _login(page, COORDINATOR)
    page.goto(f"/veranstaltungen/{_uuid('lippe-workshoptag-detmold')}/teilnahmeliste/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("Teilnahmeliste: Workshoptag")
    )
    expect(main.get_by_role("heading", name="Warteliste")).to_be_visible()
    check_page(page, guard)
    _shot(page, "attendance")
