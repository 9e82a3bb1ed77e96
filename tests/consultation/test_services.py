import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from blaupause.consultation import services
from blaupause.consultation.constants import Outcome, Section
from blaupause.consultation.models import Comment, CommentReport
from blaupause.core.concurrency import EditConflict
from blaupause.core.models import AuditEvent
from blaupause.core.signals import activity
from blaupause.strategies.constants import StrategyStatus
from blaupause.strategies.errors import TransitionNotAllowed
from tests.factories.consultation import CommentFactory, ConsultationFactory
from tests.factories.strategies import StrategyFactory

pytestmark = pytest.mark.django_db


def _verbs():
    return list(AuditEvent.objects.values_list("verb", flat=True))


def test_open_moves_draft_strategy_to_consultation(world):
    strategy = StrategyFactory(network=world.network, status=StrategyStatus.DRAFT)
    ends = timezone.now() + datetime.timedelta(days=10)
    consultation = services.consultation_open(
        actor=world.coordinator, strategy=strategy, ends_at=ends, intro="Bitte lesen."
    )
    strategy.refresh_from_db()
    assert strategy.status == StrategyStatus.CONSULTATION
    assert consultation.is_open()
    assert "consultation.opened" in _verbs()
    assert strategy.status_changes.filter(to_status=StrategyStatus.CONSULTATION).exists()


