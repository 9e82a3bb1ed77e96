"""Reopening a submitted self-check: who may, why, the audit line, and leaving the benchmarks."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import pytest
import time_machine

from blaupause.assessments import services
from blaupause.assessments.constants import AssessmentStatus
from blaupause.assessments.selectors import assessment_results
from blaupause.core.models import AuditEvent
from tests.factories.assessments import submitted_assessment
from tests.factories.regions import MunicipalityFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db

IN_2026 = datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC)
REASON = "Tippfehler bei Frage B3 korrigieren"


def _reopen(actor, assessment, reason=REASON):
    return services.assessment_reopen(
        actor=actor, assessment=assessment, reason=reason, expected_version=assessment.version
    )


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("contributor", False),
        ("cdo", True),
        ("cdo_other", False),
        ("coordinator", False),
        ("regional_admin", True),
    ],
)
def test_who_may_reopen_this_years_check(world, people, role, allowed):
    assessment = submitted_assessment(world.home, year=2026)
    with time_machine.travel(IN_2026, tick=False):
        if allowed:
            _reopen(people[role], assessment)
        else:
            with pytest.raises(PermissionDenied):
                _reopen(people[role], assessment)
    assessment.refresh_from_db()
    assert assessment.is_submitted is not allowed


def test_cdo_may_not_reopen_last_year_the_regional_admin_may(world, people):
    assessment = submitted_assessment(world.home, year=2025)
    with time_machine.travel(IN_2026, tick=False):
        with pytest.raises(PermissionDenied, match="früherer Jahre"):
            _reopen(people["cdo"], assessment)
        _reopen(people["regional_admin"], assessment)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.submitted_at is None
    assert assessment.submitted_by is None


@pytest.mark.parametrize("reason", ["", "   ", "kurz", "x" * 1001])
def test_reopen_needs_a_sensible_reason_and_changes_nothing_otherwise(world, people, reason):
    assessment = submitted_assessment(world.home, year=2026)
    with time_machine.travel(IN_2026, tick=False), pytest.raises(ValidationError) as error:
        _reopen(people["cdo"], assessment, reason=reason)
    assert "reason" in error.value.message_dict
    assessment.refresh_from_db()
    assert assessment.is_submitted
    assert not AuditEvent.objects.filter(verb="assessment.reopened").exists()


def test_reopen_is_audited_with_the_reason(world, people):
    assessment = submitted_assessment(world.home, year=2026)
    with time_machine.travel(IN_2026, tick=False):
        _reopen(people["cdo"], assessment)
    event = AuditEvent.objects.get(verb="assessment.reopened")
    assert event.actor == people["cdo"]
    assert event.data["reason"] == REASON


def test_a_draft_cannot_be_reopened(world, people):
    assessment = submitted_assessment(world.home, year=2026)
    assessment.status = AssessmentStatus.DRAFT
    assessment.save()
    with time_machine.travel(IN_2026, tick=False), pytest.raises(ValidationError):
        _reopen(people["cdo"], assessment)


def test_reopened_check_leaves_the_benchmarks_until_submitted_again(world, people):
    others = [MunicipalityFactory(district=world.district) for _ in range(4)]
    for municipality in others:
        submitted_assessment(municipality, year=2026)
    own = submitted_assessment(world.home, year=2026)
    assert assessment_results(assessment=own).benchmarks[0].count == 5
    with time_machine.travel(IN_2026, tick=False):
        _reopen(people["regional_admin"], own)
    own.refresh_from_db()
    groups = assessment_results(assessment=own).benchmarks
    assert groups[0].count == 4
    assert groups[0].enough is False


def test_stale_version_is_a_conflict(world, people):
    from blaupause.core.concurrency import EditConflict

    assessment = submitted_assessment(world.home, year=2026)
    with time_machine.travel(IN_2026, tick=False), pytest.raises(EditConflict):
        services.assessment_reopen(
            actor=people["cdo"],
            assessment=assessment,
            reason=REASON,
            expected_version=assessment.version - 1,
        )


def _url(world, name, year=2026):
    return reverse(f"assessments:{name}", kwargs={"ags": world.home.ags, "year": year})


def test_cdo_reopens_on_the_page_and_continues_in_the_form(client, world, people):
    submitted_assessment(world.home, year=2026)
    client = client_for(client, people["cdo"])
    with time_machine.travel(IN_2026, tick=True):
        results = client.get(_url(world, "results")).content.decode()
        assert "Selbstcheck wieder öffnen" in results
        page = client.get(_url(world, "reopen"))
        assert page.status_code == 200
        version = page.context["form"].initial["version"]

        response = client.post(_url(world, "reopen"), {"version": version, "reason": "zu kurz"})
        assert response.status_code == 400
        body = response.content.decode()
        assert "mindestens 10 Zeichen" in body
        assert "zu kurz" in body  # what the user typed stays

        response = client.post(_url(world, "reopen"), {"version": version, "reason": REASON})
        assert response.status_code == 302
        assert response["Location"] == _url(world, "form")
        form = client.get(response["Location"], follow=True).content.decode()
        assert "Entwurf speichern" in form


def test_reopen_link_and_page_hidden_from_others(client, world, people):
    submitted_assessment(world.home, year=2025)
    with time_machine.travel(IN_2026, tick=True):
        cdo = client_for(client, people["cdo"])
        assert "wieder öffnen" not in cdo.get(_url(world, "results", 2025)).content.decode()
        assert cdo.get(_url(world, "reopen", 2025)).status_code == 403
        client.logout()
        contributor = client_for(client, people["contributor"])
        assert contributor.get(_url(world, "reopen", 2025)).status_code == 403
        client.logout()
        admin = client_for(client, people["regional_admin"])
        assert "wieder öffnen" in admin.get(_url(world, "results", 2025)).content.decode()


def test_garbage_version_gives_a_form_error_not_a_500(client, world, people):
    submitted_assessment(world.home, year=2026)
    client = client_for(client, people["cdo"])
    with time_machine.travel(IN_2026, tick=True):
        response = client.post(_url(world, "reopen"), {"version": "abc", "reason": REASON})
    assert response.status_code == 400
