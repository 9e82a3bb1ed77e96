"""Validation of the self-check criteria set (assessments/data/criteria_v1.json).

Plain checks on the data file: no database, no models. The set must stay exactly 24 criteria
(A1–D6) on a 0–4 scale, short enough to answer in about 20 minutes, and every source it names
must be listed.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CRITERIA_PATH = ROOT / "src" / "blaupause" / "assessments" / "data" / "criteria_v1.json"
BLUEPRINT_PATH = ROOT / "src" / "blaupause" / "strategies" / "data" / "lippe.json"

DATA = json.loads(CRITERIA_PATH.read_text(encoding="utf-8"))
BLUEPRINT = json.loads(BLUEPRINT_PATH.read_text(encoding="utf-8"))
CRITERIA = DATA["criteria"]
CRITERION_IDS = [c["id"] for c in CRITERIA]
EXPECTED_IDS = [f"{field}{n}" for field in "ABCD" for n in range(1, 7)]
LEVELS = [0, 1, 2, 3, 4]
URL_RE = re.compile(r"https?://[^\s\"'<>)]+")

# About 20 minutes in total: reading stays well below that, the rest is for deciding.
MAX_TOTAL_WORDS = 1800
MAX_QUESTION_CHARS = 160
MAX_HELP_CHARS = 260
MAX_LEVEL_CHARS = 110


def _walk_strings(obj):
    if isinstance(obj, dict):
        for value in obj.values():
            yield from _walk_strings(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _walk_strings(value)
    elif isinstance(obj, str):
        yield obj


def test_file_is_canonical_utf8_json_with_two_space_indent():
    text = CRITERIA_PATH.read_text(encoding="utf-8")
    assert text == json.dumps(DATA, ensure_ascii=False, indent=2) + "\n"


def test_identity_and_description():
    assert DATA["schema_version"] == "1"
    assert DATA["key"] == "owl-2026"
    assert DATA["version"] == 1
    assert DATA["title"].strip()
    assert "20 Minuten" in DATA["description"]


def test_scale_has_levels_zero_to_four_with_text():
    scale = DATA["scale"]
    assert [s["level"] for s in scale] == LEVELS
    for step in scale:
        assert step["title"].strip()
        assert step["description"].strip()
    assert DATA["scale_source_ids"]


def test_fields_match_the_blueprint():
    assert [(f["key"], f["title"]) for f in DATA["fields"]] == [
        (f["key"], f["title"]) for f in BLUEPRINT["fields"]
    ]


def test_exactly_24_criteria_six_per_field_in_order():
    assert CRITERION_IDS == EXPECTED_IDS
    assert len(set(CRITERION_IDS)) == 24
    per_field = Counter(c["field"] for c in CRITERIA)
    assert per_field == {"A": 6, "B": 6, "C": 6, "D": 6}


@pytest.mark.parametrize("criterion", CRITERIA, ids=CRITERION_IDS)
def test_criterion_shape(criterion):
    assert set(criterion) == {"id", "field", "title", "question", "help", "levels", "source_ids"}
    assert criterion["field"] == criterion["id"][0]
    assert criterion["title"].strip()
    question = criterion["question"]
    assert question.endswith("?")
    assert len(question) <= MAX_QUESTION_CHARS
    assert criterion["help"].strip()
    assert len(criterion["help"]) <= MAX_HELP_CHARS


@pytest.mark.parametrize("criterion", CRITERIA, ids=CRITERION_IDS)
def test_criterion_has_exactly_levels_zero_to_four_with_text(criterion):
    levels = criterion["levels"]
    assert [level["level"] for level in levels] == LEVELS
    texts = [level["text"].strip() for level in levels]
    assert all(texts)
    assert len(set(texts)) == 5, "each level needs its own description"
    assert all(len(text) <= MAX_LEVEL_CHARS for text in texts)


def test_whole_set_is_short_enough_for_twenty_minutes():
    words = 0
    for criterion in CRITERIA:
        words += len(criterion["question"].split()) + len(criterion["help"].split())
        words += sum(len(level["text"].split()) for level in criterion["levels"])
    assert words <= MAX_TOTAL_WORDS


def test_sources_are_complete_and_well_formed():
    sources = DATA["sources"]
    ids = [s["id"] for s in sources]
    assert len(ids) == len(set(ids))
    for source in sources:
        assert set(source) == {"id", "title", "url", "accessed"}
        assert source["title"].strip()
        assert URL_RE.fullmatch(source["url"]), source["url"]
        assert source["accessed"] == "2026-11"
    referenced = {sid for c in CRITERIA for sid in c["source_ids"]} | set(DATA["scale_source_ids"])
    assert all(c["source_ids"] for c in CRITERIA)
    assert referenced == set(ids), referenced ^ set(ids)


def test_every_url_used_is_a_listed_source():
    source_urls = {s["url"] for s in DATA["sources"]}
    for text in _walk_strings({k: v for k, v in DATA.items() if k != "sources"}):
        for url in URL_RE.findall(text):
            assert url in source_urls, url


def test_shared_source_ids_mean_the_same_url_in_both_files():
    blueprint_sources = {s["id"]: s["url"] for s in BLUEPRINT["sources"]}
    for source in DATA["sources"]:
        if source["id"] in blueprint_sources:
            assert blueprint_sources[source["id"]] == source["url"], source["id"]
