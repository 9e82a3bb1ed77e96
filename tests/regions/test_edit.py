"""Editing a municipality's profile and a network: who may, what is refused, no lost edits."""

import re

from django.core.exceptions import PermissionDenied
from django.urls import reverse

import pytest

from blaupause.core.concurrency import EditConflict
from blaupause.core.models import AuditEvent
from blaupause.regions import services
from blaupause.regions.models import Municipality, Network
from tests.factories.accounts import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

DENIED = "Sie können nur die Daten Ihrer eigenen Kommune ändern."
NETWORK_DENIED = "Nur die Koordination dieses Netzwerks und die Regionaladministration"


def profile(**overrides):
    data = {
        "website": "https://www.detmold.de",
        "contact_name": "Digitalisierung Detmold",
        "contact_email": "digital@detmold.example",
        "description": "Detmold ist **Smart City**.",
        "version": "1",
    }
    return {**data, **overrides}


@pytest.fixture
def cdo_of_detmold(detmold):
    user = UserFactory()
    MembershipFactory(user=user, role="cdo", municipality=detmold)
    return user


@pytest.fixture
def owl_admin(owl, settings):
    settings.BLAUPAUSE_MFA_REQUIRED_ROLES = []  # the TOTP set-up is tested in accounts
    user = UserFactory()
    MembershipFactory(user=user, role="regional_admin", region=owl)
    return user


@pytest.fixture
def lippe(owl_networks):
    return Network.objects.get(slug="lippe")


@pytest.fixture
def lippe_coordinator(lippe):
    user = UserFactory()
    MembershipFactory(user=user, role="network_coordinator", network=lippe)
    return user


def edit_url(municipality):
    return reverse("regions:municipality_edit", kwargs={"ags": municipality.ags})


# --- municipality profile ----------------------------------------------------------------------


def test_cdo_edits_the_own_profile(client, detmold, cdo_of_detmold):
    client.force_login(cdo_of_detmold)
    detail = client.get(detmold.get_absolute_url()).content.decode()
    assert f'href="{edit_url(detmold)}"' in detail  # the "Bearbeiten" button
    form = client.get(edit_url(detmold))
    assert form.status_code == 200
    html = form.content.decode()
    assert '<label class="kern-label" for="id_website">Website' in html
    assert '<label class="kern-label" for="id_description">Kurzbeschreibung' in html
    assert 'name="version" value="1"' in html

    response = client.post(edit_url(detmold), profile(), follow=True)
    assert response.redirect_chain[-1][0] == detmold.get_absolute_url()
    html = response.content.decode()
    assert "Das Profil von Detmold wurde gespeichert." in html
    assert "<strong>Smart City</strong>" in html
    detmold.refresh_from_db()
    assert detmold.website == "https://www.detmold.de"
    assert detmold.version == 2
    assert detmold.population == 74_486  # statistics are not part of the profile
    assert detmold.geometry is not None  # the boundary survives the save
    event = AuditEvent.objects.get(verb="municipality.profile_updated")
    assert (event.actor, event.municipality_ags) == (cdo_of_detmold, "05766020")
    assert event.data["fields"] == ["contact_email", "contact_name", "description", "website"]
    assert detmold.history.first().history_user == cdo_of_detmold


def test_regional_admin_edits_any_profile_of_the_region(client, lemgo, owl_admin):
    client.force_login(owl_admin)
    response = client.post(edit_url(lemgo), profile(website="https://www.lemgo.de"))
    assert response.status_code == 302
    lemgo.refresh_from_db()
    assert lemgo.website == "https://www.lemgo.de"


