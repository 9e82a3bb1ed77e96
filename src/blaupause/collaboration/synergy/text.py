"""German text similarity for the synergy finder.

A text becomes a weighted bag of terms: the Snowball stems and compound parts from
`core.german.analyze`, parts from a second, lexicon-based split of compounds the general
splitter leaves whole ("Ratsinformationssystem" → "rat", "information", "system"), and concept
terms from a small domain thesaurus, so that "Ratsinfo", "Sitzungsdienst" and "digitale
Gremienarbeit" meet in one concept. The same analysis runs on both sides of every comparison.

Weights: a word of the title counts 1, a word of the description 0.35; compound parts count
0.6 of their word; generic words ("System", "digital", "Einführung") count little. With
document frequencies of the compared collection (`idf`), two term bags compare by cosine.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from blaupause.core.german import analyze, normalize, stem

__all__ = ["CONCEPTS", "cosine", "idf_table", "term_weights", "vectorize"]

TITLE_WEIGHT = 1.0
BODY_WEIGHT = 0.35
PART_FACTOR = 0.6
GENERIC_FACTOR = 0.15
CONCEPT_WEIGHT = 2.0

#: Domain thesaurus: concept → patterns on the normalised (lower-case) text. A concept term
#: counts like a title word; it lets differently worded plans for the same thing meet.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "ratsinfo": (
        r"ratsinf\w*",
        r"gremien(?:arbeit|informations\w*|info\w*|dienst\w*|management\w*)",
        r"sitzungs(?:dienst|management|manager)\w*",
        r"\bris\b",
        r"mandatsträger\w*[- ]?app",
        r"ratsarbeit",
    ),
    "eakte": (
        r"\be-?akte\w*",
        r"elektronische\w* akte\w*",
        r"digitale\w* akte\w*",
        r"aktenführung",
    ),
    "dms": (
        r"\bdms\b",
        r"dokumenten(?:management|verwaltung)\w*",
        r"vorgangsbearbeitung\w*",
    ),
    "ozg": (
        r"\bozg\b",
        r"onlinezugangsgesetz\w*",
        r"online-?(?:antr[aä]g|dienst|leistung|formular)\w*",
        r"antragsassistent\w*",
    ),
    "breitband": (r"breitband\w*", r"glasfaser\w*", r"\bftth\b", r"gigabit\w*"),
    "wlan": (r"\bw-?lan\w*", r"\bwifi\b", r"hotspot\w*", r"freifunk\w*"),
    "termin": (r"(?:online-?)?termin(?:vergabe|buchung|vereinbarung|management|reservierung)\w*",),
    "konto": (r"bürgerkonto\w*", r"servicekonto\w*", r"nutzerkonto\w*", r"bund-?id\b"),
    "epayment": (
        r"\be-?payment\w*",
        r"(?:online-?)?bezahl(?:verfahren|dienst|funktion|ung)\w*",
        r"zahlungsverkehrsplattform\w*",
    ),
    "erechnung": (
        r"\be-?rechnung\w*",
        r"\bx-?rechnung\w*",
        r"rechnungs(?:eingang|workflow|bearbeitung)\w*",
        r"elektronische\w* rechnung\w*",
    ),
    "geodaten": (r"\bgis\b", r"geoinformation\w*", r"geodat\w*", r"geoportal\w*"),
    "opendata": (r"open[- ]?data\w*", r"offene\w* daten\w*", r"datenportal\w*"),
    "videokonferenz": (r"video(?:konferenz|konferenzen)\w*", r"webkonferenz\w*"),
    "maengelmelder": (
        r"m(?:ä|ae)ngelmelder\w*",
        r"schadensmelder\w*",
        r"anliegenmanagement\w*",
        r"melde-?app",
    ),
    "beteiligung": (
        r"bürgerbeteiligung\w*",
        r"beteiligungs(?:plattform|portal|verfahren)\w*",
        r"e-?partizipation\w*",
        r"online-?beteiligung\w*",
    ),
    "kita": (r"\bkita\w*", r"kindertages\w*"),
    "itsicherheit": (
        r"informationssicherheit\w*",
        r"it-?sicherheit\w*",
        r"\bisms\b",
        r"cyber-?sicherheit\w*",
        r"grundschutz\w*",
    ),
    "telefonie": (r"\bvoip\b", r"telefonanlage\w*", r"ip-?telefonie\w*", r"telefonie\w*"),
    "ki": (r"künstliche\w* intelligenz", r"\bki\b", r"\bki-\w+"),
    "iot": (r"lora-?wan\w*", r"\biot\b", r"sensor(?:netz|ik)\w*", r"internet der dinge"),
    "parken": (r"park(?:raum|leit|schein|ausweis)\w*", r"handyparken", r"anwohnerpark\w*"),
    "personal": (r"personal(?:management|verwaltung|wesen)\w*", r"\bhr-?software\w*"),
    "bauantrag": (r"bauantr[aä]g\w*", r"baugenehmigung\w*", r"\bbauportal\w*"),
    "schulit": (r"digitalpakt\w*", r"schul-?it\b", r"schulnetz\w*", r"medienentwicklungsplan\w*"),
}
_CONCEPT_RE = {
    name: re.compile("|".join(f"(?:{p})" for p in patterns)) for name, patterns in CONCEPTS.items()
}

#: Words that say little about *what* is planned; they count `GENERIC_FACTOR`.
GENERIC = frozenset(
    stem(word)
    for word in """
    digital digitale digitalisierung digitalisieren einführung einführen online system systeme
    software lösung lösungen plattform portal verfahren projekt umsetzung umsetzen beschaffung
    beschaffen kommune kommunen kommunal kommunale verwaltung stadt gemeinde kreis modern
    modernisierung aufbau ausbau erneuerung erneuern weiterentwicklung konzept management
    neu neue neuer gemeinsam gemeinsame interkommunal interkommunale service services app
    anwendung bereitstellung bereitstellen nutzung optimierung einrichtung einrichten prüfung
    """.split()
)

#: Heads (last parts) of compounds the general splitter may miss, longest first.
HEADS = tuple(
    sorted(
        """
        system systeme verfahren software portal plattform management information informationen
        vergabe vereinbarung buchung anmeldung antrag anträge ausbau netz netze dienst akte
        konzept strategie verwaltung infrastruktur beteiligung zahlung rechnung melder station
        schule schulen büro platz daten karte kataster register auskunft leitsystem steuer
        sicherheit telefonie konferenz arbeit ausweis gebühr
        """.split(),
        key=len,
        reverse=True,
    )
)
_LINKS = ("s", "")


@lru_cache(maxsize=50_000)
def _lexicon_parts(word: str) -> tuple[str, ...]:
    """Split a long lower-case word at a known head: modifier (without linking s/n) and head."""
    if len(word) < 8 or not word.isalpha():
        return ()
    for head in HEADS:
        if word.endswith(head) and len(word) - len(head) >= 3:
            rest = word[: -len(head)]
            for link in _LINKS:
                if link and not rest.endswith(link):
                    continue
                modifier = rest[: len(rest) - len(link)] if link else rest
                if len(modifier) >= 3:
                    return (modifier, head, *_lexicon_parts(modifier))
    return ()


def _add(bag: dict[str, float], term: str, weight: float) -> None:
    if term in GENERIC:
        weight *= GENERIC_FACTOR
    if weight > bag.get(term, 0.0):
        bag[term] = weight


def term_weights(title: str, body: str = "") -> dict[str, float]:
    """Weighted terms of a title and a longer text (the maximum weight per term counts)."""
    bag: dict[str, float] = {}
    for text, weight in ((body, BODY_WEIGHT), (title, TITLE_WEIGHT)):
        if not text:
            continue
        lowered = normalize(text)
        for name, pattern in _CONCEPT_RE.items():
            if pattern.search(lowered):
                _add(bag, f"~{name}", CONCEPT_WEIGHT * weight)
        for token in analyze(text):
            _add(bag, token.term, weight * (PART_FACTOR if token.part else 1.0))
        for word in re.findall(r"[^\W\d_]{8,}", lowered):
            for form in {word, word[:-1] if word.endswith("s") else word}:
                for piece in _lexicon_parts(form):
                    _add(bag, stem(piece), weight * PART_FACTOR)
    return bag


def idf_table(bags: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """Smoothed inverse document frequency of every term over a collection of term bags."""
    document_frequency: dict[str, int] = {}
    count = 0
    for bag in bags:
        count += 1
        for term in bag:
            document_frequency[term] = document_frequency.get(term, 0) + 1
    return {
        term: math.log((count + 1) / (frequency + 1)) + 1.0
        for term, frequency in document_frequency.items()
    }


def vectorize(bag: Mapping[str, float], idf: Mapping[str, float]) -> dict[str, float]:
    """TF-IDF vector of a term bag, scaled to length 1 (unknown terms count with idf 1).

    Concept terms count as rare as the rarest word: that many plans of a region share a concept
    is exactly when they should meet, not a sign that the concept says little.
    """
    rarest = max(idf.values(), default=1.0)
    vector = {
        term: weight * (rarest if term.startswith("~") else idf.get(term, 1.0))
        for term, weight in bag.items()
    }
    norm = math.sqrt(sum(value * value for value in vector.values()))
    if not norm:
        return {}
    return {term: value / norm for term, value in vector.items()}


def cosine(left: Mapping[str, float], right: Mapping[str, float]) -> float:
    """Cosine of two unit vectors (0 … 1)."""
    if len(left) > len(right):
        left, right = right, left
    return sum(value * right.get(term, 0.0) for term, value in left.items())
