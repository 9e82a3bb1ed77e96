"""Project pages: who sees what, forms that keep the input, downloads, the list."""

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from blaupause.collaboration.models import JointProject, ProjectDocument
from blaupause.collaboration.services import projects as services

from .test_projects_helpers import PDF, accept, make_project, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def _url(name, project, **kwargs):
    return reverse(f"collaboration:{name}", kwargs={"uuid": project.uuid, **kwargs})


def test_anonymous_sees_the_public_summary_without_internals(client, world):
    project = make_project(world)
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("<h1") == 1
    assert "<strong>gemeinsamer</strong>" in text
    assert "Lemgo" in text
    assert "Vertrauliche Notiz" not in text
    assert 'id="arbeitspakete"' not in text
    assert 'id="kosten"' not in text


def test_partner_sees_internals_with_amounts(client, world):
    project = make_project(world)
    accept(world, project, world.partner, world.partner_cdo)
    client.force_login(world.partner_contributor)
    text = client.get(project.get_absolute_url()).content.decode()
    assert "Vertrauliche Notiz" in text
    assert 'id="arbeitspakete"' in text
    assert "500,00 €" in text
    assert "beteiligt" in text


def test_non_public_project_is_404_for_outsiders(client, world):
    project = make_project(world, is_public=False)
    assert client.get(project.get_absolute_url()).status_code == 404
    client.force_login(world.outsider_cdo)
    assert client.get(project.get_absolute_url()).status_code == 404
    assert project.title not in client.get(reverse("collaboration:project_list")).content.decode()
    client.force_login(world.partner_cdo)  # invited
    assert client.get(project.get_absolute_url()).status_code == 200
    client.force_login(world.admin)
    assert client.get(project.get_absolute_url()).status_code == 200


