"""German compound splitting (the charsplit method) over an n-gram table on disk.

`compound_split` ships its German n-gram probabilities as a Python module of three dicts with
1.9 million entries: importing it takes seconds and about 370 MB in every process that does,
which would be every web worker (search analyses the query) and every task worker. Here the
same probabilities live in a read-only SQLite file that the operating system's page cache
shares between processes; a word's lookups are one query, and words are cached.

The file is built once per installation and package version, in a child process (so the big
module never stays in a long-running one), under the data folder's `cache/` directory; the
build is guarded by a file lock, so parallel processes wait for one build instead of each
starting their own. Where the data folder cannot be written, the table is read from the module
in process, as before: slower to start and larger, but the same splits.

`split_compound` gives the same best split as `compound_split.char_split.split_compound`
(a test compares them over many words).
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
from importlib import metadata
from pathlib import Path

__all__ = ["split_compound", "table_path"]

logger = logging.getLogger(__name__)

PACKAGE = "compound-split"
KINDS = ("prefix", "infix", "suffix")
_local = threading.local()
_fallback: dict[str, dict[str, float]] | None = None


def _cache_dir() -> Path:
    try:
        from django.conf import settings

        return Path(settings.DATA_DIR) / "cache"
    except Exception:  # outside a configured Django project (a script, a benchmark)
        return Path(tempfile.gettempdir()) / "blaupause-cache"


def table_path() -> Path:
    """Where the n-gram table of the installed package version lives."""
    version = metadata.version(PACKAGE)
    return _cache_dir() / f"compound-split-de-{version}.sqlite3"


def build(path: Path) -> None:
    """Write the table to `path` (atomically: a temporary file renamed at the end)."""
    from compound_split import de_ngram_probs

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    try:
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute(
            "CREATE TABLE ngram (kind INTEGER, gram TEXT, p REAL, PRIMARY KEY (kind, gram))"
            " WITHOUT ROWID"
        )
        for kind, name in enumerate(KINDS):
            table = getattr(de_ngram_probs, name)
            connection.executemany(
                "INSERT INTO ngram VALUES (?, ?, ?)",
                ((kind, gram, p) for gram, p in sorted(table.items())),
            )
        connection.commit()
    finally:
        connection.close()
    partial.replace(path)


def _ensure_table() -> Path | None:
    """The path of a complete table, building it first if needed; None if it cannot be."""
    path = table_path()
    if path.exists():
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one build; the others wait and then find it
            if not path.exists():
                logger.info("building the compound n-gram table at %s", path)
                subprocess.run(  # noqa: S603 - our own module, fixed arguments
                    [sys.executable, "-m", "blaupause.core.compounds", str(path)],
                    check=True,
                    capture_output=True,
                    timeout=600,
                )
    except (OSError, subprocess.SubprocessError):
        logger.warning("compound n-gram table not writable at %s; reading it in process", path)
        return None
    return path if path.exists() else None


def _connection() -> sqlite3.Connection | None:
    """A read-only connection per thread (SQLite connections are not shared across threads)."""
    connection = getattr(_local, "connection", None)
    if connection is None:
        path = _ensure_table()
        if path is None:
            return None
        connection = sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        _local.connection = connection
    return connection


def _in_process_table() -> dict[str, dict[str, float]]:
    global _fallback
    if _fallback is None:
        from compound_split import de_ngram_probs

        _fallback = {name: getattr(de_ngram_probs, name) for name in KINDS}
    return _fallback


def _probabilities(keys: dict[int, set[str]]) -> list[dict[str, float]]:
    """The probabilities of the asked n-grams per kind (missing ones are absent)."""
    connection = _connection()
    if connection is None:
        table = _in_process_table()
        return [
            {gram: table[name][gram] for gram in keys[kind] if gram in table[name]}
            for kind, name in enumerate(KINDS)
        ]
    found: list[dict[str, float]] = [{}, {}, {}]
    for kind, grams in keys.items():
        grams = sorted(grams)
        for start in range(0, len(grams), 500):
            chunk = grams[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = connection.execute(
                f"SELECT gram, p FROM ngram WHERE kind = ? AND gram IN ({marks})",  # noqa: S608
                [kind, *chunk],
            )
            found[kind].update(rows)
    return found


def _cut_off_fugen_s(word: str) -> str:
    """Drop a joining "s" after t, g, k, hl or n (as charsplit does)."""
    if word.endswith(("ts", "gs", "ks", "hls", "ns")) and len(word[:-1]) > 2:
        return word[:-1]
    return word


def split_compound(word: str) -> list[tuple[float, str, str]]:
    """Possible (score, head, tail) splits of a word, best first (charsplit's scoring)."""
    word = word.lower()
    if "-" in word:
        hyphen = word.rfind("-")
        return [(1.0, word[:hyphen].title(), word[hyphen + 1 :].title())]
    positions = range(3, len(word) - 2)
    if not positions:
        return [(0, word.title(), word.title())]
    wanted: dict[int, set[str]] = {0: set(), 1: set(), 2: set()}
    for n in positions:
        wanted[2].add(_cut_off_fugen_s(word[:n]))
        wanted[0].add(_cut_off_fugen_s(word[n:]))
        wanted[1].update(word[n:k] for k in range(len(word), n + 2, -1))
    prefix, infix, suffix = _probabilities(wanted)
    scores = []
    for n in positions:
        head_p = suffix.get(_cut_off_fugen_s(word[:n]), -1)
        start_p = prefix.get(_cut_off_fugen_s(word[n:]), -1)
        # Ngrams that occur inside words make a split there unlikely.
        inner_p = min(infix.get(word[n:k], 1) for k in range(len(word), n + 2, -1))
        scores.append((start_p - inner_p + head_p, word[:n].title(), word[n:].title()))
    scores.sort(reverse=True)
    return scores


if __name__ == "__main__":  # the build, run as a child process by `_ensure_table`
    build(Path(sys.argv[1]))
