"""DOCX from the document model with python-docx.

Headings use Word's own "Heading 1–3" styles, so that the navigation pane and the table of
contents field (`TOC \\o "1-3" \\h`) work; Word fills the field when the file is opened. Tables
mark their first row as a header row repeated on every page. Charts: the bar and status charts
and maps are drawn as PNG by `raster.py` (Pillow, which WeasyPrint requires anyway) and carry
their title and description as alt text; the same numbers follow as a table.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from . import raster
from .document import BulletList, Chart, Document, Facts, Paragraph, Table

LANGUAGE = "de-DE"


def _set_language(docx) -> None:
    """German as the language of every style (spell checking, screen readers)."""
    styles = docx.styles.element
    rpr_default = styles.find(qn("w:docDefaults"))
    if rpr_default is not None:
        rpr = rpr_default.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:val"), LANGUAGE)
            lang.set(qn("w:eastAsia"), LANGUAGE)
            lang.set(qn("w:bidi"), LANGUAGE)


def _update_fields_on_open(docx) -> None:
    settings = docx.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _toc_field(docx) -> None:
    """A complex TOC field over headings 1–3 with hyperlinks; Word fills it on opening."""
    paragraph = docx.add_paragraph()
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-3" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = _(
        "Das Inhaltsverzeichnis wird beim Öffnen aktualisiert (sonst: Rechtsklick → Feld "
        "aktualisieren)."
    )
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, placeholder, end):
        run._r.append(element)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _table_caption(table, caption: str) -> None:
    """The caption as the table's own description (read out by screen readers)."""
    tbl_pr = table._tbl.tblPr
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), caption[:255])
    tbl_pr.append(element)


def _add_table(docx, table: Table) -> None:
    docx.add_paragraph(table.caption, style="Caption")
    grid = docx.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    _table_caption(grid, table.caption)
    header = grid.rows[0]
    _repeat_header(header)
    for index, text in enumerate(table.headers):
        cell = header.cells[index]
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(text))
        run.bold = True
        if index in table.numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        cells = grid.add_row().cells
        for index, text in enumerate(row):
            cells[index].text = str(text)
            if index in table.numeric:
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    docx.add_paragraph()


def _add_picture(docx, png: bytes, *, title: str, description: str) -> None:
    docx.add_picture(io.BytesIO(png), width=Cm(16))
    inline = docx.paragraphs[-1].runs[-1]._r.find(".//" + qn("wp:docPr"))
    inline.set("title", title)
    inline.set("descr", f"{title}. {description}")


def _add_block(docx, block) -> None:
    if isinstance(block, Paragraph):
        if block.style == "notice":
            paragraph = docx.add_paragraph(style="Intense Quote")
            paragraph.add_run(block.text)
        elif block.style == "lead":
            docx.add_paragraph().add_run(block.text).bold = True
        elif block.style == "muted":
            docx.add_paragraph().add_run(block.text).italic = True
        else:
            docx.add_paragraph(block.text)
    elif isinstance(block, Facts):
        for term, value in block.items:
            paragraph = docx.add_paragraph(style="List Bullet")
            paragraph.add_run(f"{term}: ").bold = True
            paragraph.add_run(value or "–")
    elif isinstance(block, BulletList):
        for item in block.items:
            docx.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Table):
        _add_table(docx, block)
    elif isinstance(block, Chart):
        png = raster.chart_png(block)
        if png is not None:
            _add_picture(docx, png, title=block.title, description=block.description)
        else:
            docx.add_paragraph().add_run(block.title).bold = True
        docx.add_paragraph(block.description, style="Caption")
        _add_table(docx, block.table)


def render_docx(document: Document) -> bytes:
    docx = new_docx()
    _set_language(docx)
    _update_fields_on_open(docx)
    properties = docx.core_properties
    properties.title = document.title
    properties.subject = document.kind_label
    properties.author = "Blaupause"
    properties.language = LANGUAGE
    properties.keywords = ", ".join(filter(None, [document.kind_label, document.subject_label]))
    docx.styles["Normal"].font.size = Pt(10.5)

    docx.add_paragraph(document.kind_label, style="Subtitle")
    docx.add_paragraph(document.title, style="Title")
    if document.subtitle:
        docx.add_paragraph(document.subtitle, style="Subtitle")
    facts = [
        (_("Herausgegeben für"), document.subject_label),
        (_("Fassung"), document.version_label),
        (_("Erstellt am"), document.date_label),
    ]
    for term, value in facts:
        if value:
            paragraph = docx.add_paragraph()
            paragraph.add_run(f"{term}: ").bold = True
            paragraph.add_run(value)
    if document.notice:
        paragraph = docx.add_paragraph(style="Intense Quote")
        paragraph.add_run(_("Hinweis zur Rekonstruktion:") + " ").bold = True
        paragraph.add_run(document.notice)
    if document.demo_notice:
        docx.add_paragraph(
            _("Die Fortschrittszahlen enthalten Beispieldaten (Demo)."), style="Intense Quote"
        )
    docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    docx.add_paragraph(_("Inhalt"), style="TOC Heading")
    _toc_field(docx)
    docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for level, section in document.walk():
        docx.add_heading(section.title, level=min(level, 3))
        for block in section.blocks:
            _add_block(docx, block)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()
