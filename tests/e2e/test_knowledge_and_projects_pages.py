"""Every page of the joint projects, procurement plans, synergy suggestions, knowledge articles,
expert finder, search and learning offers passes axe-core and the page guard, at desktop and
phone width, for a visitor without an account and for the Detmold CDO. The competence overview
is checked as the regional admin (who signs in with a one-time code)."""

import os
import re
from pathlib import Path

import pytest

from tests.e2e.helpers import check_page, navigate_by

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (requirements/dev.txt)"
).expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DETMOLD_CDO = "cdo@detmold.example"
ADMIN_EMAIL = "admin@digitalbuero-owl.example"
SCREENSHOTS = os.environ.get("BLAUPAUSE_E2E_SCREENSHOTS", "")
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@pytest.fixture
def knowledge_demo(demo_data):
    """The demo projects, plans, articles and learning offers, with suggestions and index."""
    from blaupause.collaboration import demo_procurement, demo_projects
    from blaupause.collaboration.services import synergy
    from blaupause.knowledge import demo_articles, demo_learning
    from blaupause.knowledge.search import indexing

    demo_projects.load_demo_projects()
    demo_procurement.load_demo_procurement()
    demo_articles.load_demo_articles()
    demo_learning.load_demo_learning()
    synergy.recompute_all()
    indexing.rebuild()


class Visitor:
    """Visits pages, checks each one and collects every failure, so that one run names them all."""

    def __init__(self, page, guard, role: str):
        self.page = page
        self.guard = guard
        self.role = role
        self.failures: list[str] = []

    def check(self, name: str, *, heading: bool = True) -> None:
        page = self.page
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            width = page.viewport_size["width"] if page.viewport_size else 0
            page.screenshot(path=f"{SCREENSHOTS}/kp-{self.role}-{name}-{width}.png", full_page=True)
        try:
            if heading:
                expect(page.get_by_role("heading", level=1)).to_have_count(1)
            check_page(page, self.guard)
        except (pytest.fail.Exception, AssertionError) as exc:
            self.failures.append(f"[{self.role} {name}] {page.url}\n{exc}")
            for problems in (
                self.guard.foreign_requests,
                self.guard.csp_violations,
                self.guard.page_errors,
                self.guard.broken_resources,
            ):
                problems.clear()

    def visit(self, name: str, url: str) -> int:
        response = self.page.goto(url)
        status = response.status if response else 0
        if status >= 500:
            self.failures.append(f"[{self.role} {name}] {url} answered {status}")
            return status
        self.check(name)
        return status

    def first_link(self, pattern: str) -> str | None:
        """The address of the first link in the main content whose path matches `pattern`."""
        for href in self.page.locator("main a[href]").evaluate_all(
            "links => links.map(link => link.getAttribute('href'))"
        ):
            path = href.split("?")[0].split("#")[0]
            if re.fullmatch(pattern, path):
                return path
        return None

    def visit_first(self, name: str, pattern: str) -> str | None:
        url = self.first_link(pattern)
        if url is None:
            self.failures.append(f"[{self.role} {name}] no link like {pattern} on {self.page.url}")
            return None
        self.visit(name, url)
        return url

    def assert_clean(self) -> None:
        if self.failures:
            pytest.fail("\n\n".join(self.failures), pytrace=False)


def _login(page, email: str) -> None:
    from blaupause.accounts.demo import DEMO_PASSWORD

    main = page.locator("main")
    page.goto("/konto/login/")
    form = main.locator("form").filter(has=page.locator('input[name="login"]'))
    form.locator('input[name="login"]').fill(email)
    form.locator('input[name="password"]').fill(DEMO_PASSWORD)
    navigate_by(page, lambda: form.locator('button[type="submit"]').first.click())


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


