"""The page shell in a real browser: legal pages, the 404 page, the language switch, the guard."""

import re

import pytest

from tests.e2e.helpers import (
    assert_accessible,
    assert_no_horizontal_scroll,
    axe_violations,
    check_page,
)

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (requirements/dev.txt)"
).expect

# serialized_rollback: the legal pages come from a data migration and must survive the flush
# that ends each transactional test.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LEGAL_PAGES = [
    ("Impressum", "Impressum"),
    ("Datenschutz", "Datenschutzerklärung"),
    ("Erklärung zur Barrierefreiheit", "Erklärung zur Barrierefreiheit"),
]


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_footer_leads_to_every_legal_page(page, guard):
    page.goto("/rechtliches/impressum/")
    check_page(page, guard)
    footer = page.get_by_role("contentinfo")
    for link_text, heading in LEGAL_PAGES:
        footer.get_by_role("link", name=link_text, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_page(page, guard)


def test_skip_link_is_the_first_stop_and_leads_to_the_content(page, guard):
    page.goto("/rechtliches/datenschutz/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()


def test_pages_stay_readable_for_a_dark_colour_scheme(page, guard):
    """The layout is light-only: a dark system setting must not leave dark text on black."""
    page.emulate_media(color_scheme="dark")
    page.goto("/rechtliches/barrierefreiheit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Erklärung zur Barrierefreiheit")
    check_page(page, guard)  # includes axe's colour-contrast rule


def test_unknown_address_shows_the_german_404_page(page, guard):
    response = page.goto("/gibt-es-nicht/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Seite nicht gefunden")
    expect(page.get_by_role("link", name="Zur Startseite")).to_be_visible()
    check_page(page, guard)


def test_language_switch_to_english_and_back(page, guard):
    page.goto("/rechtliches/impressum/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/rechtliches/impressum/$"))
    # The switch now offers the way back, and the choice sticks across pages.
    expect(page.get_by_role("button", name="Deutsch")).to_be_visible()
    check_page(page, guard)
    page.goto("/rechtliches/datenschutz/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("button", name="English")).to_be_visible()


def _serve_fake_page(page, base_url: str, body: str, *, with_csp: bool = True) -> str:
    """Answer one address on the live server's host with `body` (and the site's real CSP)."""
    headers = {}
    if with_csp:
        response = page.request.get(f"{base_url}/rechtliches/impressum/")
        headers["Content-Security-Policy"] = response.headers["content-security-policy"]
    url = f"{base_url}/__guard-check__/"
    page.route(
        url,
        lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", headers=headers, body=body
        ),
    )
    return url


def test_guard_catches_csp_violations(page, guard, base_url):
    """The CSP check can fail: an inline script is blocked and reported."""
    url = _serve_fake_page(
        page,
        base_url,
        '<!DOCTYPE html><html lang="de"><head><title>x</title></head><body><main><h1>x</h1>'
        "<script>document.title = 'inline';</script></main></body></html>",
    )
    with page.expect_console_message(lambda message: "script-src" in message.text):
        page.goto(url)
    expect(page).to_have_title("x")  # the policy blocked the inline script
    assert any("script-src" in text for text in guard.csp_violations), guard.csp_violations
    guard.csp_violations.clear()  # planted on purpose: the test itself must not fail on it


def test_guard_catches_requests_to_other_hosts(page, guard, base_url):
    """The network check can fail: a page without the policy that loads a foreign image."""
    url = _serve_fake_page(
        page,
        base_url,
        '<!DOCTYPE html><html lang="de"><head><title>x</title></head><body><main><h1>x</h1>'
        '<img src="https://tiles.example.org/1.png" alt="Karte"></main></body></html>',
        with_csp=False,
    )
    page.goto(url)
    page.wait_for_load_state("load")
    assert guard.foreign_requests == ["image https://tiles.example.org/1.png"]
    guard.foreign_requests.clear()  # planted on purpose


def test_axe_reports_violations_readably(page, guard, base_url):
    """The accessibility check can fail, and says which rule on which element."""
    url = _serve_fake_page(
        page,
        base_url,
        "<!DOCTYPE html><html><head><title>x</title></head><body><main><h1>x</h1>"
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>',
    )
    page.goto(url)
    ids = {violation["id"] for violation in axe_violations(page)}
    assert {"html-has-lang", "image-alt"} <= ids
    with pytest.raises(pytest.fail.Exception, match=r"image-alt \[critical\]"):
        assert_accessible(page)


def test_guard_catches_missing_stylesheets(page, guard, base_url):
    """A page whose stylesheet is missing looks broken: the guard reports it."""
    url = _serve_fake_page(
        page,
        base_url,
        '<!DOCTYPE html><html lang="de"><head><title>x</title>'
        '<link rel="stylesheet" href="/static/css/gibt-es-nicht.css"></head>'
        "<body><main><h1>x</h1></main></body></html>",
    )
    page.goto(url)
    page.wait_for_load_state("load")
    assert guard.broken_resources == [f"404 {base_url}/static/css/gibt-es-nicht.css"]
    guard.broken_resources.clear()  # planted on purpose


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_reflow_check_names_what_is_too_wide(page, guard, base_url):
    """The sideways-scrolling check can fail, and names the element that sticks out."""
    url = _serve_fake_page(
        page,
        base_url,
        '<!DOCTYPE html><html lang="de"><head><title>x</title></head><body><main><h1>x</h1>'
        '<img class="zu-breit" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="" '
        'width="900" height="10"></main></body></html>',
    )
    page.goto(url)
    with pytest.raises(pytest.fail.Exception, match=r'<img class="zu-breit"> reaches 9\d\d px'):
        assert_no_horizontal_scroll(page)
