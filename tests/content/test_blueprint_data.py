"""Validation of the shipped Lippe reference blueprint (strategies/data/lippe.json).

Plain checks on the data file: no database, no models. They guard what the loaders and the
pages rely on (exact confirmed texts, resolvable references, an acyclic dependency graph) and
what the content promises (every source listed, derived content marked as such).
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BLUEPRINT_PATH = ROOT / "src" / "blaupause" / "strategies" / "data" / "lippe.json"
CRITERIA_PATH = ROOT / "src" / "blaupause" / "assessments" / "data" / "criteria_v1.json"

BLUEPRINT = json.loads(BLUEPRINT_PATH.read_text(encoding="utf-8"))
CRITERIA = json.loads(CRITERIA_PATH.read_text(encoding="utf-8"))
MEASURES = BLUEPRINT["measures"]
MEASURE_IDS = [m["key"] for m in MEASURES]

SLOGAN = (
    "Lippe lebt Digitalisierung! Ländlich geprägt, leidenschaftlich vernetzt, "
    "mit digitalem Weitblick"
)
FIELD_TITLES = [
    ("A", "IKZ & Beteiligung"),
    ("B", "Digitale Infrastruktur"),
    ("C", "Kultur & Führung"),
    ("D", "Befähigung, Wissens- und Change-Management"),
]
LIFE_AREA_TITLES = [
    "Verwaltung",
    "Mobilität",
    "Gesellschaft & Soziales",
    "Energie & Umwelt",
    "Wirtschaft & Tourismus",
    "Gesundheit & Pflege",
    "Bildung & Lernen",
    "Städtebau",
]
TOP_LEVEL_KEYS = {
    "schema_version",
    "key",
    "title",
    "slogan",
    "vision",
    "preamble",
    "reconstruction_notice",
    "sources",
    "network",
    "status",
    "adopted",
    "provenance",
    "history",
    "values",
    "life_areas",
    "fields",
    "goals",
    "measures",
}
MEASURE_KEYS = {
    "key",
    "field",
    "title",
    "summary",
    "description",
    "life_areas",
    "goals",
    "benefit_citizens",
    "benefit_administration",
    "prerequisites",
    "effort",
    "cost_band",
    "time_frame",
    "responsible_role",
    "depends_on",
    "indicators",
    "milestones",
    "references",
    "tags",
    "raises_criteria",
    "source_ids",
    "derived",
}
EFFORTS = {"niedrig", "mittel", "hoch"}
COST_BANDS = {"unter 10.000 €", "10.000–50.000 €", "50.000–250.000 €", "über 250.000 €"}
PREREQUISITE_KINDS = {"criterion", "staff", "budget", "other"}
URL_RE = re.compile(r"https?://[^\s\"'<>)]+")

# Abbreviations whose dots do not end a sentence.
_ABBREVIATIONS = ("z. B.", "u. a.", "d. h.", "bzw.", "ca.", "ggf.", "etc.", "usw.", "Nr.")


def _sentences(text: str) -> int:
    for abbreviation in _ABBREVIATIONS:
        text = text.replace(abbreviation, abbreviation.replace(".", ""))
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„])", text.strip())
    return len([p for p in parts if p])


def _walk_strings(obj):
    if isinstance(obj, dict):
        for value in obj.values():
            yield from _walk_strings(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _walk_strings(value)
    elif isinstance(obj, str):
        yield obj


def _walk_source_ids(obj):
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key == "source_ids":
                yield from value
            else:
                yield from _walk_source_ids(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _walk_source_ids(value)


def _keys(collection):
    return {item["key"] for item in collection}


# --- file and identity -----------------------------------------------------------------------


def test_file_is_canonical_utf8_json_with_two_space_indent():
    text = BLUEPRINT_PATH.read_text(encoding="utf-8")
    assert text == json.dumps(BLUEPRINT, ensure_ascii=False, indent=2) + "\n"


def test_top_level_keys_and_identity():
    assert set(BLUEPRINT) == TOP_LEVEL_KEYS
    assert BLUEPRINT["schema_version"] == "1"
    assert BLUEPRINT["key"] == "lippe"
    assert BLUEPRINT["network"] == "lippe"
    assert BLUEPRINT["status"] == "adopted"
    for key in ("title", "vision", "preamble"):
        assert BLUEPRINT[key].strip(), key


def test_slogan_is_exact():
    assert BLUEPRINT["slogan"] == SLOGAN


def test_reconstruction_notice_says_reconstructed_and_original_prevails():
    notice = BLUEPRINT["reconstruction_notice"]
    assert notice.strip()
    assert "rekonstruiert" in notice
    assert "Original" in notice


def test_adoption_does_not_invent_a_date():
    adopted = BLUEPRINT["adopted"]
    assert adopted["body"] == "Bürgermeisterkonferenz Lippe"
    assert adopted["date"] is None
    assert adopted["note"].strip()
    assert adopted["verified"] is False


def test_provenance_and_history_carry_sources():
    for name, entry in BLUEPRINT["provenance"].items():
        assert isinstance(entry["derived"], bool), name
        assert entry["source_ids"], name
    assert BLUEPRINT["provenance"]["slogan"]["derived"] is False
    assert BLUEPRINT["provenance"]["vision"]["derived"] is True
    years = [item["year"] for item in BLUEPRINT["history"]]
    assert years == sorted(years)
    for item in BLUEPRINT["history"]:
        assert item["period"].strip()
        assert item["text"].strip()
        assert item["source_ids"]


# --- structure -------------------------------------------------------------------------------


def test_four_fields_with_exact_titles_in_order():
    fields = BLUEPRINT["fields"]
    assert [(f["key"], f["title"]) for f in fields] == FIELD_TITLES
    for field in fields:
        assert field["description"].strip()
        assert field["source_ids"]
        assert field["derived"] is False


def test_eight_life_areas_with_exact_titles():
    areas = BLUEPRINT["life_areas"]
    assert [a["title"] for a in areas] == LIFE_AREA_TITLES
    assert len(_keys(areas)) == 8
    for area in areas:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", area["key"]), area["key"]
        assert area["source_ids"]


def test_values_are_derived_and_explained():
    values = BLUEPRINT["values"]
    assert 5 <= len(values) <= 7
    for value in values:
        assert value["title"].strip()
        assert 1 <= _sentences(value["description"]) <= 2, value["key"]
        assert value["source_ids"]
        assert value["derived"] is True


def test_goals_cover_every_field_and_are_derived():
    goals = BLUEPRINT["goals"]
    assert len(goals) >= 8
    per_field = Counter(g["field"] for g in goals)
    assert all(per_field[key] >= 2 for key, _ in FIELD_TITLES), per_field
    for goal in goals:
        assert re.fullmatch(r"[A-D]-Z\d+", goal["key"]), goal["key"]
        assert goal["key"][0] == goal["field"]
        assert goal["title"].strip()
        assert goal["description"].strip()
        assert goal["derived"] is True


def test_enough_measures_per_field():
    assert len(MEASURES) >= 32
    per_field = Counter(m["field"] for m in MEASURES)
    assert all(per_field[key] >= 6 for key, _ in FIELD_TITLES), per_field


def test_keys_are_unique():
    for name in ("values", "life_areas", "fields", "goals", "measures"):
        keys = [item["key"] for item in BLUEPRINT[name]]
        assert len(keys) == len(set(keys)), name
    all_keys = [item["key"] for name in ("goals", "measures") for item in BLUEPRINT[name]]
    assert len(all_keys) == len(set(all_keys))
    source_ids = [s["id"] for s in BLUEPRINT["sources"]]
    assert len(source_ids) == len(set(source_ids))


def test_every_goal_and_life_area_is_used_by_a_measure():
    used_goals = {g for m in MEASURES for g in m["goals"]}
    used_areas = {a for m in MEASURES for a in m["life_areas"]}
    assert _keys(BLUEPRINT["goals"]) <= used_goals
    assert _keys(BLUEPRINT["life_areas"]) <= used_areas


# --- measures --------------------------------------------------------------------------------


@pytest.mark.parametrize("measure", MEASURES, ids=MEASURE_IDS)
def test_measure_shape_and_texts(measure):
    assert set(measure) == MEASURE_KEYS
    assert re.fullmatch(r"[A-D]-M\d{2}", measure["key"])
    assert measure["key"][0] == measure["field"]
    assert measure["derived"] is True
    for key in ("title", "summary", "benefit_citizens", "benefit_administration"):
        assert measure[key].strip(), key
    assert measure["responsible_role"].strip()
    assert _sentences(measure["summary"]) == 1
    assert 3 <= _sentences(measure["description"]) <= 6
    assert measure["tags"]
    assert all(tag.strip() for tag in measure["tags"])
    assert len(measure["tags"]) == len(set(measure["tags"]))
    assert measure["source_ids"]
    assert measure["raises_criteria"]


@pytest.mark.parametrize("measure", MEASURES, ids=MEASURE_IDS)
def test_measure_references_resolve(measure):
    field_keys = _keys(BLUEPRINT["fields"])
    goal_keys = _keys(BLUEPRINT["goals"])
    area_keys = _keys(BLUEPRINT["life_areas"])
    source_ids = {s["id"] for s in BLUEPRINT["sources"]}
    criterion_ids = {c["id"] for c in CRITERIA["criteria"]}

    assert measure["field"] in field_keys
    assert measure["goals"]
    assert set(measure["goals"]) <= goal_keys
    assert measure["life_areas"]
    assert set(measure["life_areas"]) <= area_keys
    assert set(measure["depends_on"]) <= set(MEASURE_IDS)
    assert measure["key"] not in measure["depends_on"]
    assert set(measure["source_ids"]) <= source_ids
    assert set(measure["raises_criteria"]) <= criterion_ids
    for prerequisite in measure["prerequisites"]:
        if prerequisite["kind"] == "criterion":
            assert prerequisite["criterion"] in criterion_ids


@pytest.mark.parametrize("measure", MEASURES, ids=MEASURE_IDS)
def test_measure_planning_values(measure):
    assert measure["effort"] in EFFORTS
    assert measure["cost_band"] in COST_BANDS

    frame = measure["time_frame"]
    if "duration_months" in frame:
        assert set(frame) == {"duration_months"}
        months = frame["duration_months"]
        assert months > 0
    else:
        assert set(frame) == {"start_year", "end_year"}
        assert 2024 <= frame["start_year"] <= frame["end_year"] <= 2030
        months = (frame["end_year"] - frame["start_year"] + 1) * 12

    assert measure["prerequisites"]
    for prerequisite in measure["prerequisites"]:
        assert prerequisite["kind"] in PREREQUISITE_KINDS
        assert prerequisite["text"].strip()
        if prerequisite["kind"] == "criterion":
            assert 0 <= prerequisite["min_level"] <= 4
        else:
            assert prerequisite["criterion"] is None
            assert prerequisite["min_level"] is None

    assert 1 <= len(measure["indicators"]) <= 3
    for indicator in measure["indicators"]:
        assert indicator["name"].strip()
        assert indicator["unit"].strip()
        assert indicator["direction"] in {"increase", "decrease"}
        assert isinstance(indicator["target"], int | float)
        assert indicator["baseline"] is None or isinstance(indicator["baseline"], int | float)

    milestones = measure["milestones"]
    assert 2 <= len(milestones) <= 4
    offsets = [m["months_after_start"] for m in milestones]
    assert offsets == sorted(offsets)
    assert all(0 < offset <= months for offset in offsets)
    assert all(m["title"].strip() for m in milestones)


def test_dependencies_have_no_cycles():
    graph = {m["key"]: m["depends_on"] for m in MEASURES}
    state: dict[str, str] = {}

    def visit(key: str, path: list[str]) -> None:
        if state.get(key) == "done":
            return
        assert state.get(key) != "active", " → ".join([*path, key])
        state[key] = "active"
        for dependency in graph[key]:
            visit(dependency, [*path, key])
        state[key] = "done"

    for key in graph:
        visit(key, [])


# --- sources and links -----------------------------------------------------------------------


def test_sources_are_complete_and_well_formed():
    sources = BLUEPRINT["sources"]
    for source in sources:
        assert set(source) == {"id", "title", "url", "accessed"}
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", source["id"])
        assert source["title"].strip()
        assert URL_RE.fullmatch(source["url"]), source["url"]
        assert source["accessed"] == "2026-11"
    listed = {s["id"] for s in sources}
    referenced = set(_walk_source_ids(BLUEPRINT))
    assert referenced <= listed, referenced - listed
    reference_urls = {r["url"] for m in MEASURES for r in m["references"]}
    used = referenced | {s["id"] for s in sources if s["url"] in reference_urls}
    assert listed == used, f"sources listed but never used: {listed - used}"


def test_every_url_used_is_a_listed_source():
    source_urls = {s["url"] for s in BLUEPRINT["sources"]}
    for measure in MEASURES:
        for reference in measure["references"]:
            assert reference["label"].strip()
            assert reference["url"] in source_urls, (measure["key"], reference["url"])
    for text in _walk_strings({k: v for k, v in BLUEPRINT.items() if k != "sources"}):
        for url in URL_RE.findall(text):
            assert url in source_urls, url


# --- link to the self-check criteria ---------------------------------------------------------


def test_raises_criteria_exist_in_the_criteria_set():
    criterion_ids = {c["id"] for c in CRITERIA["criteria"]}
    raised = {cid for m in MEASURES for cid in m["raises_criteria"]}
    assert raised <= criterion_ids, raised - criterion_ids


def test_every_criterion_is_raised_by_some_measure():
    # Every gap found by the self-check can be turned into at least one suggested measure.
    raised = {cid for m in MEASURES for cid in m["raises_criteria"]}
    assert {c["id"] for c in CRITERIA["criteria"]} - raised == set()