def _public_pages(visitor: Visitor) -> None:
    """The pages both a visitor and a CDO see; detail pages are reached from their lists."""
    visitor.visit("projects", "/projekte/")
    visitor.visit_first("project", rf"/projekte/{UUID}/")
    visitor.visit("articles", "/wissen/")
    article = visitor.visit_first("article", r"/wissen/artikel/[-\w]+/")
    if article:
        visitor.visit("article-history", f"{article}verlauf/")
    visitor.visit("experts", "/wissen/expertise/")
    visitor.visit("experts-found", "/wissen/expertise/?thema=E-Akte")
    visitor.visit("learning", "/lernen/")
    visitor.visit_first("offer", r"/lernen/angebote/[-\w]+/")
    visitor.visit("paths", "/lernen/lernpfade/")
    visitor.visit_first("path", r"/lernen/lernpfade/[-\w]+/")
    visitor.visit("search", "/suche/?q=Digitalisierung")
    facet = visitor.page.locator("main .bp-search__facet-list a").first
    if facet.count():
        navigate_by(visitor.page, facet.click)
        visitor.check("search-facet")
    else:
        visitor.failures.append(f"[{visitor.role} search-facet] no facet on {visitor.page.url}")
    visitor.visit("search-empty", "/suche/?q=Zzqxyvw")


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_pages_for_a_visitor(page, guard, knowledge_demo):
    visitor = Visitor(page, guard, "anonym")
    _public_pages(visitor)
    # Pages behind the sign-in lead to the login page, which must be fine as well.
    visitor.visit("plans", "/beschaffung/")
    visitor.assert_clean()


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_pages_for_the_detmold_cdo(page, guard, knowledge_demo):
    from blaupause.collaboration.models import JointProject, ProcurementPlan
    from blaupause.knowledge.models import Article

    _login(page, DETMOLD_CDO)
    visitor = Visitor(page, guard, "cdo")
    _public_pages(visitor)

    own_project = JointProject.objects.filter(lead_municipality__name="Detmold").first()
    assert own_project is not None, "the demo data has no project led by Detmold"
    project_url = own_project.get_absolute_url()
    visitor.visit("project-own", project_url)
    visitor.visit("project-edit", f"{project_url}bearbeiten/")
    visitor.visit("project-costs", f"{project_url}kosten/")
    visitor.visit("project-create", "/projekte/neu/")

    visitor.visit("plans", "/beschaffung/")
    visitor.visit_first("plan", rf"/beschaffung/{UUID}/")
    own_plan = ProcurementPlan.objects.filter(municipality__name="Detmold").first()
    if own_plan is not None:
        visitor.visit("plan-own", own_plan.get_absolute_url())
        visitor.visit("plan-edit", f"{own_plan.get_absolute_url()}bearbeiten/")
    visitor.visit("plan-create", "/beschaffung/neu/")

    visitor.visit("suggestions", "/synergien/")
    visitor.visit_first("suggestion", rf"/synergien/{UUID}/")

    own_article = Article.objects.filter(author_municipality__name="Detmold").first()
    if own_article is not None:
        visitor.visit("article-edit", f"{own_article.get_absolute_url()}bearbeiten/")
    visitor.visit("article-create", "/wissen/neu/")
    visitor.visit("expert-consent", "/wissen/expertise/mein-eintrag/")
    visitor.visit("participation", "/lernen/teilnahmen/")
    visitor.assert_clean()


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_competence_overview_for_the_regional_admin(page, guard, knowledge_demo):
    _login(page, ADMIN_EMAIL)
    page.locator('input[name="code"]').fill(_totp_code(ADMIN_EMAIL))
    navigate_by(
        page, lambda: page.locator("main form").get_by_role("button", name="Anmelden").click()
    )
    visitor = Visitor(page, guard, "admin")
    visitor.visit("competence", "/lernen/kompetenzentwicklung/")
    visitor.visit("offer-create", "/lernen/angebote/neu/")
    visitor.assert_clean()


def test_search_box_works_with_the_keyboard(page, guard, knowledge_demo):
    """Type a query into the search box, send it with Enter, and Tab on to the button."""
    page.goto("/suche/")
    main = page.locator("main")
    box = main.get_by_role("searchbox")
    box.focus()
    expect(box).to_be_focused()
    page.keyboard.type("Digitalisierung")
    navigate_by(page, lambda: page.keyboard.press("Enter"))
    expect(page).to_have_url(re.compile(r"[?&]q=Digitalisierung"))
    box = main.get_by_role("searchbox")
    expect(box).to_have_value("Digitalisierung")
    box.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => document.activeElement.tagName + ':' + document.activeElement.type"
    )
    assert focused == "BUTTON:submit", focused
    check_page(page, guard)
