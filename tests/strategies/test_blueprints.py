"""The Lippe reference blueprint: loaded completely from lippe.json, once, and only once."""

import copy
import io
import json
from pathlib import Path

from django.core.management import CommandError, call_command

import pytest

from blaupause.core.models import AuditEvent
from blaupause.strategies import blueprints
from blaupause.strategies.models import (
    FieldOfAction,
    Goal,
    Indicator,
    LifeArea,
    Measure,
    Milestone,
    Strategy,
    StrategyStatusChange,
    StrategyVersion,
    Value,
)

DATA = json.loads((Path(blueprints.DATA_DIR) / "lippe.json").read_text(encoding="utf-8"))
HISTORY_MODELS = [Strategy, Value, LifeArea, FieldOfAction, Goal, Measure, Indicator, Milestone]


def row_counts() -> dict[str, int]:
    counts = {model.__name__: model.all_objects.count() for model in HISTORY_MODELS}
    counts |= {f"history {m.__name__}": m.history.count() for m in HISTORY_MODELS}
    counts |= {
        "versions": StrategyVersion.objects.count(),
        "status changes": StrategyStatusChange.objects.count(),
        "audit": AuditEvent.objects.count(),
        "measure goals": Measure.goals.through.objects.count(),
        "measure life areas": Measure.life_areas.through.objects.count(),
        "measure dependencies": Measure.depends_on.through.objects.count(),
    }
    return counts


@pytest.mark.django_db
def test_the_blueprint_holds_everything_in_the_file(lippe):
    strategy = lippe
    assert strategy.slug == "lippe-lebt-digitalisierung"
    assert strategy.network.slug == "lippe"
    assert strategy.slogan == DATA["slogan"]
    assert strategy.reconstruction_notice == DATA["reconstruction_notice"]
    assert (strategy.status, strategy.is_blueprint, strategy.demo_progress) == (
        "adopted",
        True,
        True,
    )
    assert strategy.adopted_body == "Bürgermeisterkonferenz Lippe"
    assert strategy.adopted_on is None  # not public: not invented
    assert strategy.adopted_note == DATA["adopted"]["note"]
    assert len(strategy.sources) == len(DATA["sources"])

    assert strategy.values.count() == len(DATA["values"])
    assert list(strategy.fields.values_list("key", "title")) == [
        (row["key"], row["title"]) for row in DATA["fields"]
    ]
    assert list(strategy.life_areas.values_list("title", flat=True)) == [
        row["title"] for row in DATA["life_areas"]
    ]
    assert strategy.goals.count() == len(DATA["goals"]) >= 6
    assert strategy.measures.count() == len(DATA["measures"]) >= 30
    assert Indicator.objects.filter(measure__strategy=strategy).count() == sum(
        len(m["indicators"]) for m in DATA["measures"]
    )
    assert Milestone.objects.filter(measure__strategy=strategy).count() == sum(
        len(m["milestones"]) for m in DATA["measures"]
    )
    # Every link of every measure, as in the file.
    for row in DATA["measures"]:
        measure = strategy.measures.get(key=row["key"])
        assert measure.field.key == row["field"]
        assert sorted(measure.goals.values_list("key", flat=True)) == sorted(row["goals"])
        assert sorted(measure.life_areas.values_list("key", flat=True)) == sorted(row["life_areas"])
        assert sorted(measure.depends_on.values_list("key", flat=True)) == sorted(row["depends_on"])
        assert measure.raises_criteria == row["raises_criteria"]
        assert measure.prerequisites == row["prerequisites"]
        # One history row per measure, and it knows the links.
        record = measure.history.get()
        assert record.history_type == "+"
        assert sorted(r.goal.key for r in record.goals.all()) == sorted(row["goals"])
    version = strategy.versions.get()
    assert version.number == 1
    assert len(version.snapshot["measures"]) == len(DATA["measures"])
    assert strategy.status_changes.get().to_status == "adopted"


@pytest.mark.django_db
def test_a_second_run_changes_nothing_at_all(lippe):
    before = row_counts()
    result = blueprints.blueprint_load("lippe")
    assert result.created is False
    assert result.strategy == lippe
    assert row_counts() == before


@pytest.mark.django_db
def test_edits_survive_a_second_run(lippe):
    Measure.objects.filter(strategy=lippe, key="A-M01").update(title="Vor Ort geändert")
    blueprints.blueprint_load("lippe")
    assert Measure.objects.get(strategy=lippe, key="A-M01").title == "Vor Ort geändert"


@pytest.mark.django_db
def test_the_command_loads_and_reports(lippe_network_only):
    out = io.StringIO()
    call_command("load_blueprint", "lippe", stdout=out)
    assert "34 Maßnahmen" in out.getvalue()
    assert "veröffentlicht als Version 1" in out.getvalue()
    out = io.StringIO()
    call_command("load_blueprint", "lippe", stdout=out)
    assert "bereits vorhanden – nichts geändert" in out.getvalue()


@pytest.fixture
def lippe_network_only(db):
    from blaupause.regions import demo

    demo.load_reference_data()
    demo.load_demo_content()


@pytest.mark.django_db
def test_an_unknown_key_is_a_german_error():
    with pytest.raises(CommandError) as caught:
        call_command("load_blueprint", "hamburg")
    assert "Unbekannte Blaupause „hamburg“. Verfügbar: lippe." in str(caught.value)
    with pytest.raises(CommandError, match="Unbekannte Blaupause"):
        call_command("load_blueprint", "../settings")


@pytest.mark.django_db
def test_the_network_must_exist_first():
    with pytest.raises(CommandError) as caught:
        call_command("load_blueprint", "lippe")
    assert "Das Netzwerk „lippe“" in str(caught.value)
    assert not Strategy.objects.exists()


@pytest.mark.django_db
def test_a_broken_file_names_the_problem(tmp_path, monkeypatch):
    monkeypatch.setattr(blueprints, "DATA_DIR", tmp_path)
    (tmp_path / "kaputt.json").write_text('{"key": "kaputt",', encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("load_blueprint", "kaputt")
    assert "kein gültiges JSON (Zeile 1" in str(caught.value)


@pytest.mark.django_db
def test_invalid_content_is_refused_before_anything_is_written(
    tmp_path, monkeypatch, lippe_network_only
):
    data = copy.deepcopy(DATA)
    data["measures"][0]["field"] = "X"
    data["measures"][1]["time_frame"] = {"start_year": 2029, "end_year": 2025}
    data["measures"][2]["depends_on"] = [data["measures"][3]["key"]]
    data["measures"][3]["depends_on"] = [data["measures"][2]["key"]]
    monkeypatch.setattr(blueprints, "DATA_DIR", tmp_path)
    (tmp_path / "lippe.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("load_blueprint", "lippe")
    message = str(caught.value)
    assert "Maßnahme „A-M01“: Handlungsfeld „X“ gibt es nicht." in message
    assert "Das Ende (2025) liegt vor dem Beginn (2029)." in message
    assert "bilden einen Kreis" in message
    assert not Strategy.objects.exists()


def test_the_shipped_file_is_valid():
    assert blueprints.validate_blueprint(copy.deepcopy(DATA)) == []


def test_validation_names_missing_parts():
    problems = blueprints.validate_blueprint({"schema_version": "1"})
    assert "Der Eintrag „title“ fehlt oder hat die falsche Form." in problems
