"""PPTX of the presentation mode with python-pptx, from the same deck as the browser view.

One slide per deck slide (16:9): the title and the text of the slide (lead, key facts, the
headed lists), the speaker notes on the notes page, the progress chart as the PNG that DOCX
uses too (`raster.py`) with its title and description as alt text, and the numbers as text
beside it. Every run is marked German, so that spell checking and screen readers use the
right language; the document properties carry title, language and the network as author.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from blaupause.core.markdown import render_markdown

from . import charts, raster
from .presentation import KIND_PROGRESS, KIND_TITLE, Deck, Slide

LANGUAGE = "de-DE"
WIDTH = Inches(13.333)
HEIGHT = Inches(7.5)
MARGIN = Inches(0.6)
TITLE_TOP = Inches(0.4)
TITLE_HEIGHT = Inches(1.1)
BODY_TOP = Inches(1.6)
#: Layouts of python-pptx's default template.
LAYOUT_TITLE, LAYOUT_CONTENT, LAYOUT_TITLE_ONLY = 0, 1, 5
DARK = "0B3D6B"
MUTED = "4D4D4D"


def _plain(markdown_text: str) -> str:
    """Markdown (a network's description) as plain text for a slide."""
    return strip_tags(str(render_markdown(markdown_text))).strip()


def _no_bullet(paragraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.set("marL", "0")
    p_pr.set("indent", "0")
    p_pr.insert(0, p_pr.makeelement(qn("a:buNone"), {}))


def _run(paragraph, text: str, *, size: int | None = None, bold: bool = False, colour=None):
    run = paragraph.add_run()
    run.text = text
    run.font._rPr.set("lang", LANGUAGE)
    if size:
        run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    return run


class _Writer:
    """Adds paragraphs to a text frame; the first call reuses the frame's empty paragraph."""

    def __init__(self, frame):
        self.frame = frame
        self.frame.word_wrap = True
        self.used = False

    def paragraph(self, *, level: int = 0, bullet: bool = True):
        if self.used:
            paragraph = self.frame.add_paragraph()
        else:
            paragraph = self.frame.paragraphs[0]
            self.used = True
        paragraph.level = level
        if not bullet:
            _no_bullet(paragraph)
        return paragraph


def _place(shape, left, top, width, height) -> None:
    shape.left, shape.top, shape.width, shape.height = left, top, width, height


def _title(pptx_slide, slide: Slide) -> None:
    title = pptx_slide.shapes.title
    _place(title, MARGIN, TITLE_TOP, WIDTH - 2 * MARGIN, TITLE_HEIGHT)
    writer = _Writer(title.text_frame)
    if slide.eyebrow and slide.kind != KIND_TITLE:
        _run(writer.paragraph(bullet=False), slide.eyebrow, size=14, colour=MUTED)
    _run(writer.paragraph(bullet=False), slide.title, size=30, bold=True, colour=DARK)


def _facts(writer: _Writer, facts, *, size: int = 16) -> None:
    for term, value in facts:
        paragraph = writer.paragraph(bullet=False)
        _run(paragraph, f"{term}: ", size=size, bold=True)
        _run(paragraph, value or "–", size=size)


def _blocks(writer: _Writer, slide: Slide, absolute: Callable[[str], str]) -> None:
    for block in slide.blocks:
        _run(writer.paragraph(bullet=False), block.heading, size=18, bold=True, colour=DARK)
        for item in block.items:
            paragraph = writer.paragraph(level=1)
            if item.key:
                _run(paragraph, f"{item.key} ", size=15, bold=True)
            run = _run(paragraph, item.text, size=15)
            if item.url:
                run.hyperlink.address = absolute(item.url)
            if item.detail and item.detail != item.url:
                _run(writer.paragraph(level=2), item.detail, size=12, colour=MUTED)


def _picture(pptx_slide, png: bytes, *, title: str, description: str, left, top, width, height):
    """The picture scaled into the box (keeping its proportions), with alt text."""
    picture = pptx_slide.shapes.add_picture(io.BytesIO(png), left, top)
    scale = min(width / picture.width, height / picture.height)
    picture.width = Emu(int(picture.width * scale))
    picture.height = Emu(int(picture.height * scale))
    properties = picture._element.nvPicPr.cNvPr
    properties.set("descr", f"{title}. {description}")
    properties.set("title", title)
    return picture


def _title_slide(prs, deck: Deck, slide: Slide):
    pptx_slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    title, subtitle = pptx_slide.shapes.title, pptx_slide.placeholders[1]
    _place(title, MARGIN, Inches(1.6), WIDTH - 2 * MARGIN, Inches(2.0))
    _place(subtitle, MARGIN, Inches(3.8), WIDTH - 2 * MARGIN, Inches(3.0))
    writer = _Writer(title.text_frame)
    if slide.eyebrow:
        _run(writer.paragraph(bullet=False), slide.eyebrow, size=18, colour=MUTED)
    _run(writer.paragraph(bullet=False), slide.title, size=40, bold=True, colour=DARK)
    writer = _Writer(subtitle.text_frame)
    if slide.lead:
        _run(writer.paragraph(bullet=False), slide.lead, size=22)
    _facts(writer, slide.facts, size=16)
    return pptx_slide


def _progress_slide(prs, deck: Deck, slide: Slide):
    pptx_slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    _title(pptx_slide, slide)
    # Key numbers side by side, big.
    count = max(len(slide.facts), 1)
    box_width = (WIDTH - 2 * MARGIN) // count
    for index, (term, value) in enumerate(slide.facts):
        box = pptx_slide.shapes.add_textbox(
            MARGIN + index * box_width, BODY_TOP, box_width, Inches(1.2)
        )
        writer = _Writer(box.text_frame)
        _run(writer.paragraph(bullet=False), value or "–", size=32, bold=True, colour=DARK)
        _run(writer.paragraph(bullet=False), term, size=14, colour=MUTED)
    chart = slide.chart
    top = BODY_TOP + Inches(1.4)
    if chart is not None and chart.bars:
        if deck.has_demo:
            note = pptx_slide.shapes.add_textbox(MARGIN, top, WIDTH - 2 * MARGIN, Inches(0.4))
            _run(
                _Writer(note.text_frame).paragraph(bullet=False),
                _("Beispieldaten: Die Fortschritte sind zur Vorführung erzeugt."),
                size=12,
                colour=MUTED,
            )
            top += Inches(0.45)
        png = raster.bars_png(
            [charts.Bar(label=f"{bar.key} {bar.label}", value=bar.percent) for bar in chart.bars]
        )
        _picture(
            pptx_slide,
            png,
            title=chart.title,
            description=chart.description,
            left=MARGIN,
            top=top,
            width=WIDTH - 2 * MARGIN,
            height=HEIGHT - top - Inches(0.4),
        )
    return pptx_slide


def _content_slide(prs, deck: Deck, slide: Slide, absolute: Callable[[str], str]):
    pptx_slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_CONTENT])
    _title(pptx_slide, slide)
    body = pptx_slide.placeholders[1]
    _place(body, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, HEIGHT - BODY_TOP - Inches(0.4))
    body.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    writer = _Writer(body.text_frame)
    lead = _plain(slide.lead) if slide.lead_markdown else slide.lead
    if lead:
        _run(writer.paragraph(bullet=False), lead, size=18)
    _facts(writer, slide.facts)
    _blocks(writer, slide, absolute)
    if not writer.used:
        writer.paragraph(bullet=False)
    return pptx_slide


def _notes(pptx_slide, slide: Slide) -> None:
    writer = _Writer(pptx_slide.notes_slide.notes_text_frame)
    for note in slide.notes or [_("Keine Notizen zu dieser Folie.")]:
        _run(writer.paragraph(bullet=False), note)


def render_pptx(deck: Deck, *, author: str, absolute: Callable[[str], str] = str) -> bytes:
    """The deck as PPTX bytes; `absolute` turns the site's paths into full addresses."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    properties = prs.core_properties
    properties.title = deck.strategy.title
    properties.subject = _("Präsentation der Strategie")
    properties.author = author
    properties.last_modified_by = author
    properties.language = LANGUAGE
    properties.keywords = ", ".join(filter(None, [_("Digitalstrategie"), author]))
    properties.created = properties.modified = timezone.now().replace(tzinfo=None)
    properties.revision = 1
    for slide in deck.slides:
        if slide.kind == KIND_TITLE:
            pptx_slide = _title_slide(prs, deck, slide)
        elif slide.kind == KIND_PROGRESS:
            pptx_slide = _progress_slide(prs, deck, slide)
        else:
            pptx_slide = _content_slide(prs, deck, slide, absolute)
        _notes(pptx_slide, slide)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
