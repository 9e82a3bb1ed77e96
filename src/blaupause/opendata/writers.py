"""CSV, XLSX and JSON writers for the open datasets; pure functions of rows, no ORM.

CSV: UTF-8 with a byte order mark (so that spreadsheet programs detect UTF-8 and umlauts stay
intact), comma-separated as in RFC 4180, CRLF line ends, the header row holds the column keys.
Empty cell = no value; booleans `true`/`false`; dates and times ISO 8601 (times in UTC);
decimal point `.`; lists joined with `|`. XLSX: one sheet "Daten" (bold, frozen header row)
and one sheet "Metadaten". JSON: `{"meta": …, "columns": […], "rows": [{key: value}, …]}`.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import IO
from uuid import UUID

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

BOM = "\ufeff"
LIST_SEPARATOR = "|"
#: Rows per chunk of a streamed CSV/JSON answer.
CHUNK_ROWS = 500

FORMATS = {
    "csv": (
        "text/csv; charset=utf-8",
        "CSV",
        "http://publications.europa.eu/resource/authority/file-type/CSV",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "XLSX",
        "http://publications.europa.eu/resource/authority/file-type/XLSX",
    ),
    "json": (
        "application/json",
        "JSON",
        "http://publications.europa.eu/resource/authority/file-type/JSON",
    ),
}


def iso_datetime(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.isoformat(timespec="seconds").replace("+00:00", "Z")


def json_value(value):
    """A cell as JSON: ISO dates, numbers for decimals, lists as arrays."""
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, UUID):
        return str(value)
    return value


def text_value(value) -> str:
    """A cell as CSV text (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


class _Echo:
    """A file-like object that returns what is written (for `csv.writer` in a generator)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(columns: list[str], rows: Iterable[tuple]) -> Iterator[bytes]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield (BOM + writer.writerow(columns)).encode()
    buffer: list[str] = []
    for row in rows:
        buffer.append(writer.writerow([text_value(value) for value in row]))
        if len(buffer) >= CHUNK_ROWS:
            yield "".join(buffer).encode()
            buffer = []
    if buffer:
        yield "".join(buffer).encode()


def json_chunks(meta: dict, columns: list[dict], rows: Iterable[tuple]) -> Iterator[bytes]:
    keys = [column["key"] for column in columns]
    head = json.dumps({"meta": meta, "columns": columns}, ensure_ascii=False)
    yield (head[:-1] + ', "rows": [').encode()
    buffer: list[str] = []
    first = True
    for row in rows:
        item = json.dumps(
            {key: json_value(value) for key, value in zip(keys, row, strict=True)},
            ensure_ascii=False,
        )
        buffer.append(item if first else "," + item)
        first = False
        if len(buffer) >= CHUNK_ROWS:
            yield "\n".join(buffer).encode()
            buffer = []
    buffer.append("]}\n")
    yield "\n".join(buffer).encode()


def _sheet_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _cell(sheet, value, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_sheet_value(value))
    if isinstance(cell.value, str) and cell.data_type == "f":
        cell.data_type = "s"  # a text beginning with "=" stays text, never a formula
    if isinstance(cell.value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    elif isinstance(cell.value, date):
        cell.number_format = "yyyy-mm-dd"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _fast(sheet, value):
    """A plain value (openpyxl formats dates itself); a cell object only where text needs one."""
    value = _sheet_value(value)
    if isinstance(value, str) and value.startswith("="):
        return _cell(sheet, value)
    return value


_WIDTHS = {"string": 24, "integer": 12, "number": 12, "boolean": 10, "date": 12, "datetime": 20}


def xlsx_file(
    *, columns: list[dict], rows: Iterable[tuple], meta_rows: list[tuple[str, str]]
) -> IO[bytes]:
    """A workbook in a temporary file (write-only: rows are streamed, not held), at offset 0."""
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet(title="Daten")
    for index, column in enumerate(columns, start=1):
        width = max(_WIDTHS.get(column["type"], 30), min(len(column["key"]) + 2, 40))
        data.column_dimensions[get_column_letter(index)].width = width
    data.freeze_panes = "A2"
    data.append([_cell(data, column["key"], bold=True) for column in columns])
    for row in rows:
        data.append([_fast(data, value) for value in row])

    meta = workbook.create_sheet(title="Metadaten")
    meta.column_dimensions["A"].width = 28
    meta.column_dimensions["B"].width = 60
    meta.column_dimensions["C"].width = 14
    meta.column_dimensions["D"].width = 60
    for label, value in meta_rows:
        meta.append([_cell(meta, label, bold=True), _cell(meta, value)])
    meta.append([])
    meta.append(
        [
            _cell(meta, heading, bold=True)
            for heading in ("Spalte / column", "Beschreibung", "Typ / type", "Description")
        ]
    )
    for column in columns:
        meta.append(
            [
                _cell(meta, column["key"]),
                _cell(meta, column["description"]),
                _cell(meta, column["type"]),
                _cell(meta, column["description_en"]),
            ]
        )
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle
