"""Team pages of municipalities, networks and the region: who sees them, what they do."""

from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

import pytest

from blaupause.accounts.models import Invitation, Membership
from tests.accounts.helpers import assert_accessible_page
from tests.factories.accounts import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "contributor", "cdo", "other_cdo", "coordinator", "regional_admin"]


def _get_as(client, people, who, url):
    if who != "anonymous":
        client.force_login(people[who])
    return client.get(url)


@pytest.mark.parametrize(
    ("who", "status"), list(zip(ROLES, [302, 403, 200, 403, 403, 200], strict=True))
)
def test_municipality_team_page_access(client, people, municipality, who, status, totp_for):
    totp_for(people["regional_admin"])
    url = reverse("accounts:municipality_team", kwargs={"ags": municipality.ags})
    response = _get_as(client, people, who, url)
    assert response.status_code == status
    if status == 403:
        assert "Das Team einer Kommune verwalten nur ihre Digitalverantwortlichen" in (
            response.content.decode()
        )
    if status == 302:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("who", "status"), list(zip(ROLES, [302, 403, 403, 403, 200, 200], strict=True))
)
def test_network_team_page_access(client, people, network, who, status, totp_for):
    totp_for(people["regional_admin"])
    url = reverse("accounts:network_team", kwargs={"slug": network.slug})
    assert _get_as(client, people, who, url).status_code == status


def test_unknown_municipality_is_404(client, cdo):
    client.force_login(cdo)
    response = client.get(reverse("accounts:municipality_team", kwargs={"ags": "99999999"}))
    assert response.status_code == 404


def test_team_page_shows_members_and_open_invitations(client, cdo, contributor, municipality):
    client.force_login(cdo)
    url = reverse("accounts:municipality_team", kwargs={"ags": municipality.ags})
    client.post(url, {"email": "neu@example.org", "role": "cdo"})
    response = client.get(url)
    assert assert_accessible_page(response) == f"Team der Kommune {municipality.name}"
    body = response.content.decode()
    assert contributor.email in body
    assert "neu@example.org" in body
    assert "Die Einladung an neu@example.org ist versendet" in body
    assert '<option value="cdo">Kommunale Digitalverantwortliche</option>' in body
    assert '<option value="contributor"' in body


