"""The command line of the blueprint exchange: export-blueprint and import-blueprint."""

import io
import json

from django.core.management import CommandError, call_command

import pytest

from blaupause.cli import main
from blaupause.strategies.models import Measure, Strategy, StrategyVersion
from tests.factories.exchange import published_blueprint
from tests.factories.regions import DistrictFactory, NetworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return NetworkFactory(region=DistrictFactory().region, slug="netz", name="Netz Lippe")


@pytest.fixture
def blueprint(network):
    return published_blueprint(network)


def export(*args) -> dict:
    out = io.StringIO()
    call_command("export_blueprint", *args, stdout=out)
    return json.loads(out.getvalue())


def run_import(*args) -> str:
    out = io.StringIO()
    call_command("import_blueprint", *args, stdout=out)
    return out.getvalue()


def empty(strategy) -> None:
    Measure.all_objects.filter(strategy=strategy).delete()
    Strategy.all_objects.filter(pk=strategy.pk).delete()


def test_export_writes_the_latest_or_a_chosen_version(blueprint, tmp_path):
    assert export("rahmen-test")["version"]["number"] == 1
    assert export("rahmen-test", "--version", "1")["strategy"]["slug"] == "rahmen-test"
    target = tmp_path / "lippe.json"
    err = io.StringIO()
    call_command("export_blueprint", "rahmen-test", "-o", str(target), stderr=err)
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == 1
    assert "Version 1 von" in err.getvalue()


def test_export_of_unknown_things_exits_with_2(blueprint):
    with pytest.raises(CommandError, match="Kurznamen „gibt-es-nicht“ gibt es nicht") as caught:
        export("gibt-es-nicht")
    assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="Version 5 gibt es nicht") as caught:
        export("rahmen-test", "--version", "5")
    assert caught.value.returncode == 2


def test_import_dry_run_then_import_then_again(blueprint, network, tmp_path):
    path = tmp_path / "datei.json"
    path.write_text(json.dumps(export("rahmen-test")), encoding="utf-8")
    empty(blueprint)

    output = run_import(str(path), "--network", "netz", "--dry-run")
    assert "wird im Netzwerk „Netz Lippe“ angelegt" in output
    assert "Maßnahmen: 3 neu, 0 geändert, 0 unverändert, 0 entfernt" in output
    assert "Probelauf: nichts gespeichert." in output
    assert not Strategy.objects.exists()

    output = run_import(str(path), "--network", "netz")
    assert "Importiert als Version 1" in output
    assert StrategyVersion.objects.filter(strategy__slug="rahmen-test", number=1).exists()

    output = run_import(str(path), "--network", "netz")
    assert "Es ändert sich nichts." in output


def test_bad_files_exit_with_2_and_list_the_problems(blueprint, tmp_path):
    data = export("rahmen-test")
    data["schema_version"] = 3
    path = tmp_path / "alt.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run_import(str(path), "--network", "netz")
    assert caught.value.returncode == 2
    assert "kann nicht importiert werden" in str(caught.value)
    assert "schema_version: Formatversion „3“ wird nicht unterstützt" in str(caught.value)

    data["schema_version"] = 1
    data["content"]["goals"][0]["field"] = "X"
    data["content"]["measures"][0]["goals"] = ["A-Z9"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run_import(str(path), "--network", "netz")
    message = str(caught.value)
    assert "  – goals[0].field: Handlungsfeld „X“ gibt es in der Datei nicht." in message
    assert "  – measures[0].goals: Ziel „A-Z9“ gibt es in der Datei nicht." in message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{kaputt", r"ist kein gültiges JSON \(Zeile 1, Spalte 2\)"),
        (b"\xff\xfe", "nicht in UTF-8 gespeichert"),
    ],
)
def test_unreadable_files_exit_with_2(network, tmp_path, content, message):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message) as caught:
        run_import(str(path), "--network", "netz")
    assert caught.value.returncode == 2


def test_unknown_network_or_file(network, tmp_path):
    with pytest.raises(CommandError, match=r"Ein Netzwerk „nirgends“ gibt es nicht\."):
        run_import(str(tmp_path / "x.json"), "--network", "nirgends")
    with pytest.raises(CommandError, match="gibt es nicht"):
        run_import(str(tmp_path / "fehlt.json"), "--network", "netz")


def test_the_blaupause_command_maps_hyphens_and_exits_with_2(network, tmp_path, capsys):
    path = tmp_path / "x.json"
    path.write_text('{"schema_version": 9}', encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["blaupause", "import-blueprint", str(path), "--network", "netz"])
    assert caught.value.code == 2
    assert "Formatversion „9“ wird nicht unterstützt" in capsys.readouterr().err
