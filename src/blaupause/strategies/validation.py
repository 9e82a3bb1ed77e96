"""Checks of the structured parts of a strategy, shared by forms, services and the loader.

Pure functions: they take plain values and return German error messages (an empty list when
everything is fine). No ORM.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from .constants import CostBand, Effort
from .criteria import criteria

PREREQUISITE_KINDS = ("criterion", "staff", "budget", "other")
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
SOURCE_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: Keys that would clash with page addresses (`…/massnahmen/neu/`).
RESERVED_KEYS = {"neu"}
YEAR_MIN, YEAR_MAX = 2000, 2100


def is_http_url(value) -> bool:
    if not isinstance(value, str) or not value:
        return False
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and " " not in value


def check_key(key, *, max_length: int) -> list[str]:
    if not isinstance(key, str) or not key:
        return [_("Bitte geben Sie eine Kennung an.")]
    if len(key) > max_length:
        return [_("Die Kennung darf höchstens %(max)d Zeichen lang sein.") % {"max": max_length}]
    if not KEY_PATTERN.match(key):
        return [
            _(
                "Die Kennung darf nur Buchstaben ohne Umlaute, Ziffern, Binde- und Unterstriche "
                "enthalten und muss mit einem Buchstaben oder einer Ziffer beginnen."
            )
        ]
    if key.lower() in RESERVED_KEYS:
        return [_("Die Kennung „%(key)s“ ist reserviert.") % {"key": key}]
    return []


def check_years(start_year, end_year) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, year in (("start_year", start_year), ("end_year", end_year)):
        if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
            errors[name] = [
                _("Bitte ein Jahr zwischen %(min)d und %(max)d angeben.")
                % {"min": YEAR_MIN, "max": YEAR_MAX}
            ]
    if start_year is not None and end_year is not None and end_year < start_year:
        errors.setdefault("end_year", []).append(
            _("Das Ende (%(end)d) liegt vor dem Beginn (%(start)d).")
            % {"end": end_year, "start": start_year}
        )
    return errors


def check_prerequisites(value) -> list[str]:
    if not isinstance(value, list):
        return [_("Die Voraussetzungen müssen eine Liste sein.")]
    known = criteria()
    errors = []
    for number, row in enumerate(value, start=1):
        prefix = _("Voraussetzung %(n)d: ") % {"n": number}
        if not isinstance(row, Mapping):
            errors.append(prefix + _("Eintrag ist unvollständig."))
            continue
        kind = row.get("kind")
        text = row.get("text")
        if kind not in PREREQUISITE_KINDS:
            errors.append(prefix + _("unbekannte Art „%(kind)s“.") % {"kind": kind})
        if not isinstance(text, str) or not text.strip():
            errors.append(prefix + _("Bitte beschreiben Sie die Voraussetzung in Worten."))
        if kind == "criterion":
            criterion = row.get("criterion")
            level = row.get("min_level")
            if criterion not in known:
                errors.append(
                    prefix + _("unbekanntes Selbstcheck-Kriterium „%(id)s“.") % {"id": criterion}
                )
            if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 4:
                errors.append(prefix + _("Die Mindeststufe muss zwischen 0 und 4 liegen."))
    return errors


def check_references(value) -> list[str]:
    if not isinstance(value, list):
        return [_("Die Verweise müssen eine Liste sein.")]
    errors = []
    for number, row in enumerate(value, start=1):
        prefix = _("Verweis %(n)d: ") % {"n": number}
        if not isinstance(row, Mapping) or not str(row.get("label") or "").strip():
            errors.append(prefix + _("Bitte geben Sie eine Bezeichnung an."))
            continue
        if not is_http_url(row.get("url")):
            errors.append(prefix + _("Bitte geben Sie eine vollständige Adresse (https://…) an."))
    return errors


def check_words(value, *, what: str) -> list[str]:
    if not isinstance(value, list) or not all(
        isinstance(word, str) and word.strip() for word in value
    ):
        return [_("%(what)s müssen eine Liste von Wörtern sein.") % {"what": what}]
    return []


def check_criteria_ids(value) -> list[str]:
    if not isinstance(value, list):
        return [_("Die Kriterien müssen eine Liste sein.")]
    unknown = [str(item) for item in value if item not in criteria()]
    if unknown:
        return [
            _("Unbekannte Selbstcheck-Kriterien: %(ids)s. Gültig sind A1 bis D6.")
            % {"ids": ", ".join(unknown)}
        ]
    return []


def check_source_ids(value, *, known: Iterable[str]) -> list[str]:
    if not isinstance(value, list):
        return [_("Die Quellen müssen eine Liste sein.")]
    known = set(known)
    unknown = [str(item) for item in value if item not in known]
    if unknown:
        return [
            _("Diese Quellen sind in der Strategie nicht verzeichnet: %(ids)s.")
            % {"ids": ", ".join(unknown)}
        ]
    return []


def check_sources(value) -> list[str]:
    """The source list of a strategy: unique ids, a title and an http(s) address each."""
    if not isinstance(value, list):
        return [_("Die Quellen müssen eine Liste sein.")]
    errors = []
    seen: set[str] = set()
    for number, row in enumerate(value, start=1):
        prefix = _("Quelle %(n)d: ") % {"n": number}
        if not isinstance(row, Mapping):
            errors.append(prefix + _("Eintrag ist unvollständig."))
            continue
        source_id = row.get("id")
        if not isinstance(source_id, str) or not SOURCE_ID_PATTERN.match(source_id):
            errors.append(
                prefix + _("Die Kennung besteht aus Kleinbuchstaben, Ziffern und Bindestrichen.")
            )
        elif source_id in seen:
            errors.append(prefix + _("Die Kennung „%(id)s“ kommt doppelt vor.") % {"id": source_id})
        else:
            seen.add(source_id)
        if not str(row.get("title") or "").strip():
            errors.append(prefix + _("Bitte geben Sie einen Titel an."))
        if not is_http_url(row.get("url")):
            errors.append(prefix + _("Bitte geben Sie eine vollständige Adresse (https://…) an."))
    return errors


def check_choice(value, choices, *, label: str) -> list[str]:
    if value in ("", None) or value in choices.values:
        return []
    return [
        _("„%(value)s“ ist kein gültiger Wert für %(label)s.") % {"value": value, "label": label}
    ]


def check_effort(value) -> list[str]:
    return check_choice(value, Effort, label=_("Aufwand"))


def check_cost_band(value) -> list[str]:
    return check_choice(value, CostBand, label=_("Kosten"))


def find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A dependency cycle as a list of nodes (first = last), or None when there is none."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if state.get(node) is None:
            found = visit(node)
            if found:
                return found
    return None
