"""PDF/UA-1 from the document model: HTML and print CSS laid out by WeasyPrint.

The PDF is tagged (structure tree from the semantic HTML), declares German as its language,
carries the title in its metadata and embeds the bundled DejaVu Sans. WeasyPrint fetches
nothing from the network: the URL fetcher below serves the bundled fonts and refuses
everything else.

Speed (see `docs/performance.md`, "Berichte (PDF)"): the parsed print stylesheet and its font
configuration are made once per thread and reused; the PDF is a pure function of the HTML
and the stylesheet, so a finished PDF is kept in the cache under the hash of both for
`CACHE_SECONDS`, and the same report asked for again (by the next visitor, or a retry) is
not laid out a second time. The HTML carries the date of the report, so a new day gives a
new PDF.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.core.cache import cache
from django.template.loader import render_to_string

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .document import Document

DATA_DIR = Path(__file__).resolve().parent / "data"
FONT_DIR = DATA_DIR / "fonts"
PRINT_CSS = DATA_DIR / "print.css"
#: How long a finished PDF is kept for the same HTML (a day: the HTML carries the date).
CACHE_SECONDS = 24 * 60 * 60
CACHE_PREFIX = "reports:pdf:"
#: Larger PDFs are not kept in the cache (a shared cache holds small values best).
CACHE_MAX_BYTES = 5 * 1024 * 1024

# Font subsetting and layout report every step at INFO level: too chatty for a worker's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class LocalOnlyFetcher(URLFetcher):
    """Serves files below `data/` (the fonts) and refuses any other URL, local or remote."""

    def __init__(self):
        super().__init__(allowed_protocols=["file"], allow_redirects=False, fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url.startswith("file://"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if path.is_relative_to(DATA_DIR) and path.is_file():
                return super().fetch(url, headers)
        raise ValueError(f"refused: {url}")


def render_html(document: Document) -> str:
    """The HTML WeasyPrint lays out (also handy to look at in a browser)."""
    return render_to_string(
        "reports/pdf/document.html",
        {"document": document, "sections": list(document.walk())},
    )


class _Style(threading.local):
    """The parsed print stylesheet with its fonts, made once per thread (Pango objects are not
    shared between threads)."""

    font_config: FontConfiguration | None = None
    stylesheet: CSS | None = None
    source: str = ""


_style = _Style()


def _stylesheet(source: str) -> tuple[CSS, FontConfiguration]:
    if _style.stylesheet is None or _style.source != source:
        font_config = FontConfiguration()
        _style.stylesheet = CSS(
            string=source,
            base_url=FONT_DIR.as_uri() + "/",
            url_fetcher=LocalOnlyFetcher(),
            font_config=font_config,
        )
        _style.font_config = font_config
        _style.source = source
    return _style.stylesheet, _style.font_config


#: Chart ids (`charts._id`) count up in the process; numbered afresh per document they make
#: the HTML of the same report the same every time.
_CHART_ID = re.compile(r"\b(bars|distribution|map)-(\d+)(?=-[td]\b)")


def _stable_ids(html: str) -> str:
    numbers: dict[str, int] = {}

    def renumber(match: re.Match) -> str:
        number = numbers.setdefault(match.group(0), len(numbers) + 1)
        return f"{match.group(1)}-{number}"

    return _CHART_ID.sub(renumber, html)


def _cache_key(html: str, css: str, identifier: bytes) -> str:
    digest = hashlib.sha256()
    for part in (html.encode(), css.encode(), identifier):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return CACHE_PREFIX + digest.hexdigest()


def render_pdf(document: Document) -> bytes:
    """The document as PDF/UA-1 bytes."""
    source = PRINT_CSS.read_text(encoding="utf-8")
    html = _stable_ids(render_html(document))
    identifier = document.filename_stem.encode()
    key = _cache_key(html, source, identifier)
    cached = cache.get(key)
    if cached is not None:
        return cached
    stylesheet, font_config = _stylesheet(source)
    pdf = HTML(
        string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=LocalOnlyFetcher()
    ).write_pdf(
        stylesheets=[stylesheet],
        font_config=font_config,
        pdf_variant="pdf/ua-1",
        pdf_identifier=identifier,
        custom_metadata=True,
    )
    if len(pdf) <= CACHE_MAX_BYTES:
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
