"""Checks shared by the browser journeys: accessibility (axe-core) and the page guard.

`assert_accessible(page)` runs axe-core with the WCAG 2.1 A/AA rules and fails with a readable
list of violations. `PageGuard` records every request a page makes and every CSP violation, so
that a journey fails when a page loads anything from another host or breaks the policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

#: The axe-core rule sets for WCAG 2.0 and 2.1, levels A and AA (BITV 2.0).
WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_21_AA_TAGS},
    "resultTypes": ["violations"],
}

#: Logged by the init script below when the browser reports a CSP violation event.
CSP_MARKER = "blaupause-csp-violation"
CSP_LISTENER = (
    "document.addEventListener('securitypolicyviolation', function (event) {"
    f"  console.error('{CSP_MARKER}: ' + event.violatedDirective + ' blocked ' + event.blockedURI"
    "    + ' at ' + event.sourceFile + ':' + event.lineNumber);"
    "});"
)
# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}
SUBRESOURCE_TYPES = {"stylesheet", "script", "image", "font", "media"}


def format_violations(url: str, violations: list[dict]) -> str:
    """A readable report: rule id, impact, help text and the offending nodes."""
    lines = [f"{len(violations)} accessibility violation(s) (axe-core, WCAG 2.1 A/AA) on {url}:"]
    for violation in violations:
        lines.append("")
        lines.append(
            f"- {violation['id']} [{violation.get('impact') or 'n/a'}]: {violation['help']}"
        )
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation.get("nodes", []):
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


FINITE_ANIMATIONS_DONE = """() => Promise.all(document.getAnimations()
  .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
  .map((a) => a.finished.catch(() => null)))"""


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page and return its violations.

    Running animations that end (a slide fading in) are let finish first: half-way through,
    axe would measure the contrast of colours that are still blending in.
    """
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(FINITE_ANIMATIONS_DONE)
    results = Axe().run(page, options=AXE_OPTIONS)
    return results.response["violations"]


def assert_accessible(page) -> None:
    """Fail unless axe-core finds no WCAG 2.1 A/AA violation on the current page."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(format_violations(page.url, violations), pytrace=False)


# The elements that stick out to the right of the viewport, for a readable failure.
OVERFLOW_SCRIPT = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return [];
  const found = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > root.clientWidth + 1) {
      const parent = element.parentElement;
      if (parent && parent.getBoundingClientRect().right > root.clientWidth + 1) continue;
      found.push(`<${element.tagName.toLowerCase()} class="${element.className}">`
        + ` reaches ${Math.round(box.right)} px`);
    }
  }
  return found.length ? found : [`page is ${root.scrollWidth} px wide`];
}"""


def assert_no_horizontal_scroll(page) -> None:
    """The page reflows to the viewport width: nothing forces sideways scrolling (WCAG 1.4.10)."""
    too_wide = page.evaluate(OVERFLOW_SCRIPT)
    if too_wide:
        width = page.viewport_size["width"] if page.viewport_size else "?"
        lines = [f"{page.url} scrolls sideways at {width} px width:"]
        lines.extend(f"  {item}" for item in too_wide)
        pytest.fail("\n".join(lines), pytrace=False)


@dataclass
class PageGuard:
    """Records what a browser context does that a Blaupause page must never do."""

    origin: str
    foreign_requests: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    broken_resources: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        context.add_init_script(CSP_LISTENER)
        context.route("**/*", self._route)
        context.on("page", self._watch_page)
        context.on("response", self._on_response)
        for page in context.pages:
            self._watch_page(page)

    def _watch_page(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def _route(self, route) -> None:
        url = route.request.url
        if self.is_local(url):
            route.continue_()
        else:
            # Record and block: nothing may leave the machine, and CI has no network anyway.
            self.foreign_requests.append(f"{route.request.resource_type} {url}")
            route.abort()

    def _on_response(self, response) -> None:
        # A missing stylesheet, script, image or font leaves a page broken yet axe-clean.
        if response.request.resource_type in SUBRESOURCE_TYPES and response.status >= 400:
            self.broken_resources.append(f"{response.status} {response.url}")

    def _on_console(self, message) -> None:
        text = message.text
        if CSP_MARKER in text or "Content Security Policy" in text:
            self.csp_violations.append(text)

    def problems(self) -> list[str]:
        problems = []
        if self.foreign_requests:
            problems.append("Requests to hosts other than the live server:")
            problems.extend(f"  {request}" for request in self.foreign_requests)
        if self.csp_violations:
            problems.append("Content Security Policy violations:")
            problems.extend(f"  {text}" for text in self.csp_violations)
        if self.broken_resources:
            problems.append("Stylesheets, scripts, images or fonts that failed to load:")
            problems.extend(f"  {text}" for text in self.broken_resources)
        if self.page_errors:
            problems.append("JavaScript errors:")
            problems.extend(f"  {text}" for text in self.page_errors)
        return problems

    def assert_clean(self) -> None:
        problems = self.problems()
        if problems:
            pytest.fail("\n".join(problems), pytrace=False)


def check_page(page, guard: PageGuard) -> None:
    """What every visited page must pass: no foreign request, no CSP violation, no broken
    resource, no sideways scrolling, and no axe-core violation."""
    page.wait_for_load_state("load")
    guard.assert_clean()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    guard.assert_clean()  # axe itself must not trigger a violation either


def navigate_by(page, action) -> None:
    """Run `action` (a click or key press that sends a form or follows a link) and wait for the
    page it leads to. A board that updates itself can show the expected text on the old page
    before the new one has loaded, so waiting for the text alone is not enough."""
    with page.expect_navigation(wait_until="load"):
        action()
