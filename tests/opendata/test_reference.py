"""docs/open-data.md is what the registry says, and the registry is well-formed."""

from pathlib import Path

from blaupause.opendata.datasets import TYPES, dataset_list
from blaupause.opendata.reference import render
from blaupause.opendata.writers import csv_chunks, text_value

DOC = Path(__file__).resolve().parents[2] / "docs" / "open-data.md"


def test_docs_match_the_registry():
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/open-data.md is out of date: run `blaupause opendata_docs`"
    )


def test_every_column_is_documented_in_both_languages():
    for dataset in dataset_list():
        keys = dataset.column_keys
        assert len(keys) == len(set(keys)), dataset.key
        for column in dataset.columns:
            assert column.type in TYPES
            assert str(column.description).strip()
            assert column.description_en.strip()
        assert f"`{dataset.key}`" in render()


def test_csv_quotes_separators_and_line_breaks():
    raw = b"".join(csv_chunks(["a", "b"], [('Komma, "Zitat"', "Zeile\nzwei"), (None, True)]))
    text = raw.decode("utf-8-sig")
    assert text == 'a,b\r\n"Komma, ""Zitat""","Zeile\nzwei"\r\n,true\r\n'
    assert text_value(["05766020", "05766044"]) == "05766020|05766044"
