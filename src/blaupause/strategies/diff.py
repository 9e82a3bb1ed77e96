"""Compare two snapshots of a strategy: what was added, removed or changed, word by word.

Pure functions on plain data (see `snapshot.py`): no ORM, no request. Items are matched by
UUID, so a renamed measure shows as changed, not as removed plus added. Changed texts are
compared on word tokens with difflib and rendered as `<del>`/`<ins>`, each with a text for
screen readers ("entfernt:", "eingefügt:"), because colour and strike-through alone do not
reach everyone.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .constants import Direction, StrategyStatus
from .snapshot import SECTIONS, STRATEGY_FIELDS

ADDED, REMOVED, CHANGED = "added", "removed", "changed"

#: Not compared: identity and position (a moved item is not a changed item).
IGNORED = {"uuid", "order"}

FIELD_LABELS = {
    "slug": gettext_lazy("Kurzname"),
    "title": gettext_lazy("Titel"),
    "slogan": gettext_lazy("Leitsatz"),
    "vision": gettext_lazy("Leitbild"),
    "preamble": gettext_lazy("Präambel"),
    "reconstruction_notice": gettext_lazy("Hinweis zur Rekonstruktion"),
    "status": gettext_lazy("Status"),
    "adopted_body": gettext_lazy("Beschlossen durch"),
    "adopted_on": gettext_lazy("Beschlossen am"),
    "adopted_reference": gettext_lazy("Beschluss (Link)"),
    "adopted_note": gettext_lazy("Anmerkung zum Beschluss"),
    "sources": gettext_lazy("Quellen"),
    "owner": gettext_lazy("Träger"),
    "explanation": gettext_lazy("Erläuterung"),
    "key": gettext_lazy("Kennung"),
    "description": gettext_lazy("Beschreibung"),
    "field": gettext_lazy("Handlungsfeld"),
    "summary": gettext_lazy("Kurzbeschreibung"),
    "life_areas": gettext_lazy("Lebensbereiche"),
    "goals": gettext_lazy("Ziele"),
    "benefit_citizens": gettext_lazy("Nutzen für Bürgerinnen und Bürger"),
    "benefit_administration": gettext_lazy("Nutzen für die Verwaltung"),
    "prerequisites": gettext_lazy("Voraussetzungen"),
    "effort": gettext_lazy("Aufwand"),
    "cost_band": gettext_lazy("Kosten"),
    "start_year": gettext_lazy("Beginn (Jahr)"),
    "end_year": gettext_lazy("Ende (Jahr)"),
    "duration_months": gettext_lazy("Dauer (Monate)"),
    "responsible_role": gettext_lazy("Verantwortliche Rolle"),
    "depends_on": gettext_lazy("hängt ab von"),
    "references": gettext_lazy("Verweise"),
    "tags": gettext_lazy("Schlagworte"),
    "raises_criteria": gettext_lazy("verbessert Selbstcheck-Kriterien"),
    "weight": gettext_lazy("Gewicht"),
    "derived": gettext_lazy("rekonstruiert"),
    "source_ids": gettext_lazy("Quellen"),
    "measure": gettext_lazy("Maßnahme"),
    "name": gettext_lazy("Bezeichnung"),
    "unit": gettext_lazy("Einheit"),
    "baseline": gettext_lazy("Ausgangswert"),
    "target": gettext_lazy("Zielwert"),
    "direction": gettext_lazy("Richtung"),
    "months_after_start": gettext_lazy("Monate nach Beginn"),
    "due_date": gettext_lazy("Termin"),
    "deleted": gettext_lazy("gelöscht"),
}

SECTION_LABELS = {
    "values": gettext_lazy("Werte"),
    "life_areas": gettext_lazy("Lebensbereiche"),
    "fields": gettext_lazy("Handlungsfelder"),
    "goals": gettext_lazy("Ziele"),
    "measures": gettext_lazy("Maßnahmen"),
    "indicators": gettext_lazy("Kennzahlen"),
    "milestones": gettext_lazy("Meilensteine"),
}

_CHOICE_LABELS = {
    "status": dict(StrategyStatus.choices),
    "direction": dict(Direction.choices),
}

# Words (letters and digits, including umlauts), runs of white space, single other characters.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def tokenize(text: str) -> list[str]:
    """'Bürger-Service, jetzt!' -> ['Bürger', '-', 'Service', ',', ' ', 'jetzt', '!']"""
    return _TOKEN.findall(text or "")


def _deleted(text: str) -> str:
    return (
        f'<del class="bp-diff__del"><span class="kern-sr-only">{escape(_("entfernt:"))} </span>'
        f"{escape(text)}</del>"
    )


def _inserted(text: str) -> str:
    return (
        f'<ins class="bp-diff__ins"><span class="kern-sr-only">{escape(_("eingefügt:"))} </span>'
        f"{escape(text)}</ins>"
    )


def word_diff(old: str, new: str) -> SafeString:
    """HTML of `new` with the words removed from `old` in <del> and the new words in <ins>."""
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    parts: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = "".join(old_tokens[i1:i2])
        added = "".join(new_tokens[j1:j2])
        if op == "equal":
            parts.append(escape(added))
            continue
        # White space at the edges stays unmarked: the marks cover words, not the gaps.
        text = added or removed
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :] if text.strip() else ""
        if op == "insert":
            parts.append(escape(lead) + _inserted(added.strip() or added) + escape(trail))
        elif op == "delete":
            parts.append(escape(lead) + _deleted(removed.strip() or removed) + escape(trail))
        else:  # replace: the old words, then the new ones, a space apart
            parts.append(f"{_deleted(removed)} {_inserted(added)}")
    return mark_safe("".join(parts))  # every piece above is escaped


def display(name: str, value: Any) -> str:
    """A value as a person reads it: '–' for nothing, 'ja'/'nein', choice labels."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if name in _CHOICE_LABELS:
        return str(_CHOICE_LABELS[name].get(value, value))
    if isinstance(value, Mapping):
        return line_of(name, value)
    if isinstance(value, list):
        return ", ".join(display(name, item) for item in value)
    return str(value)