def test_other_cdo_cannot_edit_or_respond(client, world):
    project = make_project(world)
    partner = project.partners.get(municipality=world.partner)
    client.force_login(world.outsider_cdo)
    assert client.get(_url("project_edit", project)).status_code in (403, 404)
    response = client.post(
        _url("partner_respond", project, partner_uuid=partner.uuid), {"decision": "accept"}
    )
    assert response.status_code == 403
    partner.refresh_from_db()
    assert partner.status == "invited"
    client.force_login(world.partner_cdo)
    response = client.post(
        _url("partner_respond", project, partner_uuid=partner.uuid),
        {"decision": "accept", "message": "Gern dabei"},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.status == "accepted"


def test_edit_with_stale_version_shows_conflict(client, world):
    project = make_project(world)
    old_version = project.version
    services.project_update(
        actor=world.coordinator, project=project, expected_version=old_version, goal="Neu"
    )
    client.force_login(world.lead_cdo)
    response = client.post(
        _url("project_edit", project),
        {
            "version": old_version,
            "title": project.title,
            "goal": "Meine Fassung",
            "funding_status": "none",
            "is_public": "on",
        },
    )
    assert response.status_code == 409
    assert "Meine Fassung" in response.content.decode()
    assert JointProject.objects.get(pk=project.pk).goal == "Neu"


def test_custom_shares_not_adding_up_keep_the_input(client, world):
    project = make_project(world)
    accept(world, project, world.partner, world.partner_cdo)
    lead, partner = (
        project.partners.get(municipality=world.lead),
        project.partners.get(municipality=world.partner),
    )
    client.force_login(world.lead_cdo)
    response = client.post(
        _url("project_costs", project),
        {
            "version": JointProject.objects.get(pk=project.pk).version,
            "method": "custom",
            f"share_{lead.pk}": "60",
            f"share_{partner.pk}": "35,5",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "95,50 %" in text
    assert "genau 100 %" in text
    assert 'value="35,5"' in text
    assert JointProject.objects.get(pk=project.pk).cost_split == "equal"


def test_create_project_through_the_form(client, world):
    client.force_login(world.lead_cdo)
    assert client.get(reverse("collaboration:project_create")).status_code == 200
    response = client.post(
        reverse("collaboration:project_create"),
        {
            "title": "Gemeinsames Funknetz",
            "lead_municipality": world.lead.pk,
            "partner_municipalities": [world.partner.pk],
            "measure": world.measure.pk,
            "funding_status": "none",
            "budget_total": "12.000,50",
            "is_public": "on",
        },
    )
    assert response.status_code == 302, [
        line
        for line in response.content.decode().splitlines()
        if "kern-error" in line or "kern-alert__body" in line
    ]
    project = JointProject.objects.get(title="Gemeinsames Funknetz")
    assert str(project.budget_total) == "12000.50"


def test_create_form_keeps_input_on_error(client, world):
    client.force_login(world.lead_cdo)
    response = client.post(
        reverse("collaboration:project_create"),
        {
            "title": "Funknetz",
            "lead_municipality": world.lead.pk,
            "funding_status": "none",
            "starts_on": "2027-05-01",
            "ends_on": "2027-01-01",
            "budget_total": "viel",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Das Ende darf nicht vor dem Beginn liegen." in text
    assert "Bitte geben Sie einen Betrag in Euro ein" in text
    assert 'value="Funknetz"' in text


def test_document_upload_refuses_disguised_executable_and_download_is_attachment(client, world):
    project = make_project(world)
    client.force_login(world.lead_cdo)
    response = client.post(
        _url("document_upload", project),
        {"title": "", "kind": "agreement", "file": SimpleUploadedFile("a.pdf", b"MZ\x90\x00" * 50)},
    )
    assert response.status_code == 400
    assert "nicht annehmen" in response.content.decode()
    response = client.post(
        _url("document_upload", project),
        {"title": "Vereinbarung", "kind": "agreement", "file": SimpleUploadedFile("v.pdf", PDF)},
    )
    assert response.status_code == 302
    document = ProjectDocument.objects.get()
    url = _url("document_download", project, document_uuid=document.uuid)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(world.outsider_cdo)
    assert client.get(url).status_code == 404


def test_oversize_upload_view(client, world, settings):
    settings.BLAUPAUSE_MAX_UPLOAD_MB = 0.00001
    project = make_project(world)
    client.force_login(world.lead_cdo)
    response = client.post(
        _url("document_upload", project),
        {"kind": "other", "file": SimpleUploadedFile("v.pdf", PDF)},
    )
    assert response.status_code == 400
    assert "zu groß" in response.content.decode()


def test_list_filters_by_status_and_municipality(client, world):
    make_project(world)
    make_project(
        world,
        title="Beteiligungsplattform",
        partner_municipalities=[world.outsider],
        agreement_status="letter_of_intent",
    )
    url = reverse("collaboration:project_list")
    text = client.get(url, {"status": "letter_of_intent"}).content.decode()
    assert "Beteiligungsplattform" in text
    assert "Informationssicherheit" not in text
    text = client.get(url, {"kommune": world.partner.ags}).content.decode()
    assert "Informationssicherheit" in text
    assert "Beteiligungsplattform" not in text
    assert client.get(url, {"status": "<script>"}).status_code == 200


def _count(client, url, django_assert_max_num_queries):
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(20) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_list_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.partner_cdo)
    url = reverse("collaboration:project_list")
    make_project(world)
    one = _count(client, url, django_assert_max_num_queries)
    for n in range(5):
        project = make_project(world, title=f"Projekt {n}", is_public=bool(n % 2))
        accept(world, project, world.partner, world.partner_cdo)
    many = _count(client, url, django_assert_max_num_queries)
    assert many == one


def test_detail_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    project = make_project(world)
    client.force_login(world.lead_cdo)
    one = _count(client, project.get_absolute_url(), django_assert_max_num_queries)
    accept(world, project, world.partner, world.partner_cdo)
    project = JointProject.objects.get(pk=project.pk)
    for n in range(4):
        services.work_package_create(
            actor=world.lead_cdo, project=project, title=f"AP {n}", owner_municipality=world.lead
        )
        services.document_add(
            actor=world.lead_cdo, project=project, upload=SimpleUploadedFile("d.pdf", PDF)
        )
    many = _count(client, project.get_absolute_url(), django_assert_max_num_queries)
    assert many == one


def test_slots_list_visible_projects_only(rf, world):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    make_project(world)
    make_project(world, title="Verdecktes Projekt", is_public=False)
    request = rf.get("/")
    request.user = AnonymousUser()
    text = render_to_string(
        "collaboration/projects/slots/measure.html", {"measure": world.measure}, request=request
    )
    assert "Gemeinsames Informationssicherheitsmanagement" in text
    assert "Verdecktes Projekt" not in text
    request.user = world.partner_cdo
    text = render_to_string(
        "collaboration/projects/slots/municipality.html",
        {"municipality": world.partner},
        request=request,
    )
    assert "Verdecktes Projekt" in text


def test_every_form_page_renders_with_one_heading(client, world):
    project = make_project(world)
    partner = project.partners.get(municipality=world.partner)
    client.force_login(world.lead_cdo)
    for name, extra in (
        ("project_edit", {}),
        ("project_costs", {}),
        ("partner_invite", {}),
        ("work_package_create", {}),
        ("milestone_create", {}),
        ("document_upload", {}),
    ):
        response = client.get(_url(name, project, **extra))
        assert response.status_code == 200, name
        text = response.content.decode()
        assert text.count("<h1") == 1, name
        assert 'style="' not in text, name
    assert client.get(reverse("collaboration:project_create")).status_code == 200
    client.force_login(world.partner_cdo)
    response = client.get(_url("partner_respond", project, partner_uuid=partner.uuid))
    assert response.status_code == 200
    assert "Zusagen" in response.content.decode()


def test_missing_commitment_can_be_entered_by_the_regional_admin(client, world):
    project = services.project_create(
        actor=world.coordinator,
        title="Gemeinsames WLAN",
        lead_municipality=world.lead,
        measure=world.measure,
    )
    client.force_login(world.coordinator)
    text = client.get(project.get_absolute_url()).content.decode()
    assert "noch nicht eingetragen" in text
    client.force_login(world.admin)
    response = client.post(_url("project_commitments", project), follow=True)
    assert "Beteiligungen eingetragen für: Lemgo" in response.content.decode()
    from blaupause.commitments.models import Commitment

    assert Commitment.objects.get(municipality=world.lead, measure=world.measure).role == "lead"
