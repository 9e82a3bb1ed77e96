"""Mein Bereich: what each person sees, and a query count that does not grow."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

import pytest

from blaupause.accounts.services import api_token_create
from tests.accounts.helpers import assert_accessible_page
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import MunicipalityFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_cdo_sees_own_municipality_with_links(client, cdo, municipality, network):
    client.force_login(cdo)
    response = client.get(reverse("accounts:dashboard"))
    assert assert_accessible_page(response) == "Mein Bereich"
    body = response.content.decode()
    assert f"Guten Tag, {cdo.name}." in body
    assert f"Meine Kommune: {municipality.name}" in body
    assert "25.000" in body  # population with German grouping
    assert municipality.district.name in body
    assert network.name in body
    assert reverse("regions:municipality_detail", kwargs={"ags": municipality.ags}) in body
    assert reverse("regions:municipality_edit", kwargs={"ags": municipality.ags}) in body
    assert reverse("accounts:municipality_team", kwargs={"ags": municipality.ags}) in body
    assert "nicht eingerichtet" in body  # no second factor yet
    assert reverse("accounts:audit_log") not in body


def test_contributor_gets_no_edit_or_team_links(client, contributor, municipality):
    client.force_login(contributor)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert f"Meine Kommune: {municipality.name}" in body
    assert "Mitwirkende" in body
    assert reverse("regions:municipality_edit", kwargs={"ags": municipality.ags}) not in body
    assert reverse("accounts:municipality_team", kwargs={"ags": municipality.ags}) not in body


def test_coordinator_sees_networks(client, coordinator, network):
    client.force_login(coordinator)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Meine Netzwerke" in body
    assert "2 Mitgliedskommunen" in body
    assert reverse("accounts:network_team", kwargs={"slug": network.slug}) in body
    assert reverse("regions:network_edit", kwargs={"slug": network.slug}) in body


def test_regional_admin_sees_region_links_and_security(client, regional_admin, totp_for):
    totp_for(regional_admin)
    client.force_login(regional_admin)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Regionaladministration:" in body
    assert reverse("accounts:audit_log") in body
    assert ">eingerichtet<" in body


def test_person_without_role_is_told_how_roles_come(client):
    client.force_login(UserFactory())
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Sie haben noch keine Rolle" in body


def test_dashboard_queries_do_not_grow(client, django_assert_num_queries):
    user = UserFactory()
    municipality = MunicipalityFactory()
    MembershipFactory(user=user, role="cdo", municipality=municipality)
    network = NetworkFactory()
    network.municipalities.add(municipality)
    MembershipFactory(user=user, role="network_coordinator", network=network)
    api_token_create(actor=user, name="eins")
    client.force_login(user)
    url = reverse("accounts:dashboard")
    ContentType.objects.clear_cache()
    # session, user, roles (middleware), memberships, their networks, network counts,
    # authenticators, tokens
    with django_assert_num_queries(9) as first:  # includes the unread notifications in the header
        assert client.get(url).status_code == 200
    count = len(first)
    for _number in range(5):
        other = MunicipalityFactory()
        MembershipFactory(user=user, role="contributor", municipality=other)
        extra = NetworkFactory()
        extra.municipalities.add(other, municipality)
        MembershipFactory(user=user, role="network_coordinator", network=extra)
        api_token_create(actor=user, name="mehr")
    ContentType.objects.clear_cache()
    with django_assert_num_queries(count):
        response = client.get(url)
    assert len(response.context["dashboard"].municipalities) == 6
    assert len(response.context["dashboard"].networks) == 6
