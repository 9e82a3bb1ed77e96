from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from blaupause.assessments import services
from blaupause.assessments.constants import AssessmentStatus
from blaupause.assessments.models import Answer, Assessment
from blaupause.assessments.services import AnswerInput
from blaupause.core.concurrency import EditConflict
from blaupause.core.models import AuditEvent
from tests.factories.assessments import AssessmentFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "contributor", "cdo", "cdo_other", "coordinator", "regional_admin"]
MAY_WRITE = {"cdo", "regional_admin"}
CODES = [f"{f}{n}" for f in "ABCD" for n in range(1, 7)]


def _anon():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _actor(people, role):
    return people[role] if people[role] is not None else _anon()


def _complete(current=1, target=3):
    return {code: AnswerInput(current=current, target=target) for code in CODES}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_save_a_draft(world, people, role):
    assessment = AssessmentFactory(municipality=world.home)
    answers = {"A1": AnswerInput(current="2", target="3", note="Läuft")}
    if role in MAY_WRITE:
        services.assessment_save(
            actor=_actor(people, role), assessment=assessment, answers=answers, expected_version=1
        )
        answer = Answer.objects.get(assessment=assessment)
        assert (answer.current, answer.target, answer.note) == (2, 3, "Läuft")
        assert AuditEvent.objects.filter(verb="assessment.saved").count() == 1
    else:
        with pytest.raises(PermissionDenied):
            services.assessment_save(
                actor=_actor(people, role),
                assessment=assessment,
                answers=answers,
                expected_version=1,
            )
        assert not Answer.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_submit(world, people, role):
    assessment = AssessmentFactory(municipality=world.home)
    call = {
        "actor": _actor(people, role),
        "assessment": assessment,
        "answers": _complete(),
        "expected_version": 1,
    }
    if role in MAY_WRITE:
        services.assessment_submit(**call)
        assessment.refresh_from_db()
        assert assessment.status == AssessmentStatus.SUBMITTED
        assert assessment.submitted_by == people[role]
        assert Answer.objects.filter(assessment=assessment).count() == 24
    else:
        with pytest.raises(PermissionDenied):
            services.assessment_submit(**call)
        assessment.refresh_from_db()
        assert assessment.status == AssessmentStatus.DRAFT


@pytest.mark.parametrize("role", ROLES)
def test_who_may_start(world, people, role):
    if role in MAY_WRITE:
        assessment = services.assessment_start(
            actor=_actor(people, role), municipality=world.home, year=2026
        )
        assert assessment.criteria_set == world.criteria_set
        again = services.assessment_start(
            actor=_actor(people, role), municipality=world.home, year=2026
        )
        assert again.pk == assessment.pk
    else:
        with pytest.raises(PermissionDenied):
            services.assessment_start(
                actor=_actor(people, role), municipality=world.home, year=2026
            )
        assert not Assessment.objects.exists()


def test_cdo_of_another_municipality_may_not_start_for_home(world, people):
    with pytest.raises(PermissionDenied):
        services.assessment_start(actor=people["cdo_other"], municipality=world.home, year=2026)


def test_level_outside_0_to_4_is_a_german_field_error_and_nothing_is_saved(world, people):
    assessment = AssessmentFactory(municipality=world.home)
    answers = {"A1": AnswerInput(current="2", target="3"), "A2": AnswerInput(current=7, target=2)}
    with pytest.raises(ValidationError) as error:
        services.assessment_save(
            actor=people["cdo"], assessment=assessment, answers=answers, expected_version=1
        )
    assert error.value.message_dict["A2_current"] == ["Bitte wählen Sie eine Stufe von 0 bis 4."]
    assert not Answer.objects.exists()
    assessment.refresh_from_db()
    assert assessment.version == 1


@pytest.mark.parametrize("bad", ["-1", "x", "2.5", True, 5, "04 "])
def test_other_bad_levels_are_refused(world, people, bad):
    assessment = AssessmentFactory(municipality=world.home)
    with pytest.raises(ValidationError) as error:
        services.assessment_save(
            actor=people["cdo"],
            assessment=assessment,
            answers={"B1": AnswerInput(current=bad)},
            expected_version=1,
        )
    assert "B1_current" in error.value.message_dict


def test_submit_needs_every_answer_and_saves_nothing_otherwise(world, people):
    assessment = AssessmentFactory(municipality=world.home)
    answers = _complete()
    del answers["D6"]
    answers["C2"] = AnswerInput(current=3, target=None)
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(
            actor=people["cdo"], assessment=assessment, answers=answers, expected_version=1
        )
    messages = error.value.message_dict
    assert messages["D6_current"] == ["Bitte wählen Sie die heutige Stufe, um abzuschließen."]
    assert messages["C2_target"] == ["Bitte wählen Sie die Zielstufe, um abzuschließen."]
    assert "A1_current" not in messages
    assert not Answer.objects.exists()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_target_below_today_is_refused(world, people):
    assessment = AssessmentFactory(municipality=world.home)
    with pytest.raises(ValidationError) as error:
        services.assessment_save(
            actor=people["cdo"],
            assessment=assessment,
            answers={"A1": AnswerInput(current=3, target=1)},
            expected_version=1,
        )
    assert error.value.message_dict["A1_target"] == [
        "Das Ziel darf nicht unter der heutigen Stufe liegen."
    ]


def test_draft_may_be_partial_and_continued(world, people):
    assessment = AssessmentFactory(municipality=world.home)
    services.assessment_save(
        actor=people["cdo"],
        assessment=assessment,
        answers={"A1": AnswerInput(current=0, target=0)},
        expected_version=1,
    )
    services.assessment_save(
        actor=people["cdo"],
        assessment=assessment,
        answers={"A1": AnswerInput(current=0, target=1), "B2": AnswerInput(current=1)},
        expected_version=2,
    )
    stored = dict(Answer.objects.values_list("criterion__code", "target"))
    assert stored == {"A1": 1, "B2": None}


def test_second_writer_with_an_old_version_gets_a_conflict(world, people):
    assessment = AssessmentFactory(municipality=world.home)
    services.assessment_save(
        actor=people["cdo"],
        assessment=assessment,
        answers={"A1": AnswerInput(current=1, target=2)},
        expected_version=1,
    )
    with pytest.raises(EditConflict):
        services.assessment_save(
            actor=people["regional_admin"],
            assessment=Assessment.objects.get(pk=assessment.pk),
            answers={"A1": AnswerInput(current=4, target=4)},
            expected_version=1,
        )
    assert Answer.objects.get().current == 1


def test_submitted_check_cannot_be_changed(world, people):
    assessment = AssessmentFactory(municipality=world.home)
    services.assessment_submit(
        actor=people["cdo"], assessment=assessment, answers=_complete(), expected_version=1
    )
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=people["cdo"],
            assessment=assessment,
            answers={"A1": AnswerInput(current=4, target=4)},
            expected_version=assessment.version,
        )
    assert Answer.objects.get(criterion__code="A1").current == 1


def test_year_out_of_range_is_a_german_error(world, people):
    with pytest.raises(ValidationError) as error:
        services.assessment_start(actor=people["cdo"], municipality=world.home, year=1800)
    assert "Jahr" in error.value.message_dict["year"][0]


def test_database_refuses_levels_outside_0_to_4(world):
    from django.db import IntegrityError, transaction

    assessment = AssessmentFactory(municipality=world.home)
    criterion = world.criteria_set.criteria.get(code="A1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(assessment=assessment, criterion=criterion, current=7)
