"""The document model and its three renderings: what a reader finds in the files."""

import io
import re

from django.contrib.auth.models import AnonymousUser

import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from blaupause.reports import charts
from blaupause.reports.document import (
    Chart,
    district_document,
    municipality_document,
    network_document,
    strategy_document,
)
from blaupause.reports.render_docx import render_docx
from blaupause.reports.render_markdown import render_markdown
from blaupause.reports.render_pdf import LocalOnlyFetcher, render_pdf

from .conftest import NOTICE, SECRET

pytestmark = pytest.mark.django_db


def _text(document) -> str:
    return render_markdown(document)


# --- the model -----------------------------------------------------------------------------------


def test_strategy_document_has_fields_measures_notice_and_sources(world):
    document = strategy_document(strategy=world.strategy, viewer=AnonymousUser())
    titles = [section.title for _level, section in document.walk()]
    assert "Leitbild und Werte" in titles
    assert "A Zusammenarbeit" in titles
    assert "A-M01 Austausch der Digitalverantwortlichen" in titles
    assert "Quellen" in titles
    assert document.notice == NOTICE
    assert "Hinweis zur Rekonstruktion" in titles


def test_public_report_never_contains_internal_commitments(world):
    public = strategy_document(strategy=world.strategy, viewer=AnonymousUser())
    secret_row = next(
        row
        for block in public.sections[2].children[1].blocks
        if getattr(block, "block_type", "") == "table"
        for row in block.rows
        if row[0].startswith("B-M01")
    )
    assert secret_row[1:] == ["0", "–"]  # nobody visibly committed, no average

    report = municipality_document(municipality=world.home, viewer=AnonymousUser())
    text = _text(report)
    assert "Austausch der Digitalverantwortlichen" in text
    assert SECRET not in text
    assert "intern" not in text


def test_member_report_shows_internal_commitments_marked(world):
    report = municipality_document(municipality=world.home, viewer=world.cdo)
    text = _text(report)
    assert f"B-M01 {SECRET} (intern)" in text
    assert report.shows_internal


def test_every_chart_has_title_description_and_table(world):
    documents = [
        strategy_document(strategy=world.strategy, viewer=AnonymousUser()),
        municipality_document(municipality=world.home, viewer=AnonymousUser()),
        district_document(district=world.district, viewer=AnonymousUser()),
        network_document(network=world.network, viewer=AnonymousUser()),
    ]
    found = [chart for document in documents for chart in document.charts()]
    assert any("bp-chart--map" in chart.svg for chart in found), "a choropleth is included"
    for chart in found:
        assert isinstance(chart, Chart)
        assert 'role="img"' in chart.svg
        assert "<title id=" in chart.svg
        assert "<desc id=" in chart.svg
        assert chart.table.headers
        assert chart.table.rows


def test_bar_chart_escapes_labels_and_shows_values():
    svg = charts.bar_chart("T <1>", "D & E", [charts.Bar("A & B", 40), charts.Bar("C", None)])
    assert "T &lt;1&gt;" in svg
    assert "A &amp; B" in svg
    assert "40 %" in svg
    assert "–" in svg


def test_district_and_network_reports_list_their_municipalities(world):
    district = _text(district_document(district=world.district, viewer=AnonymousUser()))
    assert "Heimstadt" in district
    assert "Nachbardorf" in district
    network = _text(network_document(network=world.network, viewer=AnonymousUser()))
    assert "Rahmenstrategie Beispiel" in network
    assert "Heimstadt" in network


# --- PDF -----------------------------------------------------------------------------------------


def test_pdf_is_tagged_pdf_ua_with_language_title_and_embedded_fonts(world):
    document = strategy_document(strategy=world.strategy, viewer=AnonymousUser())
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "de"
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfuaid:part="1"|<pdfuaid:part>1</pdfuaid:part>', xmp)
    assert reader.metadata.title == "Rahmenstrategie Beispiel"
    assert "Rahmenstrategie Beispiel" in xmp
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            fonts[font["/BaseFont"]] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts
    assert all(fonts.values()), fonts
    assert any("DejaVu" in name for name in fonts)


def test_pdf_text_has_title_fields_measures_and_notice(world):
    document = strategy_document(strategy=world.strategy, viewer=AnonymousUser())
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Rahmenstrategie Beispiel" in text
    assert "Inhalt" in text
    assert "A Zusammenarbeit" in text
    assert "B Infrastruktur" in text
    assert "A-M01 Austausch der Digitalverantwortlichen" in text
    assert NOTICE in text
    assert re.search(r"Seite \d+ von \d+", text)


def test_pdf_fetcher_refuses_anything_but_bundled_files():
    fetcher = LocalOnlyFetcher()
    for url in ("https://example.org/font.ttf", "file:///etc/passwd", "http://127.0.0.1/"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)


# --- DOCX ----------------------------------------------------------------------------------------


def test_docx_has_heading_styles_toc_field_header_rows_and_alt_texts(world):
    document = strategy_document(strategy=world.strategy, viewer=AnonymousUser())
    docx = read_docx(io.BytesIO(render_docx(document)))
    headings = {
        (p.style.name, p.text) for p in docx.paragraphs if p.style.name.startswith("Heading")
    }
    assert ("Heading 1", "Handlungsfelder") in headings
    assert ("Heading 2", "A Zusammenarbeit") in headings
    assert ("Heading 3", "A-M01 Austausch der Digitalverantwortlichen") in headings
    body = docx.element.body.xml
    assert 'TOC \\o "1-3" \\h' in body
    assert docx.core_properties.title == "Rahmenstrategie Beispiel"
    assert docx.core_properties.language == "de-DE"
    for table in docx.tables:
        first_row = table.rows[0]._tr
        assert first_row.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None
    pictures = docx.element.body.findall(".//" + qn("wp:docPr"))
    assert pictures, "bar and status charts are embedded as pictures"
    assert all(pic.get("descr") for pic in pictures)
    assert any("Fortschritt je Handlungsfeld" in pic.get("descr") for pic in pictures)


# --- Markdown ------------------------------------------------------------------------------------


def test_markdown_has_headings_tables_and_toc(world):
    text = render_markdown(strategy_document(strategy=world.strategy, viewer=AnonymousUser()))
    assert text.startswith("# Rahmenstrategie Beispiel\n")
    assert "## Inhalt" in text
    assert "- [Handlungsfelder](#handlungsfelder)" in text
    assert "### A Zusammenarbeit" in text
    assert "#### A-M01 Austausch der Digitalverantwortlichen" in text
    assert "| Maßnahme | Kommunen beteiligt | Ø Fortschritt |" in text
    assert f"> {NOTICE}" in text
    assert "**Diagramm: Fortschritt je Handlungsfeld**" in text


def test_docx_draws_maps_as_pictures_with_alt_text(world):
    document = network_document(network=world.network, viewer=AnonymousUser())
    docx = read_docx(io.BytesIO(render_docx(document)))
    descriptions = [p.get("descr") for p in docx.element.body.findall(".//" + qn("wp:docPr"))]
    assert any(d.startswith("Karte: Fortschritt der Mitglieder") for d in descriptions)
    assert docx.inline_shapes[0].width > 0
