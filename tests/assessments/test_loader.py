import json

from django.core.management import call_command

import pytest

from blaupause.assessments.loader import DEFAULT_FILE, criteria_load
from blaupause.assessments.models import CriteriaSet, Criterion
from tests.factories.assessments import AssessmentFactory

pytestmark = pytest.mark.django_db


def test_loader_creates_the_shipped_set_once():
    first = criteria_load()
    counts = (CriteriaSet.objects.count(), Criterion.objects.count())
    second = criteria_load()
    assert first.criteria_set.pk == second.criteria_set.pk
    assert (CriteriaSet.objects.count(), Criterion.objects.count()) == counts
    assert second.created == 0
    assert second.updated == 0
    codes = list(second.criteria_set.criteria.values_list("code", flat=True))
    assert codes == [f"{f}{n}" for f in "ABCD" for n in range(1, 7)]
    a1 = second.criteria_set.criteria.get(code="A1")
    assert [row["level"] for row in a1.levels] == [0, 1, 2, 3, 4]
    assert a1.question.endswith("?")


def test_loader_refreshes_an_unused_set(tmp_path):
    data = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    data["criteria"][0]["title"] = "Neuer Titel"
    path = tmp_path / "criteria.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = criteria_load(path)
    assert result.updated == 1
    assert Criterion.objects.get(criteria_set=result.criteria_set, code="A1").title == "Neuer Titel"


def test_loader_never_changes_a_set_in_use(tmp_path):
    criteria_set = criteria_load().criteria_set
    AssessmentFactory(criteria_set=criteria_set)
    data = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    original = data["criteria"][0]["levels"][2]["text"]
    data["criteria"][0]["levels"][2]["text"] = "Eine andere Bedeutung"
    path = tmp_path / "criteria.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = criteria_load(path)
    assert result.frozen
    a1 = Criterion.objects.get(criteria_set=criteria_set, code="A1")
    assert a1.levels[2]["text"] == original


def test_load_criteria_command_is_repeatable(capsys):
    call_command("load_criteria")
    call_command("load_criteria")
    assert Criterion.objects.count() == 24
    assert "0 neu" in capsys.readouterr().out
