"""`import_municipalities` and `load_regions` on the command line."""

import os
import subprocess
import sys
from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from blaupause.core.models import AuditEvent
from blaupause.regions.models import District, Municipality, Network, Region

pytestmark = pytest.mark.django_db

HEADER = "ags,name,kind,district,population,population_date,source\n"


def test_import_command_reports_what_it_did(tmp_path):
    path = tmp_path / "kommunen.csv"
    path.write_text(HEADER + "05766020,Detmold,Stadt,Kreis Lippe,74486,2022-05-15,Zensus\n")
    out = StringIO()
    call_command("import_municipalities", str(path), stdout=out)
    assert "1 Kommunen neu, 0 geändert, 0 unverändert; 1 Kreise neu, 0 geändert." in out.getvalue()
    assert Municipality.objects.filter(ags="05766020").exists()


def test_import_command_names_the_broken_lines_and_writes_nothing(tmp_path):
    path = tmp_path / "kaputt.csv"
    path.write_text(
        HEADER
        + "05766020,Detmold,Stadt,Kreis Lippe,74486,2022-05-15,Zensus\n"
        + "05766044,Lemgo,Stadt,Kreis Lippe,viele,2022-05-15,Zensus\n"
    )
    with pytest.raises(CommandError) as failure:
        call_command("import_municipalities", str(path))
    message = str(failure.value)
    assert message.startswith("Import abgebrochen, es wurde nichts gespeichert.")
    assert "Zeile 3: Die Einwohnerzahl „viele“ ist keine ganze Zahl" in message
    assert Municipality.objects.count() == 0


def _run_cli(*args, tmp_path, lang="de_DE.UTF-8"):
    env = {
        **os.environ,
        "LANG": lang,
        "BLAUPAUSE_DATA_DIR": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "blaupause.config.settings.dev",
    }
    env.pop("DATABASE_URL", None)  # an empty SQLite file is enough to refuse a broken file
    return subprocess.run(  # noqa: S603 - our own command line with fixed arguments
        [sys.executable, "-m", "blaupause", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_command_line_exits_non_zero_with_line_numbers_and_no_traceback(tmp_path):
    path = tmp_path / "kaputt.csv"
    path.write_text(HEADER + "0576602,Detmold,Stadt,Kreis Lippe,74486,2022-05-15,Zensus\n")
    result = _run_cli("import-municipalities", str(path), tmp_path=tmp_path)
    assert result.returncode != 0
    assert "Zeile 2: „0576602“ ist kein achtstelliger Gemeindeschlüssel (AGS)." in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("fehlt.csv", None, "wurde nicht gefunden"),
        (
            "latin1.csv",
            (HEADER + "05766048,Leopoldshöhe,Gemeinde,Kreis Lippe,1,2022-05-15,Z\n").encode(
                "latin-1"
            ),
            "nicht UTF-8-kodiert",
        ),
    ],
)
def test_command_line_explains_unreadable_files(tmp_path, name, content, expected):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = _run_cli("import-municipalities", str(path), tmp_path=tmp_path)
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_load_regions_is_idempotent():
    out = StringIO()
    call_command("load_regions", stdout=out)
    assert "Region Ostwestfalen-Lippe: 7 Kreise, 70 Kommunen." in out.getvalue()
    counts = (
        Region.objects.count(),
        District.objects.count(),
        Municipality.objects.count(),
        Municipality.history.count(),
        District.history.count(),
        AuditEvent.objects.count(),
    )
    call_command("load_regions", stdout=StringIO())
    assert counts == (
        Region.objects.count(),
        District.objects.count(),
        Municipality.objects.count(),
        Municipality.history.count(),
        District.history.count(),
        AuditEvent.objects.count(),
    )
    assert counts[:3] == (1, 7, 70)
    assert Network.objects.count() == 0  # demo content is separate
