"""PDF/UA-1 from the document model: HTML and print CSS laid out by WeasyPrint.

The PDF is tagged (structure tree from the semantic HTML), declares German as its language,
carries the title in its metadata and embeds the bundled DejaVu Sans. WeasyPrint fetches
nothing from the network: the URL fetcher below serves the bundled fonts and refuses
everything else.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from .document import Document

DATA_DIR = Path(__file__).resolve().parent / "data"
FONT_DIR = DATA_DIR / "fonts"
PRINT_CSS = DATA_DIR / "print.css"

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


def render_pdf(document: Document) -> bytes:
    """The document as PDF/UA-1 bytes."""
    fetcher = LocalOnlyFetcher()
    base_url = FONT_DIR.as_uri() + "/"
    stylesheet = CSS(
        string=PRINT_CSS.read_text(encoding="utf-8"), base_url=base_url, url_fetcher=fetcher
    )
    html = HTML(string=render_html(document), base_url=base_url, url_fetcher=fetcher)
    return html.write_pdf(
        stylesheets=[stylesheet],
        pdf_variant="pdf/ua-1",
        pdf_identifier=document.filename_stem.encode(),
        custom_metadata=True,
    )
