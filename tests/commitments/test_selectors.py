"""Selectors: the roll-up rule applied to the database, visibility first, constant queries."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import timezone

import pytest

from blaupause.commitments import selectors
from tests.commitments.helpers import grow
from tests.factories.commitments import CommitmentFactory

pytestmark = pytest.mark.django_db
ANON = AnonymousUser()


@pytest.fixture
def commitments(world):
    """home: m1 done, m3 internal 20 %; peer: m1 50 %, m2 planned 10 %; third: m1 dropped."""
    return {
        "home_m1": CommitmentFactory(municipality=world.home, measure=world.m1, status="done"),
        "home_m3": CommitmentFactory(
            municipality=world.home, measure=world.m3, progress=20, is_public=False
        ),
        "peer_m1": CommitmentFactory(municipality=world.peer, measure=world.m1, progress=50),
        "peer_m2": CommitmentFactory(
            municipality=world.peer, measure=world.m2, status="planned", progress=10
        ),
        "third_m1": CommitmentFactory(
            municipality=world.third, measure=world.m1, status="dropped", progress=70
        ),
    }


def test_strategy_rollup_for_the_public(world, commitments):
    result = selectors.strategy_rollup(strategy=world.strategy, viewer=ANON)
    m1 = result.by_measure[world.m1.pk]
    assert (m1.committed, m1.done, m1.avg_progress) == (2, 1, 75)
    assert m1.by_status["dropped"] == 1
    assert m1.label == "2 von 3 Kommunen beteiligt, 1 umgesetzt"
    assert result.by_measure[world.m3.pk].avg_progress is None  # internal: not counted
    assert result.by_field[world.field_a.pk].avg_progress == pytest.approx((75 + 10) / 2)
    assert result.by_field[world.field_b.pk].avg_progress == 0
    assert result.by_goal[world.goal.pk].avg_progress == pytest.approx(42.5)
    # weights 1, 1, 2: (75 + 10 + 2 × 0) / 4
    assert result.total.avg_progress == pytest.approx(21.25)
    assert result.total.committed == 2
    assert result.total.municipality_count == 3
    assert result.total.label == "2 von 3 Kommunen beteiligt, 1-mal umgesetzt"


@pytest.mark.parametrize(
    ("role", "sees_internal"),
    [
        ("anonymous", False),
        ("cdo_other", False),
        ("coordinator", False),
        ("contributor", True),
        ("cdo", True),
        ("regional_admin", True),
    ],
)
def test_internal_commitments_count_only_for_members_and_admins(
    world, commitments, people, role, sees_internal
):
    viewer = people[role] or ANON
    result = selectors.strategy_rollup(strategy=world.strategy, viewer=viewer)
    m3 = result.by_measure[world.m3.pk]
    assert m3.committed == (1 if sees_internal else 0)
    expected_total = (75 + 10 + 2 * 20) / 4 if sees_internal else 21.25
    assert result.total.avg_progress == pytest.approx(expected_total)


def test_non_members_and_removed_commitments_do_not_count(world, commitments):
    CommitmentFactory(municipality=world.outsider, measure=world.m2, status="done")
    commitments["peer_m2"].deleted_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    commitments["peer_m2"].save()
    result = selectors.strategy_rollup(strategy=world.strategy, viewer=ANON)
    assert result.by_measure[world.m2.pk].committed == 0


def test_rollup_narrowed_to_some_municipalities(world, commitments):
    result = selectors.strategy_rollup(
        strategy=world.strategy, viewer=ANON, municipality_ids=[world.peer.pk]
    )
    m1 = result.by_measure[world.m1.pk]
    assert (m1.committed, m1.municipality_count, m1.avg_progress) == (1, 1, 50)


def test_missing_keys_give_empty_rollups(world):
    result = selectors.strategy_rollup(strategy=world.strategy, viewer=ANON)
    assert result.measure(999_999).committed == 0
    assert result.field(999_999).avg_progress is None
    assert result.goal(999_999).measure_count == 0


def test_strategy_rollup_queries_do_not_grow(world, commitments, people, django_assert_num_queries):
    viewer = people["regional_admin"]
    viewer.roles  # noqa: B018 - the role index is loaded once per request, not per roll-up
    # the cache key; measures, goal links, member count, per measure/status, field, goal, total
    with django_assert_num_queries(8):
        selectors.strategy_rollup(strategy=world.strategy, viewer=viewer)
    with django_assert_num_queries(1):  # kept under the key
        selectors.strategy_rollup(strategy=world.strategy, viewer=viewer)
    grow(world)
    with django_assert_num_queries(8):
        result = selectors.strategy_rollup(strategy=world.strategy, viewer=viewer)
    assert result.by_measure[world.m1.pk].committed == 12
    assert result.strategy == world.strategy


def test_strategy_rollup_is_computed_again_after_every_change(world, commitments, people):
    from blaupause.commitments.models import Commitment

    def committed(viewer=ANON):
        rollup = selectors.strategy_rollup(strategy=world.strategy, viewer=viewer)
        return rollup.total.committed, rollup.by_measure[world.m1.pk].committed

    before = committed()
    commitment = Commitment.objects.filter(measure=world.m1).order_by("pk").first()
    commitment.is_public = False
    commitment.save()
    assert committed() != before
    commitment.is_public = True
    commitment.save()
    assert committed() == before
    # What a viewer may see is part of the key.
    commitment.is_public = False
    commitment.save()
    assert committed(people["regional_admin"]) == before
    assert committed() != before
    # A member leaving the network, a measure leaving the strategy.
    world.network.municipalities.remove(commitment.municipality)
    assert committed(people["regional_admin"]) != before
    world.network.municipalities.add(commitment.municipality)
    assert committed(people["regional_admin"]) == before
    world.m1.deleted_at = timezone.now()
    world.m1.save()
    assert (
        selectors.strategy_rollup(strategy=world.strategy, viewer=ANON).by_measure.get(world.m1.pk)
        is None
    )


def test_measure_adoption_rows_map_and_legend(world, commitments):
    adoption = selectors.measure_adoption(measure=world.m1, viewer=ANON)
    assert [(row.name, row.status) for row in adoption.rows] == [
        (world.home.name, "done"),
        (world.peer.name, "in_progress"),
        (world.third.name, "dropped"),
    ]
    assert adoption.rows[0].progress == 100
    assert adoption.rows[0].url == f"/kommunen/{world.home.ags}/fortschritt/"
    assert adoption.rollup.label == "2 von 3 Kommunen beteiligt, 1 umgesetzt"
    assert [(item.label, item.count) for item in adoption.legend] == [
        ("umgesetzt", 1),
        ("in Umsetzung", 1),
        ("verworfen", 1),
    ]
    assert {area.css_class for area in adoption.map.areas} == {
        "bp-status--done",
        "bp-status--in_progress",
        "bp-status--dropped",
    }
    assert f"{world.home.name}: umgesetzt" in [area.label for area in adoption.map.areas]


def test_measure_adoption_hides_internal_commitments_from_the_public(world, commitments, people):
    public = selectors.measure_adoption(measure=world.m3, viewer=ANON)
    assert {row.status for row in public.rows} == {"none"}
    assert public.legend[0].label == "keine Beteiligung"
    own = selectors.measure_adoption(measure=world.m3, viewer=people["cdo"])
    assert own.rows[0].status == "in_progress"
    assert own.shows_internal


def test_measure_adoption_queries_do_not_grow(world, commitments, django_assert_num_queries):
    selectors.measure_adoption(measure=world.m1, viewer=ANON)  # fills the map cache
    with django_assert_num_queries(2):  # members, commitments (the strategy is loaded)
        selectors.measure_adoption(measure=world.m1, viewer=ANON)
    grow(world)
    cache.clear()
    selectors.measure_adoption(measure=world.m1, viewer=ANON)
    with django_assert_num_queries(2):
        adoption = selectors.measure_adoption(measure=world.m1, viewer=ANON)
    assert len(adoption.rows) == 33


def test_municipality_progress_groups_rollup_and_peers(world, commitments, people):
    progress = selectors.municipality_progress(municipality=world.home, viewer=people["cdo"])
    assert [(g.field.title, [c.measure.key for c in g.items]) for g in progress.groups] == [
        ("Zusammenarbeit", ["A-M01"]),
        ("Infrastruktur", ["B-M01"]),
    ]
    # done (weight 1) and 20 % (weight 2): (100 + 40) / 3
    assert progress.rollup.avg_progress == pytest.approx(140 / 3)
    assert progress.rollup.label == "an 2 von 3 Maßnahmen beteiligt, 1 umgesetzt"
    assert [(p.measure.key, p.peers, p.best_progress) for p in progress.peers] == [("A-M02", 1, 10)]


def test_municipality_progress_for_the_public_leaves_out_internal_ones(world, commitments):
    progress = selectors.municipality_progress(municipality=world.home, viewer=ANON)
    assert [c.measure.key for g in progress.groups for c in g.items] == ["A-M01"]
    assert progress.rollup.avg_progress == 100


def test_peers_ignore_dropped_and_internal_commitments(world, commitments):
    CommitmentFactory(municipality=world.peer, measure=world.m3, is_public=False)
    progress = selectors.municipality_progress(municipality=world.third, viewer=ANON)
    # third dropped m1 itself, so m1 is not suggested; m3 is internal at the peer
    assert [p.measure.key for p in progress.peers] == ["A-M02"]


def test_municipality_progress_filters_narrow_the_list_not_the_rollup(world, commitments, people):
    progress = selectors.municipality_progress(
        municipality=world.home, viewer=people["cdo"], status="done"
    )
    assert [c.measure.key for g in progress.groups for c in g.items] == ["A-M01"]
    assert progress.rollup.measures_committed == 2


def test_district_and_region_rollups(world, commitments, people):
    district = selectors.district_rollup(district=world.district, viewer=ANON)
    assert district.total.municipality_count == 4
    assert district.total.committed == 2  # home and peer; third only dropped, outsider nothing
    rows = {m.name: r for m, r, _url in district.rows}
    assert rows[world.home.name].avg_progress == 100
    assert rows[world.outsider.name].committed == 0
    region = selectors.region_rollup(region=world.region, viewer=people["regional_admin"])
    (_district, rollup, url) = next(row for row in region.rows if row[0].pk == world.district.pk)
    assert rollup.committed == 2
    assert rollup.commitment_count == 4
    assert url == world.district.get_absolute_url()


def test_district_rollup_queries_do_not_grow(world, commitments, django_assert_num_queries):
    # municipalities, per municipality/status, measures per network, per municipality
    # strategy, memberships, district per status
    with django_assert_num_queries(6):
        selectors.district_rollup(district=world.district, viewer=ANON)
    grow(world)
    with django_assert_num_queries(6):
        selectors.district_rollup(district=world.district, viewer=ANON)
