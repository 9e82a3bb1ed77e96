"""The `blaupause` command as an operator meets it: real processes, real exit codes."""

import os
import subprocess
import sys
from pathlib import Path

BLAUPAUSE = str(Path(sys.executable).parent / "blaupause")


def _run(*args, **env):
    environment = {**os.environ, **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.pop("SECRET_KEY", None)
    return subprocess.run(  # noqa: S603 - our own console script
        [BLAUPAUSE, *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_serve_without_secret_key_explains_and_fails(tmp_path):
    result = _run("serve", BLAUPAUSE_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_hyphenated_commands_and_the_worker_alias_are_understood(tmp_path):
    for command in ("import-municipalities", "worker", "demo"):
        result = _run(command, "--help", BLAUPAUSE_DATA_DIR=str(tmp_path))
        assert result.returncode == 0, result.stderr
        assert "usage: blaupause" in result.stdout


def test_unknown_command_fails(tmp_path):
    result = _run("gibt-es-nicht", BLAUPAUSE_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "gibt_es_nicht" in result.stderr
