"""Browser journeys: Playwright drives Debian's chromium against pytest-django's live server.

Every test here is marked `e2e` and runs only with `make e2e` (`pytest -m e2e`). Without
chromium or Playwright the tests are skipped with the reason, except under CI=true, where that
is an error: CI must prove the journeys.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.e2e.helpers import PageGuard

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("BLAUPAUSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
ARTIFACTS = Path(os.environ.get("BLAUPAUSE_E2E_ARTIFACTS", "test-results"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (requirements/dev.txt)")
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is missing: apt-get install chromium")
    # Playwright's sync API keeps an event loop running in this thread; the ORM calls of the
    # test itself (loading demo data) are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            try:
                instance = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
                )
            except PlaywrightError as exc:
                _unavailable(f"chromium at {CHROMIUM} does not start: {exc}")
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def viewport(request):
    """Desktop width unless a test is parametrized with `viewport` ("desktop" or "phone")."""
    return VIEWPORTS[getattr(request, "param", "desktop")]


@pytest.fixture
def base_url(live_server) -> str:
    return live_server.url.rstrip("/")


@pytest.fixture
def guard(base_url) -> PageGuard:
    return PageGuard(origin=base_url)


@pytest.fixture
def page(request, browser, base_url, viewport, guard):
    """A fresh browser context per test, German, guarded against foreign requests and CSP errors.

    The guard is checked again when the test ends, so that nothing slips through between two
    explicit checks. On failure a screenshot lands in test-results/.
    """
    context = browser.new_context(
        base_url=base_url, viewport=viewport, locale="de-DE", timezone_id="Europe/Berlin"
    )
    context.set_default_timeout(15_000)
    guard.attach(context)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    guard.assert_clean()


@pytest.fixture
def demo_data(transactional_db):
    """The OWL reference data, demo content and demo accounts, as `blaupause demo` loads them."""
    from blaupause.accounts import demo as accounts_demo
    from blaupause.regions import demo as regions_demo

    regions_demo.load_reference_data()
    regions_demo.load_demo_content()
    accounts_demo.load_demo_accounts()
