"""`send_event_reminders`: once per event, about 24 hours before, to confirmed people."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from blaupause.events import services
from blaupause.events.constants import RegistrationStatus
from tests.factories.events import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _starting_in(hours, **kwargs):
    starts = timezone.now() + datetime.timedelta(hours=hours)
    return EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), **kwargs)


def test_reminds_confirmed_people_once(django_capture_on_commit_callbacks):
    event = _starting_in(20)
    confirmed = RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=open("/dev/null", "w"))
    assert [m.to for m in mail.outbox] == [[confirmed.user.email]]
    assert "Erinnerung" in mail.outbox[0].subject
    assert event.video_url in mail.outbox[0].body
    event.refresh_from_db()
    assert event.reminder_sent_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1


def test_events_further_away_past_or_cancelled_are_not_reminded(
    django_capture_on_commit_callbacks,
):
    later = _starting_in(30)
    RegistrationFactory(event=later)
    past = _starting_in(-1)
    RegistrationFactory(event=past)
    cancelled = _starting_in(5, cancelled_at=timezone.now(), cancel_reason="Krank")
    RegistrationFactory(event=cancelled)
    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.event_reminders_send()
    assert reminded == []
    assert mail.outbox == []


def test_hourly_runs_catch_the_event_once():
    event = _starting_in(30)
    RegistrationFactory(event=event)
    now = timezone.now()
    runs = [services.event_reminders_send(now=now + datetime.timedelta(hours=h)) for h in range(8)]
    assert [len(r) for r in runs] == [0, 0, 0, 0, 0, 0, 1, 0]
