"""Services of a network's governance: permissions, validation, history, files, demo."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from blaupause.core.concurrency import EditConflict
from blaupause.core.models import AuditEvent
from blaupause.core.signals import activity
from blaupause.regions import services_governance as services
from blaupause.regions.models import Network, WorkingGroup
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import MunicipalityFactory, NetworkFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture
def coordinator(network):
    user = UserFactory(name="Clara Koordination")
    MembershipFactory(user=user, role="network_coordinator", network=network)
    return user


@pytest.fixture
def outsider(db):
    """CDO of a municipality in another network."""
    elsewhere = MunicipalityFactory()
    other = NetworkFactory(region=elsewhere.district.region)
    other.municipalities.add(elsewhere)
    user = UserFactory()
    MembershipFactory(user=user, role="cdo", municipality=elsewhere)
    MembershipFactory(user=UserFactory(), role="network_coordinator", network=other)
    return user


@pytest.fixture
def signals():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    activity.connect(receiver)
    yield received
    activity.disconnect(receiver)


def _update(actor, network, **overrides):
    values = {
        "coordinating_body": "Kreisverwaltung",
        "coordinating_municipality": None,
        "meeting_rhythm": "monatlich digital, zweimal im Jahr in Präsenz",
        "mandate_title": "Auftrag",
        "mandate_body": "Bürgermeisterkonferenz",
        "mandate_date": datetime.date(2023, 5, 1),
        "mandate_date_note": "",
        "mandate_url": "https://example.org/beschluss",
        "mandate_description": "",
        "expected_version": network.version,
    }
    values.update(overrides)
    return services.network_governance_update(actor=actor, network=network, **values)


def test_coordination_changes_governance_with_audit_and_activity(
    network, municipality, coordinator, signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _update(coordinator, network, coordinating_municipality=municipality)
    network.refresh_from_db()
    assert network.coordinating_municipality == municipality
    assert network.meeting_rhythm == "monatlich digital, zweimal im Jahr in Präsenz"
    assert network.version == 2
    assert network.history.count() >= 2
    event = AuditEvent.objects.get(verb="network.governance_updated")
    assert "mandate_title" in event.data["fields"]
    assert [s["verb"] for s in signals] == ["network.mandate_changed"]
    assert signals[0]["target"] == network


def test_regional_admin_may_edit_but_members_and_outsiders_may_not(
    network, cdo, regional_admin, outsider
):
    _update(regional_admin, network)
    for user in (cdo, outsider):
        network.refresh_from_db()
        with pytest.raises(PermissionDenied):
            _update(user, network)


def test_coordinating_municipality_must_be_a_member(network, coordinator):
    stranger = MunicipalityFactory()
    with pytest.raises(ValidationError) as error:
        _update(coordinator, network, coordinating_municipality=stranger)
    assert "muss Mitglied des Netzwerks sein" in str(error.value.message_dict)


def test_concurrent_edit_is_detected(network, coordinator):
    stale = Network.objects.get(pk=network.pk)
    _update(coordinator, network, meeting_rhythm="wöchentlich")
    with pytest.raises(EditConflict):
        _update(coordinator, stale, meeting_rhythm="jährlich", expected_version=1)
    network.refresh_from_db()
    assert network.meeting_rhythm == "wöchentlich"


def test_mandate_date_in_the_future_is_refused(network, coordinator):
    with pytest.raises(ValidationError) as error:
        _update(coordinator, network, mandate_date=datetime.date(2999, 1, 1))
    assert "Zukunft" in str(error.value.message_dict["mandate_date"])


# --- working groups ----------------------------------------------------------------------------


def test_working_group_created_with_lead_as_member(
    network,
    municipality,
    other_municipality,
    coordinator,
    cdo,
    signals,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        group = services.working_group_create(
            actor=coordinator,
            network=network,
            name="AG OZG",
            topics="OZG, Formulare",
            lead=municipality,
            municipalities=[other_municipality],
            people=[cdo, coordinator],
        )
    assert set(group.municipalities.all()) == {municipality, other_municipality}
    assert set(group.people.all()) == {cdo, coordinator}
    assert group.topic_list == ["OZG", "Formulare"]
    assert group.history.exists()
    assert AuditEvent.objects.filter(verb="working_group.created").exists()
    assert signals[0]["verb"] == "working_group.created"
    assert signals[0]["target"] == network


def test_working_group_validation_in_german(network, municipality, coordinator, outsider):
    stranger = MunicipalityFactory()
    services.working_group_create(actor=coordinator, network=network, name="AG Eins")
    with pytest.raises(ValidationError) as error:
        services.working_group_create(
            actor=coordinator,
            network=network,
            name="ag eins",
            lead=stranger,
            municipalities=[municipality, stranger],
            people=[outsider],
        )
    errors = error.value.message_dict
    assert "gibt es im Netzwerk schon" in errors["name"][0]
    assert "federführende Kommune muss Mitglied" in errors["lead"][0]
    assert stranger.name in errors["municipalities"][0]
    assert "Mitwirken können nur Personen" in errors["people"][0]
    with pytest.raises(ValidationError) as error:
        services.working_group_create(actor=coordinator, network=network, name="  ")
    assert "Namen" in error.value.message_dict["name"][0]


def test_working_group_update_end_delete_restore(
    network, municipality, coordinator, signals, django_capture_on_commit_callbacks
):
    group = services.working_group_create(actor=coordinator, network=network, name="AG Bildung")
    stale_version = group.version
    with django_capture_on_commit_callbacks(execute=True):
        services.working_group_update(
            actor=coordinator,
            group=group,
            name="AG Digitale Bildung",
            topics="Schulen",
            description="",
            lead=municipality,
            municipalities=[],
            people=[],
            meeting_rhythm="quartalsweise",
            expected_version=stale_version,
        )
    assert signals[-1]["verb"] == "working_group.updated"
    group.refresh_from_db()
    assert group.name == "AG Digitale Bildung"
    assert list(group.municipalities.all()) == [municipality]
    with pytest.raises(EditConflict):
        services.working_group_update(
            actor=coordinator,
            group=WorkingGroup.objects.get(pk=group.pk),
            name="X",
            topics="",
            description="",
            lead=None,
            municipalities=[],
            people=[],
            meeting_rhythm="",
            expected_version=stale_version,
        )
    services.working_group_end(actor=coordinator, group=group)
    group.refresh_from_db()
    assert group.status == "ended"
    assert group.ended_on is not None
    services.working_group_delete(actor=coordinator, group=group)
    assert not WorkingGroup.objects.filter(pk=group.pk).exists()
    assert WorkingGroup.all_objects.get(pk=group.pk).deleted_at is not None
    services.working_group_restore(
        actor=coordinator, group=WorkingGroup.all_objects.get(pk=group.pk)
    )
    assert WorkingGroup.objects.filter(pk=group.pk).exists()


def test_working_group_changes_need_the_network_right(network, cdo, outsider, coordinator):
    with pytest.raises(PermissionDenied):
        services.working_group_create(actor=outsider, network=network, name="AG X")
    group = services.working_group_create(actor=coordinator, network=network, name="AG X")
    for user in (cdo, outsider):
        with pytest.raises(PermissionDenied):
            services.working_group_delete(actor=user, group=group)
        with pytest.raises(PermissionDenied):
            services.working_group_end(actor=user, group=group)


# --- mandate document --------------------------------------------------------------------------


def test_executable_renamed_pdf_is_refused(network, coordinator):
    upload = SimpleUploadedFile("beschluss.pdf", EXE_BYTES, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.network_mandate_document_set(actor=coordinator, network=network, upload=upload)
    assert "Diese Datei können wir nicht annehmen" in error.value.message_dict["file"][0]
    network.refresh_from_db()
    assert not network.mandate_file


def test_image_is_not_a_mandate_document(network, coordinator):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    upload = SimpleUploadedFile("beschluss.png", png, content_type="image/png")
    with pytest.raises(ValidationError):
        services.network_mandate_document_set(actor=coordinator, network=network, upload=upload)


def test_too_large_document_is_refused(network, coordinator, settings):
    settings.BLAUPAUSE_MAX_UPLOAD_MB = 0.0001
    upload = SimpleUploadedFile("beschluss.pdf", PDF_BYTES * 10, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.network_mandate_document_set(actor=coordinator, network=network, upload=upload)
    assert "zu groß" in error.value.message_dict["file"][0]


def test_pdf_is_stored_under_a_random_name_and_can_be_removed(network, coordinator, outsider):
    upload = SimpleUploadedFile("Beschluss ../BMK.pdf", PDF_BYTES, content_type="text/html")
    services.network_mandate_document_set(actor=coordinator, network=network, upload=upload)
    network.refresh_from_db()
    assert network.mandate_file_type == "application/pdf"
    assert network.mandate_file_name == "BMK.pdf"
    assert "BMK" not in network.mandate_file.name
    assert network.mandate_file.name.endswith(".pdf")
    assert AuditEvent.objects.filter(verb="network.mandate_document_uploaded").exists()
    with pytest.raises(PermissionDenied):
        services.network_mandate_document_remove(actor=outsider, network=network)
    services.network_mandate_document_remove(actor=coordinator, network=network)
    network.refresh_from_db()
    assert not network.mandate_file
    assert network.history.filter(mandate_file__endswith=".pdf").exists()  # restorable


def test_mandate_upload_check_reads_the_content():
    detected, problem = services.mandate_upload_check(
        SimpleUploadedFile("x.txt", PDF_BYTES, content_type="text/plain")
    )
    assert detected.content_type == "application/pdf"
    assert not problem
    _detected, problem = services.mandate_upload_check(
        SimpleUploadedFile("x.pdf", b"just text", content_type="application/pdf")
    )
    assert "ODT" in problem


# --- demo --------------------------------------------------------------------------------------


def test_demo_governance_is_idempotent(owl_networks):
    from blaupause.regions.demo_governance import load_demo_governance

    network = load_demo_governance()
    load_demo_governance()
    network.refresh_from_db()
    assert network.coordinating_municipality is None
    assert "Datum nicht öffentlich belegt" in network.mandate_date_note
    assert network.mandate_date is None
    groups = WorkingGroup.objects.filter(network=network)
    assert groups.count() == 3
    assert all("Demo" in group.name for group in groups)
    assert all(group.lead in network.municipalities.all() for group in groups)
