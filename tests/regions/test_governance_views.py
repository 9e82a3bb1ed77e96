"""The governance page and its edit pages: who sees names, who may edit, files, queries."""

import re

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from blaupause.regions import services_governance as services
from blaupause.regions.models import WorkingGroup
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import MunicipalityFactory, NetworkFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.BLAUPAUSE_MFA_REQUIRED_ROLES = []  # the TOTP set-up is tested in accounts


@pytest.fixture
def coordinator(network):
    user = UserFactory(name="Clara Koordination")
    MembershipFactory(user=user, role="network_coordinator", network=network)
    return user


@pytest.fixture
def named_cdo(network, municipality):
    user = UserFactory(name="Dora Digital")
    MembershipFactory(user=user, role="cdo", municipality=municipality)
    return user


@pytest.fixture
def contributor(network, other_municipality):
    user = UserFactory(name="Max Mitwirkend")
    MembershipFactory(user=user, role="contributor", municipality=other_municipality)
    return user


@pytest.fixture
def outsider(db):
    elsewhere = MunicipalityFactory()
    other = NetworkFactory(region=elsewhere.district.region)
    other.municipalities.add(elsewhere)
    user = UserFactory(name="Otto Anderswo")
    MembershipFactory(user=user, role="cdo", municipality=elsewhere)
    return user


@pytest.fixture
def group(network, municipality, named_cdo, coordinator):
    return services.working_group_create(
        actor=coordinator,
        network=network,
        name="AG Ratsinformationssystem",
        topics="RIS, Gremien",
        lead=municipality,
        people=[named_cdo],
    )


def url(network, name="regions:network_governance", **kwargs):
    return reverse(name, kwargs={"slug": network.slug, **kwargs})


def test_anonymous_sees_roles_and_counts_but_no_names(
    client, network, municipality, group, named_cdo, contributor
):
    network.coordinating_municipality = municipality
    network.save()
    response = client.get(url(network))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "koordinierend" in html
    assert municipality.name in html
    assert "AG Ratsinformationssystem" in html
    assert "1 Person" in html
    for name in ("Dora Digital", "Max Mitwirkend", "Clara Koordination"):
        assert name not in html
    assert "<caption" in html
    assert 'scope="row"' in html
    assert "Organisation bearbeiten" not in html


def test_members_of_the_network_see_names_and_roles(
    client, network, group, named_cdo, contributor, coordinator
):
    for user in (named_cdo, contributor, coordinator):
        client.force_login(user)
        html = client.get(url(network)).content.decode()
        assert "Dora Digital (CDO)" in html
        assert "Max Mitwirkend (Mitwirkend)" in html
        assert "Clara Koordination" in html


def test_regional_admin_sees_names_outsider_does_not(
    client, network, group, named_cdo, regional_admin, outsider
):
    client.force_login(regional_admin)
    assert "Dora Digital" in client.get(url(network)).content.decode()
    client.force_login(outsider)
    assert "Dora Digital" not in client.get(url(network)).content.decode()


def test_edit_pages_are_for_the_coordination_and_regional_admins(
    client, network, group, named_cdo, outsider, coordinator, regional_admin
):
    edit = url(network, "regions:network_governance_edit")
    create = url(network, "regions:working_group_create")
    group_edit = url(network, "regions:working_group_edit", group_uuid=group.uuid)
    response = client.get(edit)
    assert response.status_code == 302
    assert "/login" in response["Location"] or "anmelden" in response["Location"]
    for user in (named_cdo, outsider):
        client.force_login(user)
        assert client.get(edit).status_code == 403
        assert client.post(create, {"name": "AG Fremd"}).status_code == 403
        assert client.post(group_edit, {"name": "X"}).status_code == 403
        assert (
            client.post(
                url(network, "regions:working_group_delete", group_uuid=group.uuid)
            ).status_code
            == 403
        )
    assert not WorkingGroup.objects.filter(name="AG Fremd").exists()
    for user in (coordinator, regional_admin):
        client.force_login(user)
        assert client.get(edit).status_code == 200
        assert client.get(create).status_code == 200
        assert client.get(group_edit).status_code == 200


