"""Markdown from the document model: headings, tables and lists; charts as their tables."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .document import BulletList, Chart, Document, Facts, Paragraph, Table


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|") or "–"


def _table(table: Table) -> list[str]:
    align = ["---:" if index in table.numeric else "---" for index in range(len(table.headers))]
    lines = [f"*{_cell(table.caption)}*", ""]
    lines.append("| " + " | ".join(_cell(h) for h in table.headers) + " |")
    lines.append("| " + " | ".join(align) + " |")
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows)
    return [*lines, ""]


def _block(block) -> list[str]:
    if isinstance(block, Paragraph):
        text = block.text.strip()
        if block.style == "lead":
            return [f"**{text}**", ""]
        if block.style == "notice":
            return ["> " + line for line in text.splitlines()] + [""]
        if block.style == "muted":
            return [f"*{text}*", ""]
        return [text, ""]
    if isinstance(block, Facts):
        return [f"- **{term}:** {value or '–'}" for term, value in block.items] + [""]
    if isinstance(block, BulletList):
        return [f"- {item}" for item in block.items] + [""]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Chart):
        # Markdown has no accessible place for an SVG: the chart is given as its table.
        return [
            f"**{_('Diagramm')}: {block.title}**",
            "",
            block.description,
            "",
            *_table(block.table),
        ]
    return []


def render_markdown(document: Document) -> str:
    lines = [f"# {document.title}", ""]
    if document.subtitle:
        lines += [f"*{document.subtitle}*", ""]
    lines.append(f"- **{_('Art')}:** {document.kind_label}")
    if document.subject_label:
        lines.append(f"- **{_('Herausgegeben für')}:** {document.subject_label}")
    if document.version_label:
        lines.append(f"- **{_('Fassung')}:** {document.version_label}")
    lines += [f"- **{_('Erstellt am')}:** {document.date_label}", ""]
    if document.notice:
        lines += [f"> **{_('Hinweis zur Rekonstruktion:')}** {document.notice}", ""]
    if document.demo_notice:
        lines += [f"> {_('Die Fortschrittszahlen enthalten Beispieldaten (Demo).')}", ""]
    lines += [f"## {_('Inhalt')}", ""]
    for level, section in document.walk():
        if level < 3:
            lines.append(f"{'  ' * (level - 1)}- [{section.title}](#{section.anchor})")
    lines.append("")
    for level, section in document.walk():
        lines += [f'<a id="{section.anchor}"></a>', "", f"{'#' * (level + 1)} {section.title}", ""]
        for block in section.blocks:
            lines += _block(block)
    return "\n".join(lines).rstrip() + "\n"
