#!/usr/bin/env python3
"""Screenshots of Blaupause pages at desktop and phone width, for looking at the layout.

    .venv/bin/python scripts/screenshots.py                       # http://127.0.0.1:8000
    .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8013 \
        --login cdo@detmold.example --page / --page /kommunen/05766020/
    .venv/bin/python scripts/screenshots.py --tab 1               # focus the first element

Public pages are taken anonymously; with --login, the script then logs in through the login
form and takes the private pages (--private-page, default /mein-bereich/). PNGs go to
var/screenshots/ as <page>_<width>.png. Needs Playwright (requirements/dev.txt) and Debian's
chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

DEFAULT_PAGES = [
    "/",
    "/kreise/kreis-lippe/",
    "/kommunen/",
    "/kommunen/05766020/",
    "/netzwerke/",
    "/netzwerke/lippe/",
    "/rechtliches/impressum/",
    "/konto/login/",
    "/gibt-es-nicht/",
]
DEFAULT_PRIVATE_PAGES = ["/mein-bereich/"]
DEFAULT_WIDTHS = [1280, 390]
#: The documented password of the demo accounts (README, `blaupause demo`).
DEMO_PASSWORD = "Blaupause-Demo-2026"  # noqa: S105 - documented demo password, demo data only
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def file_name(path: str, width: int, suffix: str = "") -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "start"
    return f"{slug}{suffix}_{width}.png"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--page", action="append", dest="pages", help="public path (repeatable)")
    parser.add_argument(
        "--private-page", action="append", dest="private_pages", help="path after login"
    )
    parser.add_argument("--login", metavar="EMAIL", help="log in with this account")
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument(
        "--width", action="append", type=int, dest="widths", help="viewport width (repeatable)"
    )
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--tab", type=int, default=0, help="press Tab N times before the shot")
    parser.add_argument(
        "--viewport-only", action="store_true", help="only the visible part, not the full page"
    )
    parser.add_argument("--out", type=Path, default=Path("var/screenshots"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--lang", default="de-DE", help="browser locale")
    args = parser.parse_args(argv)
    args.pages = args.pages or DEFAULT_PAGES
    args.private_pages = args.private_pages or DEFAULT_PRIVATE_PAGES
    args.widths = args.widths or DEFAULT_WIDTHS
    args.base_url = args.base_url.rstrip("/")
    return args


def shoot(page, args: argparse.Namespace, path: str, width: int) -> Path:
    response = page.goto(args.base_url + path)
    page.wait_for_load_state("load")
    for _ in range(args.tab):
        page.keyboard.press("Tab")
    target = args.out / file_name(path, width, f"_tab{args.tab}" if args.tab else "")
    page.screenshot(path=str(target), full_page=not args.viewport_only)
    status = response.status if response else "?"
    print(f"{status} {path} -> {target}")
    return target


def log_in(page, args: argparse.Namespace) -> None:
    page.goto(args.base_url + "/konto/login/")
    form = page.locator("main form").filter(has=page.locator('input[name="login"]'))
    form.locator('input[name="login"]').fill(args.login)
    form.locator('input[name="password"]').fill(args.password)
    form.locator('button[type="submit"], input[type="submit"]').first.click()
    page.wait_for_load_state("load")
    print(f"logged in as {args.login}: now at {page.url}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("Playwright is missing: make install (requirements/dev.txt)", file=sys.stderr)
        return 2
    if not Path(args.chromium).exists():
        print(f"{args.chromium} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, args=CHROMIUM_ARGS, headless=True
        )
        for width in args.widths:
            context = browser.new_context(
                viewport={"width": width, "height": args.height}, locale=args.lang
            )
            page = context.new_page()
            for path in args.pages:
                shoot(page, args, path, width)
            if args.login:
                log_in(page, args)
                for path in args.private_pages:
                    shoot(page, args, path, width)
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
