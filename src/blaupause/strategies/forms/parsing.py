"""Structured parts of a strategy typed as short text, one entry per line, so that a form stays
a form:
prerequisites ("Kriterium C2 ab Stufe 1: …", "Personal: …"), references ("Bezeichnung |
https://…"), sources ("kennung | Titel | https://…"), tags and criteria comma-separated."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..criteria import criteria
from ..diff import line_of

_PREREQUISITE = re.compile(
    r"^kriterium\s+(?P<id>[A-Za-z]\d+)\s+ab\s+stufe\s+(?P<level>\d+)\s*:\s*(?P<text>.+)$",
    re.IGNORECASE,
)
_PREREQUISITE_KINDS = {"personal": "staff", "budget": "budget", "sonstiges": "other"}


def _lines(text: str) -> list[tuple[int, str]]:
    return [
        (number, line.strip())
        for number, line in enumerate((text or "").splitlines(), start=1)
        if line.strip()
    ]


def parse_prerequisites(text: str) -> list[dict]:
    rows, errors = [], []
    known = criteria()
    for number, line in _lines(text):
        match = _PREREQUISITE.match(line)
        if match:
            criterion = match["id"].upper()
            level = int(match["level"])
            if criterion not in known:
                errors.append(
                    _("Zeile %(n)d: Das Selbstcheck-Kriterium „%(id)s“ gibt es nicht (A1 bis D6).")
                    % {"n": number, "id": criterion}
                )
            if not 0 <= level <= 4:
                errors.append(
                    _("Zeile %(n)d: Die Stufe muss zwischen 0 und 4 liegen.") % {"n": number}
                )
            rows.append(
                {
                    "kind": "criterion",
                    "criterion": criterion,
                    "min_level": level,
                    "text": match["text"],
                }
            )
            continue
        if line.lower().startswith("kriterium"):
            errors.append(
                _("Zeile %(n)d: Schreiben Sie „Kriterium C2 ab Stufe 1: …“.") % {"n": number}
            )
            continue
        label, sep, rest = line.partition(":")
        kind = _PREREQUISITE_KINDS.get(label.strip().lower()) if sep else None
        if kind and rest.strip():
            rows.append({"kind": kind, "criterion": None, "min_level": None, "text": rest.strip()})
        else:
            rows.append({"kind": "other", "criterion": None, "min_level": None, "text": line})
    if errors:
        raise ValidationError(errors)
    return rows


def format_prerequisites(rows) -> str:
    return "\n".join(line_of("prerequisites", row) for row in rows or [] if isinstance(row, dict))


def parse_references(text: str) -> list[dict]:
    rows, errors = [], []
    for number, line in _lines(text):
        label, _sep, url = line.rpartition("|") if "|" in line else ("", "", line)
        label, url = label.strip(), url.strip()
        if not re.match(r"^https?://\S+$", url):
            errors.append(
                _("Zeile %(n)d: Schreiben Sie „Bezeichnung | https://…“.") % {"n": number}
            )
            continue
        rows.append({"label": label or url, "url": url})
    if errors:
        raise ValidationError(errors)
    return rows


def format_references(rows) -> str:
    return "\n".join(
        f"{row.get('label', '')} | {row.get('url', '')}"
        for row in rows or []
        if isinstance(row, dict)
    )


def parse_sources(text: str) -> list[dict]:
    rows, errors = [], []
    for number, line in _lines(text):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) < 3:
            errors.append(
                _(
                    "Zeile %(n)d: Schreiben Sie "
                    "„kennung | Titel | https://… | abgerufen (optional)“."
                )
                % {"n": number}
            )
            continue
        row = {"id": parts[0], "title": parts[1], "url": parts[2]}
        if len(parts) > 3 and parts[3]:
            row["accessed"] = parts[3]
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    return rows


def format_sources(rows) -> str:
    lines = []
    for row in rows or []:
        if isinstance(row, dict):
            parts = [row.get("id", ""), row.get("title", ""), row.get("url", "")]
            if row.get("accessed"):
                parts.append(row["accessed"])
            lines.append(" | ".join(parts))
    return "\n".join(lines)


def parse_words(text: str) -> list[str]:
    seen: list[str] = []
    for word in re.split(r"[,;\n]", text or ""):
        word = word.strip()
        if word and word not in seen:
            seen.append(word)
    return seen
