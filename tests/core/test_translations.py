"""The English catalogue: complete, not fuzzy, placeholders intact, and used by the pages.

The source language is German; ``locale/en/LC_MESSAGES/django.po`` carries the English
msgstr. The catalogue is parsed here with a small reader of its own (no extra dependency).
"""

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

import pytest

import blaupause

APP_DIR = Path(blaupause.__file__).resolve().parent
PO_FILE = APP_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")
#: Placeholders such as %(name)s, %s, %d, %(value).1f; "%%" is a literal percent sign. A space
#: flag is not allowed, so that "100 % done" is not read as a placeholder.
_PLACEHOLDER = re.compile(r"%%|%(?:\([^)]*\))?[#0+-]*\d*(?:\.\d+)?[sdifr]")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def _unquote(literal: str) -> str:
    body = literal.strip()
    if len(body) < 2 or not (body.startswith('"') and body.endswith('"')):
        raise ValueError(f"not a quoted string: {literal!r}")
    body = body[1:-1]
    out, i = [], 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def parse_po(text: str) -> list[Entry]:
    """All entries of a .po file, the header (msgid "") first; obsolete (#~) ones left out."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal current, target
        if current is not None and current.msgid is not None:
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        starts_entry = line.startswith(("#", "msgctxt ", "msgid "))
        if current is not None and current.msgstr and starts_entry:
            finish()  # entries without a blank line between them
        if current is None:
            current = Entry(line=number)
        if line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, literal = match.groups()
            value = _unquote(literal)
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index) if index is not None else 0)
                current.msgstr[target[1]] = value
            else:
                target = (keyword, None)
                setattr(current, keyword, value)
            continue
        if not line.startswith('"') or target is None:
            raise ValueError(f"line {number}: cannot read {raw!r}")
        value = _unquote(line)
        name, index = target
        if name == "msgstr":
            current.msgstr[index] += value
        else:
            setattr(current, name, getattr(current, name) + value)
    finish()
    return entries


def placeholders(text: str) -> set[str]:
    return {token for token in _PLACEHOLDER.findall(text) if token != "%%"}


def source_of(entry: Entry, index: int) -> str:
    """The German text a msgstr translates: msgid, or msgid_plural for the plural forms."""
    if index > 0 and entry.msgid_plural is not None:
        return entry.msgid_plural
    return entry.msgid


def edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    return parse_po(PO_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def header(catalogue) -> dict[str, str]:
    first = catalogue[0]
    assert first.msgid == "", "the catalogue must start with its header"
    pairs = (line.partition(":") for line in first.msgstr[0].splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, _sep, value in pairs}


@pytest.fixture(scope="module")
def messages(catalogue) -> list[Entry]:
    return catalogue[1:]


# -- the reader itself ---------------------------------------------------------------------


def test_parser_reads_multiline_strings_plurals_and_flags():
    sample = "\n".join(
        [
            'msgid ""',
            'msgstr ""',
            '"Language: en\\n"',
            "",
            "#: app/views.py",
            "#, fuzzy, python-format",
            '#| msgid "Alt"',
            'msgid ""',
            '"Zwei "',
            '"Zeilen %(n)s \\"zitiert\\""',
            'msgid_plural "Viele %(n)s"',
            'msgstr[0] "Two "',
            '"lines %(n)s"',
            'msgstr[1] "Many %(n)s"',
            "",
            '#~ msgid "Obsolete"',
            '#~ msgstr "Obsolete"',
        ]
    )
    head, entry = parse_po(sample)
    assert head.msgstr == {0: "Language: en\n"}
    assert entry.msgid == 'Zwei Zeilen %(n)s "zitiert"'
    assert entry.msgid_plural == "Viele %(n)s"
    assert entry.msgstr == {0: "Two lines %(n)s", 1: "Many %(n)s"}
    assert entry.flags == {"fuzzy", "python-format"}


def test_placeholders_ignore_literal_percent_signs():
    assert placeholders("%(done)s von %(total)s, 100 %% – %s und %d") == {
        "%(done)s",
        "%(total)s",
        "%s",
        "%d",
    }
    assert placeholders("80 bis 100 %") == set()
    assert placeholders("100% always, 100 % done") == set()


# -- the English catalogue ------------------------------------------------------------------


def test_header_declares_english_and_utf8(header):
    assert header.get("Language") == "en"
    assert "charset=UTF-8" in header.get("Content-Type", "")
    assert header.get("Plural-Forms", "").startswith("nplurals=2;")


def test_catalogue_is_not_empty(messages):
    assert len(messages) > 100


def test_no_entry_is_untranslated(messages):
    missing = [
        entry.label
        for entry in messages
        if not entry.msgstr
        or any(not text for text in entry.msgstr.values())
        or (entry.msgid_plural is not None and sorted(entry.msgstr) != [0, 1])
    ]
    assert not missing, f"{len(missing)} untranslated entries:\n" + "\n".join(missing)


def test_no_entry_is_fuzzy(catalogue):
    fuzzy = [entry.label for entry in catalogue if "fuzzy" in entry.flags]
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries:\n" + "\n".join(fuzzy)


def test_placeholders_match_the_source(messages):
    wrong = [
        f"{entry.label} [{index}]: {text!r}"
        for entry in messages
        for index, text in entry.msgstr.items()
        if placeholders(text) != placeholders(source_of(entry, index))
    ]
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_leading_and_trailing_whitespace_is_kept(messages):
    wrong = [
        f"{entry.label} [{index}]: {text!r}"
        for entry in messages
        for index, text in entry.msgstr.items()
        if text and edges(text) != edges(source_of(entry, index))
    ]
    assert not wrong, "whitespace at the edges differs:\n" + "\n".join(wrong)


def test_html_tags_are_kept(messages):
    tag = re.compile(r"</?[a-zA-Z][^>]*>")
    wrong = [
        f"{entry.label} [{index}]: {text!r}"
        for entry in messages
        for index, text in entry.msgstr.items()
        if sorted(tag.findall(text)) != sorted(tag.findall(source_of(entry, index)))
    ]
    assert not wrong, "HTML tags differ:\n" + "\n".join(wrong)


# -- the pages in both languages -------------------------------------------------------------


@pytest.fixture(scope="session")
def compiled_catalogue():
    """The compiled .mo (built by `make messages`); compiled here if missing or out of date."""
    if not MO_FILE.exists() or MO_FILE.stat().st_mtime < PO_FILE.stat().st_mtime:
        from django.core.management import call_command
        from django.utils.translation import trans_real

        with contextlib.chdir(APP_DIR):
            call_command("compilemessages", locale=["en"], verbosity=0)
        trans_real._translations = {}
        trans_real._default = None
    return MO_FILE


@pytest.mark.django_db
def test_start_page_is_german_by_default(client, compiled_catalogue):
    body = client.get("/").content.decode()
    assert '<html lang="de"' in body
    assert ">Kommunen</a>" in body
    assert ">Municipalities</a>" not in body


@pytest.mark.django_db
def test_start_page_in_english_by_accept_language(client, compiled_catalogue):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in body
    assert ">Municipalities</a>" in body
    assert ">Networks</a>" in body
    assert "Skip to content" in body
    assert ">Kommunen</a>" not in body


@pytest.mark.django_db
def test_start_page_in_english_by_language_cookie(client, compiled_catalogue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/").content.decode()
    assert '<html lang="en"' in body
    assert ">Municipalities</a>" in body
    assert "Legal notice" in body