def test_invite_form_errors_keep_the_input(client, cdo, municipality):
    client.force_login(cdo)
    url = reverse("accounts:municipality_team", kwargs={"ags": municipality.ags})
    response = client.post(url, {"email": "kein-at-zeichen", "role": "cdo"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bitte gültige E-Mail-Adresse eingeben." in body
    assert 'value="kein-at-zeichen"' in body
    response = client.post(url, {"email": "a@example.org", "role": "regional_admin"})
    assert "Bitte eine gültige Auswahl treffen." in response.content.decode()
    assert mail.outbox == []


def test_network_invite_form_has_a_fixed_role(client, coordinator, network):
    client.force_login(coordinator)
    url = reverse("accounts:network_team", kwargs={"slug": network.slug})
    body = client.get(url).content.decode()
    assert 'type="hidden" name="role" value="network_coordinator"' in body
    assert "erhält die Rolle „Netzwerk-Koordination“" in body
    client.post(url, {"email": "ko@example.org", "role": "network_coordinator"})
    assert Invitation.objects.get().network == network


def test_network_team_lists_cdos_of_member_municipalities(client, coordinator, cdo, network):
    client.force_login(coordinator)
    body = client.get(reverse("accounts:network_team", kwargs={"slug": network.slug})).content
    assert cdo.email in body.decode()


def test_remove_needs_confirmation_then_removes(client, cdo, contributor, municipality):
    client.force_login(cdo)
    membership = Membership.objects.get(user=contributor)
    url = reverse("accounts:membership_remove", kwargs={"uuid": membership.uuid})
    page = client.get(url)
    assert assert_accessible_page(page) == "Rolle entziehen"
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = client.post(url)
    assert response["Location"] == reverse(
        "accounts:municipality_team", kwargs={"ags": municipality.ags}
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_removing_the_last_cdo_shows_why_not(client, cdo, municipality):
    client.force_login(cdo)
    membership = Membership.objects.get(user=cdo)
    response = client.post(
        reverse("accounts:membership_remove", kwargs={"uuid": membership.uuid}), follow=True
    )
    assert "einzige Person mit der Rolle" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_other_cdo_cannot_remove_or_revoke(client, cdo, other_cdo, contributor, municipality):
    membership = Membership.objects.get(user=contributor)
    client.force_login(cdo)
    client.post(
        reverse("accounts:municipality_team", kwargs={"ags": municipality.ags}),
        {"email": "neu@example.org", "role": "cdo"},
    )
    invitation = Invitation.objects.get()
    client.force_login(other_cdo)
    remove = reverse("accounts:membership_remove", kwargs={"uuid": membership.uuid})
    assert client.get(remove).status_code == 403
    assert client.post(remove).status_code == 403
    revoke = reverse("accounts:invitation_revoke", kwargs={"uuid": invitation.uuid})
    assert client.post(revoke).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert Invitation.objects.get().status == "open"


def test_revoke_is_post_only(client, cdo, municipality):
    client.force_login(cdo)
    client.post(
        reverse("accounts:municipality_team", kwargs={"ags": municipality.ags}),
        {"email": "neu@example.org", "role": "cdo"},
    )
    invitation = Invitation.objects.get()
    revoke = reverse("accounts:invitation_revoke", kwargs={"uuid": invitation.uuid})
    assert client.get(revoke).status_code == 405
    assert Invitation.objects.get().status == "open"


def _clear_query_cache():
    ContentType.objects.clear_cache()


def test_municipality_team_queries_do_not_grow(
    client, cdo, municipality, django_assert_num_queries
):
    client.force_login(cdo)
    url = reverse("accounts:municipality_team", kwargs={"ags": municipality.ags})
    client.post(url, {"email": "eins@example.org", "role": "contributor"})
    _clear_query_cache()
    # session, user, roles, unread notifications, municipality, 2 lists
    with django_assert_num_queries(7) as first:
        assert client.get(url).status_code == 200
    count = len(first)
    for number in range(5):
        MembershipFactory(role="contributor", municipality=municipality)
        client.post(url, {"email": f"mehr{number}@example.org", "role": "contributor"})
    _clear_query_cache()
    with django_assert_num_queries(count):
        response = client.get(url)
    assert len(response.context["team"].members) == 6
    assert len(response.context["team"].invitations) == 6


def test_network_team_queries_do_not_grow(
    client, coordinator, network, municipality, other_municipality, django_assert_num_queries
):
    client.force_login(coordinator)
    url = reverse("accounts:network_team", kwargs={"slug": network.slug})
    MembershipFactory(role="cdo", municipality=municipality)
    _clear_query_cache()
    with django_assert_num_queries(8) as first:  # … plus the member municipalities' CDOs
        assert client.get(url).status_code == 200
    count = len(first)
    for _number in range(5):
        MembershipFactory(role="cdo", municipality=other_municipality)
        MembershipFactory(role="network_coordinator", network=network)
    _clear_query_cache()
    with django_assert_num_queries(count):
        response = client.get(url)
    assert len(response.context["team"].member_cdos) == 6


def test_regional_admin_manages_the_region_team(client, regional_admin, totp_for):
    totp_for(regional_admin)
    client.force_login(regional_admin)
    region = Membership.objects.get(user=regional_admin).region
    url = reverse("accounts:region_team", kwargs={"slug": region.slug})
    response = client.get(url)
    assert assert_accessible_page(response) == f"Regionaladministration {region.name}"
    client.post(url, {"email": "zweite@example.org", "role": "regional_admin"})
    assert Invitation.objects.get().region == region
    other = UserFactory()
    client.force_login(other)
    assert client.get(url).status_code == 403