def line_of(name: str, row: Mapping) -> str:
    """One entry of a structured list (a source, prerequisite, reference) as one line."""
    if name == "prerequisites":
        kind = row.get("kind")
        text = row.get("text", "")
        if kind == "criterion":
            return _("Kriterium %(id)s ab Stufe %(level)s: %(text)s") % {
                "id": row.get("criterion"),
                "level": row.get("min_level"),
                "text": text,
            }
        label = {"staff": _("Personal"), "budget": _("Budget")}.get(kind, _("Sonstiges"))
        return f"{label}: {text}"
    if name == "references":
        return f"{row.get('label', '')} ({row.get('url', '')})"
    if name == "sources":
        return f"{row.get('id', '')}: {row.get('title', '')} ({row.get('url', '')})"
    if name == "owner":
        return str(row.get("name", ""))
    return "; ".join(f"{key}: {value}" for key, value in row.items())


def _list_diff(name: str, old: Sequence, new: Sequence) -> SafeString:
    """Lists: every entry once; removed ones in <del>, added ones in <ins>, in new order."""
    old_lines = [display(name, item) for item in old or []]
    new_lines = [display(name, item) for item in new or []]
    structured = any(isinstance(item, Mapping) for item in [*(old or []), *(new or [])])
    new_set, old_set = set(new_lines), set(old_lines)
    parts = []
    for line in new_lines:
        parts.append(escape(line) if line in old_set else _inserted(line))
    for line in old_lines:
        if line not in new_set:
            parts.append(_deleted(line))
    if structured:
        items = "".join(f"<li>{part}</li>" for part in parts)
        return mark_safe(f'<ul class="bp-diff__list">{items}</ul>')
    return mark_safe(", ".join(parts))


def value_diff(name: str, old: Any, new: Any) -> SafeString:
    """The change of one field as HTML, whatever its type."""
    if isinstance(old, list) or isinstance(new, list):
        return _list_diff(name, old or [], new or [])
    if isinstance(old, str) and isinstance(new, str) and name not in _CHOICE_LABELS and old and new:
        return word_diff(old, new)
    return mark_safe(f"{_deleted(display(name, old))} {_inserted(display(name, new))}")


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: Any
    new: Any
    html: SafeString


