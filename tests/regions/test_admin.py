"""The Django admin pages of the registry open for a superuser, with history."""

from django.urls import reverse

import pytest

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["region", "district", "municipality", "network"])
def test_admin_lists_and_history_open(client, owl_networks, model, settings):
    settings.BLAUPAUSE_MFA_REQUIRED_ROLES = []
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse(f"admin:regions_{model}_changelist"))
    assert response.status_code == 200
    obj = response.context["cl"].result_list[0]
    assert client.get(reverse(f"admin:regions_{model}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"admin:regions_{model}_history", args=[obj.pk])).status_code == 200
