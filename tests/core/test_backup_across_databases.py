"""A backup taken on SQLite restores on PostgreSQL with the same content.

This runs the real commands in separate processes against two real databases: the demo is
loaded into a fresh SQLite database, backed up, restored into a fresh PostgreSQL database, and
backed up again; both archives must hold the same rows. Without a reachable PostgreSQL server
the test is skipped (under CI=true a skip is an error).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

PG_SERVER = os.environ.get("BLAUPAUSE_TEST_PG", "postgres://postgres@127.0.0.1:5432")


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3):
            return True
    except Exception:  # any failure means: no server to test against
        return False


def _run(*args: str, env: dict[str, str]) -> str:
    command = [sys.executable, "-m", "blaupause.cli", *args]
    result = subprocess.run(  # noqa: S603 - this project's own command
        command, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _rows(archive: Path) -> dict[tuple[str, str], dict]:
    with tarfile.open(archive) as tar:
        lines = tar.extractfile("database.jsonl").read().decode().splitlines()
    rows = {}
    for line in lines:
        row = json.loads(line)
        rows[(row["model"], json.dumps(row.get("pk")))] = row["fields"]
    return rows


def test_sqlite_backup_restores_on_postgresql_with_the_same_content(tmp_path):
    if not _pg_available():
        pytest.skip(f"no PostgreSQL server at {PG_SERVER}")
    import psycopg

    name = f"blaupause_restore_{uuid.uuid4().hex[:8]}"
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "blaupause.config.settings.dev",
        "BLAUPAUSE_LANGUAGE": "de",
    }
    sqlite_env = {**base, "BLAUPAUSE_DATA_DIR": str(tmp_path / "sqlite")}
    sqlite_env.pop("DATABASE_URL", None)
    pg_env = {
        **base,
        "BLAUPAUSE_DATA_DIR": str(tmp_path / "pg"),
        "DATABASE_URL": f"{PG_SERVER}/{name}",
    }
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        _run("demo", "--no-serve", env=sqlite_env)
        first = tmp_path / "sqlite.tar.gz"
        _run("backup", "-o", str(first), env=sqlite_env)

        _run("migrate", "--verbosity", "0", env=pg_env)
        out = _run("restore", str(first), env=pg_env)
        assert "wiederhergestellt" in out
        second = tmp_path / "pg.tar.gz"
        _run("backup", "-o", str(second), env=pg_env)

        before, after = _rows(first), _rows(second)
        assert len(before) > 1000  # the demo: regions, the Lippe strategy, commitments …
        assert before.keys() == after.keys()
        differing = [key for key in before if before[key] != after[key]]
        assert differing == []
        evidence = sorted((tmp_path / "sqlite" / "media").rglob("*"))
        restored = sorted((tmp_path / "pg" / "media").rglob("*"))
        assert [p.relative_to(tmp_path / "sqlite") for p in evidence] == [
            p.relative_to(tmp_path / "pg") for p in restored
        ]
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
