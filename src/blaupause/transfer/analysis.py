"""Transfer analysis: does a measure fit a group of municipalities? Pure functions, no ORM.

For every measure of a strategy the analysis gives a recommendation — übernehmen (adopt as it
is), anpassen (adapt first) or zurückstellen (defer) —, a score from 0 to 100 and the reasons
as German sentences. The selector (`selectors_analysis.py`) reads the data and passes it in as
plain dataclasses; everything here can be tested without a database. The user guide
(`docs/hilfe/uebertragungsanalyse.md`) explains the same rule in plain words.

The score is the sum of four parts:

1. Voraussetzungen (up to 40 points): for each prerequisite that names a self-check criterion
   and a minimum level, the share of the group's municipalities with a submitted self-check
   whose current level reaches it; the mean of these shares. No such prerequisite: full points.
   Nobody of the group has a self-check: half the points (unknown).
2. Bedarf (up to 25 points): the share of the municipalities with a self-check whose target
   level lies above today's level on at least one criterion the measure raises. No raised
   criteria or no self-checks: half the points.
3. Erfahrung vergleichbarer Kommunen (up to 20 points): per size class of the group, the
   municipalities of that class outside the group that committed to the measure (or to a copy
   of it in an adopted strategy). With at least `MIN_PEERS` of them, the class scores their
   mean progress (0–100 %); with fewer, half the points. The classes count with the number of
   group members in them.
4. Aufwand und Kosten (up to 15 points): effort (niedrig 1, mittel 0.6, hoch 0.2) and cost band
   (1, 0.7, 0.4, 0.1), averaged. For a high effort or a cost of 50,000 € and more, the share of
   small municipalities (under 10,000 inhabitants) lowers this part by up to half.

Each part is rounded to whole points, halves up. Score ≥ `ADOPT_FROM` → übernehmen,
≥ `ADAPT_FROM` → anpassen, below → zurückstellen.

Dependencies: a measure is never recommended more strongly than a measure it depends on (within
the analysed strategy). When a dependency caps the recommendation, the score drops to the top
of the capped band and the difference is shown as the part "Abhängigkeiten".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from blaupause.regions.constants import SizeClass

__all__ = [
    "ADAPT_FROM",
    "ADOPT_FROM",
    "MIN_PEERS",
    "MeasureInput",
    "Member",
    "Part",
    "PeerClass",
    "Prerequisite",
    "Reason",
    "Recommendation",
    "Result",
    "analyse",
    "recommendation_for",
]

ADOPT_FROM = 65
ADAPT_FROM = 40
MIN_PEERS = 3
MAX_LEVEL = 4

READINESS, NEED, EXPERIENCE, EFFORT, DEPENDENCIES = (
    "readiness",
    "need",
    "experience",
    "effort",
    "dependencies",
)
MAX_POINTS = {READINESS: 40, NEED: 25, EXPERIENCE: 20, EFFORT: 15}
PART_LABELS = {
    READINESS: gettext_lazy("Voraussetzungen"),
    NEED: gettext_lazy("Bedarf laut Selbstcheck"),
    EXPERIENCE: gettext_lazy("Erfahrung vergleichbarer Kommunen"),
    EFFORT: gettext_lazy("Aufwand und Kosten"),
    DEPENDENCIES: gettext_lazy("Abhängigkeiten"),
}

EFFORT_VALUES = {"niedrig": 1.0, "mittel": 0.6, "hoch": 0.2}
COST_VALUES = {
    "unter 10.000 €": 1.0,
    "10.000–50.000 €": 0.7,
    "50.000–250.000 €": 0.4,
    "über 250.000 €": 0.1,
}
EXPENSIVE_COSTS = frozenset({"50.000–250.000 €", "über 250.000 €"})
SMALL_CLASS = "lt10k"
KIND_LABELS = {
    "staff": gettext_lazy("Personal"),
    "budget": gettext_lazy("Haushaltsmittel"),
    "other": gettext_lazy("Sonstiges"),
}


class Recommendation(models.TextChoices):
    ADOPT = "uebernehmen", gettext_lazy("übernehmen")
    ADAPT = "anpassen", gettext_lazy("anpassen")
    DEFER = "zurueckstellen", gettext_lazy("zurückstellen")


#: Strength of a recommendation: a measure is never stronger than what it depends on.
RANK = {Recommendation.DEFER: 0, Recommendation.ADAPT: 1, Recommendation.ADOPT: 2}
#: The highest score each recommendation allows (for a recommendation capped by a dependency).
BAND_TOP = {
    Recommendation.ADOPT: 100,
    Recommendation.ADAPT: ADOPT_FROM - 1,
    Recommendation.DEFER: ADAPT_FROM - 1,
}


def recommendation_for(score: int) -> str:
    if score >= ADOPT_FROM:
        return Recommendation.ADOPT
    if score >= ADAPT_FROM:
        return Recommendation.ADAPT
    return Recommendation.DEFER


# --- input -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prerequisite:
    """One prerequisite of a measure, as stored in `Measure.prerequisites`."""

    kind: str
    criterion: str = ""
    min_level: int | None = None
    text: str = ""

    @property
    def is_measurable(self) -> bool:
        return self.kind == "criterion" and bool(self.criterion)

    @property
    def level(self) -> int:
        return self.min_level if self.min_level is not None else 1

    @property
    def label(self) -> str:
        return _("Kriterium %(code)s ab Stufe %(level)s") % {
            "code": self.criterion,
            "level": self.level,
        }


@dataclass(frozen=True)
class MeasureInput:
    key: str
    title: str = ""
    effort: str = ""
    cost_band: str = ""
    prerequisites: tuple[Prerequisite, ...] = ()
    raises_criteria: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class Member:
    """A municipality of the analysed group.

    ``levels`` maps criterion codes to (current, target) from its latest submitted self-check;
    None when it has none (or when the viewer may not use it, see the selector).
    """

    id: int
    name: str
    size_class: str | None = None
    levels: Mapping[str, tuple[int | None, int | None]] | None = None

    @property
    def has_self_check(self) -> bool:
        return self.levels is not None

    def meets(self, prerequisite: Prerequisite) -> bool | None:
        """True/False for a measurable prerequisite; None without a self-check."""
        if self.levels is None:
            return None
        current = self.levels.get(prerequisite.criterion, (None, None))[0]
        return current is not None and current >= prerequisite.level

    def wants_to_improve(self, codes: Iterable[str]) -> bool:
        if self.levels is None:
            return False
        for code in codes:
            current, target = self.levels.get(code, (None, None))
            if current is not None and target is not None and target > current:
                return True
        return False


@dataclass(frozen=True)
class PeerClass:
    """Adoption of one measure in one size class, outside the group."""

    size_class: str
    label: str
    municipalities: int = 0  # all municipalities of the class outside the group
    adopted: int = 0  # of those, committed to the measure or a copy of it
    avg_progress: float | None = None


# --- output ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """One sentence of advice. ``effect`` is +1 (speaks for it), 0 or -1 (speaks against)."""

    part: str
    text: str
    effect: int = 0
    impact: float = 0.0

    @property
    def effect_label(self) -> str:
        return {1: _("spricht dafür"), -1: _("spricht dagegen")}.get(self.effect, _("Hinweis"))

    @property
    def css_class(self) -> str:
        return {1: "bp-reason--plus", -1: "bp-reason--minus"}.get(self.effect, "bp-reason--info")


@dataclass(frozen=True)
class Part:
    part: str
    points: int
    max_points: int

    @property
    def label(self) -> str:
        return str(PART_LABELS[self.part])


@dataclass
class Result:
    key: str
    score: int
    recommendation: str
    parts: list[Part]
    reasons: list[Reason]
    base_score: int = 0
    capped_by: list[str] = field(default_factory=list)

    @property
    def recommendation_label(self) -> str:
        return str(Recommendation(self.recommendation).label)

    @property
    def rank(self) -> int:
        return RANK[Recommendation(self.recommendation)]

    @property
    def main_reason(self) -> Reason | None:
        """The reason that weighs most for the recommendation given."""
        if not self.reasons:
            return None
        if self.capped_by:
            return min(self.reasons, key=lambda r: r.impact)
        if self.recommendation == Recommendation.ADOPT:
            return max(self.reasons, key=lambda r: r.impact)
        return min(self.reasons, key=lambda r: r.impact)


# --- the parts ---------------------------------------------------------------------------------


def _half_up(value: float) -> int:
    """Round to whole points, halves up (12.5 → 13), robust against float noise."""
    return int(value + 0.5 + 1e-9)


def _effect(fraction: float, good: float, fair: float) -> int:
    if fraction >= good:
        return 1
    if fraction >= fair:
        return 0
    return -1


def _impact(part: str, fraction: float) -> float:
    return (fraction - 0.5) * MAX_POINTS[part]


def _readiness(
    measure: MeasureInput, members: list[Member], hidden: bool
) -> tuple[float, list[Reason]]:
    measurable = [p for p in measure.prerequisites if p.is_measurable]
    checked = [m for m in members if m.has_self_check]
    reasons: list[Reason] = []
    if not measurable:
        fraction = 1.0
        reasons.append(
            Reason(
                READINESS,
                _("Die Maßnahme setzt keine bestimmte Stufe im Selbstcheck voraus."),
                1,
                _impact(READINESS, fraction) / 2,
            )
        )
    elif not checked:
        fraction = 0.5
        if hidden:
            text = _(
                "Ob die Voraussetzungen erfüllt sind, ist öffentlich nicht zu sehen: zu wenige "
                "Kommunen der Gruppe haben einen Selbstcheck abgeschlossen."
            )
        else:
            text = _(
                "Keine Kommune der Gruppe hat einen Selbstcheck abgeschlossen; ob die "
                "Voraussetzungen erfüllt sind, ist offen."
            )
        reasons.append(Reason(READINESS, text, 0, 0.0))
    else:
        shares = []
        for prerequisite in measurable:
            met = sum(1 for m in checked if m.meets(prerequisite))
            share = met / len(checked)
            shares.append(share)
            text = ngettext(
                "%(met)s von %(total)s Kommune erfüllt die Voraussetzung „%(label)s“.",
                "%(met)s von %(total)s Kommunen erfüllen die Voraussetzung „%(label)s“.",
                len(checked),
            ) % {"met": met, "total": len(checked), "label": prerequisite.label}
            effect = _effect(share, 0.75, 0.5)
            if effect < 0:
                text += " " + _(
                    "Schaffen Sie diese Voraussetzung zuerst oder beginnen Sie mit den "
                    "Kommunen, die sie schon erfüllen."
                )
            reasons.append(Reason(READINESS, text, effect, _impact(READINESS, share)))
        fraction = sum(shares) / len(shares)
        missing = len(members) - len(checked)
        if missing:
            reasons.append(
                Reason(
                    READINESS,
                    ngettext(
                        "%(count)s Kommune hat keinen Selbstcheck abgeschlossen und zählt bei "
                        "den Voraussetzungen nicht mit.",
                        "%(count)s Kommunen haben keinen Selbstcheck abgeschlossen und zählen "
                        "bei den Voraussetzungen nicht mit.",
                        missing,
                    )
                    % {"count": missing},
                    0,
                    0.0,
                )
            )
    for prerequisite in measure.prerequisites:
        if prerequisite.is_measurable:
            continue
        kind = KIND_LABELS.get(prerequisite.kind, KIND_LABELS["other"])
        reasons.append(
            Reason(
                READINESS,
                _("Prüfen Sie außerdem selbst (%(kind)s): %(text)s")
                % {"kind": kind, "text": prerequisite.text or "–"},
                0,
                0.0,
            )
        )
    return fraction, reasons


def _codes(codes: Iterable[str]) -> str:
    return ", ".join(codes)


def _need(measure: MeasureInput, members: list[Member], hidden: bool) -> tuple[float, Reason]:
    raised = list(measure.raises_criteria)
    checked = [m for m in members if m.has_self_check]
    if not raised:
        return 0.5, Reason(
            NEED, _("Die Maßnahme nennt keine Selbstcheck-Kriterien, die sie verbessert."), 0, 0.0
        )
    if not checked:
        if hidden:
            text = _("Den Bedarf laut Selbstcheck zeigt die Analyse öffentlich nicht.")
        else:
            text = _("Ohne Selbstchecks lässt sich der Bedarf nicht einschätzen.")
        return 0.5, Reason(NEED, text, 0, 0.0)
    wanting = sum(1 for m in checked if m.wants_to_improve(raised))
    share = wanting / len(checked)
    effect = _effect(share, 0.5, 0.25)
    text = ngettext(
        "Bei %(count)s von %(total)s Kommune liegt das Ziel bei %(codes)s über dem heutigen "
        "Stand: die Maßnahme hilft, dorthin zu kommen.",
        "Bei %(count)s von %(total)s Kommunen liegt das Ziel bei %(codes)s über dem heutigen "
        "Stand: die Maßnahme hilft, dorthin zu kommen.",
        len(checked),
    ) % {"count": wanting, "total": len(checked), "codes": _codes(raised)}
    if effect < 0:
        text += " " + _("Der Nutzen für die Gruppe ist eher gering.")
    return share, Reason(NEED, text, effect, _impact(NEED, share))


def _experience(
    members: list[Member], peers: Mapping[str, PeerClass]
) -> tuple[float, list[Reason]]:
    classes = Counter(m.size_class for m in members)
    if not members:
        return 0.5, [Reason(EXPERIENCE, _("Die Gruppe hat keine Mitglieder."), 0, 0.0)]
    reasons = []
    total = 0.0
    single = len([c for c in classes if c]) == 1
    for size_class, count in sorted(classes.items(), key=lambda row: (-row[1], row[0] or "")):
        if not size_class:
            total += 0.5 * count
            reasons.append(
                Reason(
                    EXPERIENCE,
                    ngettext(
                        "Für %(count)s Kommune ist keine Einwohnerzahl bekannt; sie zählt neutral.",
                        "Für %(count)s Kommunen ist keine Einwohnerzahl bekannt; sie zählen "
                        "neutral.",
                        count,
                    )
                    % {"count": count},
                    0,
                    0.0,
                )
            )
            continue
        peer = peers.get(size_class) or PeerClass(
            size_class=size_class, label=str(SizeClass(size_class).label)
        )
        if single:
            where = _("In Kommunen Ihrer Größenklasse (%(label)s)") % {"label": peer.label}
        else:
            where = ngettext(
                "In Kommunen der Größenklasse %(label)s (%(count)s Kommune der Gruppe)",
                "In Kommunen der Größenklasse %(label)s (%(count)s Kommunen der Gruppe)",
                count,
            ) % {"label": peer.label, "count": count}
        if peer.adopted < MIN_PEERS:
            share = 0.5
            if peer.adopted == 0:
                text = _("%(where)s hat noch keine die Maßnahme übernommen.") % {"where": where}
            else:
                text = ngettext(
                    "%(where)s hat erst %(adopted)s die Maßnahme übernommen; "
                    "Erfahrungen gibt es noch kaum.",
                    "%(where)s haben erst %(adopted)s die Maßnahme übernommen; "
                    "Erfahrungen gibt es noch kaum.",
                    peer.adopted,
                ) % {"where": where, "adopted": peer.adopted}
            effect = 0
        else:
            progress = peer.avg_progress or 0.0
            share = progress / 100
            text = _(
                "%(where)s haben %(adopted)s von %(total)s die Maßnahme übernommen, im Mittel "
                "zu %(progress)s %% umgesetzt."
            ) % {
                "where": where,
                "adopted": peer.adopted,
                "total": max(peer.municipalities, peer.adopted),
                "progress": int(progress + 0.5),
            }
            effect = _effect(share, 0.5, 0.25)
            if effect < 0:
                text += " " + _(
                    "Dort kommt sie bisher kaum voran – fragen Sie nach, woran es hakt."
                )
        total += share * count
        reasons.append(
            Reason(EXPERIENCE, text, effect, _impact(EXPERIENCE, share) * count / len(members))
        )
    return total / len(members), reasons


def _effort(measure: MeasureInput, members: list[Member]) -> tuple[float, list[Reason]]:
    values = []
    if measure.effort in EFFORT_VALUES:
        values.append(EFFORT_VALUES[measure.effort])
    if measure.cost_band in COST_VALUES:
        values.append(COST_VALUES[measure.cost_band])
    if not values:
        fraction = 0.5
        return fraction, [Reason(EFFORT, _("Aufwand und Kosten sind nicht angegeben."), 0, 0.0)]
    fraction = sum(values) / len(values)
    facts = ", ".join(
        text
        for text in (
            _("Aufwand %(effort)s") % {"effort": measure.effort} if measure.effort else "",
            _("Kosten %(cost)s") % {"cost": measure.cost_band} if measure.cost_band else "",
        )
        if text
    )
    reasons = []
    heavy = measure.effort == "hoch" or measure.cost_band in EXPENSIVE_COSTS
    small = sum(1 for m in members if m.size_class == SMALL_CLASS)
    if heavy and small and members:
        fraction *= 1 - 0.5 * small / len(members)
    effect = _effect(fraction, 0.7, 0.4)
    if effect > 0:
        text = _("%(facts)s: gut zu stemmen.") % {"facts": facts}
    elif effect == 0:
        text = _("%(facts)s: planen Sie Zeit und Mittel ein.") % {"facts": facts}
    else:
        text = _("%(facts)s: planen Sie Personal und Haushaltsmittel früh ein.") % {"facts": facts}
    reasons.append(Reason(EFFORT, text, effect, _impact(EFFORT, fraction)))
    if heavy and small and members:
        reasons.append(
            Reason(
                EFFORT,
                ngettext(
                    "%(small)s von %(total)s Kommune hat unter 10.000 Einwohner: allein ist "
                    "der Aufwand für sie groß – setzen Sie die Maßnahme besser gemeinsam um.",
                    "%(small)s von %(total)s Kommunen haben unter 10.000 Einwohner: allein ist "
                    "der Aufwand für sie groß – setzen Sie die Maßnahme besser gemeinsam um.",
                    len(members),
                )
                % {"small": small, "total": len(members)},
                -1,
                -0.5 * MAX_POINTS[EFFORT] * small / len(members),
            )
        )
    return fraction, reasons


# --- the whole analysis ------------------------------------------------------------------------


def _own(
    measure: MeasureInput, members: list[Member], peers: Mapping[str, PeerClass], hidden: bool
) -> Result:
    readiness, readiness_reasons = _readiness(measure, members, hidden)
    need, need_reason = _need(measure, members, hidden)
    experience, experience_reasons = _experience(members, peers)
    effort, effort_reasons = _effort(measure, members)
    fractions = {READINESS: readiness, NEED: need, EXPERIENCE: experience, EFFORT: effort}
    parts = [
        Part(part=name, points=_half_up(fractions[name] * top), max_points=top)
        for name, top in MAX_POINTS.items()
    ]
    score = max(0, min(100, sum(part.points for part in parts)))
    return Result(
        key=measure.key,
        score=score,
        base_score=score,
        recommendation=recommendation_for(score),
        parts=parts,
        reasons=[*readiness_reasons, need_reason, *experience_reasons, *effort_reasons],
    )


def analyse(
    measures: Iterable[MeasureInput],
    members: Iterable[Member],
    peers: Mapping[str, Mapping[str, PeerClass]],
    *,
    self_checks_hidden: bool = False,
) -> dict[str, Result]:
    """Results for all measures, keyed by measure key, in the order given.

    ``peers`` maps a measure key to its adoption by size class (`PeerClass` per size class).
    ``self_checks_hidden`` tells the texts that the members' self-checks were withheld (the
    members then carry no levels).
    """
    measures = list(measures)
    members = list(members)
    results = {m.key: _own(m, members, peers.get(m.key, {}), self_checks_hidden) for m in measures}
    depends = {m.key: [d for d in m.depends_on if d in results and d != m.key] for m in measures}
    # Fixed point: ranks only go down, so this ends after at most len(measures) rounds.
    rank = {key: result.rank for key, result in results.items()}
    for _round in range(len(measures) + 1):
        changed = False
        for key, deps in depends.items():
            lowest = min([rank[key], *(rank[d] for d in deps)])
            if lowest < rank[key]:
                rank[key] = lowest
                changed = True
        if not changed:
            break
    by_rank = {value: key for key, value in RANK.items()}
    for key, deps in depends.items():
        result = results[key]
        for dep in deps:
            dep_rec = by_rank[rank[dep]]
            caps = rank[dep] < result.rank
            if dep_rec == Recommendation.DEFER:
                text = _("Hängt ab von %(key)s, das zurückgestellt werden sollte.") % {"key": dep}
            elif dep_rec == Recommendation.ADAPT:
                text = _("Hängt ab von %(key)s, das angepasst werden sollte.") % {"key": dep}
            else:
                text = _("Hängt ab von %(key)s, das übernommen werden kann.") % {"key": dep}
            if caps:
                text += " " + _("Diese Maßnahme sollte darum nicht vorher beginnen.")
            effect = -1 if caps else (0 if dep_rec != Recommendation.ADOPT else 1)
            impact = -100.0 - (RANK[result.recommendation] - rank[dep]) if caps else 0.0
            result.reasons.append(Reason(DEPENDENCIES, text, effect, impact))
            if caps:
                result.capped_by.append(dep)
        if rank[key] < result.rank:
            capped = by_rank[rank[key]]
            new_score = min(result.score, BAND_TOP[capped])
            result.parts.append(
                Part(part=DEPENDENCIES, points=new_score - result.score, max_points=0)
            )
            result.score = new_score
            result.recommendation = capped
    return results
