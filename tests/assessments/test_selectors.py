import pytest

from blaupause.assessments import selectors
from blaupause.assessments.demo import DEMO_YEARS, load_demo_assessments
from blaupause.assessments.models import Answer, Assessment
from tests.factories.assessments import AssessmentFactory, submitted_assessment
from tests.factories.regions import MunicipalityFactory, NetworkFactory
from tests.factories.strategies import FieldOfActionFactory, MeasureFactory, StrategyFactory

pytestmark = pytest.mark.django_db


def _group(result, prefix):
    return next(g for g in result.benchmarks if g.label.startswith(prefix))


def _district_peers(world, n, **kwargs):
    """`n` more municipalities in the home district that submitted."""
    for _ in range(n):
        submitted_assessment(
            MunicipalityFactory(district=world.district, population=5_000), **kwargs
        )


def test_group_of_four_shows_nothing_five_shows_the_median(world):
    own = submitted_assessment(world.home, current=1, target=2)
    _district_peers(world, 3, current=3, target=4)  # with home: 4 in the district
    own = Assessment.objects.get(pk=own.pk)
    district = _group(selectors.assessment_results(assessment=own), "Kreis")
    assert (district.count, district.enough, district.stats) == (4, False, [])

    submitted_assessment(world.peer, current=2, target=3)  # the fifth
    district = _group(selectors.assessment_results(assessment=own), "Kreis")
    assert district.count == 5
    assert district.enough
    assert [s.median for s in district.stats] == [3.0, 3.0, 3.0, 3.0]  # 1, 2, 3, 3, 3
    assert (district.stats[0].q1, district.stats[0].q3) == (2.0, 3.0)


def test_threshold_is_configurable(world, settings):
    settings.BLAUPAUSE_BENCHMARK_MIN_GROUP = 2
    own = submitted_assessment(world.home)
    submitted_assessment(world.peer)
    assert _group(selectors.assessment_results(assessment=own), "Kreis").enough


def test_only_submitted_checks_of_the_same_year_count(world):
    own = submitted_assessment(world.home)
    _district_peers(world, 3)
    AssessmentFactory(municipality=world.peer, year=2026)  # a draft
    submitted_assessment(MunicipalityFactory(district=world.district), year=2025)
    result = selectors.assessment_results(assessment=own)
    assert _group(result, "Kreis").count == 4
    assert not _group(result, "Kreis").enough


def test_groups_district_size_class_network_region(world):
    other_network = NetworkFactory(region=world.region, name="Anderes Netzwerk")
    other_network.municipalities.add(world.peer)
    own = submitted_assessment(world.home)
    submitted_assessment(world.peer)
    submitted_assessment(MunicipalityFactory(district=world.other_district, population=40_000))
    labels = [g.label for g in selectors.assessment_results(assessment=own).benchmarks]
    assert labels[0].startswith("Kreis: ")
    assert labels[1] == "Größenklasse: 20.000 bis unter 50.000 Einw."
    assert labels[2] == "Netzwerk: Netzwerk Test"
    assert labels[-1].startswith("Region: ")
    assert len(labels) == 4  # the peer's other network is not the home's
    counts = [g.count for g in selectors.assessment_results(assessment=own).benchmarks]
    assert counts == [2, 2, 2, 3]


def test_suggestions_pick_measures_raising_the_largest_gaps(world):
    strategy = StrategyFactory(network=world.network)
    field = FieldOfActionFactory(strategy=strategy)
    security = MeasureFactory(strategy=strategy, field=field, key="S-1", raises_criteria=["B4"])
    strategy_m = MeasureFactory(strategy=strategy, field=field, key="S-2", raises_criteria=["C1"])
    MeasureFactory(strategy=strategy, field=field, key="S-3", raises_criteria=["A1"])  # no gap
    draft = StrategyFactory(network=world.network, status="draft")
    MeasureFactory(
        strategy=draft, field=FieldOfActionFactory(strategy=draft), raises_criteria=["B4"]
    )
    foreign = StrategyFactory(network=NetworkFactory(region=world.region))
    MeasureFactory(
        strategy=foreign, field=FieldOfActionFactory(strategy=foreign), raises_criteria=["B4"]
    )
    own = submitted_assessment(
        world.home, current=2, target=2, levels={"B4": (0, 4), "C1": (1, 3), "D2": (2, 3)}
    )
    result = selectors.assessment_results(assessment=own)
    assert [g.code for g in result.gaps] == ["B4", "C1", "D2"]
    assert [(s.measure_key, s.criteria) for s in result.suggestions] == [
        (security.key, ["B4"]),
        (strategy_m.key, ["C1"]),
    ]


def test_results_of_a_draft_use_answered_criteria_only(world):
    own = AssessmentFactory(municipality=world.home)
    criterion = world.criteria_set.criteria.get(code="A1")
    Answer.objects.create(assessment=own, criterion=criterion, current=1, target=3)
    result = selectors.assessment_results(assessment=own)
    assert result.answered == 1
    assert result.fields[0].current == 1
    assert result.fields[1].current is None


def test_trend_lists_submitted_years(world):
    submitted_assessment(world.home, year=2025, current=1, target=2)
    own = submitted_assessment(world.home, year=2026, current=2, target=3)
    trend = selectors.assessment_results(assessment=own).trend
    assert [(row.year, row.values[0]) for row in trend] == [(2025, 1.0), (2026, 2.0)]


def test_demo_data_is_idempotent_plausible_and_marked(world):
    towns = [
        MunicipalityFactory(district=world.district, population=pop)
        for pop in (3_000, 8_000, 150_000, 160_000)
    ]
    from blaupause.regions.models import Municipality

    queryset = Municipality.objects.filter(pk__in=[t.pk for t in towns])
    assert load_demo_assessments(municipalities=queryset) == 8
    assert load_demo_assessments(municipalities=queryset) == 0
    assert Assessment.objects.filter(is_demo=True, status="submitted").count() == 8
    assert Answer.objects.count() == 8 * 24
    assert not Answer.objects.filter(target__lt=models_f("current")).exists()

    def mean_current(pks, year):
        values = list(
            Answer.objects.filter(
                assessment__municipality_id__in=pks, assessment__year=year
            ).values_list("current", flat=True)
        )
        return sum(values) / len(values)

    small, big = [t.pk for t in towns[:2]], [t.pk for t in towns[2:]]
    first, second = DEMO_YEARS
    assert mean_current(big, second) > mean_current(small, second)
    all_pks = [t.pk for t in towns]
    assert mean_current(all_pks, second) >= mean_current(all_pks, first)


def models_f(name):
    from django.db.models import F

    return F(name)
