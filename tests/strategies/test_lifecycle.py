"""The lifecycle of a strategy: draft → consultation → adopted → under review, with a record of
every change and the decision that adopted it."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from blaupause.core.concurrency import EditConflict
from blaupause.core.models import AuditEvent
from blaupause.strategies import services
from blaupause.strategies.constants import STATUS_TRANSITIONS, StrategyStatus
from blaupause.strategies.errors import TransitionNotAllowed
from blaupause.strategies.models import Strategy, StrategyStatusChange
from tests.factories.strategies import StrategyFactory

pytestmark = pytest.mark.django_db

DECISION = services.Decision(
    body="Rat der Stadt Beispiel",
    on=datetime.date(2025, 3, 12),
    reference="https://rat.example.org/vorlage/123",
)
ALL_PAIRS = [(a, b) for a in StrategyStatus.values for b in StrategyStatus.values if a != b]


@pytest.mark.parametrize(("before", "after"), ALL_PAIRS)
def test_every_transition_follows_the_table(world, coordinator, before, after):
    strategy = StrategyFactory(network=world["network"], status=before)
    allowed = after in STATUS_TRANSITIONS[before]
    if allowed:
        services.strategy_status_change(
            actor=coordinator,
            strategy=strategy,
            to_status=after,
            decision=DECISION,
            expected_version=strategy.version,
        )
        assert Strategy.objects.get(pk=strategy.pk).status == after
    else:
        with pytest.raises(TransitionNotAllowed) as caught:
            services.strategy_status_change(
                actor=coordinator,
                strategy=strategy,
                to_status=after,
                decision=DECISION,
                expected_version=strategy.version,
            )
        assert "kann die Strategie nicht zu" in caught.value.messages[0]
        assert Strategy.objects.get(pk=strategy.pk).status == before
    assert StrategyStatusChange.objects.filter(strategy=strategy).count() == int(allowed)


def test_adopting_records_who_when_and_the_decision(world, coordinator):
    strategy = StrategyFactory(network=world["network"], status=StrategyStatus.CONSULTATION)
    change = services.strategy_status_change(
        actor=coordinator,
        strategy=strategy,
        to_status=StrategyStatus.ADOPTED,
        note="Nach der Konsultation unverändert beschlossen.",
        decision=DECISION,
        expected_version=strategy.version,
    )
    strategy.refresh_from_db()
    assert (strategy.adopted_body, strategy.adopted_on, strategy.adopted_reference) == (
        "Rat der Stadt Beispiel",
        datetime.date(2025, 3, 12),
        "https://rat.example.org/vorlage/123",
    )
    assert (change.from_status, change.to_status, change.changed_by) == (
        "consultation",
        "adopted",
        coordinator,
    )
    assert change.note == "Nach der Konsultation unverändert beschlossen."
    event = AuditEvent.objects.get(verb="strategy.status_changed")
    assert event.data == {"from": "consultation", "to": "adopted"}
    change.note = "geändert"
    with pytest.raises(ValidationError):
        change.save()  # the log is append-only


@pytest.mark.parametrize(
    ("decision", "field", "message"),
    [
        (None, "adopted_body", "wer die Strategie beschlossen hat"),
        (services.Decision(body=""), "adopted_body", "wer die Strategie beschlossen hat"),
        (services.Decision(body="Rat"), "adopted_on", "Datum des Beschlusses"),
        (
            services.Decision(body="Rat", on=datetime.date(2999, 1, 1)),
            "adopted_on",
            "in der Zukunft",
        ),
        (
            services.Decision(body="Rat", on=datetime.date(2024, 1, 1), reference="rat.de"),
            "adopted_reference",
            "vollständige Adresse",
        ),
    ],
)
def test_adopting_needs_a_complete_decision(world, coordinator, decision, field, message):
    strategy = StrategyFactory(network=world["network"], status=StrategyStatus.DRAFT)
    with pytest.raises(ValidationError) as caught:
        services.strategy_status_change(
            actor=coordinator,
            strategy=strategy,
            to_status=StrategyStatus.ADOPTED,
            decision=decision,
            expected_version=strategy.version,
        )
    assert message in caught.value.message_dict[field][0]
    assert Strategy.objects.get(pk=strategy.pk).status == "draft"
    assert not StrategyStatusChange.objects.filter(strategy=strategy).exists()


def test_an_unknown_date_is_fine_when_the_note_says_why(world, coordinator):
    strategy = StrategyFactory(network=world["network"], status=StrategyStatus.DRAFT)
    services.strategy_status_change(
        actor=coordinator,
        strategy=strategy,
        to_status=StrategyStatus.ADOPTED,
        decision=services.Decision(body="Bürgermeisterkonferenz", note="Datum nicht öffentlich."),
        expected_version=strategy.version,
    )
    strategy.refresh_from_db()
    assert strategy.adopted_on is None
    assert strategy.adopted_note == "Datum nicht öffentlich."


def test_an_unknown_status_is_refused(world, coordinator):
    strategy = world["strategy"]
    with pytest.raises(TransitionNotAllowed, match="gibt es nicht"):
        services.strategy_status_change(
            actor=coordinator, strategy=strategy, to_status="archiv", expected_version=1
        )


def test_status_changes_need_the_change_right_and_the_current_version(world, coordinator):
    strategy = world["strategy"]
    with pytest.raises(PermissionDenied):
        services.strategy_status_change(
            actor=world["people"]["cdo of a member"],
            strategy=strategy,
            to_status=StrategyStatus.REVIEW,
            expected_version=strategy.version,
        )
    stale_version = strategy.version
    services.strategy_update(
        actor=coordinator, strategy=strategy, values={"slogan": "Neu"}, expected_version=1
    )
    with pytest.raises(EditConflict):
        services.strategy_status_change(
            actor=coordinator,
            strategy=Strategy.objects.get(pk=strategy.pk),
            to_status=StrategyStatus.REVIEW,
            expected_version=stale_version,
        )
    assert Strategy.objects.get(pk=strategy.pk).status == "adopted"
