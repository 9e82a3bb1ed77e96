from django.utils import timezone

import pytest

from blaupause.core.fingerprint import last_changes
from blaupause.regions.models import Municipality, Network
from tests.factories.regions import MunicipalityFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def test_last_changes_move_with_every_save_and_soft_delete(django_assert_num_queries):
    municipality = MunicipalityFactory()
    with django_assert_num_queries(1):
        before = last_changes(Municipality, Network)
    assert last_changes(Municipality, Network) == before
    municipality.name = "Neuer Name"
    municipality.save()
    renamed = last_changes(Municipality, Network)
    assert renamed != before
    NetworkFactory()
    created = last_changes(Municipality, Network)
    assert created != renamed
    municipality.deleted_at = timezone.now()
    municipality.save()
    assert last_changes(Municipality, Network) != created


def test_links_count_added_and_removed_rows():
    network = NetworkFactory()
    first, second = MunicipalityFactory(), MunicipalityFactory()
    links = [Network.municipalities.through]
    empty = last_changes(links=links)
    network.municipalities.add(first)
    one = last_changes(links=links)
    assert one != empty
    network.municipalities.remove(first)
    network.municipalities.add(second)
    assert last_changes(links=links) not in {empty, one}
    network.municipalities.remove(second)
    assert last_changes(links=links) != one
