"""Follows, notifications and settings are personal data: exported and erased."""

import pytest

from blaupause.accounts import privacy as account_privacy
from blaupause.notifications import privacy
from blaupause.notifications.models import Follow, Notification, NotificationSettings
from tests.factories.notifications import (
    FollowFactory,
    NotificationFactory,
    NotificationSettingsFactory,
)

pytestmark = pytest.mark.django_db


def test_personal_data_lists_everything(world, people):
    user = people["cdo"]
    FollowFactory(user=user, target=world.strategy)
    NotificationFactory(recipient=user, summary="Neuer Kommentar zu M1-2")
    NotificationSettingsFactory(user=user, frequency="weekly")
    data = privacy.personal_data(user)
    assert data["notification_settings"]["frequency"] == "weekly"
    assert data["follows"][0]["type"] == "strategy"
    assert data["notifications"][0]["summary"] == "Neuer Kommentar zu M1-2"


def test_the_account_export_contains_the_rows(world, people):
    user = people["cdo"]
    FollowFactory(user=user, target=world.strategy)
    NotificationFactory(recipient=user, summary="Neuer Kommentar zu M1-2")
    tables = {row["table"] for row in account_privacy.personal_data(user)["referenced_by"]}
    assert {"notifications.Follow", "notifications.Notification"} <= tables


def test_account_erasure_removes_them(world, people, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    user = people["cdo"]
    keep = FollowFactory(target=world.strategy)
    FollowFactory(user=user, target=world.strategy)
    NotificationFactory(recipient=user)
    NotificationSettingsFactory(user=user)
    account_privacy.account_erase(actor=user, user=user)
    assert not Follow.objects.filter(user=user).exists()
    assert not Notification.objects.filter(recipient=user).exists()
    assert not NotificationSettings.objects.filter(user=user).exists()
    assert Follow.objects.filter(pk=keep.pk).exists()
