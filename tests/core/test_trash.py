"""The trash: regional admins see and restore what was deleted in their region; after the
retention period it is purged, files included."""

from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.commitments.models import Commitment, EvidenceFile
from blaupause.core.models import AuditEvent
from blaupause.core.trash import trash_purge
from blaupause.strategies.models import Measure
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.commitments import CommitmentFactory, EvidenceFileFactory
from tests.factories.regions import DistrictFactory, RegionFactory
from tests.factories.strategies import MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _admin_of(region):
    """A regional admin with a second factor (required for the role)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory()
    MembershipFactory(user=user, role="regional_admin", region=region)
    TOTP.activate(user, generate_totp_secret())
    return user


def _deleted_commitment(days_ago: float = 1, **kwargs) -> Commitment:
    commitment = CommitmentFactory(**kwargs)
    commitment.deleted_at = timezone.now() - timedelta(days=days_ago)
    commitment.save()
    return commitment


def _restore_url(obj) -> str:
    return reverse("core:trash_restore", kwargs={"model_label": obj._meta.label, "uuid": obj.uuid})


def test_the_regional_admin_sees_what_was_deleted_in_the_region_and_restores_it(client):
    commitment = _deleted_commitment()
    admin = _admin_of(commitment.municipality.district.region)
    client.force_login(admin)

    page = client.get(reverse("core:trash"))
    assert page.status_code == 200
    assert str(commitment) in page.content.decode()

    response = client.post(_restore_url(commitment), follow=True)
    assert "ist wiederhergestellt" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.deleted_at is None
    assert AuditEvent.objects.filter(verb="trash.restored", target_id=str(commitment.pk)).exists()
    assert "Der Papierkorb ist leer." in client.get(reverse("core:trash")).content.decode()


def test_a_measure_comes_back_through_the_strategy_service_with_a_history_reason(client):
    measure = MeasureFactory()
    measure.deleted_at = timezone.now()
    measure.save()
    region = measure.strategy.network.region or DistrictFactory().region
    if measure.strategy.network.region_id is None:
        measure.strategy.network.region = region
        measure.strategy.network.save()
    client.force_login(_admin_of(region))

    client.post(_restore_url(measure))
    measure.refresh_from_db()
    assert measure.deleted_at is None
    latest = measure.history.order_by("-history_date").first()
    assert latest.history_change_reason == "aus dem Papierkorb zurückgeholt"


def test_a_restored_measure_whose_key_was_taken_meanwhile_stays_deleted_with_a_message(client):
    measure = MeasureFactory(key="M9-9")
    measure.deleted_at = timezone.now()
    measure.save()
    MeasureFactory(strategy=measure.strategy, field=measure.field, key="M9-9")
    network = measure.strategy.network
    if network.region_id is None:
        network.region = DistrictFactory().region
        network.save()
    client.force_login(_admin_of(network.region))

    response = client.post(_restore_url(measure), follow=True)
    assert "ist inzwischen vergeben" in response.content.decode()
    assert Measure.all_objects.get(pk=measure.pk).deleted_at is not None


def test_others_neither_see_the_trash_nor_restore(client):
    commitment = _deleted_commitment()
    cdo = UserFactory()
    MembershipFactory(user=cdo, role="cdo", municipality=commitment.municipality)
    elsewhere = _admin_of(
        RegionFactory(slug="muenster", name="Münsterland", short_name="MS", ags_prefix="055")
    )

    client.force_login(cdo)
    assert client.get(reverse("core:trash")).status_code == 403
    assert client.post(_restore_url(commitment)).status_code == 404

    client.force_login(elsewhere)
    assert str(commitment) not in client.get(reverse("core:trash")).content.decode()
    assert client.post(_restore_url(commitment)).status_code == 404
    commitment.refresh_from_db()
    assert commitment.deleted_at is not None

    client.logout()
    assert client.post(_restore_url(commitment)).status_code == 404


def test_unknown_models_and_rows_answer_404(client):
    client.force_login(UserFactory(is_superuser=True))
    assert client.post(_restore_url(MeasureFactory())).status_code == 404  # not deleted
    bad = reverse(
        "core:trash_restore",
        kwargs={"model_label": "auth.Group", "uuid": "00000000-0000-0000-0000-000000000000"},
    )
    assert client.post(bad).status_code == 404
    assert client.post(bad.replace("auth.Group", "gibt.esnicht")).status_code == 404


def test_the_page_costs_the_same_queries_for_one_and_for_many_rows(
    client, django_assert_max_num_queries
):
    first = _deleted_commitment()
    region = first.municipality.district.region
    client.force_login(_admin_of(region))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("core:trash"))
    for _ in range(8):
        _deleted_commitment(municipality=first.municipality)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("core:trash"))
    assert page.content.decode().count("/zurueckholen/") == 9


def test_purge_removes_what_is_older_than_30_days_with_its_files(
    media, django_capture_on_commit_callbacks
):
    old = _deleted_commitment(days_ago=31)
    evidence = EvidenceFileFactory(commitment=CommitmentFactory())
    evidence.deleted_at = timezone.now() - timedelta(days=40)
    evidence.save()
    stored = Path(evidence.file.path)
    assert stored.exists()
    recent = _deleted_commitment(days_ago=29)
    alive = CommitmentFactory()

    with django_capture_on_commit_callbacks(execute=True):
        result = trash_purge()

    assert not Commitment.all_objects.filter(pk=old.pk).exists()
    assert not EvidenceFile.all_objects.filter(pk=evidence.pk).exists()
    assert not stored.exists()
    assert Commitment.all_objects.filter(pk=recent.pk).exists()
    assert Commitment.objects.filter(pk=alive.pk).exists()
    assert result.purged["commitments.Commitment"] == 1


def test_the_purge_command_says_how_many(capsys):
    _deleted_commitment(days_ago=45)
    call_command("purge_trash")
    assert "1 Einträge endgültig gelöscht" in capsys.readouterr().out