def test_unknown_network_and_foreign_group_are_404(client, network, group, coordinator):
    client.force_login(coordinator)
    assert (
        client.get(
            reverse("regions:network_governance", kwargs={"slug": "gibt-es-nicht"})
        ).status_code
        == 404
    )
    other = NetworkFactory()
    MembershipFactory(user=coordinator, role="network_coordinator", network=other)
    foreign = url(other, "regions:working_group_edit", group_uuid=group.uuid)
    assert client.get(foreign).status_code == 404


def _governance_data(network, **overrides):
    data = {
        "version": network.version,
        "coordinating_body": "Kreisverwaltung Lippe",
        "coordinating_municipality": "",
        "meeting_rhythm": "monatlich digital, zweimal im Jahr in Präsenz",
        "mandate_title": "Auftrag zur Rahmenstrategie",
        "mandate_body": "Bürgermeisterkonferenz Kreis Lippe",
        "mandate_date": "2023-05-10",
        "mandate_date_note": "",
        "mandate_url": "https://example.org/beschluss",
        "mandate_description": "Die **Strategie** bündeln.",
    }
    data.update(overrides)
    return data


def test_coordination_saves_governance_and_page_shows_it(
    client, network, municipality, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        url(network, "regions:network_governance_edit"),
        _governance_data(network, coordinating_municipality=municipality.pk),
    )
    assert response.status_code == 302
    html = client.get(url(network)).content.decode()
    assert "Bürgermeisterkonferenz Kreis Lippe" in html
    assert "monatlich digital, zweimal im Jahr in Präsenz" in html
    assert "<strong>Strategie</strong>" in html
    assert "10. Mai 2023" in html


