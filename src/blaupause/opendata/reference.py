"""`docs/open-data.md`, written from the registry so that the documentation cannot drift.

Regenerate with `blaupause opendata_docs`; a test compares the file with `render()`.
"""

from __future__ import annotations

from django.utils import translation

from .datasets import LICENSES, dataset_list
from .writers import LIST_SEPARATOR

INTRO = f"""# Open data

<!-- Written by `blaupause opendata_docs` from `src/blaupause/opendata/datasets.py`. -->

The page **Offene Daten** (`/offene-daten/`) offers every public dataset of Blaupause as CSV,
XLSX and JSON, with its licence, size and last change. The files hold exactly what the public
pages show: no internal commitments, no draft strategies, no soft-deleted records and never an
individual self-check answer.

## Addresses

| what | address |
| --- | --- |
| page | `/offene-daten/` |
| a file | `/offene-daten/<dataset>.csv`, `.xlsx`, `.json` |
| catalogue (DCAT-AP.de, JSON-LD) | `/offene-daten/katalog.jsonld` |
| the same data through the API | `/api/v1/` (benchmarks: `/api/v1/benchmarks/`) |

Answers carry `ETag` and `Last-Modified`; a client that sends `If-None-Match` or
`If-Modified-Since` gets `304 Not Modified` while nothing changed. Downloads are limited per
client address (`BLAUPAUSE_OPEN_DATA_RATE`, default `60/m`); above the limit the answer is
`429` with `Retry-After`.

## Licence

Set by the operator with `BLAUPAUSE_OPEN_DATA_LICENSE`:

| value | licence | identifier in the catalogue |
| --- | --- | --- |
{chr(10).join(f"| `{item.key}` | {item.title} | `{item.uri}` |" for item in LICENSES.values())}

The default is `dl-de/by-2-0`. Attribution: "<operator>, Blaupause" (`BLAUPAUSE_OPERATOR`).

## File formats

- **CSV**: UTF-8 with a byte order mark, so that spreadsheet programs recognise the encoding
  and umlauts stay intact; comma as separator and double quotes as in RFC 4180; CRLF line
  ends; the first row holds the column keys listed below. German spreadsheet settings expect a
  semicolon: use the XLSX file there, or import the CSV with "comma" as separator.
- **XLSX**: sheet `Daten` (bold, frozen header row with the column keys) and sheet
  `Metadaten` (title, description, publisher, source, licence, attribution, last change, row
  count, and every column with its type and descriptions). A text that begins with `=` stays
  text, never a formula.
- **JSON**: `{{"meta": {{…}}, "columns": [{{"key", "type", "description",
  "description_en"}}, …], "rows": [{{column: value, …}}, …]}}`. `meta` holds `key`, `title`,
  `description` (German and `_en`), `publisher`, `source`, `license` (`key`, `title`, `uri`,
  `url`), `attribution`, `modified`, `rows` and `generated`.

Values by column type:

| type | CSV | XLSX | JSON |
| --- | --- | --- | --- |
| string | text | text | string |
| integer | digits | number | number |
| number | decimal point `.` | number | number |
| boolean | `true` / `false` | TRUE / FALSE | `true` / `false` |
| date | `YYYY-MM-DD` | date | `"YYYY-MM-DD"` |
| datetime | ISO 8601 in UTC, `…Z` | date and time (UTC) | `"YYYY-MM-DDThh:mm:ssZ"` |
| list | items joined with `{LIST_SEPARATOR}` | items joined with `{LIST_SEPARATOR}` | array |

An empty CSV cell, an empty XLSX cell and JSON `null` mean "no value".

## Self-check benchmarks and privacy

`selbstcheck-vergleichswerte` is computed from submitted self-checks only. A group (region,
district, size class, network) shows values only when at least `BLAUPAUSE_BENCHMARK_MIN_GROUP`
(default 5) of its municipalities submitted a self-check of that criteria set and year, and
only for criteria that at least as many of them answered; otherwise `median`, `q1`, `q3`,
`mean_current` and `mean_target` are empty and `reason` says "zu wenige Teilnehmende". No file
names a municipality together with a self-check value.

## Datasets
"""


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render() -> str:
    """The whole document (German descriptions in their source language)."""
    parts = [INTRO]
    with translation.override("de"):
        for dataset in dataset_list():
            parts.append(
                f"\n### `{dataset.key}` – {dataset.title_en}\n\n"
                f"German title: {dataset.title}. {dataset.description_en}\n\n"
                f"Files: `/offene-daten/{dataset.key}.csv`, `.xlsx`, `.json`\n\n"
                "| column | type | description | Beschreibung |\n"
                "| --- | --- | --- | --- |\n"
            )
            for column in dataset.columns:
                parts.append(
                    f"| `{column.key}` | {column.type} | {_cell(column.description_en)} | "
                    f"{_cell(column.description)} |\n"
                )
    parts.append(
        "\n## Adding a dataset\n\n"
        "Register it in `src/blaupause/opendata/datasets.py` with its columns, a `rows` "
        "selector (tuples in column order, public rows only) and a `stats` selector (row count "
        "and last change), then run `blaupause opendata_docs`. The page, the three formats and "
        "the catalogue pick it up from there.\n"
    )
    return "".join(parts)
