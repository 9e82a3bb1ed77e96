"""Precision and recall of the finder's pair score on a labelled set of title pairs.

The set (`tests/collaboration/data/synergy_pairs.json`) lists pairs of German measure and
procurement titles, each marked similar or not. All titles form one collection for the
document frequencies, as the titles of one region do in a real computation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .finder import THRESHOLD, Item, pair_score, vectorize_items


@dataclass(frozen=True)
class Result:
    threshold: float
    pairs: int
    true_positives: int
    false_positives: int
    false_negatives: int
    mistakes: tuple[tuple[str, str, bool, float], ...]

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        relevant = self.true_positives + self.false_negatives
        return self.true_positives / relevant if relevant else 1.0


def load_pairs(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["pairs"]


def evaluate(pairs: list[dict], threshold: float = THRESHOLD) -> Result:
    titles = sorted({pair["a"] for pair in pairs} | {pair["b"] for pair in pairs})
    items = {
        title: Item(kind="plan", pk=index, municipality_ids=frozenset({index}), title=title)
        for index, title in enumerate(titles)
    }
    vectorize_items(list(items.values()))
    tp = fp = fn = 0
    mistakes = []
    for pair in pairs:
        score, _matches = pair_score(items[pair["a"]], items[pair["b"]])
        predicted = score >= threshold
        if predicted and pair["similar"]:
            tp += 1
        elif predicted:
            fp += 1
        elif pair["similar"]:
            fn += 1
        if predicted != pair["similar"]:
            mistakes.append((pair["a"], pair["b"], pair["similar"], round(score, 3)))
    return Result(threshold, len(pairs), tp, fp, fn, tuple(mistakes))
