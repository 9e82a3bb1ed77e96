"""Services of joint projects: partners, commitments, cost split, versions, documents."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from blaupause.collaboration.constants import AgreementStatus, CostSplit, PartnerStatus
from blaupause.collaboration.models import JointProject, ProjectDocument, ProjectPartner
from blaupause.collaboration.selectors.projects import cost_split_rows
from blaupause.collaboration.services import projects as services
from blaupause.commitments.models import Commitment
from blaupause.core.concurrency import EditConflict
from tests.factories.commitments import CommitmentFactory

from .test_projects_helpers import PDF, accept, make_project, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def _role(municipality, measure):
    return Commitment.objects.get(municipality=municipality, measure=measure).role


# --- start and partners ------------------------------------------------------------------------


def test_lead_is_accepted_partner_and_others_are_invited(world):
    project = make_project(world)
    statuses = dict(project.partners.values_list("municipality__name", "status"))
    assert statuses == {
        "Lemgo": PartnerStatus.ACCEPTED,
        "Blomberg": PartnerStatus.INVITED,
        "Lage": PartnerStatus.INVITED,
    }
    assert _role(world.lead, world.measure) == "lead"
    assert not Commitment.objects.filter(municipality=world.partner).exists()


def test_cdo_of_another_municipality_cannot_start_a_project_for_the_lead(world):
    with pytest.raises(PermissionDenied):
        services.project_create(
            actor=world.outsider_cdo, title="Fremdes Projekt", lead_municipality=world.lead
        )
    assert not JointProject.objects.exists()


def test_coordination_starts_a_project_and_keeps_seeing_it(world):
    project = services.project_create(
        actor=world.coordinator, title="Gemeinsames WLAN", lead_municipality=world.lead
    )
    assert project.network == world.network
    assert world.coordinator.has_perm("collaboration.change_project", project)


def test_accepting_creates_the_commitment_as_partner(world):
    project = make_project(world)
    accept(world, project, world.partner, world.partner_cdo)
    commitment = Commitment.objects.get(municipality=world.partner, measure=world.measure)
    assert commitment.role == "partner"
    assert commitment.status == "planned"


def test_accepting_raises_an_interested_commitment_but_never_lowers_a_lead(world):
    CommitmentFactory(municipality=world.partner, measure=world.measure, role="interested")
    CommitmentFactory(municipality=world.third, measure=world.measure, role="lead")
    project = make_project(world)
    accept(world, project, world.partner, world.partner_cdo)
    accept(world, project, world.third, world.third_cdo)
    assert _role(world.partner, world.measure) == "partner"
    assert _role(world.third, world.measure) == "lead"


def test_only_the_cdo_of_the_invited_municipality_may_respond(world):
    project = make_project(world)
    partner = project.partners.get(municipality=world.partner)
    for person in (world.outsider_cdo, world.lead_cdo, world.partner_contributor):
        with pytest.raises(PermissionDenied):
            services.partner_respond(actor=person, partner=partner, accept=True)
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.INVITED


def test_an_answered_invitation_cannot_be_answered_again(world):
    project = make_project(world)
    partner = project.partners.get(municipality=world.partner)
    services.partner_respond(actor=world.partner_cdo, partner=partner, accept=False)
    with pytest.raises(ValidationError):
        services.partner_respond(actor=world.partner_cdo, partner=partner, accept=True)


def test_invite_again_after_a_decline_and_not_twice(world):
    project = make_project(world)
    partner = project.partners.get(municipality=world.partner)
    services.partner_respond(actor=world.partner_cdo, partner=partner, accept=False)
    services.partner_invite(actor=world.lead_cdo, project=project, municipality=world.partner)
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.INVITED
    with pytest.raises(ValidationError) as error:
        services.partner_invite(actor=world.lead_cdo, project=project, municipality=world.partner)
    assert "bereits" in str(error.value)
    with pytest.raises(PermissionDenied):
        services.partner_invite(
            actor=world.outsider_cdo, project=project, municipality=world.outsider
        )


# --- edit and versions -------------------------------------------------------------------------


def test_a_stale_version_is_a_conflict_and_changes_nothing(world):
    project = make_project(world)
    version = project.version
    services.project_update(
        actor=world.lead_cdo, project=project, expected_version=version, goal="Neues Ziel"
    )
    stale = JointProject.objects.get(pk=project.pk)
    stale.version = version
    with pytest.raises(EditConflict):
        services.project_update(
            actor=world.coordinator, project=stale, expected_version=version, goal="Anderes Ziel"
        )
    assert JointProject.objects.get(pk=project.pk).goal == "Neues Ziel"


def test_other_cdo_cannot_change_the_project(world):
    project = make_project(world)
    with pytest.raises(PermissionDenied):
        services.project_update(
            actor=world.partner_cdo, project=project, expected_version=project.version, goal="x"
        )


def test_agreement_moves_forward_and_back_only_one_step(world):
    project = make_project(world)
    services.project_agreement_status_set(
        actor=world.lead_cdo,
        project=project,
        expected_version=project.version,
        status=AgreementStatus.AGREEMENT_SIGNED,
    )
    with pytest.raises(ValidationError):
        services.project_agreement_status_set(
            actor=world.lead_cdo,
            project=project,
            expected_version=project.version,
            status=AgreementStatus.IDEA,
        )
    assert JointProject.objects.get(pk=project.pk).agreement_status == "agreement_signed"


# --- cost split --------------------------------------------------------------------------------


def _accepted_rows(project):
    partners = list(ProjectPartner.objects.filter(project=project).select_related("municipality"))
    return {row.partner.municipality.name: row for row in cost_split_rows(project, partners).rows}


def test_equal_split_gives_the_remaining_cent_to_the_lead(world):
    project = make_project(world)
    accept(world, project, world.partner, world.partner_cdo)
    accept(world, project, world.third, world.third_cdo)
    rows = _accepted_rows(project)
    assert rows["Blomberg"].amount == Decimal("333.33")
    assert rows["Lage"].amount == Decimal("333.33")
    assert rows["Lemgo"].amount == Decimal("333.34")
    assert sum(row.amount for row in rows.values()) == Decimal("1000")


def test_population_split_and_own_share_after_funding(world):
    project = make_project(world, funding_rate="80", funding_status="approved")
    accept(world, project, world.partner, world.partner_cdo)
    services.project_cost_split_set(
        actor=world.lead_cdo,
        project=project,
        expected_version=project.version,
        method=CostSplit.POPULATION,
    )
    rows = _accepted_rows(JointProject.objects.get(pk=project.pk))
    # 40,000 : 15,000 inhabitants of 1,000 euros
    assert rows["Blomberg"].amount == Decimal("272.73")
    assert rows["Lemgo"].amount == Decimal("727.27")
    assert rows["Blomberg"].own_amount == Decimal("54.55")


def test_custom_shares_must_add_up_to_exactly_100(world):
    project = make_project(world)
    accept(world, project, world.partner, world.partner_cdo)
    partners = {p.municipality_id: p for p in project.partners.filter(status="accepted")}
    with pytest.raises(ValidationError) as error:
        services.project_cost_split_set(
            actor=world.lead_cdo,
            project=project,
            expected_version=project.version,
            method=CostSplit.CUSTOM,
            shares={partners[world.lead.pk].pk: "60", partners[world.partner.pk].pk: "35"},
        )
    assert "95,00 %" in " ".join(error.value.messages)
    stored = JointProject.objects.get(pk=project.pk)
    assert stored.cost_split == CostSplit.EQUAL
    assert not ProjectPartner.objects.filter(share__isnull=False).exists()
    services.project_cost_split_set(
        actor=world.lead_cdo,
        project=stored,
        expected_version=stored.version,
        method=CostSplit.CUSTOM,
        shares={partners[world.lead.pk].pk: "62,5", partners[world.partner.pk].pk: "37.5"},
    )
    rows = _accepted_rows(JointProject.objects.get(pk=project.pk))
    assert rows["Lemgo"].amount == Decimal("625.00")
    assert rows["Blomberg"].percent == Decimal("37.50")


# --- documents ---------------------------------------------------------------------------------


def test_executable_renamed_to_pdf_is_refused(world):
    project = make_project(world)
    upload = SimpleUploadedFile("vertrag.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError) as error:
        services.document_add(actor=world.lead_cdo, project=project, upload=upload)
    assert "nicht annehmen" in str(error.value)
    assert not ProjectDocument.objects.exists()


def test_oversize_upload_is_refused(world, settings):
    settings.BLAUPAUSE_MAX_UPLOAD_MB = 0.00001  # about 10 bytes
    project = make_project(world)
    upload = SimpleUploadedFile("vereinbarung.pdf", PDF)
    with pytest.raises(ValidationError) as error:
        services.document_add(actor=world.lead_cdo, project=project, upload=upload)
    assert "zu groß" in str(error.value)


def test_pdf_is_stored_under_a_random_name(world):
    project = make_project(world)
    document = services.document_add(
        actor=world.lead_cdo,
        project=project,
        upload=SimpleUploadedFile("Vereinbarung Lemgo.pdf", PDF),
        kind="agreement",
    )
    assert document.content_type == "application/pdf"
    assert document.original_name == "Vereinbarung Lemgo.pdf"
    assert "Lemgo" not in document.file.name


def test_invited_partner_cannot_work_on_the_project_until_it_accepts(world):
    project = make_project(world)
    with pytest.raises(PermissionDenied):
        services.work_package_create(actor=world.partner_cdo, project=project, title="Analyse")
    accept(world, project, world.partner, world.partner_cdo)
    project = JointProject.objects.get(pk=project.pk)
    package = services.work_package_create(
        actor=world.partner_contributor,
        project=project,
        title="Analyse",
        owner_municipality=world.partner,
    )
    assert package.owner_municipality == world.partner
    with pytest.raises(ValidationError):
        services.work_package_create(
            actor=world.lead_cdo, project=project, title="X", owner_municipality=world.outsider
        )