def test_cdo_of_another_municipality_is_refused_in_view_and_service(
    client, detmold, lemgo, cdo_of_detmold
):
    client.force_login(cdo_of_detmold)
    assert f'href="{edit_url(lemgo)}"' not in client.get(lemgo.get_absolute_url()).content.decode()
    for response in (client.get(edit_url(lemgo)), client.post(edit_url(lemgo), profile())):
        assert response.status_code == 403
        assert DENIED in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.municipality_profile_update(
            actor=cdo_of_detmold,
            municipality=lemgo,
            website="https://evil.example",
            contact_name="",
            contact_email="",
            description="",
            expected_version=1,
        )
    lemgo.refresh_from_db()
    assert (lemgo.website, lemgo.version) == ("", 1)
    assert not AuditEvent.objects.filter(verb="municipality.profile_updated").exists()


def test_contributor_may_not_edit_the_profile(client, detmold):
    contributor = UserFactory()
    MembershipFactory(user=contributor, role="contributor", municipality=detmold)
    client.force_login(contributor)
    response = client.post(edit_url(detmold), profile())
    assert response.status_code == 403
    assert DENIED in response.content.decode()


def test_anonymous_visitor_is_sent_to_the_login(client, detmold):
    response = client.get(edit_url(detmold))
    assert response.status_code == 302
    assert response["Location"] == f"/konto/login/?next={edit_url(detmold)}"
    assert client.post(edit_url(detmold), profile()).status_code == 302
    detmold.refresh_from_db()
    assert detmold.website == ""