def test_open_refuses_past_end_date_in_german(world):
    strategy = StrategyFactory(network=world.network, status=StrategyStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.consultation_open(
            actor=world.coordinator,
            strategy=strategy,
            ends_at=timezone.now() - datetime.timedelta(days=1),
        )
    assert "in der Zukunft" in str(error.value.message_dict["ends_on"])
    strategy.refresh_from_db()
    assert strategy.status == StrategyStatus.DRAFT


def test_open_refuses_adopted_strategy_and_second_round(world):
    adopted = StrategyFactory(network=world.network, status=StrategyStatus.ADOPTED)
    ends = timezone.now() + datetime.timedelta(days=10)
    with pytest.raises(TransitionNotAllowed):
        services.consultation_open(actor=world.coordinator, strategy=adopted, ends_at=ends)
    with pytest.raises(ValidationError, match="läuft bereits"):
        services.consultation_open(actor=world.coordinator, strategy=world.strategy, ends_at=ends)


def test_only_editors_open_and_close(world):
    strategy = StrategyFactory(network=world.network, status=StrategyStatus.DRAFT)
    ends = timezone.now() + datetime.timedelta(days=10)
    for person in (world.cdo, world.contributor, world.outsider):
        with pytest.raises(PermissionDenied):
            services.consultation_open(actor=person, strategy=strategy, ends_at=ends)
        with pytest.raises(PermissionDenied):
            services.consultation_close(actor=person, consultation=world.consultation)
    services.consultation_close(actor=world.regional_admin, consultation=world.consultation)
    assert not world.consultation.is_open()
    assert "consultation.closed" in _verbs()


def test_members_comment_and_reply_with_activity(world, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    activity.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            comment = services.comment_create(
                actor=world.cdo,
                consultation=world.consultation,
                text="  Bitte früher anfangen.  ",
                section=Section.MEASURE,
                target=world.measure,
            )
            reply = services.comment_create(
                actor=world.contributor,
                consultation=world.consultation,
                text="Sehe ich auch so.",
                parent=comment,
            )
    finally:
        activity.disconnect(receiver)
    assert comment.text == "Bitte früher anfangen."
    assert comment.measure == world.measure
    assert comment.author_municipality == world.cdo.memberships.get().municipality
    assert reply.parent == comment
    assert reply.measure == world.measure
    assert [item["verb"] for item in received] == ["comment.created", "comment.created"]
    assert received[0]["target"] == world.measure
    assert comment.history.count() == 1


def test_reply_to_reply_is_attached_to_the_thread(world):
    comment = CommentFactory(consultation=world.consultation)
    reply = CommentFactory(consultation=world.consultation, parent=comment)
    second = services.comment_create(
        actor=world.cdo, consultation=world.consultation, text="Ja.", parent=reply
    )
    assert second.parent == comment


def test_coordinator_and_regional_admin_are_members(world):
    for person in (world.coordinator, world.regional_admin):
        services.comment_create(actor=person, consultation=world.consultation, text="Hinweis.")
    assert Comment.objects.count() == 2


def test_outsider_may_not_comment(world):
    with pytest.raises(PermissionDenied):
        services.comment_create(
            actor=world.outsider, consultation=world.consultation, text="Von außen."
        )


def test_municipal_strategy_only_its_members(world, municipality, other_municipality):
    strategy = StrategyFactory(
        network=None, municipality=municipality, status=StrategyStatus.CONSULTATION
    )
    consultation = ConsultationFactory(strategy=strategy)
    services.comment_create(actor=world.contributor, consultation=consultation, text="Gut.")
    with pytest.raises(PermissionDenied):
        services.comment_create(actor=world.coordinator, consultation=consultation, text="X")


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Bitte schreiben Sie"), ("   ", "Bitte schreiben Sie"), ("x" * 10_000, "5.000")],
)
def test_bad_comment_text(world, text, message):
    with pytest.raises(ValidationError) as error:
        services.comment_create(actor=world.cdo, consultation=world.consultation, text=text)
    assert message in " ".join(error.value.message_dict["text"])
    assert not Comment.objects.exists()


def test_no_comment_after_the_end(world):
    consultation = ConsultationFactory(strategy=world.strategy, ended=True)
    with pytest.raises(ValidationError, match="beendet"):
        services.comment_create(actor=world.cdo, consultation=consultation, text="Zu spät.")


def test_no_reply_to_hidden_comment(world):
    comment = CommentFactory(consultation=world.consultation, hidden_at=timezone.now())
    with pytest.raises(ValidationError, match="ausgeblendeten"):
        services.comment_create(
            actor=world.cdo, consultation=world.consultation, text="Doch!", parent=comment
        )


def test_target_must_belong_to_strategy(world):
    other = StrategyFactory(network=world.network)
    from tests.factories.strategies import MeasureFactory

    foreign = MeasureFactory(field__strategy=other)
    with pytest.raises(ValidationError, match="gehört nicht"):
        services.comment_create(
            actor=world.cdo,
            consultation=world.consultation,
            text="Hm.",
            section=Section.MEASURE,
            target=foreign,
        )


def test_outcome_is_versioned(world):
    comment = CommentFactory(consultation=world.consultation)
    services.comment_set_outcome(
        actor=world.coordinator,
        comment=comment,
        outcome=Outcome.ADOPTED,
        reply="Wird übernommen.",
        expected_version=1,
    )
    stale = Comment.objects.get(pk=comment.pk)
    with pytest.raises(EditConflict):
        services.comment_set_outcome(
            actor=world.regional_admin,
            comment=stale,
            outcome=Outcome.REJECTED,
            reply="Nein.",
            expected_version=1,
        )
    comment.refresh_from_db()
    assert comment.outcome == Outcome.ADOPTED
    assert comment.outcome_reply == "Wird übernommen."
    assert comment.outcome_version == 2
    assert comment.outcome_by == world.coordinator
    assert "comment.outcome_set" in _verbs()


def test_outcome_after_end_and_only_by_editors(world):
    consultation = ConsultationFactory(strategy=world.strategy, ended=True)
    comment = CommentFactory(consultation=consultation)
    with pytest.raises(PermissionDenied):
        services.comment_set_outcome(
            actor=world.cdo, comment=comment, outcome="adopted", reply="Ja", expected_version=1
        )
    services.comment_set_outcome(
        actor=world.coordinator,
        comment=comment,
        outcome="considered",
        reply="Berücksichtigt.",
        expected_version=1,
    )
    with pytest.raises(ValidationError) as error:
        services.comment_set_outcome(
            actor=world.coordinator, comment=comment, outcome="open", reply="", expected_version=2
        )
    assert set(error.value.message_dict) == {"outcome", "outcome_reply"}


def test_report_once_then_hide_and_restore_are_audited(world):
    comment = CommentFactory(consultation=world.consultation, author=world.contributor)
    services.comment_report(actor=world.cdo, comment=comment, reason="Beleidigend.")
    with pytest.raises(ValidationError, match="bereits gemeldet"):
        services.comment_report(actor=world.cdo, comment=comment, reason="Nochmal.")
    with pytest.raises(PermissionDenied):
        services.comment_hide(actor=world.cdo, comment=comment, reason="Weg.")
    with pytest.raises(ValidationError):
        services.comment_hide(actor=world.coordinator, comment=comment, reason=" ")
    services.comment_hide(actor=world.coordinator, comment=comment, reason="Beleidigung")
    comment.refresh_from_db()
    assert comment.hidden_reason == "Beleidigung"
    assert comment.hidden_by == world.coordinator
    assert CommentReport.objects.get().resolved_by == world.coordinator
    services.comment_restore(actor=world.coordinator, comment=comment)
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert {"comment.reported", "comment.hidden", "comment.restored"} <= set(_verbs())
    assert comment.history.count() == 3
