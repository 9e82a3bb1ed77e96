"""The transfer analysis rule (`transfer/analysis.py`): every part, threshold and reason."""

import pytest

from blaupause.transfer.analysis import (
    ADAPT_FROM,
    ADOPT_FROM,
    MIN_PEERS,
    MeasureInput,
    Member,
    PeerClass,
    Prerequisite,
    Recommendation,
    analyse,
    recommendation_for,
)

SMALL, MID = "lt10k", "10k-20k"
A1_2 = Prerequisite(kind="criterion", criterion="A1", min_level=2, text="Netzwerk")


def members(count, *, levels=None, size=MID, start=0):
    return [
        Member(id=start + i, name=f"K{start + i}", size_class=size, levels=levels)
        for i in range(count)
    ]


def one(measure, group, peers=None, **kwargs):
    return analyse([measure], group, {measure.key: peers or {}}, **kwargs)[measure.key]


def part(result, name):
    return next(p.points for p in result.parts if p.part == name)


def texts(result):
    return [reason.text for reason in result.reasons]


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (100, Recommendation.ADOPT),
        (ADOPT_FROM, Recommendation.ADOPT),
        (ADOPT_FROM - 1, Recommendation.ADAPT),
        (ADAPT_FROM, Recommendation.ADAPT),
        (ADAPT_FROM - 1, Recommendation.DEFER),
        (0, Recommendation.DEFER),
    ],
)
def test_thresholds(score, expected):
    assert recommendation_for(score) == expected


# --- Voraussetzungen ---------------------------------------------------------------------------


def test_prerequisite_met_by_seven_of_ten():
    group = members(7, levels={"A1": (2, 3)}) + members(3, levels={"A1": (1, 2)}, start=7)
    result = one(MeasureInput("A-M02", prerequisites=(A1_2,)), group)
    assert "7 von 10 Kommunen erfüllen die Voraussetzung „Kriterium A1 ab Stufe 2“." in texts(
        result
    )
    assert part(result, "readiness") == 28  # 40 × 0.7


def test_prerequisite_met_by_few_gives_advice_and_speaks_against():
    group = members(1, levels={"A1": (3, 3)}) + members(3, levels={"A1": (0, 2)}, start=1)
    result = one(MeasureInput("X", prerequisites=(A1_2,)), group)
    reason = next(r for r in result.reasons if "Kriterium A1" in r.text)
    assert reason.text.startswith("1 von 4 Kommunen erfüllen")
    assert "Schaffen Sie diese Voraussetzung zuerst" in reason.text
    assert reason.effect == -1
    assert part(result, "readiness") == 10


def test_unanswered_criterion_counts_as_not_met_and_missing_checks_do_not_count():
    group = members(2, levels={"A1": (None, 2)}) + members(2, levels={"A1": (2, 2)}, start=2)
    group += members(3, levels=None, start=4)
    result = one(MeasureInput("X", prerequisites=(A1_2,)), group)
    assert "2 von 4 Kommunen erfüllen die Voraussetzung „Kriterium A1 ab Stufe 2“." in texts(result)
    assert (
        "3 Kommunen haben keinen Selbstcheck abgeschlossen und zählen bei den Voraussetzungen "
        "nicht mit." in texts(result)
    )


def test_missing_min_level_means_level_one():
    prerequisite = Prerequisite(kind="criterion", criterion="C2", min_level=None)
    result = one(
        MeasureInput("X", prerequisites=(prerequisite,)), members(2, levels={"C2": (1, 1)})
    )
    assert "2 von 2 Kommunen erfüllen die Voraussetzung „Kriterium C2 ab Stufe 1“." in texts(result)


def test_no_measurable_prerequisite_gives_full_points():
    result = one(MeasureInput("X"), members(3, levels={}))
    assert part(result, "readiness") == 40
    assert "Die Maßnahme setzt keine bestimmte Stufe im Selbstcheck voraus." in texts(result)


def test_without_any_self_check_readiness_and_need_are_unknown():
    measure = MeasureInput("X", prerequisites=(A1_2,), raises_criteria=("A4",))
    result = one(measure, members(4, levels=None))
    assert part(result, "readiness") == 20
    assert part(result, "need") == 13  # 12.5, halves round up
    assert any(
        t.startswith("Keine Kommune der Gruppe hat einen Selbstcheck") for t in texts(result)
    )
    assert "Ohne Selbstchecks lässt sich der Bedarf nicht einschätzen." in texts(result)


