"""The blueprint exchange file, format 1: its fields, the checks of a file, and its JSON Schema.

Pure functions, no ORM. `FORMAT` describes every object of the file once; `validate_file` checks
a parsed file against it (and the references between items, which a JSON Schema cannot
express); `exchange_schema.json_schema()` derives the published schema from the same
description, so that both always agree. The checks are the source of truth: the schema
documents the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from blaupause.strategies.constants import CostBand, Direction, Effort, StrategyStatus
from blaupause.strategies.validation import (
    KEY_PATTERN,
    check_criteria_ids,
    check_prerequisites,
    check_references,
    check_sources,
    find_cycle,
    is_http_url,
)

SCHEMA_VERSION = 1
SCHEMA_NAME = "blueprint-1.schema.json"
SCHEMA_ID = f"blaupause-{SCHEMA_NAME}"
#: Largest file the import reads (bytes); the Lippe blueprint is about a tenth of it.
MAX_FILE_SIZE = 2 * 1024 * 1024

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (a JSON path such as `measures[3].field`) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True)
class Spec:
    """One property of an object in the file."""

    kind: str  # text, uuid, slug, key, bool, int, decimal, date, datetime, choice, ref, refs,
    # words, objects, object
    max_length: int | None = None
    nullable: bool = False
    required_text: bool = False  # must not be empty
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    max_digits: int | None = None
    target: str = ""  # for ref/refs: the section the key points to
    title: str = ""  # English description for the schema


def _choices(enum, blank: bool = True) -> tuple[str, ...]:
    return (("",) if blank else ()) + tuple(enum.values)


_ITEM_COMMON = {
    "uuid": Spec("uuid", title="Stable identifier of the item, the same in every installation"),
    "order": Spec("int", minimum=0, maximum=2_147_483_647, title="Position in display order"),
}
_KEYED_COMMON = {
    "derived": Spec("bool", title="Reconstructed from public sources, not verbatim"),
    "source_ids": Spec("words", title="Ids of entries of strategy.sources"),
}

SECTIONS: dict[str, dict[str, Spec]] = {
    "values": {
        **_ITEM_COMMON,
        "key": Spec("key", max_length=40),
        "title": Spec("text", max_length=200, required_text=True),
        "explanation": Spec("text"),
        **_KEYED_COMMON,
    },
    "life_areas": {
        **_ITEM_COMMON,
        "key": Spec("key", max_length=40),
        "title": Spec("text", max_length=200, required_text=True),
        **_KEYED_COMMON,
    },
    "fields": {
        **_ITEM_COMMON,
        "key": Spec("key", max_length=20),
        "title": Spec("text", max_length=200, required_text=True),
        "description": Spec("text"),
        **_KEYED_COMMON,
    },
    "goals": {
        **_ITEM_COMMON,
        "key": Spec("key", max_length=20),
        "title": Spec("text", max_length=250, required_text=True),
        "description": Spec("text"),
        "field": Spec("ref", nullable=True, target="fields"),
        **_KEYED_COMMON,
    },
    "measures": {
        **_ITEM_COMMON,
        "key": Spec("key", max_length=20),
        "title": Spec("text", max_length=250, required_text=True),
        "field": Spec("ref", target="fields"),
        "summary": Spec("text", max_length=500),
        "description": Spec("text"),
        "life_areas": Spec("refs", target="life_areas"),
        "goals": Spec("refs", target="goals"),
        "benefit_citizens": Spec("text"),
        "benefit_administration": Spec("text"),
        "prerequisites": Spec("objects"),
        "effort": Spec("choice", choices=_choices(Effort)),
        "cost_band": Spec("choice", choices=_choices(CostBand)),
        "start_year": Spec("int", nullable=True, minimum=2000, maximum=2100),
        "end_year": Spec("int", nullable=True, minimum=2000, maximum=2100),
        "duration_months": Spec("int", nullable=True, minimum=1, maximum=240),
        "responsible_role": Spec("text", max_length=200),
        "depends_on": Spec("refs", target="measures"),
        "references": Spec("objects"),
        "tags": Spec("words"),
        "raises_criteria": Spec("words"),
        "weight": Spec("decimal", max_digits=5, title='Weight in progress roll-ups, e.g. "1"'),
        **_KEYED_COMMON,
    },
    "indicators": {
        **_ITEM_COMMON,
        "measure": Spec("ref", target="measures"),
        "name": Spec("text", max_length=250, required_text=True),
        "unit": Spec("text", max_length=60),
        "baseline": Spec("decimal", nullable=True, max_digits=14),
        "target": Spec("decimal", nullable=True, max_digits=14),
        "direction": Spec("choice", choices=_choices(Direction, blank=False)),
    },
    "milestones": {
        **_ITEM_COMMON,
        "measure": Spec("ref", target="measures"),
        "title": Spec("text", max_length=250, required_text=True),
        "months_after_start": Spec("int", nullable=True, minimum=0, maximum=240),
        "due_date": Spec("date", nullable=True),
    },
}

REGION = {"slug": Spec("slug", max_length=50), "name": Spec("text", required_text=True)}
NETWORK = {
    "slug": Spec("slug", max_length=50),
    "name": Spec("text", required_text=True),
    "region": Spec("object", nullable=True),
}
STRATEGY = {
    "uuid": Spec("uuid"),
    "slug": Spec("slug", max_length=100),
    "title": Spec("text", max_length=250, required_text=True),
    "slogan": Spec("text", max_length=300),
    "vision": Spec("text"),
    "preamble": Spec("text"),
    "reconstruction_notice": Spec("text"),
    "status": Spec("choice", choices=_choices(StrategyStatus, blank=False)),
    "adopted_body": Spec("text", max_length=200),
    "adopted_on": Spec("date", nullable=True),
    "adopted_reference": Spec("text", max_length=200),
    "adopted_note": Spec("text"),
    "sources": Spec("objects"),
    "provenance": Spec("object"),
    "network": Spec("object"),
}
VERSION = {
    "number": Spec("int", minimum=1, maximum=1_000_000),
    "published_at": Spec("datetime"),
    "note": Spec("text"),
}
GENERATOR = {"name": Spec("text"), "version": Spec("text")}
TOP = {
    "$schema": Spec("text"),
    "schema_version": Spec("int"),
    "exported_at": Spec("datetime"),
    "generator": Spec("object"),
    "strategy": Spec("object"),
    "version": Spec("object"),
    "content": Spec("object"),
}

#: What a reference in a section is called in messages.
_NOUNS = {
    "fields": "Handlungsfeld",
    "life_areas": "Lebensbereich",
    "goals": "Ziel",
    "measures": "Maßnahme",
}


# --- checking a file ---------------------------------------------------------------------------


def _type_name(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return _("Wahrheitswert")
    if isinstance(value, int | float):
        return _("Zahl")
    if isinstance(value, str):
        return _("Text")
    if isinstance(value, list):
        return _("Liste")
    if isinstance(value, dict):
        return _("Objekt")
    return type(value).__name__


def _wrong(path: str, expected: str, value) -> Problem:
    return Problem(
        path,
        _("Erwartet wird %(expected)s, die Datei enthält %(found)s.")
        % {"expected": expected, "found": _type_name(value)},
    )


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_datetime(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _check_value(path: str, spec: Spec, value, problems: list[Problem]) -> None:
    """One value against its spec; structural checks only (references come later)."""
    if value is None:
        if not spec.nullable:
            problems.append(Problem(path, _("Die Angabe fehlt (null).")))
        return
    kind = spec.kind
    if kind in {"text", "uuid", "slug", "key", "choice", "ref", "date", "datetime", "decimal"}:
        if not isinstance(value, str):
            problems.append(_wrong(path, _("Text"), value))
            return
    if kind == "text":
        if "\x00" in value:
            problems.append(Problem(path, _("Der Text enthält ein Nullzeichen.")))
        if spec.required_text and not value.strip():
            problems.append(Problem(path, _("Der Text darf nicht leer sein.")))
        if spec.max_length and len(value) > spec.max_length:
            problems.append(
                Problem(
                    path,
                    _("Der Text ist %(n)d Zeichen lang, erlaubt sind höchstens %(max)d.")
                    % {"n": len(value), "max": spec.max_length},
                )
            )
    elif kind == "uuid":
        if not re.fullmatch(UUID_PATTERN, value):
            problems.append(Problem(path, _("„%(value)s“ ist keine UUID.") % {"value": value}))
    elif kind in {"slug", "key"}:
        pattern = SLUG_PATTERN if kind == "slug" else KEY_PATTERN.pattern
        if not value or not re.fullmatch(pattern, value):
            problems.append(
                Problem(
                    path,
                    _("„%(value)s“ ist als Kennung nicht erlaubt (Buchstaben, Ziffern, - und _).")
                    % {"value": value},
                )
            )
        elif spec.max_length and len(value) > spec.max_length:
            problems.append(
                Problem(
                    path,
                    _("Die Kennung ist länger als %(max)d Zeichen.") % {"max": spec.max_length},
                )
            )
    elif kind == "choice":
        if value not in spec.choices:
            problems.append(
                Problem(
                    path,
                    _("„%(value)s“ ist nicht erlaubt; möglich: %(choices)s.")
                    % {
                        "value": value,
                        "choices": ", ".join(f"„{c}“" for c in spec.choices),
                    },
                )
            )
    elif kind == "date":
        try:
            if not re.fullmatch(DATE_PATTERN, value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            problems.append(
                Problem(path, _("„%(value)s“ ist kein Datum (JJJJ-MM-TT).") % {"value": value})
            )
    elif kind == "datetime":
        if _parse_datetime(value) is None:
            problems.append(
                Problem(
                    path,
                    _("„%(value)s“ ist kein Zeitpunkt mit Zeitzone (ISO 8601).") % {"value": value},
                )
            )
    elif kind == "decimal":
        _check_decimal(path, spec, value, problems)
    elif kind == "bool":
        if not isinstance(value, bool):
            problems.append(_wrong(path, _("Wahrheitswert (true/false)"), value))
    elif kind == "int":
        if not _is_int(value):
            problems.append(_wrong(path, _("ganze Zahl"), value))
        elif spec.minimum is not None and value < spec.minimum:
            problems.append(
                Problem(
                    path,
                    _("%(value)d ist zu klein; erlaubt ist mindestens %(min)d.")
                    % {"value": value, "min": spec.minimum},
                )
            )
        elif spec.maximum is not None and value > spec.maximum:
            problems.append(
                Problem(
                    path,
                    _("%(value)d ist zu groß; erlaubt ist höchstens %(max)d.")
                    % {"value": value, "max": spec.maximum},
                )
            )
    elif kind in {"refs", "words"}:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            problems.append(_wrong(path, _("Liste von Texten"), value))
    elif kind == "objects":
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            problems.append(_wrong(path, _("Liste von Objekten"), value))
    elif kind == "object":
        if not isinstance(value, dict):
            problems.append(_wrong(path, _("Objekt"), value))


def _check_decimal(path: str, spec: Spec, value: str, problems: list[Problem]) -> None:
    try:
        if not re.fullmatch(DECIMAL_PATTERN, value):
            raise InvalidOperation
        number = Decimal(value)
    except InvalidOperation:
        problems.append(Problem(path, _("„%(value)s“ ist keine Zahl.") % {"value": value}))
        return
    exponent = number.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    digits = len(number.quantize(Decimal("0.01")).as_tuple().digits)
    if decimals > 2 or (spec.max_digits and digits > spec.max_digits):
        problems.append(
            Problem(
                path,
                _(
                    "Die Zahl %(value)s hat zu viele Stellen (höchstens %(max)d, davon 2 nach dem "
                    "Komma)."
                )
                % {"value": value, "max": spec.max_digits or 0},
            )
        )


def _check_object(
    path: str, data, specs: dict[str, Spec], problems: list[Problem], *, optional=()
) -> bool:
    """The properties of one object: all present, none unknown, each of the right form."""
    if not isinstance(data, dict):
        problems.append(_wrong(path or "$", _("Objekt"), data))
        return False
    prefix = f"{path}." if path else ""
    for name, spec in specs.items():
        if name not in data:
            if name not in optional:
                problems.append(Problem(f"{prefix}{name}", _("Die Angabe fehlt.")))
            continue
        _check_value(f"{prefix}{name}", spec, data[name], problems)
    for name in data:
        if name not in specs:
            problems.append(Problem(f"{prefix}{name}", _("Diese Angabe gibt es im Format nicht.")))
    return True


def validate_file(data: Any) -> list[Problem]:
    """Every problem of a parsed exchange file, in German; an empty list when it can be imported.

    Never raises, whatever `data` is.
    """
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return [Problem("", _("Die Datei enthält kein JSON-Objekt."))]
    found = data.get("schema_version")
    if "schema_version" not in data:
        return [
            Problem(
                "schema_version",
                _("Die Formatversion fehlt; ist das eine Blaupausen-Datei von Blaupause?"),
            )
        ]
    if not _is_int(found) or found != SCHEMA_VERSION:
        return [
            Problem(
                "schema_version",
                _("Formatversion „%(found)s“ wird nicht unterstützt (erwartet: %(expected)d).")
                % {"found": found, "expected": SCHEMA_VERSION},
            )
        ]
    _check_object("", data, TOP, problems, optional=("$schema", "exported_at", "generator"))
    if isinstance(data.get("generator"), dict):
        _check_object("generator", data["generator"], GENERATOR, problems)
    if isinstance(data.get("version"), dict):
        _check_object("version", data["version"], VERSION, problems)
    strategy = data.get("strategy")
    if isinstance(strategy, dict):
        _check_strategy(strategy, problems)
    content = data.get("content")
    if isinstance(content, dict):
        known_sources = _source_ids(strategy)
        _check_content(content, problems, known_sources, strategy)
    return problems


def _source_ids(strategy) -> set[str] | None:
    if not isinstance(strategy, dict) or not isinstance(strategy.get("sources"), list):
        return None
    return {
        row["id"]
        for row in strategy["sources"]
        if isinstance(row, dict) and isinstance(row.get("id"), str)
    }


def _check_strategy(strategy: dict, problems: list[Problem]) -> None:
    _check_object("strategy", strategy, STRATEGY, problems, optional=("provenance",))
    network = strategy.get("network")
    if isinstance(network, dict) and _check_object("strategy.network", network, NETWORK, problems):
        if isinstance(network.get("region"), dict):
            _check_object("strategy.network.region", network["region"], REGION, problems)
    if isinstance(strategy.get("sources"), list):
        try:
            messages = check_sources(strategy["sources"])
        except (TypeError, ValueError, AttributeError):
            messages = [_("Die Einträge haben die falsche Form.")]
        problems += [Problem("strategy.sources", message) for message in messages]
    reference = strategy.get("adopted_reference")
    if isinstance(reference, str) and reference and not is_http_url(reference):
        problems.append(
            Problem(
                "strategy.adopted_reference",
                _("Bitte geben Sie eine vollständige Adresse (https://…) an."),
            )
        )


def _check_content(content: dict, problems: list[Problem], sources, strategy) -> None:
    seen_uuids: dict[str, str] = {}
    if isinstance(strategy, dict) and isinstance(strategy.get("uuid"), str):
        seen_uuids[strategy["uuid"].lower()] = "strategy.uuid"
    keys: dict[str, set[str]] = {}
    rows: dict[str, list[tuple[str, dict]]] = {}
    for section, specs in SECTIONS.items():
        items = content.get(section)
        if section not in content:
            problems.append(Problem(section, _("Die Liste fehlt.")))
            continue
        if not isinstance(items, list):
            problems.append(_wrong(section, _("Liste"), items))
            continue
        keys[section] = set()
        rows[section] = []
        for index, item in enumerate(items):
            path = f"{section}[{index}]"
            if not _check_object(path, item, specs, problems):
                continue
            rows[section].append((path, item))
            value = item.get("uuid")
            if isinstance(value, str):
                if value.lower() in seen_uuids:
                    problems.append(
                        Problem(
                            f"{path}.uuid",
                            _("Die UUID kommt schon bei %(other)s vor.")
                            % {"other": seen_uuids[value.lower()]},
                        )
                    )
                else:
                    seen_uuids[value.lower()] = f"{path}.uuid"
            key = item.get("key")
            if "key" in specs and isinstance(key, str):
                if key in keys[section]:
                    problems.append(
                        Problem(
                            f"{path}.key",
                            _("Die Kennung „%(key)s“ kommt doppelt vor.") % {"key": key},
                        )
                    )
                keys[section].add(key)
    for name in content:
        if name not in SECTIONS:
            problems.append(Problem(name, _("Diese Angabe gibt es im Format nicht.")))
    _check_links(rows, keys, problems, sources)


def _check_links(rows, keys, problems: list[Problem], sources) -> None:
    """References between items, and the checks of structured lists."""
    graph: dict[str, list[str]] = {}
    for section, items in rows.items():
        specs = SECTIONS[section]
        for path, item in items:
            for name, spec in specs.items():
                value = item.get(name)
                if spec.kind == "ref" and isinstance(value, str):
                    _check_ref(f"{path}.{name}", spec, [value], keys, problems)
                elif spec.kind == "refs" and isinstance(value, list):
                    _check_ref(f"{path}.{name}", spec, value, keys, problems)
            if section == "measures":
                _check_measure(path, item, problems)
                if isinstance(item.get("key"), str) and isinstance(item.get("depends_on"), list):
                    graph[item["key"]] = [k for k in item["depends_on"] if isinstance(k, str)]
            if sources is not None and isinstance(item.get("source_ids"), list):
                unknown = [str(s) for s in item["source_ids"] if str(s) not in sources]
                if unknown:
                    problems.append(
                        Problem(
                            f"{path}.source_ids",
                            _("Diese Quellen stehen nicht in strategy.sources: %(ids)s.")
                            % {"ids": ", ".join(unknown)},
                        )
                    )
    cycle = find_cycle(graph)
    if cycle:
        problems.append(
            Problem(
                "measures",
                _("Die Abhängigkeiten der Maßnahmen bilden einen Kreis: %(cycle)s.")
                % {"cycle": " → ".join(cycle)},
            )
        )


def _check_ref(path: str, spec: Spec, values: list, keys, problems: list[Problem]) -> None:
    known = keys.get(spec.target)
    if known is None:
        return  # the target list itself is broken and already reported
    noun = _(_NOUNS[spec.target])
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            continue  # reported as a wrong type
        if value not in known:
            problems.append(
                Problem(
                    path,
                    _("%(noun)s „%(key)s“ gibt es in der Datei nicht.")
                    % {"noun": noun, "key": value},
                )
            )
        elif value in seen:
            problems.append(
                Problem(path, _("„%(key)s“ steht doppelt in der Liste.") % {"key": value})
            )
        seen.add(value)


def _check_measure(path: str, item: dict, problems: list[Problem]) -> None:
    start, end = item.get("start_year"), item.get("end_year")
    if _is_int(start) and _is_int(end) and end < start:
        problems.append(
            Problem(
                f"{path}.end_year",
                _("Das Ende (%(end)d) liegt vor dem Beginn (%(start)d).")
                % {"end": end, "start": start},
            )
        )
    checks = (
        ("prerequisites", check_prerequisites),
        ("references", check_references),
        ("raises_criteria", check_criteria_ids),
    )
    for name, check in checks:
        value = item.get(name)
        if not isinstance(value, list):
            continue  # reported as a wrong type
        try:
            messages = check(value)
        except (TypeError, ValueError, AttributeError):
            messages = [_("Die Einträge haben die falsche Form.")]
        problems += [Problem(f"{path}.{name}", message) for message in messages]
    weight = item.get("weight")
    if isinstance(weight, str) and weight.startswith("-"):
        problems.append(Problem(f"{path}.weight", _("Das Gewicht darf nicht negativ sein.")))
