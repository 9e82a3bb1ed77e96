"""Compound splitting over the n-gram table on disk gives charsplit's own best splits."""

import random

from compound_split import char_split

from blaupause.core import compounds
from blaupause.core.loadgen import ARTICLE_NOUNS, ARTICLE_SUBJECTS, SERVICES

DOMAIN_WORDS = [
    "Ratsinformationssystem",
    "Digitalisierungsstrategie",
    "Breitbandausbau",
    "Onlinezugangsgesetz",
    "Dokumentenmanagementsystem",
    "Bürgerbeteiligung",
    "Kita-Anmeldung",
    "Haus",
    "abc",
]


def _words() -> list[str]:
    words = {w.lower() for w in [*DOMAIN_WORDS, *ARTICLE_SUBJECTS, *ARTICLE_NOUNS, *SERVICES]}
    grams = sorted(char_split.de_ngram_probs.prefix)
    rng = random.Random(7)
    words.update(rng.choice(grams) + rng.choice(grams) for _ in range(300))
    return sorted(words)


def test_the_best_split_is_the_same_as_charsplits_own():
    differences = [
        (word, expected, got)
        for word in _words()
        if (expected := char_split.split_compound(word)[0])
        != (got := compounds.split_compound(word)[0])
    ]
    assert differences == []


def test_the_table_is_built_once_in_the_data_folder(settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(compounds, "_local", type(compounds._local)())  # no open connection

    assert compounds.split_compound("ratsinformationssystem")[0][1:] == (
        "Rats",
        "Informationssystem",
    )

    built = compounds.table_path()
    assert built.parent == tmp_path / "cache"
    assert built.exists()
    assert not list(built.parent.glob("*.partial"))


def test_an_unwritable_data_folder_falls_back_to_the_module(settings, tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    settings.DATA_DIR = blocked  # cache/ cannot be created below a file
    monkeypatch.setattr(compounds, "_local", type(compounds._local)())

    assert (
        compounds.split_compound("breitbandausbau")[0]
        == char_split.split_compound("breitbandausbau")[0]
    )
    assert not compounds.table_path().exists()