@dataclass(frozen=True)
class ItemDiff:
    uuid: str
    label: str
    status: str  # ADDED, REMOVED or CHANGED
    data: dict  # the item as it is now (or was, when removed)
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class SectionDiff:
    key: str
    label: str
    added: tuple[ItemDiff, ...] = ()
    removed: tuple[ItemDiff, ...] = ()
    changed: tuple[ItemDiff, ...] = ()

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    @property
    def items(self) -> tuple[ItemDiff, ...]:
        return (*self.added, *self.changed, *self.removed)


@dataclass(frozen=True)
class SnapshotDiff:
    strategy_changes: tuple[FieldChange, ...] = ()
    sections: tuple[SectionDiff, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not self.strategy_changes and not any(s.has_changes for s in self.sections)

    @property
    def changed_sections(self) -> tuple[SectionDiff, ...]:
        return tuple(section for section in self.sections if section.has_changes)


def field_changes(
    old: Mapping, new: Mapping, *, names: Sequence[str] | None = None
) -> tuple[FieldChange, ...]:
    """The fields whose value differs between two versions of one item, in a stable order."""
    if names is None:
        names = [key for key in new if key not in IGNORED]
        names += [key for key in old if key not in IGNORED and key not in new]
    changes = []
    for name in names:
        before, after = old.get(name), new.get(name)
        if _normal(before) == _normal(after) or _same_set(before, after):
            continue
        changes.append(
            FieldChange(
                name=name,
                label=str(FIELD_LABELS.get(name, name)),
                old=before,
                new=after,
                html=value_diff(name, before, after),
            )
        )
    return tuple(changes)


def _same_set(old, new) -> bool:
    """Lists of keys or words in another order are not a change (links show in display order)."""
    if not isinstance(old, list) or not isinstance(new, list):
        return False
    if any(isinstance(item, Mapping | list) for item in [*old, *new]):
        return False
    return sorted(map(str, old)) == sorted(map(str, new))


def _normal(value):
    """'' and None and [] mean the same: nothing."""
    return None if value in ("", None, []) else value


#: Sections whose keys people read (A, A-Z1, A-M01); other keys are technical.
_SHOWN_KEYS = {"fields", "goals", "measures"}


def item_label(item: Mapping, title_field: str = "title", section: str = "") -> str:
    """'A-M01 Title' for measures, 'A-M01 · Name' for indicators, the title otherwise."""
    title = str(item.get(title_field) or "")
    if section in _SHOWN_KEYS and item.get("key"):
        return f"{item['key']} {title}"
    if item.get("measure"):
        return f"{item['measure']} · {title}"
    return title


def diff_items(
    old_items: Sequence[Mapping], new_items: Sequence[Mapping], *, key: str, title_field: str
) -> SectionDiff:
    old_by_uuid = {item["uuid"]: item for item in old_items}
    new_by_uuid = {item["uuid"]: item for item in new_items}
    added = tuple(
        ItemDiff(uuid=uuid, label=item_label(item, title_field, key), status=ADDED, data=item)
        for uuid, item in new_by_uuid.items()
        if uuid not in old_by_uuid
    )
    removed = tuple(
        ItemDiff(uuid=uuid, label=item_label(item, title_field, key), status=REMOVED, data=item)
        for uuid, item in old_by_uuid.items()
        if uuid not in new_by_uuid
    )
    changed = []
    for uuid, item in new_by_uuid.items():
        before = old_by_uuid.get(uuid)
        if before is None:
            continue
        changes = field_changes(before, item)
        if changes:
            changed.append(
                ItemDiff(
                    uuid=uuid,
                    label=item_label(item, title_field, key),
                    status=CHANGED,
                    data=item,
                    changes=changes,
                )
            )
    return SectionDiff(
        key=key,
        label=str(SECTION_LABELS.get(key, key)),
        added=added,
        removed=removed,
        changed=tuple(changed),
    )


def diff_snapshots(old: Mapping, new: Mapping) -> SnapshotDiff:
    """Everything that differs from snapshot `old` to snapshot `new`."""
    old_strategy, new_strategy = old.get("strategy", {}), new.get("strategy", {})
    strategy_changes = field_changes(
        old_strategy, new_strategy, names=[*STRATEGY_FIELDS, "slug", "owner"]
    )
    sections = tuple(
        diff_items(old.get(key, []), new.get(key, []), key=key, title_field=title_field)
        for key, title_field in SECTIONS
    )
    return SnapshotDiff(strategy_changes=strategy_changes, sections=sections)
