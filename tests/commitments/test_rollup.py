"""The roll-up rule itself: pure functions, no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blaupause.commitments import rollup as rule
from blaupause.commitments.rollup import Entry, tally

STATUSES = ["planned", "in_progress", "done", "paused", "dropped"]


def measure(*entries, members=16):
    return rule.measure_rollup(tally(entries), municipality_count=members)


def test_done_counts_as_100_whatever_was_stored():
    assert rule.effective_progress("done", 20) == 100
    assert measure(Entry("done", 0)).avg_progress == 100


def test_stored_progress_counts_for_every_other_status():
    assert rule.effective_progress("in_progress", 40) == 40
    assert rule.effective_progress("paused", 30) == 30
    assert rule.effective_progress("planned", None) == 0


def test_out_of_range_progress_is_clamped():
    assert rule.effective_progress("in_progress", 250) == 100
    assert rule.effective_progress("in_progress", -5) == 0


def test_measure_average_is_the_mean_over_committed_municipalities():
    result = measure(Entry("done", 0), Entry("in_progress", 50), Entry("planned", 0))
    assert result.committed == 3
    assert result.done == 1
    assert result.avg_progress == pytest.approx(50)


def test_dropped_does_not_count_as_committed_nor_in_the_average():
    result = measure(Entry("in_progress", 60), Entry("dropped", 90))
    assert result.committed == 1
    assert result.avg_progress == 60
    assert result.by_status["dropped"] == 1  # still visible in the status counts
    assert result.commitment_count == 1


def test_measure_without_commitment_has_no_average():
    result = measure()
    assert result.committed == 0
    assert result.avg_progress is None
    assert result.percent is None
    assert result.progress_text == "–"
    assert result.label == "0 von 16 Kommunen beteiligt, 0 umgesetzt"


def test_only_dropped_commitments_leave_no_average():
    assert measure(Entry("dropped", 50)).avg_progress is None


def test_measure_label_in_german():
    result = measure(*[Entry("in_progress", 10)] * 7, *[Entry("done")] * 5)
    assert result.label == "12 von 16 Kommunen beteiligt, 5 umgesetzt"


def test_label_uses_the_singular_for_one_municipality():
    assert measure(Entry("done"), members=1).label == "1 von 1 Kommune beteiligt, 1 umgesetzt"


def test_structure_is_the_weighted_mean_of_its_measures():
    a = measure(Entry("done"))  # 100 %
    b = measure(Entry("in_progress", 40))  # 40 %
    result = rule.structure_rollup([(a, 1), (b, 3)], committed=2, municipality_count=16)
    assert result.avg_progress == pytest.approx((100 + 3 * 40) / 4)  # 55
    assert result.measure_count == 2
    assert result.measures_committed == 2
    assert result.done == 1


def test_structure_counts_a_measure_nobody_committed_to_as_zero():
    a = measure(Entry("done"))
    empty = measure()
    result = rule.structure_rollup([(a, 1), (empty, 1)], committed=1, municipality_count=16)
    assert result.avg_progress == 50
    assert result.measures_committed == 1


def test_structure_leaves_out_measures_with_weight_zero():
    a = measure(Entry("done"))
    b = measure(Entry("planned", 0))
    result = rule.structure_rollup(
        [(a, Decimal("1.00")), (b, Decimal(0))], committed=2, municipality_count=16
    )
    assert result.avg_progress == 100


def test_empty_structure_has_no_average():
    result = rule.structure_rollup([], committed=0, municipality_count=16)
    assert result.avg_progress is None
    assert result.measure_count == 0
    assert result.label == "0 von 16 Kommunen beteiligt, 0-mal umgesetzt"


def test_structure_label_counts_done_commitments():
    a = measure(Entry("done"), Entry("done"))
    b = measure(Entry("done"), Entry("planned"))
    result = rule.structure_rollup([(a, 1), (b, 1)], committed=3, municipality_count=16)
    assert result.label == "3 von 16 Kommunen beteiligt, 3-mal umgesetzt"


def test_municipality_is_the_weighted_mean_over_its_commitments():
    result = rule.commitments_rollup(
        tally([Entry("done", weight=1), Entry("in_progress", 20, weight=3), Entry("dropped", 80)]),
        measure_count=34,
    )
    assert result.avg_progress == pytest.approx((100 + 3 * 20) / 4)  # 40
    assert result.measures_committed == 2
    assert result.committed == 1
    assert result.label == "an 2 von 34 Maßnahmen beteiligt, 1 umgesetzt"


def test_municipality_without_commitments():
    result = rule.commitments_rollup([], measure_count=34)
    assert result.committed == 0
    assert result.avg_progress is None
    assert result.label == "an 0 von 34 Maßnahmen beteiligt, 0 umgesetzt"


def test_district_rollup_pools_the_commitments_and_counts_municipalities():
    result = rule.commitments_rollup(
        tally([Entry("done"), Entry("in_progress", 50), Entry("planned", 0)]),
        municipality_count=10,
        committed=2,
    )
    assert result.avg_progress == 50
    assert result.label == "2 von 10 Kommunen beteiligt, 1-mal umgesetzt"


def test_tallies_from_the_database_give_the_same_result_as_single_entries():
    """The selectors hand over sums per status; the rule must not care which way it came."""
    entries = [Entry("done", 10, 2), Entry("in_progress", 30, 1), Entry("in_progress", 50, 3)]
    from_entries = rule.commitments_rollup(tally(entries))
    from_db = rule.commitments_rollup(
        [
            rule.Tally("done", 1, progress_sum=10, weight_sum=2, weighted_progress_sum=20),
            rule.Tally("in_progress", 2, progress_sum=80, weight_sum=4, weighted_progress_sum=180),
        ]
    )
    assert from_db.avg_progress == pytest.approx(from_entries.avg_progress)


def test_demo_rows_are_counted():
    assert measure(Entry("done", is_demo=True)).has_demo
    assert not measure(Entry("done")).has_demo


def test_status_items_list_only_occurring_statuses_with_german_labels():
    result = measure(Entry("done"), Entry("paused", 10))
    assert result.status_items == [("done", "umgesetzt", 1), ("paused", "pausiert", 1)]


entry_lists = st.lists(
    st.builds(
        Entry,
        status=st.sampled_from(STATUSES),
        progress=st.integers(0, 100),
        weight=st.sampled_from([0, 1, 2, Decimal("0.5")]),
    ),
    max_size=30,
)


@given(entry_lists)
def test_averages_stay_within_0_and_100(entries):
    for result in (measure(*entries), rule.commitments_rollup(tally(entries))):
        assert result.avg_progress is None or 0 <= result.avg_progress <= 100.0000001


@given(entry_lists, st.integers(0, 100))
def test_adding_a_dropped_commitment_changes_no_average(entries, progress):
    before = measure(*entries)
    after = measure(*entries, Entry("dropped", progress))
    assert after.avg_progress == before.avg_progress
    assert after.committed == before.committed


@given(entry_lists)
def test_marking_a_commitment_done_never_lowers_the_average(entries):
    committed = [e for e in entries if e.status != "dropped"]
    if not committed:
        return
    first = committed[0]
    improved = [Entry("done", first.progress, first.weight), *committed[1:]]
    assert measure(*improved).avg_progress >= measure(*committed).avg_progress - 1e-9
