"""What keeps the PDF fast: the stylesheet is parsed once per thread, a finished PDF is reused
for the same HTML, and detailed map outlines are thinned for print."""

import io
import re

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

import pytest
from pypdf import PdfReader

from blaupause.reports import render_pdf as pdf_module
from blaupause.reports.charts import simplified_path
from blaupause.reports.document import strategy_document

pytestmark = pytest.mark.django_db


def test_the_same_report_is_laid_out_once_and_stays_pdf_ua(world, monkeypatch):
    document = strategy_document(strategy=world.strategy, viewer=AnonymousUser())
    first = pdf_module.render_pdf(document)

    def no_layout(*args, **kwargs):
        raise AssertionError("laid out again")

    monkeypatch.setattr(pdf_module.HTML, "write_pdf", no_layout)
    # Built afresh (as the next request does): the charts get new ids, the PDF is the same.
    document = strategy_document(strategy=world.strategy, viewer=AnonymousUser())
    again = pdf_module.render_pdf(document)
    assert again == first
    reader = PdfReader(io.BytesIO(again))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de"
    assert root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == document.title


def test_a_different_html_is_a_different_pdf(world):
    public = strategy_document(strategy=world.strategy, viewer=AnonymousUser())
    first = pdf_module.render_pdf(public)
    world.strategy.title = "Rahmenstrategie Beispiel, zweite Fassung"
    world.strategy.save()
    changed = strategy_document(strategy=world.strategy, viewer=AnonymousUser())
    second = pdf_module.render_pdf(changed)
    assert second != first
    assert b"zweite Fassung" not in first


def test_the_stylesheet_is_parsed_once_per_thread():
    source = pdf_module.PRINT_CSS.read_text(encoding="utf-8")
    stylesheet, fonts = pdf_module._stylesheet(source)
    assert pdf_module._stylesheet(source) == (stylesheet, fonts)


def test_a_cached_pdf_is_gone_with_the_cache(world):
    document = strategy_document(strategy=world.strategy, viewer=AnonymousUser())
    pdf_module.render_pdf(document)
    cache.clear()
    assert pdf_module.render_pdf(document).startswith(b"%PDF-")


def test_map_outlines_lose_points_closer_than_the_tolerance():
    assert simplified_path("M0 0L0.1 0 0.2 0 10 0 10 10 0 10Z") == "M0 0L10 0 10 10 0 10Z"
    # Two rings: both are kept, each closed.
    d = "M0 0L5 0 5 5 0 5ZM20 20L20.2 20 30 20 30 30 20 30Z"
    assert simplified_path(d) == "M0 0L5 0 5 5 0 5ZM20 20L30 20 30 30 20 30Z"
    # A ring too small to thin stays as it is.
    assert simplified_path("M0 0L0.5 0 0.5 0.5Z") == "M0 0L0.5 0 0.5 0.5Z"


def test_a_detailed_outline_shrinks_but_keeps_its_corners():
    points = [(x / 10, 0) for x in range(0, 1001)] + [(100, 100), (0, 100)]
    d = "M" + " ".join(f"{x:g} {y:g}" for x, y in points[:1]) + "L"
    d += " ".join(f"{x:g} {y:g}" for x, y in points[1:]) + "Z"
    thin = simplified_path(d)
    assert len(thin) < len(d) / 5
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", thin)]
    corners = set(zip(numbers[0::2], numbers[1::2], strict=False))
    assert {(0.0, 0.0), (100.0, 100.0), (0.0, 100.0)} <= corners
