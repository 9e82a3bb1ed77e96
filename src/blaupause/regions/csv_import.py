"""Reading and checking municipality CSV files and GeoJSON boundaries. No database access.

The CSV columns are those of `data/de_municipalities.csv`:
``ags,name,kind,district,population,population_date,source`` and optionally ``ars``.
Every line is checked; all problems are collected with their line number so that the person
importing can fix the file in one go.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .constants import DistrictKind, MunicipalityKind

REQUIRED_COLUMNS = ("ags", "name", "kind", "district", "population", "population_date", "source")
OPTIONAL_COLUMNS = ("ars",)
KREISFREIE_STADT_SUFFIX = "(kreisfreie Stadt)"
MAX_POPULATION = 2_147_483_647  # what the database column holds
MAX_REPORTED_ERRORS = 1000  # a wholly broken file should not produce an endless report

_AGS = re.compile(r"^\d{8}$")
_ARS = re.compile(r"^\d{12}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class LineError:
    line: int  # 1 = the header line
    message: str

    def __str__(self) -> str:
        return _("Zeile %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class ImportFailed(Exception):
    """A file could not be imported. Nothing was written. `errors` name the lines."""

    def __init__(self, errors: Iterable[LineError | str]):
        self.errors = list(errors)
        super().__init__(self.summary())

    def summary(self, limit: int = 20) -> str:
        lines = [str(error) for error in self.errors[:limit]]
        hidden = len(self.errors) - limit
        if hidden > 0:
            lines.append(
                ngettext(
                    "… und %(count)s weiterer Fehler.",
                    "… und %(count)s weitere Fehler.",
                    hidden,
                )
                % {"count": hidden}
            )
        return "\n".join(lines)


@dataclass(frozen=True)
class MunicipalityRow:
    line: int
    ags: str
    name: str
    kind: str
    district_name: str
    district_kind: str
    population: int
    population_date: datetime.date
    source: str

    @property
    def district_ags(self) -> str:
        return self.ags[:5]


def read_text(file: str | Path | IO[Any]) -> str:
    """The whole file as text (UTF-8, with or without BOM). Raises ImportFailed otherwise."""
    try:
        if isinstance(file, str | Path):
            with open(file, "rb") as handle:
                raw = handle.read()
        else:
            raw = file.read()
    except FileNotFoundError:
        raise ImportFailed(
            [_("Die Datei „%(file)s“ wurde nicht gefunden.") % {"file": file}]
        ) from None
    except IsADirectoryError:
        raise ImportFailed(
            [_("„%(file)s“ ist ein Ordner, keine Datei.") % {"file": file}]
        ) from None
    except OSError as exc:
        raise ImportFailed(
            [
                _("Die Datei „%(file)s“ kann nicht gelesen werden: %(reason)s")
                % {"file": file, "reason": exc.strerror or exc}
            ]
        ) from None
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            [LineError(line, _("Die Datei ist nicht UTF-8-kodiert. Bitte als UTF-8 speichern."))]
        ) from None


def district_from_column(value: str) -> tuple[str, str]:
    """'Bielefeld (kreisfreie Stadt)' -> ('Bielefeld', kreisfreie Stadt); 'Kreis Lippe' -> Kreis."""
    value = value.strip()
    if value.endswith(KREISFREIE_STADT_SUFFIX):
        return value.removesuffix(KREISFREIE_STADT_SUFFIX).strip(), DistrictKind.KREISFREIE_STADT
    return value, DistrictKind.KREIS


def parse_municipality_csv(text: str) -> list[MunicipalityRow]:
    """Check every line; return the rows, or raise ImportFailed listing every broken line."""
    if not text.strip():
        raise ImportFailed([LineError(1, _("Die Datei ist leer."))])
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except csv.Error as exc:
        raise ImportFailed(
            [LineError(1, _("Die Kopfzeile ist kein gültiges CSV: %s") % exc)]
        ) from None
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportFailed(
            [
                LineError(
                    1,
                    _("Es fehlen die Spalten %(missing)s. Erwartet: %(expected)s.")
                    % {"missing": ", ".join(missing), "expected": ",".join(REQUIRED_COLUMNS)},
                )
            ]
        )
    index = {
        column: header.index(column)
        for column in REQUIRED_COLUMNS + OPTIONAL_COLUMNS
        if column in header
    }

    errors: list[LineError] = []
    rows: list[MunicipalityRow] = []
    seen_ags: dict[str, int] = {}
    district_names: dict[str, tuple[str, int]] = {}
    line = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(LineError(reader.line_num, _("kein gültiges CSV (%s).") % exc))
            break
        line = reader.line_num
        if not values or all(not value.strip() for value in values):
            continue  # blank line
        if len(values) != len(header):
            errors.append(
                LineError(
                    line,
                    _("%(found)s statt %(expected)s Spalten.")
                    % {"found": len(values), "expected": len(header)},
                )
            )
            continue
        row, row_errors = _check_row(
            line, {column: values[i].strip() for column, i in index.items()}
        )
        errors.extend(row_errors)
        if row is not None:
            if row.ags in seen_ags:
                errors.append(
                    LineError(
                        line,
                        _("Der AGS %(ags)s steht schon in Zeile %(first)s.")
                        % {"ags": row.ags, "first": seen_ags[row.ags]},
                    )
                )
                continue
            seen_ags[row.ags] = line
            known = district_names.setdefault(row.district_ags, (row.district_name, line))
            if known[0] != row.district_name:
                errors.append(
                    LineError(
                        line,
                        _(
                            "Kreis „%(name)s“ passt nicht zu „%(known)s“ aus Zeile %(first)s "
                            "(gleicher Kreisschlüssel %(key)s)."
                        )
                        % {
                            "name": row.district_name,
                            "known": known[0],
                            "first": known[1],
                            "key": row.district_ags,
                        },
                    )
                )
                continue
            rows.append(row)
        if len(errors) >= MAX_REPORTED_ERRORS:
            break
    if errors:
        raise ImportFailed(errors)
    if not rows:
        raise ImportFailed([LineError(line, _("Die Datei enthält keine Kommunen."))])
    return rows


def _check_row(line: int, value: dict[str, str]) -> tuple[MunicipalityRow | None, list[LineError]]:
    errors: list[str] = []
    ags = value["ags"]
    if not _AGS.match(ags):
        errors.append(_("„%(ags)s“ ist kein achtstelliger Gemeindeschlüssel (AGS).") % {"ags": ags})
    name = value["name"]
    if not name:
        errors.append(_("Der Name fehlt."))
    elif len(name) > 200:
        errors.append(_("Der Name ist länger als 200 Zeichen."))
    kind = value["kind"]
    if kind not in MunicipalityKind.values:
        errors.append(
            _("Unbekannte Art „%(kind)s“. Erlaubt: %(allowed)s.")
            % {"kind": kind, "allowed": ", ".join(MunicipalityKind.values)}
        )
    district_name, district_kind = district_from_column(value["district"])
    if not district_name:
        errors.append(_("Der Kreis fehlt."))
    elif len(district_name) > 200:
        errors.append(_("Der Kreisname ist länger als 200 Zeichen."))
    population = None
    raw_population = value["population"]
    if not re.fullmatch(r"\d+", raw_population):
        errors.append(
            _("Die Einwohnerzahl „%(value)s“ ist keine ganze Zahl ≥ 0 (ohne Tausenderpunkte).")
            % {"value": raw_population}
        )
    else:
        population = int(raw_population)
        if population > MAX_POPULATION:
            errors.append(_("Die Einwohnerzahl %(value)s ist zu groß.") % {"value": population})
    population_date = None
    raw_date = value["population_date"]
    try:
        if not _ISO_DATE.match(raw_date):
            raise ValueError
        population_date = datetime.date.fromisoformat(raw_date)
    except ValueError:
        errors.append(
            _("Das Datum „%(value)s“ ist kein Datum im Format JJJJ-MM-TT.") % {"value": raw_date}
        )
    source = value["source"]
    if len(source) > 500:
        errors.append(_("Die Quelle ist länger als 500 Zeichen."))
    ars = value.get("ars", "")
    if ars and not _ARS.match(ars):
        errors.append(
            _("„%(ars)s“ ist kein zwölfstelliger Regionalschlüssel (ARS).") % {"ars": ars}
        )
    if errors:
        return None, [LineError(line, message) for message in errors]
    return (
        MunicipalityRow(
            line=line,
            ags=ags,
            name=name,
            kind=kind,
            district_name=district_name,
            district_kind=district_kind,
            population=population,
            population_date=population_date,
            source=source,
        ),
        [],
    )


def parse_geojson(text: str) -> dict[str, dict]:
    """AGS -> geometry from a GeoJSON FeatureCollection whose features carry an `ags` property."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            [LineError(exc.lineno, _("Kein gültiges JSON: %(reason)s") % {"reason": exc.msg})]
        ) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportFailed([_("Die Datei ist keine GeoJSON-FeatureCollection.")])
    errors: list[str] = []
    geometries: dict[str, dict] = {}
    for number, feature in enumerate(data.get("features") or [], start=1):
        properties = (feature or {}).get("properties") or {}
        geometry = (feature or {}).get("geometry")
        ags = str(properties.get("ags") or properties.get("AGS") or "")
        if not _AGS.match(ags):
            errors.append(
                _("Objekt %(number)s: kein achtstelliger AGS in den Eigenschaften.")
                % {"number": number}
            )
            continue
        if not isinstance(geometry, dict) or geometry.get("type") not in {
            "Polygon",
            "MultiPolygon",
        }:
            errors.append(
                _("Objekt %(number)s (AGS %(ags)s): Geometrie muss Polygon oder MultiPolygon sein.")
                % {"number": number, "ags": ags}
            )
            continue
        geometries[ags] = {"type": geometry["type"], "coordinates": geometry.get("coordinates")}
    if errors:
        raise ImportFailed(errors)
    return geometries
