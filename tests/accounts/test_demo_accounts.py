"""Demo accounts: one per role, idempotent, and the `demo_totp` helper."""

from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from blaupause.accounts.demo import DEMO_PASSWORD, load_demo_accounts
from blaupause.accounts.models import Membership, User
from blaupause.core.models import AuditEvent
from tests.factories.accounts import UserFactory
from tests.factories.regions import DistrictFactory, MunicipalityFactory, NetworkFactory

pytestmark = pytest.mark.django_db

EMAILS = [
    "admin@digitalbuero-owl.example",
    "koordination@kreis-lippe.example",
    "koordination@kreis-hoexter.example",
    "cdo@detmold.example",
    "cdo@lemgo.example",
    "cdo@hoexter.example",
    "mitwirkende@detmold.example",
]


@pytest.fixture
def owl(db):
    lippe = DistrictFactory(ags="05766", name="Kreis Lippe", slug="kreis-lippe")
    hoexter_district = DistrictFactory(ags="05762", name="Kreis Höxter", slug="kreis-hoexter")
    detmold = MunicipalityFactory(ags="05766020", name="Detmold", district=lippe)
    lemgo = MunicipalityFactory(ags="05766044", name="Lemgo", district=lippe)
    MunicipalityFactory(ags="05762020", name="Höxter", district=hoexter_district)
    network = NetworkFactory(
        slug="lippe", name="Netzwerk der lippischen CDOs", region=lippe.region, district=lippe
    )
    network.municipalities.add(detmold, lemgo)
    return lippe.region


def _state():
    return {
        "users": list(User.objects.order_by("pk").values_list()),  # incl. password hashes
        "memberships": list(Membership.all_objects.order_by("pk").values_list()),
        "emails": list(EmailAddress.objects.order_by("pk").values_list()),
        "authenticators": list(Authenticator.objects.order_by("pk").values_list()),
        "audit": AuditEvent.objects.count(),
    }


def test_demo_accounts_exist_with_roles_and_run_twice_changes_nothing(owl):
    rows = load_demo_accounts()
    assert [row["email"] for row in rows] == EMAILS
    assert rows[0]["role"] == "Regionaladmin"
    assert rows[3]["scope"] == "Detmold"
    first = _state()
    for email in EMAILS:
        user = User.objects.get(email=email)
        assert user.is_demo
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.get(user=user).verified
    admin = User.objects.get(email=EMAILS[0])
    assert admin.roles.regional_admin_region_ids == {owl.pk}
    assert Authenticator.objects.filter(user=admin, type="totp").count() == 1
    detmold_cdo = User.objects.get(email="cdo@detmold.example")
    assert len(detmold_cdo.roles.cdo_municipality_ids) == 1
    assert User.objects.get(email="koordination@kreis-lippe.example").roles.coordinated_network_ids
    assert User.objects.get(email="mitwirkende@detmold.example").roles.contributor_municipality_ids

    assert load_demo_accounts() == rows
    assert _state() == first  # same rows, same password hashes, no new audit lines


def test_demo_accounts_without_region_data_still_load(db):
    rows = load_demo_accounts()
    assert [row["scope"] for row in rows] == ["–"] * 7
    assert not Membership.objects.exists()


def test_demo_admin_logs_in_with_the_printed_code(client, owl, capsys):
    load_demo_accounts()
    response = client.post(
        reverse("account_login"), {"login": EMAILS[0], "password": DEMO_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    call_command("demo_totp", EMAILS[0])
    code = capsys.readouterr().out.strip()
    assert len(code) == 6
    assert code.isdigit()
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_demo_totp_refuses_real_accounts(owl, regional_admin, totp_for):
    totp_for(regional_admin)
    with pytest.raises(CommandError, match="kein Demo-Konto"):
        call_command("demo_totp", regional_admin.email)
    with pytest.raises(CommandError, match="Es gibt kein Konto"):
        call_command("demo_totp", "niemand@example.org")


def test_demo_totp_needs_an_authenticator(db):
    user = UserFactory(is_demo=True)
    with pytest.raises(CommandError, match="keine Authenticator-App"):
        call_command("demo_totp", user.email)


def test_cdo_demo_login_needs_no_code(client, owl):
    load_demo_accounts()
    response = client.post(
        reverse("account_login"), {"login": "cdo@detmold.example", "password": DEMO_PASSWORD}
    )
    assert response["Location"] == reverse("accounts:dashboard")
    assert "Meine Kommune: Detmold" in client.get(reverse("accounts:dashboard")).content.decode()
