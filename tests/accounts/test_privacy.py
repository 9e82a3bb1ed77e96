"""GDPR: one's data as a file (Art. 15/20), erasure (Art. 17), by the person or an admin."""

from __future__ import annotations

import json

from django.urls import reverse

import pytest

from blaupause.accounts import privacy
from blaupause.accounts.models import ApiToken, Membership, User
from blaupause.core.audit import audit_record
from blaupause.core.models import AuditEvent
from tests.accounts.helpers import assert_accessible_page
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.commitments import MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def _login(client, user):
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def _download(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    return json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_a_person_downloads_everything_stored_about_them(client, cdo):
    ApiToken.objects.create(user=cdo, name="Ratsinfo", prefix="abc", key_hash="x" * 64)
    measure = MeasureFactory()
    measure._history_user = cdo
    measure.title = "Neu"
    measure.save()
    _login(client, cdo)
    page = client.get(reverse("accounts:my_data"))
    assert_accessible_page(page)
    data = _download(client.post(reverse("accounts:my_data")))
    assert data["account"]["email"] == cdo.email
    assert [row["role"] for row in data["roles"]] == ["cdo"]
    assert data["api_tokens"][0]["name"] == "Ratsinfo"
    assert "key_hash" not in json.dumps(data)
    assert any(row["action"] == "auth.login" for row in data["audit_trail"])
    tables = {row["table"] for row in data["referenced_by"]}
    assert "strategies.HistoricalMeasure" in tables
    assert AuditEvent.objects.filter(verb="privacy.exported", actor=cdo).exists()


def test_someone_else_cannot_get_my_data_but_the_regional_admin_can(client, cdo, regional_admin):
    stranger = UserFactory()
    with pytest.raises(privacy.PermissionDenied):
        privacy.personal_data_export(actor=stranger, user=cdo)
    assert (
        json.loads(privacy.personal_data_export(actor=regional_admin, user=cdo))["account"]["email"]
        == cdo.email
    )


def test_erasing_removes_identity_and_keeps_shared_content(
    cdo, data_dir, django_capture_on_commit_callbacks
):
    email = cdo.email
    measure = MeasureFactory()
    measure._history_user = cdo
    measure.title = "Von der CDO geändert"
    measure.save()
    audit_record(actor=cdo, verb="measure.updated", target=measure)
    ApiToken.objects.create(user=cdo, name="t", prefix="p", key_hash="y" * 64)

    with django_capture_on_commit_callbacks(execute=True):
        privacy.account_erase(actor=cdo, user=cdo)

    cdo.refresh_from_db()
    assert cdo.email.endswith("@konto.invalid")
    assert cdo.name == ""
    assert not cdo.is_active
    assert not cdo.has_usable_password()
    assert not Membership.all_objects.filter(user=cdo).exists()
    assert not ApiToken.all_objects.filter(user=cdo).exists()
    assert not cdo.emailaddress_set.exists()
    # shared content keeps its author link, without a name
    assert measure.history.filter(history_user=cdo).exists()
    events = AuditEvent.objects.filter(actor=cdo)
    assert events.exists()
    assert not events.exclude(actor_label="gelöschtes Konto").exists()
    assert not events.filter(ip_address__isnull=False).exists()
    assert email not in json.dumps(
        list(AuditEvent.objects.values_list("actor_label", "target_label", "data"))
    )
    # recorded outside the database, without the address
    log = (data_dir / "erasures.jsonl").read_text()
    assert str(cdo.pk) in log
    assert email not in log


def test_erasure_is_applied_again_after_restoring_an_older_backup(
    cdo, data_dir, django_capture_on_commit_callbacks
):
    email, name = cdo.email, cdo.name
    with django_capture_on_commit_callbacks(execute=True):
        privacy.account_erase(actor=cdo, user=cdo)
    # an older backup brings the account back as it was
    User.objects.filter(pk=cdo.pk).update(email=email, name=name, is_active=True)
    assert privacy.reapply_erasures() == 1
    cdo.refresh_from_db()
    assert cdo.email.endswith("@konto.invalid")
    assert cdo.name == ""
    assert privacy.reapply_erasures() == 0  # nothing left to do


def test_the_last_regional_admin_cannot_be_erased(regional_admin):
    with pytest.raises(privacy.ValidationError, match="einzige Regionaladministration"):
        privacy.account_erase(actor=regional_admin, user=regional_admin)
    regional_admin.refresh_from_db()
    assert regional_admin.is_active


def test_deleting_ones_account_needs_the_password_and_the_confirmation(client, cdo):
    _login(client, cdo)
    url = reverse("accounts:erase_account")
    assert_accessible_page(client.get(url))
    response = client.post(url, {"password": "falsch", "confirm": "on"})
    assert response.status_code == 200
    assert "Das Passwort stimmt nicht." in response.content.decode()
    response = client.post(url, {"password": PASSWORD})
    assert "Bitte bestätigen Sie" in response.content.decode()
    cdo.refresh_from_db()
    assert cdo.is_active

    response = client.post(url, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    cdo.refresh_from_db()
    assert not cdo.is_active
    assert client.get(reverse("accounts:dashboard")).status_code == 302  # logged out


def test_the_regional_admin_handles_a_request(client, cdo, regional_admin, totp_for):
    client.force_login(regional_admin)
    from allauth.mfa.models import Authenticator

    if not Authenticator.objects.filter(user=regional_admin).exists():
        totp_for(regional_admin)
    page = client.get(reverse("accounts:admin_privacy"), {"email": cdo.email.upper()})
    assert page.status_code == 200
    assert cdo.email in page.content.decode()
    data = _download(client.post(reverse("accounts:admin_export", kwargs={"pk": cdo.pk})))
    assert data["account"]["email"] == cdo.email

    url = reverse("accounts:admin_erase", kwargs={"pk": cdo.pk})
    missing = client.post(url, {"confirm": "on"})
    assert missing.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in missing.content.decode()
    done = client.post(url, {"reason": "Antrag vom 20. November", "confirm": "on"})
    assert done.status_code == 302
    event = AuditEvent.objects.get(verb="privacy.erased")
    assert event.actor == regional_admin
    assert event.data["reason"] == "Antrag vom 20. November"


@pytest.mark.parametrize("who", ["anonymous", "cdo"])
def test_only_regional_admins_reach_the_admin_page(client, cdo, who):
    if who == "cdo":
        client.force_login(cdo)
    response = client.get(reverse("accounts:admin_privacy"))
    assert response.status_code in (302, 403)
    response = client.post(
        reverse("accounts:admin_erase", kwargs={"pk": cdo.pk}), {"reason": "x", "confirm": "on"}
    )
    assert response.status_code in (302, 403)
    cdo.refresh_from_db()
    assert cdo.is_active
