"""Checks of a blueprint file (format in `data/README.md`): pure, no ORM.

`validate_blueprint(data)` returns every problem in German, so that one run names them all.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from .constants import StrategyStatus
from .validation import (
    check_cost_band,
    check_criteria_ids,
    check_effort,
    check_key,
    check_prerequisites,
    check_references,
    check_source_ids,
    check_sources,
    check_words,
    check_years,
    find_cycle,
    is_http_url,
)

SCHEMA_VERSION = "1"

_TOP_LEVEL = {
    "schema_version": str,
    "key": str,
    "title": str,
    "slogan": str,
    "vision": str,
    "preamble": str,
    "reconstruction_notice": str,
    "sources": list,
    "network": str,
    "status": str,
    "adopted": dict,
    "values": list,
    "life_areas": list,
    "fields": list,
    "goals": list,
    "measures": list,
}


def _keyed(rows, what: str, problems: list[str], *, max_length: int) -> dict[str, dict]:
    """Rows with a unique, well-formed `key` and a `title`, by key."""
    result: dict[str, dict] = {}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            problems.append(_("%(what)s Nr. %(n)d ist kein Objekt.") % {"what": what, "n": number})
            continue
        key = row.get("key")
        label = f"{what} „{key}“" if isinstance(key, str) and key else f"{what} Nr. {number}"
        for message in check_key(key, max_length=max_length):
            problems.append(f"{label}: {message}")
        if isinstance(key, str) and key in result:
            problems.append(_("%(label)s kommt doppelt vor.") % {"label": label})
        if not isinstance(row.get("title"), str) or not row["title"].strip():
            problems.append(_("%(label)s: Titel fehlt.") % {"label": label})
        if isinstance(key, str):
            result[key] = row
    return result


def _check_sources_used(rows: dict[str, dict], label: str, source_ids, problems) -> None:
    for key, row in rows.items():
        for message in check_source_ids(row.get("source_ids", []), known=source_ids):
            problems.append(f"{label} „{key}“: {message}")


def validate_blueprint(data: dict) -> list[str]:
    """Every problem of a blueprint file, in German; an empty list when it can be loaded."""
    problems: list[str] = []
    for name, expected in _TOP_LEVEL.items():
        if not isinstance(data.get(name), expected):
            problems.append(
                _("Der Eintrag „%(name)s“ fehlt oder hat die falsche Form.") % {"name": name}
            )
    if problems:
        return problems
    if data["schema_version"] != SCHEMA_VERSION:
        problems.append(
            _("Formatversion „%(found)s“ wird nicht unterstützt (erwartet: „%(expected)s“).")
            % {"found": data["schema_version"], "expected": SCHEMA_VERSION}
        )
    if data["status"] not in StrategyStatus.values:
        problems.append(_("Unbekannter Status „%(status)s“.") % {"status": data["status"]})
    problems.extend(check_sources(data["sources"]))
    source_ids = [row.get("id") for row in data["sources"] if isinstance(row, dict)]

    adopted = data["adopted"]
    if data["status"] == StrategyStatus.ADOPTED and not str(adopted.get("body") or "").strip():
        problems.append(_("Beschluss: Es fehlt, wer die Strategie beschlossen hat."))
    if adopted.get("date") is not None:
        try:
            date.fromisoformat(adopted["date"])
        except (TypeError, ValueError):
            problems.append(
                _("Beschluss: „%(date)s“ ist kein Datum (JJJJ-MM-TT).") % {"date": adopted["date"]}
            )
    if adopted.get("reference_url") is not None and not is_http_url(adopted["reference_url"]):
        problems.append(_("Beschluss: Der Link ist keine vollständige Adresse."))

    values = _keyed(data["values"], _("Wert"), problems, max_length=40)
    life_areas = _keyed(data["life_areas"], _("Lebensbereich"), problems, max_length=40)
    fields = _keyed(data["fields"], _("Handlungsfeld"), problems, max_length=20)
    goals = _keyed(data["goals"], _("Ziel"), problems, max_length=20)
    measures = _keyed(data["measures"], _("Maßnahme"), problems, max_length=20)
    for label, rows in (
        (_("Wert"), values),
        (_("Lebensbereich"), life_areas),
        (_("Handlungsfeld"), fields),
        (_("Ziel"), goals),
        (_("Maßnahme"), measures),
    ):
        _check_sources_used(rows, label, source_ids, problems)

    for key, goal in goals.items():
        if goal.get("field") not in fields:
            problems.append(
                _("Ziel „%(key)s“: Handlungsfeld „%(field)s“ gibt es nicht.")
                % {"key": key, "field": goal.get("field")}
            )
    graph: dict[str, list[str]] = {}
    for key, measure in measures.items():
        problems.extend(
            f"{_('Maßnahme')} „{key}“: {message}"
            for message in _measure_problems(measure, fields, life_areas, goals, measures)
        )
        graph[key] = [dep for dep in measure.get("depends_on") or [] if dep in measures]
    cycle = find_cycle(graph)
    if cycle:
        problems.append(
            _("Die Abhängigkeiten der Maßnahmen bilden einen Kreis: %(cycle)s.")
            % {"cycle": " → ".join(cycle)}
        )
    return problems


def _unknown(keys, known, what: str) -> list[str]:
    if not isinstance(keys, list):
        return [_("%(what)s: keine Liste.") % {"what": what}]
    missing = [str(key) for key in keys if key not in known]
    if missing:
        return [_("%(what)s gibt es nicht: %(keys)s.") % {"what": what, "keys": ", ".join(missing)}]
    return []


def _measure_problems(measure, fields, life_areas, goals, measures) -> list[str]:
    problems: list[str] = []
    if measure.get("field") not in fields:
        problems.append(
            _("Handlungsfeld „%(field)s“ gibt es nicht.") % {"field": measure.get("field")}
        )
    problems += _unknown(measure.get("life_areas", []), life_areas, _("Lebensbereiche"))
    problems += _unknown(measure.get("goals", []), goals, _("Ziele"))
    problems += _unknown(measure.get("depends_on", []), measures, _("Vorausgesetzte Maßnahmen"))
    problems += check_effort(measure.get("effort", ""))
    problems += check_cost_band(measure.get("cost_band", ""))
    frame = measure.get("time_frame") or {}
    if not isinstance(frame, dict):
        problems.append(_("Der Zeitraum hat die falsche Form."))
    else:
        start, end = frame.get("start_year"), frame.get("end_year")
        duration = frame.get("duration_months")
        if not all(
            v is None or (isinstance(v, int) and not isinstance(v, bool))
            for v in (start, end, duration)
        ):
            problems.append(_("Der Zeitraum muss aus ganzen Zahlen bestehen."))
        else:
            for messages in check_years(start, end).values():
                problems += messages
            if duration is not None and not 1 <= duration <= 240:
                problems.append(_("Die Dauer muss zwischen 1 und 240 Monaten liegen."))
    problems += check_prerequisites(measure.get("prerequisites", []))
    problems += check_references(measure.get("references", []))
    problems += check_words(measure.get("tags", []), what=_("Schlagworte"))
    problems += check_criteria_ids(measure.get("raises_criteria", []))
    for number, indicator in enumerate(measure.get("indicators") or [], start=1):
        if not isinstance(indicator, dict) or not str(indicator.get("name") or "").strip():
            problems.append(_("Kennzahl %(n)d: Bezeichnung fehlt.") % {"n": number})
            continue
        if indicator.get("direction") not in {"increase", "decrease"}:
            problems.append(
                _("Kennzahl %(n)d: Richtung muss „increase“ oder „decrease“ sein.") % {"n": number}
            )
        for name in ("baseline", "target"):
            value = indicator.get(name)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                problems.append(
                    _("Kennzahl %(n)d: „%(name)s“ ist keine Zahl.") % {"n": number, "name": name}
                )
    for number, milestone in enumerate(measure.get("milestones") or [], start=1):
        months = milestone.get("months_after_start") if isinstance(milestone, dict) else None
        if not isinstance(milestone, dict) or not str(milestone.get("title") or "").strip():
            problems.append(_("Meilenstein %(n)d: Titel fehlt.") % {"n": number})
        elif months is not None and (not isinstance(months, int) or not 0 <= months <= 240):
            problems.append(
                _("Meilenstein %(n)d: Monate nach Beginn zwischen 0 und 240.") % {"n": number}
            )
    return problems
