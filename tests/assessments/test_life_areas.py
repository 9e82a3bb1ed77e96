"""Optional activity level per life area of the municipality's framework strategy."""

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from blaupause.assessments import services
from blaupause.assessments.models import Answer, LifeAreaLevel
from blaupause.strategies.constants import StrategyStatus
from tests.factories.assessments import AssessmentFactory
from tests.factories.strategies import LifeAreaFactory, StrategyFactory

pytestmark = pytest.mark.django_db

CODES = [f"{f}{n}" for f in "ABCD" for n in range(1, 7)]


@pytest.fixture
def areas(world):
    strategy = StrategyFactory(network=world.network, title="Rahmen Test")
    return [
        LifeAreaFactory(strategy=strategy, key="wohnen", title="Wohnen", order=1),
        LifeAreaFactory(strategy=strategy, key="mobil", title="Mobilität", order=2),
    ]


def _url(world, name):
    return reverse(f"assessments:{name}", kwargs={"ags": world.home.ags, "year": 2026})


def _post(assessment, **extra):
    data = {"version": assessment.version, "action": "save"}
    for code in CODES:
        data |= {f"{code}_current": "", f"{code}_target": "", f"{code}_note": ""}
        data[f"{code}_evidence"] = ""
    return data | extra


def test_form_offers_the_life_areas_and_results_show_the_levels(client, world, people, areas):
    assessment = AssessmentFactory(municipality=world.home)
    client.force_login(people["cdo"])
    page = client.get(_url(world, "form")).content.decode()
    assert "Aktivität je Lebensbereich (freiwillig)" in page
    assert "Mobilität" in page
    response = client.post(_url(world, "form"), _post(assessment, **{f"la_{areas[1].pk}": "3"}))
    assert response.status_code == 302
    assert list(LifeAreaLevel.objects.values_list("life_area_id", "level")) == [(areas[1].pk, 3)]
    results = client.get(_url(world, "results")).content.decode()
    assert "Aktivität je Lebensbereich" in results
    assert "Mobilität" in results
    assert "Wohnen" not in results  # left empty: not shown


def test_level_outside_0_to_4_is_refused_and_nothing_saved(client, world, people, areas):
    assessment = AssessmentFactory(municipality=world.home)
    client.force_login(people["cdo"])
    data = _post(assessment, **{f"la_{areas[0].pk}": "9", "A1_current": "2"})
    response = client.post(_url(world, "form"), data)
    assert response.status_code == 400
    assert "Bitte wählen Sie eine Stufe von 0 bis 4." in response.content.decode()
    assert not LifeAreaLevel.objects.exists()
    assert not Answer.objects.exists()


def test_service_refuses_a_foreign_life_area(world, people, areas):
    foreign = LifeAreaFactory(strategy=StrategyFactory(title="Fremd"))
    draft = LifeAreaFactory(
        strategy=StrategyFactory(network=world.network, status=StrategyStatus.DRAFT)
    )
    assessment = AssessmentFactory(municipality=world.home)
    for area in (foreign, draft):
        with pytest.raises(ValidationError) as error:
            services.assessment_save(
                actor=people["cdo"],
                assessment=assessment,
                answers={},
                expected_version=assessment.version,
                life_areas={area.pk: 2},
            )
        assert f"la_{area.pk}" in error.value.message_dict
    assert not LifeAreaLevel.objects.exists()


def test_clearing_a_level_stores_none(world, people, areas):
    assessment = AssessmentFactory(municipality=world.home)
    for value, expected in (("4", 4), ("", None)):
        services.assessment_save(
            actor=people["cdo"],
            assessment=assessment,
            answers={},
            expected_version=assessment.version,
            life_areas={areas[0].pk: value},
        )
        assert LifeAreaLevel.objects.get().level == expected


def test_no_framework_strategy_no_life_area_section(client, world, people):
    AssessmentFactory(municipality=world.home)
    client.force_login(people["cdo"])
    assert "Lebensbereich" not in client.get(_url(world, "form")).content.decode()