def test_foreign_coordinating_municipality_is_refused_with_input_kept(client, network, coordinator):
    stranger = MunicipalityFactory(name="Fremdstadt")
    client.force_login(coordinator)
    response = client.post(
        url(network, "regions:network_governance_edit"),
        _governance_data(
            network, coordinating_municipality=stranger.pk, meeting_rhythm="wöchentlich"
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "gültige Auswahl" in html
    assert "wöchentlich" in html


def test_concurrent_governance_edit_shows_a_conflict(client, network, coordinator):
    client.force_login(coordinator)
    first = _governance_data(network, meeting_rhythm="wöchentlich")
    second = _governance_data(network, meeting_rhythm="jährlich")
    assert client.post(url(network, "regions:network_governance_edit"), first).status_code == 302
    response = client.post(url(network, "regions:network_governance_edit"), second)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Jemand anderes hat diesen Datensatz inzwischen geändert." in html
    assert "wöchentlich" in html
    assert "jährlich" in html
    network.refresh_from_db()
    assert network.meeting_rhythm == "wöchentlich"


def test_working_group_form_validates_members(client, network, municipality, coordinator):
    stranger = MunicipalityFactory()
    client.force_login(coordinator)
    response = client.post(
        url(network, "regions:working_group_create"),
        {"name": "AG OZG-Umsetzung", "lead": stranger.pk, "topics": "OZG"},
    )
    assert response.status_code == 200
    assert "gültige Auswahl" in response.content.decode()
    response = client.post(
        url(network, "regions:working_group_create"),
        {"name": "", "topics": "OZG"},
    )
    assert "Bitte geben Sie einen Namen ein." in response.content.decode()
    response = client.post(
        url(network, "regions:working_group_create"),
        {
            "name": "AG OZG-Umsetzung",
            "lead": municipality.pk,
            "topics": "OZG, Online-Dienste",
            "group_municipalities": [municipality.pk],
        },
    )
    assert response.status_code == 302
    group = WorkingGroup.objects.get(name="AG OZG-Umsetzung")
    assert group.lead == municipality
    response = client.post(
        url(network, "regions:working_group_create"), {"name": "ag ozg-umsetzung"}
    )
    assert "gibt es im Netzwerk schon" in response.content.decode()


def test_working_group_edit_end_and_delete(client, network, group, coordinator):
    client.force_login(coordinator)
    edit = url(network, "regions:working_group_edit", group_uuid=group.uuid)
    data = {
        "version": group.version,
        "name": "AG RIS",
        "topics": "RIS",
        "lead": "",
        "meeting_rhythm": "monatlich",
    }
    assert client.post(edit, data).status_code == 302
    assert client.post(edit, {**data, "name": "AG Gremien"}).status_code == 409
    client.post(url(network, "regions:working_group_end", group_uuid=group.uuid))
    html = client.get(url(network)).content.decode()
    assert "AG RIS" in html
    assert "beendet am" in html
    client.post(url(network, "regions:working_group_delete", group_uuid=group.uuid))
    assert f'id="ag-{group.uuid}"' not in client.get(url(network)).content.decode()
    assert WorkingGroup.all_objects.get(pk=group.pk).deleted_at is not None


def test_executable_renamed_pdf_is_refused_in_german(client, network, coordinator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("beschluss.pdf", EXE_BYTES, content_type="application/pdf")
    response = client.post(url(network, "regions:network_mandate_upload"), {"file": upload})
    assert response.status_code == 400
    assert "Diese Datei können wir nicht annehmen" in response.content.decode()
    network.refresh_from_db()
    assert not network.mandate_file


def test_mandate_document_upload_download_remove(client, network, coordinator, outsider):
    client.force_login(outsider)
    upload = SimpleUploadedFile("beschluss.pdf", PDF_BYTES, content_type="application/pdf")
    assert (
        client.post(url(network, "regions:network_mandate_upload"), {"file": upload}).status_code
        == 403
    )
    client.force_login(coordinator)
    upload = SimpleUploadedFile("Beschluss BMK.pdf", PDF_BYTES, content_type="application/pdf")
    assert (
        client.post(url(network, "regions:network_mandate_upload"), {"file": upload}).status_code
        == 302
    )
    client.logout()
    assert "Beschluss BMK.pdf" in client.get(url(network)).content.decode()
    response = client.get(url(network, "regions:network_mandate_download"))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES
    client.force_login(coordinator)
    assert client.post(url(network, "regions:network_mandate_remove")).status_code == 302
    assert client.get(url(network, "regions:network_mandate_download")).status_code == 404


def test_network_page_shows_the_organisation_slot(client, network, group):
    html = client.get(network.get_absolute_url()).content.decode()
    assert 'id="organisation"' in html
    assert "1 aktive Arbeitsgruppe" in html
    assert url(network) in html


def _grow(network, coordinator, count):
    members = MunicipalityFactory.create_batch(count)
    network.municipalities.add(*members)
    for index, member in enumerate(members):
        MembershipFactory(user=UserFactory(), role="cdo", municipality=member)
        MembershipFactory(user=UserFactory(), role="contributor", municipality=member)
        group = services.working_group_create(
            actor=coordinator,
            network=network,
            name=f"AG {index}",
            lead=member,
        )
        group.people.add(coordinator)


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_query_count_does_not_grow(
    client, network, group, named_cdo, coordinator, django_assert_max_num_queries, viewer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if viewer == "member":
        client.force_login(named_cdo)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(network)).status_code == 200
    _grow(network, coordinator, 6)
    cache.clear()
    with django_assert_max_num_queries(len(few)):
        response = client.get(url(network))
    assert len(response.context["page"].working_groups) == 7
    assert len(response.context["page"].members) == 8
    if viewer == "member":
        assert re.search(r"Dora Digital", response.content.decode())
