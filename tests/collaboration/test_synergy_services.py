"""Synergy suggestions in the database: computed from plans and commitments, kept stable
across recomputation, dismissed per municipality, turned into a project, recomputed on change."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from blaupause.collaboration.models import JointProject, SynergyDismissal, SynergySuggestion
from blaupause.collaboration.services.synergy import (
    recompute_all,
    suggestion_convert,
    suggestion_dismiss,
)
from tests.collaboration.synergy_support import hoexter, person, plan
from tests.factories.commitments import CommitmentFactory, MeasureFactory

pytestmark = pytest.mark.django_db

NEXT_YEAR = datetime.date(timezone.localdate().year + 1, 6, 1)


@pytest.fixture
def towns():
    return hoexter(4)


@pytest.fixture
def ratsinfo(towns):
    plan(towns[0], "Einführung eines Ratsinformationssystems", planned_on=NEXT_YEAR)
    plan(towns[1], "Ratsinfosystem mit Mandatsträger-App", planned_on=NEXT_YEAR)
    plan(towns[2], "Digitale Gremienarbeit", planned_on=NEXT_YEAR)
    plan(
        towns[3],
        "Glasfaserausbau im Gewerbegebiet",
        planned_on=NEXT_YEAR,
        category="infrastructure",
    )
    recompute_all()
    return SynergySuggestion.objects.get()


def test_similar_plans_become_one_tender_suggestion_with_reasons(ratsinfo, towns):
    assert ratsinfo.kind == "joint_tender"
    assert ratsinfo.title.startswith(
        f"3 Kommunen im Kreis Höxter wollen {NEXT_YEAR.year} beschaffen"
    )
    assert set(ratsinfo.municipalities.all()) == set(towns[:3])
    assert ratsinfo.plans.count() == 3
    codes = [reason["code"] for reason in ratsinfo.reasons]
    assert {"similar_items", "period_overlap", "same_category"} <= set(codes)
    assert ratsinfo.region_id == towns[0].district.region_id


def test_recomputation_keeps_the_suggestion_and_marks_vanished_ones_outdated(ratsinfo, towns):
    recompute_all()
    again = SynergySuggestion.objects.get()
    assert again.pk == ratsinfo.pk
    assert again.status == "open"
    for stored in towns[0].procurement_plans.all():
        stored.open_for_partners = False
        stored.save()
    towns[1].procurement_plans.update(open_for_partners=False)
    recompute_all()
    ratsinfo.refresh_from_db()
    assert ratsinfo.status == "outdated"


def test_dismissal_survives_recomputation_and_a_changed_group(ratsinfo, towns):
    cdo = person(municipality=towns[0])
    suggestion_dismiss(
        actor=cdo, suggestion=ratsinfo, municipality=towns[0], reason="  Haben wir  schon "
    )
    assert SynergyDismissal.objects.get().reason == "Haben wir schon"
    recompute_all()
    assert SynergyDismissal.objects.filter(suggestion=ratsinfo, municipality=towns[0]).exists()
    # One member drops out: a new group (new key) of fewer municipalities inherits the dismissal.
    towns[2].procurement_plans.update(open_for_partners=False)
    recompute_all()
    current = SynergySuggestion.objects.get(status="open")
    assert current.pk != ratsinfo.pk
    assert current.dismissals.filter(municipality=towns[0]).exists()


def test_dismiss_checks_permission_and_reason(ratsinfo, towns):
    outsider = person(municipality=towns[3])
    with pytest.raises(PermissionDenied):
        suggestion_dismiss(actor=outsider, suggestion=ratsinfo, municipality=towns[3], reason="x")
    cdo = person(municipality=towns[0])
    with pytest.raises(PermissionDenied):  # not their municipality
        suggestion_dismiss(actor=cdo, suggestion=ratsinfo, municipality=towns[1], reason="x")
    with pytest.raises(PermissionDenied):  # the regional view is the region's business
        suggestion_dismiss(actor=cdo, suggestion=ratsinfo, municipality=None, reason="x")
    with pytest.raises(ValidationError) as error:
        suggestion_dismiss(actor=cdo, suggestion=ratsinfo, municipality=towns[0], reason="   ")
    assert "Grund" in str(error.value)
    suggestion_dismiss(
        actor=cdo, suggestion=ratsinfo, municipality=towns[0], reason="Vertrag läuft"
    )
    with pytest.raises(ValidationError):
        suggestion_dismiss(actor=cdo, suggestion=ratsinfo, municipality=towns[0], reason="nochmal")


def test_regional_admin_dismisses_for_the_region(ratsinfo, towns):
    admin = person(role="regional_admin", region=towns[0].district.region)
    suggestion_dismiss(actor=admin, suggestion=ratsinfo, municipality=None, reason="erledigt")
    assert SynergyDismissal.objects.get().municipality is None


def test_convert_creates_the_project_with_the_others_invited(ratsinfo, towns):
    cdo = person(municipality=towns[1])
    project = suggestion_convert(actor=cdo, suggestion=ratsinfo, lead_municipality=towns[1])
    assert project.lead_municipality == towns[1]
    invited = set(
        project.partners.exclude(municipality=towns[1]).values_list("municipality", flat=True)
    )
    assert invited == {towns[0].pk, towns[2].pk}
    ratsinfo.refresh_from_db()
    assert ratsinfo.status == "converted"
    assert ratsinfo.converted_project == project
    with pytest.raises(ValidationError):
        suggestion_convert(actor=cdo, suggestion=ratsinfo, lead_municipality=towns[1])
    assert JointProject.objects.count() == 1


def test_convert_only_by_a_cdo_of_the_lead(ratsinfo, towns):
    with pytest.raises(PermissionDenied):
        suggestion_convert(
            actor=person(municipality=towns[3]), suggestion=ratsinfo, lead_municipality=towns[3]
        )
    cdo = person(municipality=towns[0])
    with pytest.raises(PermissionDenied):
        suggestion_convert(actor=cdo, suggestion=ratsinfo, lead_municipality=towns[1])
    with pytest.raises(ValidationError):
        suggestion_convert(actor=cdo, suggestion=ratsinfo, lead_municipality=towns[3])


def test_only_public_commitments_of_different_strategies_take_part(towns):
    e_akte = MeasureFactory(title="Einführung der E-Akte")
    elsewhere = MeasureFactory(title="Elektronische Akte in allen Fachbereichen")
    CommitmentFactory(municipality=towns[0], measure=e_akte, status="planned", end_date=NEXT_YEAR)
    hidden = CommitmentFactory(
        municipality=towns[1],
        measure=elsewhere,
        status="planned",
        end_date=NEXT_YEAR,
        is_public=False,
    )
    recompute_all()
    assert not SynergySuggestion.objects.exists()
    hidden.is_public = True
    hidden.save()
    recompute_all()
    suggestion = SynergySuggestion.objects.get()
    assert suggestion.kind == "joint_project"
    assert suggestion.commitments.count() == 2


def test_recomputes_after_a_plan_changes(towns, django_capture_on_commit_callbacks):
    from blaupause.collaboration.services.procurement import plan_create

    plan(towns[0], "Dokumentenmanagementsystem beschaffen", planned_on=NEXT_YEAR)
    cdo = person(municipality=towns[1])
    with django_capture_on_commit_callbacks(execute=True):
        plan_create(
            actor=cdo,
            municipality=towns[1],
            subject="DMS-Lizenzen für die Kernverwaltung",
            category="software",
            planned_on=NEXT_YEAR,
            open_for_partners=True,
        )
    suggestion = SynergySuggestion.objects.get()
    assert set(suggestion.municipalities.all()) == {towns[0], towns[1]}


def test_recomputes_after_a_commitment_changes(towns, django_capture_on_commit_callbacks):
    # Each block stands for one committed transaction.
    with django_capture_on_commit_callbacks(execute=True):
        CommitmentFactory(
            municipality=towns[0],
            measure=MeasureFactory(title="Online-Terminvergabe im Bürgerbüro"),
            status="planned",
            end_date=NEXT_YEAR,
        )
    assert not SynergySuggestion.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        CommitmentFactory(
            municipality=towns[1],
            measure=MeasureFactory(title="Terminvereinbarungssystem im Bürgeramt"),
            status="planned",
            end_date=NEXT_YEAR,
        )
    assert SynergySuggestion.objects.filter(status="open").count() == 1


def test_command_recomputes_all_or_some_municipalities(towns):
    from io import StringIO

    from django.core.management import CommandError, call_command

    plan(towns[0], "E-Akte einführen", planned_on=NEXT_YEAR)
    plan(towns[1], "Elektronische Akte für die Kernverwaltung", planned_on=NEXT_YEAR)
    out = StringIO()
    call_command("compute_synergies", stdout=out)
    assert "Synergien berechnet" in out.getvalue()
    assert SynergySuggestion.objects.count() == 1
    call_command("compute_synergies", "--ags", towns[0].ags, stdout=out)
    assert SynergySuggestion.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("compute_synergies", "--ags", "00000000", stdout=out)


def test_a_stale_form_version_does_not_convert(ratsinfo, towns):
    cdo = person(municipality=towns[0])
    with pytest.raises(ValidationError):
        suggestion_convert(
            actor=cdo,
            suggestion=ratsinfo,
            lead_municipality=towns[0],
            expected_version=ratsinfo.version + 1,
        )
    assert not JointProject.objects.exists()


def test_existing_project_is_suggested_to_a_municipality_with_a_similar_plan(towns):
    from blaupause.collaboration.services.projects import project_create

    project = project_create(
        actor=person(municipality=towns[0]),
        title="Gemeinsames Ratsinformationssystem",
        lead_municipality=towns[0],
        partner_municipalities=[towns[1]],
    )
    plan(towns[2], "Ratsinfosystem einführen", planned_on=NEXT_YEAR)
    plan(towns[1], "Ratsinformationssystem Lizenzen", planned_on=NEXT_YEAR)  # already a partner
    recompute_all()
    suggestion = SynergySuggestion.objects.get()
    assert suggestion.kind == "join_project"
    assert suggestion.existing_project == project
    assert list(suggestion.municipalities.all()) == [towns[2]]
    assert "Projekt „Gemeinsames Ratsinformationssystem“" in suggestion.title


def test_one_recomputation_per_transaction(towns, monkeypatch, django_capture_on_commit_callbacks):
    from blaupause.collaboration.services import synergy

    calls = []
    monkeypatch.setattr(synergy, "commitments_changed", lambda ids: calls.append(sorted(ids)))
    with django_capture_on_commit_callbacks(execute=True):
        first = CommitmentFactory(municipality=towns[0], status="planned")
        second = CommitmentFactory(municipality=towns[1], status="planned")
    assert calls == [sorted([first.pk, second.pk])]