def test_hidden_self_checks_say_so():
    measure = MeasureInput("X", prerequisites=(A1_2,), raises_criteria=("A4",))
    result = one(measure, members(4, levels=None), self_checks_hidden=True)
    assert any("öffentlich nicht zu sehen" in t for t in texts(result))
    assert "Den Bedarf laut Selbstcheck zeigt die Analyse öffentlich nicht." in texts(result)


def test_other_prerequisites_are_listed_to_check():
    staff = Prerequisite(kind="staff", text="Eine verantwortliche Person")
    result = one(MeasureInput("X", prerequisites=(staff,)), members(2, levels={}))
    assert "Prüfen Sie außerdem selbst (Personal): Eine verantwortliche Person" in texts(result)
    assert part(result, "readiness") == 40  # not measurable: no points lost


# --- Bedarf -----------------------------------------------------------------------------------


def test_need_counts_municipalities_whose_target_lies_above_today():
    group = members(3, levels={"A4": (1, 3)}) + members(1, levels={"A4": (3, 3)}, start=3)
    result = one(MeasureInput("X", raises_criteria=("A4", "A6")), group)
    assert (
        "Bei 3 von 4 Kommunen liegt das Ziel bei A4, A6 über dem heutigen Stand: die Maßnahme "
        "hilft, dorthin zu kommen." in texts(result)
    )
    assert part(result, "need") == 19  # 25 × 0.75


def test_little_need_speaks_against():
    group = members(5, levels={"A4": (3, 3)})
    result = one(MeasureInput("X", raises_criteria=("A4",)), group)
    reason = next(r for r in result.reasons if r.part == "need")
    assert reason.effect == -1
    assert "Der Nutzen für die Gruppe ist eher gering." in reason.text
    assert part(result, "need") == 0


def test_no_raised_criteria_is_neutral():
    result = one(MeasureInput("X"), members(2, levels={}))
    assert "Die Maßnahme nennt keine Selbstcheck-Kriterien, die sie verbessert." in texts(result)


# --- Erfahrung ---------------------------------------------------------------------------------


def test_experience_of_the_own_size_class():
    peers = {MID: PeerClass(MID, "10.000 bis unter 20.000", 400, 12, 45.0)}
    result = one(MeasureInput("X"), members(3, levels={}), peers)
    assert (
        "In Kommunen Ihrer Größenklasse (10.000 bis unter 20.000) haben 12 von 400 die "
        "Maßnahme übernommen, im Mittel zu 45 % umgesetzt." in texts(result)
    )
    assert part(result, "experience") == 9  # 20 × 0.45


def test_too_few_peers_count_half():
    peers = {MID: PeerClass(MID, "10.000 bis unter 20.000", 400, MIN_PEERS - 1, 90.0)}
    result = one(MeasureInput("X"), members(3, levels={}), peers)
    assert part(result, "experience") == 10
    assert any("haben erst 2 die Maßnahme übernommen" in t for t in texts(result))


def test_no_peer_at_all():
    result = one(MeasureInput("X"), members(1, levels={}, size=SMALL))
    assert (
        "In Kommunen Ihrer Größenklasse (unter 10.000) hat noch keine die Maßnahme übernommen."
        in texts(result)
    )


def test_slow_progress_elsewhere_speaks_against():
    peers = {MID: PeerClass(MID, "10.000 bis unter 20.000", 400, 10, 10.0)}
    result = one(MeasureInput("X"), members(2, levels={}), peers)
    reason = next(r for r in result.reasons if r.part == "experience")
    assert reason.effect == -1
    assert "kaum voran" in reason.text


def test_mixed_size_classes_weigh_by_members():
    peers = {
        MID: PeerClass(MID, "10.000 bis unter 20.000", 400, 10, 100.0),
        SMALL: PeerClass(SMALL, "unter 10.000", 800, 10, 0.0),
    }
    group = members(3, levels={}) + members(1, levels={}, size=SMALL, start=3)
    result = one(MeasureInput("X"), group, peers)
    assert part(result, "experience") == 15  # 20 × (3 × 1.0 + 1 × 0.0) / 4
    assert any(
        t.startswith("In Kommunen der Größenklasse 10.000 bis unter 20.000 (3 Kommunen der Gruppe)")
        for t in texts(result)
    )


