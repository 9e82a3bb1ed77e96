"""German text analysis shared by search and the synergy finder.

German compounds carry their meaning in their parts: "Ratsinformationssystem" is a "System"
for "Informationen" of the "Rat". Snowball stemming alone maps inflections together
("Digitalisierungsstrategien" → "digitalisierungsstrategi") but keeps a compound as one token,
so a search for "Strategie" would miss it. `analyze` therefore returns, for every word, its
Snowball stem and the stems of its compound parts (split with the charsplit method of
`compound_split`, over its n-gram table kept on disk by `core.compounds`, recursively for long
words), marked so that callers can weigh an exact hit above a hit
on a part.

Everything is local and deterministic: no model downloads, no external service.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from . import compounds

__all__ = ["QueryWord", "Token", "analyze", "normalize", "query_words", "stem", "stems", "words"]

#: Words (letters and digits, with inner hyphens kept apart later).
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
#: A part must be at least this long to count (drops "s", "en" joints and tiny fragments).
MIN_PART = 4
#: Only words at least this long are tried as compounds.
MIN_COMPOUND = 8
#: Longer "words" are noise (hashes, pasted garbage) and are skipped.
MAX_WORD = 64
#: Score from char_split above which a split is trusted.
SPLIT_THRESHOLD = 0.3

STOPWORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes auch auf aus bei beim bin bis bist da damit dann das dass dem den denn der des
    desto die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen
    einer eines einige er es etwa etwas euch für gegen hat hatte haben hier hin hinter ich ihr
    ihre im in indem ins ist ja jede jedem jeden jeder jedes jetzt kann kein keine können man
    mehr mit muss nach nicht noch nun nur ob oder ohne schon sehr sein seine sich sie sind so
    soll sollen sondern sowie über um und uns unser unsere unter viel vom von vor wann war
    waren was weil welche welchem welchen welcher wenn wer wie wir wird wo zu zum zur zwischen
    einführen einführung neue neuen neuer neues eigene eigenen
    """.split()
)

_STEMMER = snowballstemmer.stemmer("german")


@dataclass(frozen=True)
class Token:
    """One index term: `term` is a Snowball stem; `part` is True for a compound part."""

    term: str
    part: bool = False


def normalize(text: str) -> str:
    """Unicode NFC and lower case; "ß" stays (the stemmer knows it)."""
    return unicodedata.normalize("NFC", text or "").lower()


def words(text: str) -> list[str]:
    """The words of a text, lower case, stop words removed, 2 to `MAX_WORD` characters."""
    return [
        word
        for word in WORD_RE.findall(normalize(text))
        if 1 < len(word) <= MAX_WORD and word not in STOPWORDS
    ]


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Snowball stem of one lower-case word."""
    return _STEMMER.stemWord(word)


@lru_cache(maxsize=50_000)
def _split(word: str) -> tuple[str, str] | None:
    """The best (head, tail) split of a lower-case word, or None when it is not a compound."""
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return None
    try:
        candidates = compounds.split_compound(word)
    except (IndexError, KeyError, ValueError, ZeroDivisionError, sqlite3.Error):
        return None
    if not candidates:
        return None
    score, head, tail = candidates[0]
    if score < SPLIT_THRESHOLD:
        return None
    head, tail = head.lower(), tail.lower()
    if len(head) < MIN_PART or len(tail) < MIN_PART:
        return None
    return head, tail


@lru_cache(maxsize=50_000)
def _parts(word: str) -> tuple[str, ...]:
    """Compound parts of a lower-case word, recursively (empty when it is not a compound)."""
    split = _split(word)
    if split is None:
        return ()
    result: list[str] = []
    for piece in split:
        result.append(piece)
        result.extend(_parts(piece))
    return tuple(result)


def _leaves(word: str) -> list[str]:
    """The smallest parts of a compound: "ratsinformationssystem" → rats, informations, system."""
    split = _split(word)
    if split is None:
        return [word]
    return [leaf for piece in split for leaf in _leaves(piece)]


def _indexed_part(piece: str) -> str | None:
    """The term a compound part is indexed under, or None when parts like it are dropped."""
    if piece in STOPWORDS:
        return None
    term = stem(piece)
    return term if len(term) >= MIN_PART - 1 else None


def analyze(text: str) -> list[Token]:
    """Index terms of a text: each word's stem, then the stems of its compound parts.

    Parts that equal the whole word's stem or another part are not repeated for that word.
    """
    tokens: list[Token] = []
    for word in words(text):
        whole = stem(word)
        tokens.append(Token(whole))
        seen = {whole}
        for piece in _parts(word):
            term = _indexed_part(piece)
            if term is not None and term not in seen:
                seen.add(term)
                tokens.append(Token(term, part=True))
    return tokens


@dataclass(frozen=True)
class QueryWord:
    """One word of a search query: it matches a text that has the `whole` stem, or, for a
    compound, all of its smallest `parts` ("Ratsinformationssystem" finds "Informationssystem
    für den Rat"). `parts` is empty for a word that is not a compound."""

    whole: str
    parts: tuple[str, ...] = ()

    @property
    def terms(self) -> set[str]:
        return {self.whole, *self.parts}


def query_words(text: str, *, limit: int = 12) -> list[QueryWord]:
    """The words of a search query, analysed like indexed text (at most `limit`, no repeats).

    Every term returned is one that `analyze` produces for a text containing the word, so a
    query built from them finds the same documents on every search backend.
    """
    result: list[QueryWord] = []
    seen: set[str] = set()
    for word in words(text):
        whole = stem(word)
        if whole in seen:
            continue
        seen.add(whole)
        parts: list[str] = []
        leaves = _leaves(word)
        if len(leaves) > 1:
            for leaf in leaves:
                term = _indexed_part(leaf)
                if term is not None and term != whole and term not in parts:
                    parts.append(term)
        result.append(QueryWord(whole, tuple(parts) if len(parts) > 1 else ()))
        if len(result) >= limit:
            break
    return result


def stems(text: str, *, parts: bool = True) -> set[str]:
    """The set of terms of a text (with compound parts unless `parts` is False)."""
    return {token.term for token in analyze(text) if parts or not token.part}
