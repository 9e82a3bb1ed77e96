"""The strategy process guide: the eight steps a network (or a municipality) goes through.

Pure logic, no database: `selectors_guide` collects the facts (`ProcessFacts`) and the tool
links the viewer may use, `build_steps` turns them into eight `Step`s with a state in words and
sentences of what is done and what is missing. The user guide `docs/hilfe/strategieprozess.md`
explains the same rules in German.

How each state is derived ("members" are the member municipalities of a network; for a
municipality that develops its own strategy, the municipality itself):

1. Bestandsaufnahme: members with a submitted self-check in the last 12 months. All of them:
   erledigt; some, or a self-check of the current year begun as a draft: in Arbeit; none: offen.
2. Ziele & Werte: the strategy has values and goals. Both: erledigt; one of them, or a vision
   text only: in Arbeit; no strategy or neither: offen.
3. Handlungsfelder: the strategy has at least one field of action: erledigt, else offen.
4. Maßnahmen: the strategy has measures. Measures in every field: erledigt; measures in some
   fields: in Arbeit; none: offen.
5. Konsultation: the strategy is in consultation: in Arbeit; it was in consultation before
   (its status log says so) or it is already adopted or in review: erledigt; else offen.
6. Beschluss: status adopted or in review, with the deciding body or the date recorded:
   erledigt (a missing body or date is named as missing); adopted without either: in Arbeit;
   else offen.
7. Umsetzung: members with at least one commitment (not "verworfen") to a measure of the
   strategy. All: erledigt; some: in Arbeit; none: offen.
8. Überprüfung (only for adopted strategies, else offen): the members' self-checks of the
   current year and a progress review, which is the status "In Überprüfung" now or in the last
   12 months, or a version published in the last 12 months. Both complete: erledigt; any part
   of it: in Arbeit; nothing: offen.

The current step is the one after the furthest step that is erledigt, or the furthest step
that is in Arbeit, whichever comes later.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

__all__ = [
    "DONE",
    "IN_PROGRESS",
    "OPEN",
    "STATE_LABELS",
    "STEP_KEYS",
    "STEP_TITLES",
    "ProcessFacts",
    "Step",
    "ToolLink",
    "build_steps",
    "current_step",
]

DONE = "erledigt"
IN_PROGRESS = "in Arbeit"
OPEN = "offen"

#: The state as the page shows it (translatable) and a symbol that repeats it without colour.
STATE_LABELS: dict[str, Promise] = {
    DONE: gettext_lazy("erledigt"),
    IN_PROGRESS: gettext_lazy("in Arbeit"),
    OPEN: gettext_lazy("offen"),
}
STATE_SYMBOLS = {DONE: "✓", IN_PROGRESS: "◐", OPEN: "○"}
STATE_BADGES = {DONE: "success", IN_PROGRESS: "warning", OPEN: "info"}

STEP_KEYS = (
    "inventory",
    "values",
    "fields",
    "measures",
    "consultation",
    "decision",
    "implementation",
    "review",
)
STEP_TITLES: dict[str, Promise] = {
    "inventory": gettext_lazy("Bestandsaufnahme"),
    "values": gettext_lazy("Ziele & Werte"),
    "fields": gettext_lazy("Handlungsfelder"),
    "measures": gettext_lazy("Maßnahmen"),
    "consultation": gettext_lazy("Konsultation"),
    "decision": gettext_lazy("Beschluss"),
    "implementation": gettext_lazy("Umsetzung"),
    "review": gettext_lazy("Überprüfung"),
}
#: Where a municipality works on its own, some steps read differently.
OWN_PURPOSES: dict[str, Promise] = {
    "inventory": gettext_lazy("Die Kommune macht den Selbstcheck: Wo steht sie heute?"),
    "implementation": gettext_lazy("Die Kommune trägt ein, an welchen Maßnahmen sie arbeitet."),
    "review": gettext_lazy(
        "Jährlich: neuer Selbstcheck der Kommune und Überprüfung des Fortschritts."
    ),
}
STEP_PURPOSES: dict[str, Promise] = {
    "inventory": gettext_lazy("Alle Mitglieder machen den Selbstcheck: Wo stehen wir heute?"),
    "values": gettext_lazy("In einem Workshop entstehen Leitbild, Werte und Ziele."),
    "fields": gettext_lazy("Die Themen der Strategie werden zu Handlungsfeldern gebündelt."),
    "measures": gettext_lazy(
        "Maßnahmen sammeln und priorisieren – oder aus einer Blaupause übernehmen."
    ),
    "consultation": gettext_lazy("Der Entwurf geht zur Konsultation an alle Beteiligten."),
    "decision": gettext_lazy("Das zuständige Gremium beschließt die Strategie."),
    "implementation": gettext_lazy("Die Kommunen sagen zu, welche Maßnahmen sie umsetzen."),
    "review": gettext_lazy(
        "Jährlich: neuer Selbstcheck aller Mitglieder und Überprüfung des Fortschritts."
    ),
}

#: Status values of `strategies.constants.StrategyStatus`, repeated to keep this module pure.
_ADOPTED_STATUSES = {"adopted", "review"}


@dataclass(frozen=True)
class ToolLink:
    label: str
    url: str


@dataclass
class ProcessFacts:
    """What the selector found out about one network (or municipality) and its strategy."""

    today: datetime.date
    is_network: bool = True
    member_count: int = 0
    #: Members with a submitted self-check in the last 12 months / of the current year.
    inventory_count: int = 0
    current_year_count: int = 0
    #: Members with a self-check of the current year begun but not submitted.
    draft_count: int = 0
    #: Names of members still missing per step; empty when the viewer may not see names.
    inventory_missing: list[str] = field(default_factory=list)
    current_year_missing: list[str] = field(default_factory=list)
    implementation_missing: list[str] = field(default_factory=list)
    has_strategy: bool = False
    strategy_title: str = ""
    status: str = ""
    has_vision: bool = False
    value_count: int = 0
    goal_count: int = 0
    field_count: int = 0
    fields_with_measures: int = 0
    measure_count: int = 0
    had_consultation: bool = False
    adopted_body: str = ""
    adopted_on: datetime.date | None = None
    #: Whether the strategy was in review (now or in the last 12 months).
    recent_review: bool = False
    last_version_on: datetime.date | None = None
    #: Members with at least one commitment to a measure of the strategy; for a municipality's
    #: own strategy: measures with a commitment.
    committed_count: int = 0

    @property
    def is_adopted(self) -> bool:
        return self.status in _ADOPTED_STATUSES

    @property
    def recent_version(self) -> bool:
        return bool(self.last_version_on and (self.today - self.last_version_on).days <= 365)


@dataclass
class Step:
    number: int
    key: str
    title: str
    purpose: str
    state: str
    done: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    links: list[ToolLink] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def symbol(self) -> str:
        return STATE_SYMBOLS[self.state]

    @property
    def badge(self) -> str:
        return STATE_BADGES[self.state]

    @property
    def tool(self) -> ToolLink | None:
        return self.links[0] if self.links else None

    @property
    def is_done(self) -> bool:
        return self.state == DONE


def _date(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _share_state(count: int, total: int) -> str:
    if total and count >= total:
        return DONE
    return IN_PROGRESS if count else OPEN


def _names(names: list[str], limit: int = 20) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    rest = len(names) - limit
    return ngettext("%(names)s und %(n)d weitere", "%(names)s und %(n)d weitere", rest) % {
        "names": ", ".join(names[:limit]),
        "n": rest,
    }


def _members_sentence(count: int, total: int) -> str:
    return ngettext(
        "%(count)d von %(total)d Mitgliedskommune",
        "%(count)d von %(total)d Mitgliedskommunen",
        total,
    ) % {"count": count, "total": total}


def _no_strategy(step: Step, facts: ProcessFacts) -> Step:
    if step.key != "values":
        step.missing.append(_("Dafür braucht es zuerst eine Strategie (Schritt 2)."))
    elif facts.is_network:
        step.missing.append(_("Es gibt noch keine Strategie des Netzwerks."))
    else:
        step.missing.append(_("Es gibt noch keine eigene Strategie der Kommune."))
    return step


def _inventory(step: Step, f: ProcessFacts) -> Step:
    if not f.member_count:
        step.state = OPEN
        step.missing.append(_("Das Netzwerk hat noch keine Mitglieder."))
        return step
    step.state = _share_state(f.inventory_count, f.member_count)
    if step.state == OPEN and f.draft_count:
        step.state = IN_PROGRESS
    if f.is_network:
        if f.inventory_count:
            step.done.append(
                _("%(members)s haben in den letzten 12 Monaten einen Selbstcheck abgeschlossen.")
                % {"members": _members_sentence(f.inventory_count, f.member_count)}
            )
        missing = f.member_count - f.inventory_count
        if missing:
            text = ngettext(
                "%(n)d Mitgliedskommune hat in den letzten 12 Monaten keinen Selbstcheck "
                "abgeschlossen.",
                "%(n)d Mitgliedskommunen haben in den letzten 12 Monaten keinen Selbstcheck "
                "abgeschlossen.",
                missing,
            ) % {"n": missing}
            if f.inventory_missing:
                text += " " + _("Es fehlen: %(names)s.") % {"names": _names(f.inventory_missing)}
            step.missing.append(text)
    elif f.inventory_count:
        step.done.append(
            _("Die Kommune hat in den letzten 12 Monaten einen Selbstcheck abgeschlossen.")
        )
    else:
        step.missing.append(
            _("Die Kommune hat in den letzten 12 Monaten keinen Selbstcheck abgeschlossen.")
        )
    if f.draft_count and step.state != DONE:
        step.done.append(
            ngettext(
                "%(n)d Selbstcheck des laufenden Jahres ist begonnen.",
                "%(n)d Selbstchecks des laufenden Jahres sind begonnen.",
                f.draft_count,
            )
            % {"n": f.draft_count}
        )
    return step


def _values(step: Step, f: ProcessFacts) -> Step:
    if not f.has_strategy:
        return _no_strategy(step, f)
    if f.value_count and f.goal_count:
        step.state = DONE
    elif f.value_count or f.goal_count or f.has_vision:
        step.state = IN_PROGRESS
    if f.has_vision:
        step.done.append(_("Ein Leitbild ist formuliert."))
    if f.value_count:
        step.done.append(
            ngettext(
                "%(n)d Wert ist festgehalten.", "%(n)d Werte sind festgehalten.", f.value_count
            )
            % {"n": f.value_count}
        )
    else:
        step.missing.append(_("Es sind noch keine Werte festgehalten."))
    if f.goal_count:
        step.done.append(
            ngettext("%(n)d Ziel ist formuliert.", "%(n)d Ziele sind formuliert.", f.goal_count)
            % {"n": f.goal_count}
        )
    else:
        step.missing.append(_("Es sind noch keine Ziele formuliert."))
    return step


def _fields(step: Step, f: ProcessFacts) -> Step:
    if not f.has_strategy:
        return _no_strategy(step, f)
    if f.field_count:
        step.state = DONE
        step.done.append(
            ngettext(
                "%(n)d Handlungsfeld ist angelegt.",
                "%(n)d Handlungsfelder sind angelegt.",
                f.field_count,
            )
            % {"n": f.field_count}
        )
    else:
        step.missing.append(_("Es ist noch kein Handlungsfeld angelegt."))
    return step


def _measures(step: Step, f: ProcessFacts) -> Step:
    if not f.has_strategy:
        return _no_strategy(step, f)
    if not f.measure_count:
        step.missing.append(_("Es gibt noch keine Maßnahmen."))
        return step
    step.state = DONE if f.fields_with_measures >= f.field_count else IN_PROGRESS
    step.done.append(
        ngettext(
            "%(n)d Maßnahme ist beschrieben.", "%(n)d Maßnahmen sind beschrieben.", f.measure_count
        )
        % {"n": f.measure_count}
    )
    empty = f.field_count - f.fields_with_measures
    if empty > 0:
        step.missing.append(
            ngettext(
                "%(n)d Handlungsfeld hat noch keine Maßnahme.",
                "%(n)d Handlungsfelder haben noch keine Maßnahme.",
                empty,
            )
            % {"n": empty}
        )
    return step


def _consultation(step: Step, f: ProcessFacts) -> Step:
    if not f.has_strategy:
        return _no_strategy(step, f)
    if f.status == "consultation":
        step.state = IN_PROGRESS
        step.done.append(_("Die Strategie ist in der Konsultation."))
        step.missing.append(
            _("Nach der Konsultation: Rückmeldungen einarbeiten und den Beschluss vorbereiten.")
        )
    elif f.had_consultation:
        step.state = DONE
        step.done.append(_("Die Strategie war in der Konsultation."))
    elif f.is_adopted:
        step.state = DONE
        step.done.append(
            _("Die Strategie ist bereits beschlossen; eine Konsultation ist nicht verzeichnet.")
        )
    else:
        step.missing.append(_("Der Entwurf war noch nicht in der Konsultation."))
    return step


def _decision(step: Step, f: ProcessFacts) -> Step:
    if not f.has_strategy:
        return _no_strategy(step, f)
    if not f.is_adopted:
        step.missing.append(_("Die Strategie ist noch nicht beschlossen."))
        return step
    step.state = DONE if (f.adopted_body or f.adopted_on) else IN_PROGRESS
    if f.adopted_body and f.adopted_on:
        step.done.append(
            _("Beschlossen durch %(body)s am %(date)s.")
            % {"body": f.adopted_body, "date": _date(f.adopted_on)}
        )
    elif f.adopted_body:
        step.done.append(_("Beschlossen durch %(body)s.") % {"body": f.adopted_body})
        step.missing.append(_("Das Datum des Beschlusses ist nicht eingetragen."))
    elif f.adopted_on:
        step.done.append(_("Beschlossen am %(date)s.") % {"date": _date(f.adopted_on)})
        step.missing.append(_("Das beschließende Gremium ist nicht eingetragen."))
    else:
        step.done.append(_("Der Status der Strategie ist „Beschlossen“."))
        step.missing.append(_("Gremium und Datum des Beschlusses sind nicht eingetragen."))
    return step


def _implementation(step: Step, f: ProcessFacts) -> Step:
    if not f.has_strategy:
        return _no_strategy(step, f)
    if f.is_network:
        total = f.member_count
        if not total:
            step.missing.append(_("Das Netzwerk hat noch keine Mitglieder."))
            return step
        step.state = _share_state(f.committed_count, total)
        if f.committed_count:
            step.done.append(
                _("%(members)s haben sich an mindestens einer Maßnahme beteiligt.")
                % {"members": _members_sentence(f.committed_count, total)}
            )
        missing = total - f.committed_count
        if missing:
            text = ngettext(
                "%(n)d Mitgliedskommune hat noch keine Beteiligung eingetragen.",
                "%(n)d Mitgliedskommunen haben noch keine Beteiligung eingetragen.",
                missing,
            ) % {"n": missing}
            if f.implementation_missing:
                text += " " + _("Es fehlen: %(names)s.") % {
                    "names": _names(f.implementation_missing)
                }
            step.missing.append(text)
        return step
    total = f.measure_count
    if not total:
        step.missing.append(
            _("Es gibt noch keine Maßnahmen, an denen sich die Kommune beteiligen kann.")
        )
        return step
    step.state = _share_state(f.committed_count, total)
    if f.committed_count:
        step.done.append(
            ngettext(
                "Für %(count)d von %(total)d Maßnahme ist eine Beteiligung eingetragen.",
                "Für %(count)d von %(total)d Maßnahmen ist eine Beteiligung eingetragen.",
                total,
            )
            % {"count": f.committed_count, "total": total}
        )
    if f.committed_count < total:
        missing = total - f.committed_count
        step.missing.append(
            ngettext(
                "%(n)d Maßnahme hat noch keine Beteiligung.",
                "%(n)d Maßnahmen haben noch keine Beteiligung.",
                missing,
            )
            % {"n": missing}
        )
    return step


def _review(step: Step, f: ProcessFacts) -> Step:
    if not f.has_strategy:
        return _no_strategy(step, f)
    if not f.is_adopted:
        step.missing.append(_("Die Überprüfung beginnt, wenn die Strategie beschlossen ist."))
        return step
    year = f.today.year
    total = f.member_count
    checks_complete = bool(total) and f.current_year_count >= total
    reviewed = f.recent_review or f.recent_version
    if checks_complete and reviewed:
        step.state = DONE
    elif f.current_year_count or reviewed:
        step.state = IN_PROGRESS
    if f.is_network:
        if f.current_year_count:
            step.done.append(
                _("%(members)s haben den Selbstcheck %(year)d abgeschlossen.")
                % {"members": _members_sentence(f.current_year_count, total), "year": year}
            )
        if not checks_complete and total:
            missing = total - f.current_year_count
            text = ngettext(
                "%(n)d Mitgliedskommune fehlt noch im Selbstcheck %(year)d.",
                "%(n)d Mitgliedskommunen fehlen noch im Selbstcheck %(year)d.",
                missing,
            ) % {"n": missing, "year": year}
            if f.current_year_missing:
                text += " " + _("Es fehlen: %(names)s.") % {"names": _names(f.current_year_missing)}
            step.missing.append(text)
    elif checks_complete:
        step.done.append(_("Der Selbstcheck %(year)d ist abgeschlossen.") % {"year": year})
    else:
        step.missing.append(_("Der Selbstcheck %(year)d fehlt noch.") % {"year": year})
    if f.status == "review":
        step.done.append(_("Die Strategie ist gerade in Überprüfung."))
    elif f.recent_review:
        step.done.append(_("Die Strategie war in den letzten 12 Monaten in Überprüfung."))
    if f.recent_version:
        step.done.append(
            _("Zuletzt am %(date)s als neue Version veröffentlicht.")
            % {"date": _date(f.last_version_on)}
        )
    if not reviewed:
        step.missing.append(
            _(
                "In den letzten 12 Monaten gab es keine Überprüfung des Fortschritts "
                "(Status „In Überprüfung“ oder eine neue Version)."
            )
        )
    return step


_RULES = {
    "inventory": _inventory,
    "values": _values,
    "fields": _fields,
    "measures": _measures,
    "consultation": _consultation,
    "decision": _decision,
    "implementation": _implementation,
    "review": _review,
}


def build_steps(facts: ProcessFacts, links: dict[str, list[ToolLink]] | None = None) -> list[Step]:
    """The eight steps with state, what is done, what is missing and the viewer's tools."""
    links = links or {}
    steps = []
    for number, key in enumerate(STEP_KEYS, start=1):
        step = Step(
            number=number,
            key=key,
            title=str(STEP_TITLES[key]),
            purpose=str(
                STEP_PURPOSES[key]
                if facts.is_network
                else OWN_PURPOSES.get(key, STEP_PURPOSES[key])
            ),
            state=OPEN,
            links=list(links.get(key, [])),
        )
        steps.append(_RULES[key](step, facts))
    return steps


def current_step(steps: list[Step]) -> Step:
    """The step to work on now: after the furthest one done, or the furthest one in work."""
    furthest = 0
    for position, step in enumerate(steps):
        if step.state == DONE:
            furthest = max(furthest, min(position + 1, len(steps) - 1))
        elif step.state == IN_PROGRESS:
            furthest = max(furthest, position)
    return steps[furthest]