# --- Aufwand -----------------------------------------------------------------------------------


def test_low_effort_and_cost():
    result = one(MeasureInput("X", effort="niedrig", cost_band="unter 10.000 €"), members(2))
    assert part(result, "effort") == 15
    assert "Aufwand niedrig, Kosten unter 10.000 €: gut zu stemmen." in texts(result)


def test_high_effort_weighs_more_for_small_municipalities():
    measure = MeasureInput("X", effort="hoch", cost_band="50.000–250.000 €")
    large = one(measure, members(4))
    small = one(measure, members(2) + members(2, size=SMALL, start=2))
    assert part(large, "effort") == 5  # 15 × 0.3 = 4.5, halves round up
    assert part(small, "effort") == 3  # 15 × 0.3 × 0.75
    assert (
        "2 von 4 Kommunen haben unter 10.000 Einwohner: allein ist der Aufwand für sie groß – "
        "setzen Sie die Maßnahme besser gemeinsam um." in texts(small)
    )
    assert not any("unter 10.000 Einwohner" in t for t in texts(large))


# --- Abhängigkeiten ----------------------------------------------------------------------------


def _good(key, depends_on=()):
    return MeasureInput(
        key, effort="niedrig", cost_band="unter 10.000 €", depends_on=tuple(depends_on)
    )


def _bad(key):
    return MeasureInput(
        key,
        effort="hoch",
        cost_band="über 250.000 €",
        prerequisites=(A1_2,),
        raises_criteria=("A4",),
    )


def test_a_measure_is_never_stronger_than_what_it_depends_on():
    group = members(4, levels={"A1": (0, 0), "A4": (4, 4)})
    results = analyse([_bad("A-M02"), _good("B-M01", ["A-M02"])], group, {})
    assert results["A-M02"].recommendation == Recommendation.DEFER
    dependent = results["B-M01"]
    assert dependent.base_score >= ADOPT_FROM
    assert dependent.recommendation == Recommendation.DEFER
    assert dependent.score == ADAPT_FROM - 1
    assert dependent.main_reason.text == (
        "Hängt ab von A-M02, das zurückgestellt werden sollte. "
        "Diese Maßnahme sollte darum nicht vorher beginnen."
    )
    deduction = next(p for p in dependent.parts if p.part == "dependencies")
    assert deduction.points == dependent.score - dependent.base_score


def test_caps_pass_along_chains_and_cycles_end():
    group = members(4, levels={"A1": (0, 0), "A4": (4, 4)})
    chain = [_bad("A"), _good("B", ["A"]), _good("C", ["B"]), _good("D", ["E"]), _good("E", ["D"])]
    results = analyse(chain, group, {})
    assert results["C"].recommendation == Recommendation.DEFER
    assert "Hängt ab von B, das zurückgestellt werden sollte." in results["C"].reasons[-1].text
    assert results["D"].recommendation == results["E"].recommendation == Recommendation.ADOPT


def test_a_good_dependency_is_mentioned_without_cap():
    results = analyse([_good("A"), _good("B", ["A", "unbekannt"])], members(2, levels={}), {})
    assert results["B"].recommendation == Recommendation.ADOPT
    assert "Hängt ab von A, das übernommen werden kann." in texts(results["B"])
    assert not any("unbekannt" in t for t in texts(results["B"]))
    assert results["B"].score == results["B"].base_score


def test_main_reason_of_an_adopted_measure_speaks_for_it():
    result = one(_good("A"), members(2, levels={}))
    assert result.recommendation == Recommendation.ADOPT
    assert result.main_reason.effect == 1


def test_score_is_the_sum_of_the_parts():
    peers = {MID: PeerClass(MID, "x", 100, 5, 60.0)}
    result = one(_bad("A"), members(5, levels={"A1": (2, 2), "A4": (1, 3)}), peers)
    assert result.score == sum(p.points for p in result.parts)
    assert 0 <= result.score <= 100
