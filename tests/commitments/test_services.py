"""Services: permissions, validation with German messages, conflicts, audit, history."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from blaupause.commitments import services
from blaupause.commitments.models import Commitment, IndicatorValue
from blaupause.core.concurrency import EditConflict
from blaupause.core.models import AuditEvent
from tests.factories.commitments import CommitmentFactory, IndicatorFactory

pytestmark = pytest.mark.django_db

ALLOWED = ["cdo", "regional_admin"]
DENIED = ["anonymous", "contributor", "cdo_other", "coordinator"]


def actor(people, role):
    return people[role] or AnonymousUser()


def messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


# --- create ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALLOWED)
def test_cdo_and_regional_admin_commit_the_municipality(world, people, role):
    commitment = services.commitment_create(
        actor=actor(people, role),
        municipality=world.home,
        measure=world.m1,
        role="lead",
        status="in_progress",
        progress=30,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 6, 30),
        responsible_person="  Stabsstelle Digitalisierung ",
    )
    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.role, stored.status, stored.progress) == ("lead", "in_progress", 30)
    assert stored.responsible_person == "Stabsstelle Digitalisierung"
    assert stored.history.count() == 1
    event = AuditEvent.objects.get(verb="commitment.created")
    assert event.municipality_ags == world.home.ags
    assert event.data["measure"] == "A-M01"


@pytest.mark.parametrize("role", DENIED)
def test_everyone_else_may_not_commit_the_municipality(world, people, role):
    with pytest.raises(PermissionDenied):
        services.commitment_create(
            actor=actor(people, role), municipality=world.home, measure=world.m1
        )
    assert not Commitment.objects.exists()
    assert not AuditEvent.objects.filter(verb="commitment.created").exists()


def test_done_sets_progress_to_100(world, people):
    commitment = services.commitment_create(
        actor=people["cdo"], municipality=world.home, measure=world.m1, status="done", progress=10
    )
    assert commitment.progress == 100


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        (
            {"start_date": datetime.date(2026, 5, 1), "end_date": datetime.date(2026, 4, 30)},
            "end_date",
            "Das Ende darf nicht vor dem Beginn liegen.",
        ),
        ({"progress": 101}, "progress", "Der Fortschritt muss zwischen 0 und 100 Prozent liegen."),
        ({"progress": -1}, "progress", "Der Fortschritt muss zwischen 0 und 100 Prozent liegen."),
        (
            {"progress": "viel"},
            "progress",
            "Der Fortschritt muss eine ganze Zahl von 0 bis 100 sein.",
        ),
        ({"status": "fertig"}, "status", "Bitte wählen Sie einen der angebotenen Status."),
        ({"role": "chef"}, "role", "Bitte wählen Sie eine der angebotenen Rollen."),
        ({"start_date": "gestern"}, "start_date", "Bitte geben Sie ein gültiges Datum ein."),
        ({"responsible_person": "x" * 201}, "responsible_person", "Höchstens 200 Zeichen."),
    ],
)
def test_bad_input_gives_german_field_errors_and_saves_nothing(
    world, people, kwargs, field, message
):
    with pytest.raises(ValidationError) as caught:
        services.commitment_create(
            actor=people["cdo"], municipality=world.home, measure=world.m1, **kwargs
        )
    assert messages(caught.value)[field] == [message]
    assert not Commitment.all_objects.exists()
    assert not AuditEvent.objects.exists()


def test_several_problems_are_reported_together(world, people):
    with pytest.raises(ValidationError) as caught:
        services.commitment_create(
            actor=people["cdo"],
            municipality=world.home,
            measure=world.m1,
            progress=500,
            start_date=datetime.date(2026, 1, 2),
            end_date=datetime.date(2026, 1, 1),
        )
    assert set(messages(caught.value)) == {"progress", "end_date"}


def test_unknown_measure(world, people):
    with pytest.raises(ValidationError) as caught:
        services.commitment_create(actor=people["cdo"], municipality=world.home, measure=None)
    assert messages(caught.value)["measure"] == ["Diese Maßnahme gibt es nicht."]


def test_deleted_measure_counts_as_unknown(world, people):
    world.m1.deleted_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError) as caught:
        services.commitment_create(actor=people["cdo"], municipality=world.home, measure=world.m1)
    assert messages(caught.value)["measure"] == ["Diese Maßnahme gibt es nicht."]


def test_measure_of_a_network_the_municipality_is_not_in(world, people):
    with pytest.raises(ValidationError) as caught:
        services.commitment_create(
            actor=people["cdo"], municipality=world.home, measure=world.foreign_measure
        )
    assert "gehört zu keiner Strategie eines Netzwerks" in messages(caught.value)["measure"][0]
    assert world.home.name in messages(caught.value)["measure"][0]
    assert not Commitment.objects.exists()


def test_measure_of_the_own_municipality_strategy_is_allowed(world, people):
    from tests.factories.commitments import MeasureFactory

    own = MeasureFactory(strategy__network=None, strategy__municipality=world.home)
    commitment = services.commitment_create(
        actor=people["cdo"], municipality=world.home, measure=own
    )
    assert commitment.pk


def test_second_commitment_to_the_same_measure(world, people):
    CommitmentFactory(municipality=world.home, measure=world.m1)
    with pytest.raises(ValidationError) as caught:
        services.commitment_create(actor=people["cdo"], municipality=world.home, measure=world.m1)
    assert messages(caught.value)["measure"] == [
        f"{world.home.name} ist an dieser Maßnahme bereits beteiligt."
    ]
    assert Commitment.objects.count() == 1


def test_a_removed_commitment_does_not_block_a_new_one(world, people):
    old = CommitmentFactory(municipality=world.home, measure=world.m1)
    services.commitment_delete(actor=people["cdo"], commitment=old, expected_version=old.version)
    services.commitment_create(actor=people["cdo"], municipality=world.home, measure=world.m1)
    assert Commitment.objects.count() == 1
    assert Commitment.all_objects.count() == 2


# --- update ------------------------------------------------------------------------------------


@pytest.fixture
def commitment(world):
    return CommitmentFactory(
        municipality=world.home, measure=world.m1, status="in_progress", progress=40
    )


@pytest.mark.parametrize("role", ALLOWED)
def test_update_changes_only_what_is_given(commitment, people, role):
    services.commitment_update(
        actor=actor(people, role), commitment=commitment, expected_version=1, progress=55
    )
    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.status, stored.progress, stored.version) == ("in_progress", 55, 2)
    assert stored.start_date == datetime.date(2025, 1, 1)
    event = AuditEvent.objects.get(verb="commitment.updated")
    assert event.data == {"progress": [40, 55]}


@pytest.mark.parametrize("role", DENIED)
def test_update_by_anyone_else_is_refused(commitment, people, role):
    with pytest.raises(PermissionDenied):
        services.commitment_update(
            actor=actor(people, role), commitment=commitment, expected_version=1, progress=99
        )
    assert Commitment.objects.get(pk=commitment.pk).progress == 40


def test_update_to_done_sets_progress_100(commitment, people):
    services.commitment_update(
        actor=people["cdo"], commitment=commitment, expected_version=1, status="done"
    )
    assert Commitment.objects.get(pk=commitment.pk).progress == 100


def test_update_with_bad_dates_changes_nothing(commitment, people):
    with pytest.raises(ValidationError) as caught:
        services.commitment_update(
            actor=people["cdo"],
            commitment=commitment,
            expected_version=1,
            progress=90,
            end_date=datetime.date(2024, 1, 1),
        )
    assert "end_date" in caught.value.message_dict
    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.progress, stored.end_date, stored.version) == (
        40,
        datetime.date(2026, 12, 31),
        1,
    )


def test_concurrent_edit_raises_a_conflict_and_overwrites_nothing(commitment, people, world):
    first = Commitment.objects.get(pk=commitment.pk)
    second = Commitment.objects.get(pk=commitment.pk)
    services.commitment_update(
        actor=people["cdo"], commitment=first, expected_version=1, progress=60
    )
    with pytest.raises(EditConflict) as caught:
        services.commitment_update(
            actor=people["regional_admin"], commitment=second, expected_version=1, progress=10
        )
    assert caught.value.current.progress == 60
    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.progress, stored.version) == (60, 2)
    assert AuditEvent.objects.filter(verb="commitment.updated").count() == 1


def test_saving_unchanged_values_writes_nothing(commitment, people):
    services.commitment_update(
        actor=people["cdo"], commitment=commitment, expected_version=1, progress=40
    )
    stored = Commitment.objects.get(pk=commitment.pk)
    assert stored.version == 1
    assert stored.history.count() == 1
    assert not AuditEvent.objects.exists()


def test_update_records_the_person_in_the_history(commitment, people):
    services.commitment_update(
        actor=people["cdo"], commitment=commitment, expected_version=1, note="Ratsbeschluss"
    )
    assert commitment.history.first().history_user == people["cdo"]


# --- delete ------------------------------------------------------------------------------------


def test_delete_is_soft_and_audited(commitment, people):
    services.commitment_delete(actor=people["cdo"], commitment=commitment, expected_version=1)
    assert not Commitment.objects.filter(pk=commitment.pk).exists()
    assert Commitment.all_objects.get(pk=commitment.pk).deleted_at is not None
    assert AuditEvent.objects.filter(verb="commitment.deleted").count() == 1


@pytest.mark.parametrize("role", DENIED)
def test_delete_by_anyone_else_is_refused(commitment, people, role):
    with pytest.raises(PermissionDenied):
        services.commitment_delete(
            actor=actor(people, role), commitment=commitment, expected_version=1
        )
    assert Commitment.objects.filter(pk=commitment.pk).exists()


def test_delete_of_a_changed_commitment_is_a_conflict(commitment, people):
    services.commitment_update(
        actor=people["cdo"],
        commitment=Commitment.objects.get(pk=commitment.pk),
        expected_version=1,
        progress=70,
    )
    with pytest.raises(EditConflict):
        services.commitment_delete(actor=people["cdo"], commitment=commitment, expected_version=1)
    assert Commitment.objects.filter(pk=commitment.pk).exists()


# --- indicator values --------------------------------------------------------------------------


def test_record_an_indicator_value(commitment, people):
    indicator = IndicatorFactory(measure=commitment.measure)
    entry = services.indicator_value_record(
        actor=people["cdo"],
        commitment=commitment,
        indicator=indicator,
        recorded_on=datetime.date(2026, 3, 31),
        value="12.5",
    )
    assert str(IndicatorValue.objects.get(pk=entry.pk).value) == "12.50"
    assert AuditEvent.objects.filter(verb="commitment.indicator_recorded").count() == 1


@pytest.mark.parametrize("role", DENIED)
def test_indicator_values_only_by_editors(commitment, people, role):
    indicator = IndicatorFactory(measure=commitment.measure)
    with pytest.raises(PermissionDenied):
        services.indicator_value_record(
            actor=actor(people, role),
            commitment=commitment,
            indicator=indicator,
            recorded_on=datetime.date(2026, 3, 31),
            value=1,
        )


def test_indicator_of_another_measure_and_a_future_date_are_refused(commitment, people, world):
    other = IndicatorFactory(measure=world.m2)
    with pytest.raises(ValidationError) as caught:
        services.indicator_value_record(
            actor=people["cdo"],
            commitment=commitment,
            indicator=other,
            recorded_on=datetime.date(2099, 1, 1),
            value="viel",
        )
    errors = caught.value.message_dict
    assert errors["indicator"] == ["Diese Kennzahl gehört nicht zu dieser Maßnahme."]
    assert errors["recorded_on"] == ["Der Stichtag darf nicht in der Zukunft liegen."]
    assert errors["value"] == ["Bitte geben Sie eine Zahl ein, z. B. 12 oder 12,5."]
    assert not IndicatorValue.objects.exists()


def test_remove_an_indicator_value(commitment, people):
    indicator = IndicatorFactory(measure=commitment.measure)
    entry = services.indicator_value_record(
        actor=people["cdo"],
        commitment=commitment,
        indicator=indicator,
        recorded_on=datetime.date(2026, 1, 1),
        value=3,
    )
    services.indicator_value_delete(actor=people["cdo"], entry=entry)
    assert not IndicatorValue.objects.exists()
    assert IndicatorValue.all_objects.count() == 1


# --- demo loader -------------------------------------------------------------------------------


def test_demo_loader_needs_a_regional_admin(world, people):
    spec = services.DemoCommitment(
        municipality_id=world.home.pk,
        measure_id=world.m1.pk,
        role="partner",
        status="planned",
        progress=0,
        start_date=None,
        end_date=None,
    )
    with pytest.raises(PermissionDenied):
        services.demo_commitments_ensure(specs=[spec], actor=people["cdo"])
    assert services.demo_commitments_ensure(specs=[spec], actor=people["regional_admin"]) == 1
    assert services.demo_commitments_ensure(specs=[spec]) == 0