def test_bad_input_shows_german_errors_and_keeps_the_input(client, detmold, cdo_of_detmold):
    client.force_login(cdo_of_detmold)
    response = client.post(
        edit_url(detmold), profile(website="kein Link", contact_email="digital-at-detmold")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte eine gültige Adresse eingeben." in html
    assert "Bitte gültige E-Mail-Adresse eingeben." in html
    assert 'value="kein Link"' in html
    assert 'aria-describedby="id_website-error id_website_helptext"' in html
    detmold.refresh_from_db()
    assert detmold.version == 1


def test_version_tampering_gives_a_form_error_not_a_crash(client, detmold, cdo_of_detmold):
    client.force_login(cdo_of_detmold)
    response = client.post(edit_url(detmold), profile(version="abc"))
    assert response.status_code == 200
    detmold.refresh_from_db()
    assert detmold.version == 1


def test_concurrent_edit_overwrites_nothing_and_shows_both_texts(
    client, detmold, cdo_of_detmold, owl_admin
):
    client.force_login(cdo_of_detmold)
    assert 'name="version" value="1"' in client.get(edit_url(detmold)).content.decode()
    # Meanwhile the regional office saves another text.
    services.municipality_profile_update(
        actor=owl_admin,
        municipality=Municipality.objects.get(pk=detmold.pk),
        website="",
        contact_name="",
        contact_email="",
        description="Text des DigitalBüros.",
        expected_version=1,
    )
    response = client.post(edit_url(detmold), profile(description="Text der CDO."))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Jemand anderes hat diesen Datensatz inzwischen geändert." in html
    assert "Text der CDO." in html
    assert "Text des DigitalBüros." in html
    assert 'name="version" value="2"' in html  # saving again is a conscious decision
    detmold.refresh_from_db()
    assert detmold.description == "Text des DigitalBüros."
    assert detmold.version == 2


def test_service_raises_edit_conflict_for_a_stale_version(detmold, cdo_of_detmold):
    with pytest.raises(EditConflict):
        services.municipality_profile_update(
            actor=cdo_of_detmold,
            municipality=detmold,
            website="",
            contact_name="",
            contact_email="",
            description="alt",
            expected_version=7,
        )


# --- networks ----------------------------------------------------------------------------------


def network_data(network, **overrides):
    data = {
        "coordinating_body": network.coordinating_body,
        "description": network.description,
        "history_text": network.history_text,
        "members": [str(pk) for pk in network.municipalities.values_list("pk", flat=True)],
        "version": str(network.version),
    }
    return {**data, **overrides}


def test_coordinator_edits_texts_and_members(client, lippe, lippe_coordinator):
    client.force_login(lippe_coordinator)
    url = reverse("regions:network_edit", kwargs={"slug": "lippe"})
    assert f'href="{url}"' in client.get(lippe.get_absolute_url()).content.decode()
    form = client.get(url).content.decode()
    assert '<legend class="kern-label kern-label--small">Kreis Lippe</legend>' in form
    assert form.count("<legend") == 8  # "Mitglieder" and one group per district
    assert re.search(r'class="kern-form-check__checkbox"[^>]*>\s*<label[^>]*>Detmold</label>', form)
    assert form.count('type="checkbox"') == 70  # the municipalities of the network's region
    assert form.count("checked") == 16
    herford = Municipality.objects.get(ags="05758012")
    lugde = Municipality.objects.get(ags="05766052")
    members = [
        str(pk) for pk in lippe.municipalities.exclude(pk=lugde.pk).values_list("pk", flat=True)
    ]
    response = client.post(
        url,
        network_data(lippe, description="Neu beschrieben.", members=[*members, str(herford.pk)]),
    )
    assert response.status_code == 302
    lippe.refresh_from_db()
    assert lippe.description == "Neu beschrieben."
    assert lippe.municipalities.count() == 16
    assert lippe.municipalities.filter(pk=herford.pk).exists()
    event = AuditEvent.objects.get(verb="network.updated")
    assert event.data["members_added"] == ["05758012"]
    assert event.data["members_removed"] == ["05766052"]
    assert event.data["fields"] == ["description", "municipalities"]


def test_members_outside_the_choices_are_refused(client, lippe, lippe_coordinator):
    from tests.factories.regions import MunicipalityFactory

    elsewhere = MunicipalityFactory(ags="09162000", district__ags="09162", district__region=None)
    client.force_login(lippe_coordinator)
    url = reverse("regions:network_edit", kwargs={"slug": "lippe"})
    response = client.post(url, network_data(lippe, members=[str(elsewhere.pk)]))
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen." in response.content.decode()
    assert not lippe.municipalities.filter(pk=elsewhere.pk).exists()


def test_network_is_refused_to_members_and_anonymous(client, lippe, detmold, cdo_of_detmold):
    url = reverse("regions:network_edit", kwargs={"slug": "lippe"})
    assert client.get(url).status_code == 302
    client.force_login(cdo_of_detmold)
    response = client.post(url, network_data(lippe, description="Übernahme"))
    assert response.status_code == 403
    assert NETWORK_DENIED in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.network_update(
            actor=cdo_of_detmold,
            network=lippe,
            description="x",
            history_text="",
            coordinating_body="",
            members=[],
            expected_version=lippe.version,
        )
    lippe.refresh_from_db()
    assert lippe.description != "Übernahme"
    assert lippe.municipalities.count() == 16


def test_regional_admin_edits_networks(client, lippe, owl_admin):
    client.force_login(owl_admin)
    url = reverse("regions:network_edit", kwargs={"slug": "lippe"})
    response = client.post(url, network_data(lippe, coordinating_body="DigitalBüro OWL"))
    assert response.status_code == 302
    lippe.refresh_from_db()
    assert lippe.coordinating_body == "DigitalBüro OWL"


def test_network_conflict_shows_both_descriptions(client, lippe, lippe_coordinator, owl_admin):
    client.force_login(lippe_coordinator)
    url = reverse("regions:network_edit", kwargs={"slug": "lippe"})
    stale = network_data(lippe, description="Fassung der Koordination.")
    services.network_update(
        actor=owl_admin,
        network=Network.objects.get(pk=lippe.pk),
        description="Fassung des DigitalBüros.",
        history_text=lippe.history_text,
        coordinating_body=lippe.coordinating_body,
        members=lippe.municipalities.all(),
        expected_version=lippe.version,
    )
    response = client.post(url, stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Fassung der Koordination." in html
    assert "Fassung des DigitalBüros." in html
    lippe.refresh_from_db()
    assert lippe.description == "Fassung des DigitalBüros."
