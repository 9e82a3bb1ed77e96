"""Network and municipality pages lead to the strategy and to the progress pages."""

import pytest

from blaupause.strategies.constants import StrategyStatus
from tests.factories.strategies import StrategyFactory

pytestmark = pytest.mark.django_db


def test_network_page_lists_its_published_strategy_but_not_a_draft(client, network):
    adopted = StrategyFactory(network=network, title="Gemeinsam digital 2030")
    StrategyFactory(network=network, title="Geheimer Entwurf", status=StrategyStatus.DRAFT)
    body = client.get(network.get_absolute_url()).content.decode()
    assert f'href="{adopted.get_absolute_url()}"' in body
    assert "Gemeinsam digital 2030" in body
    assert "Geheimer Entwurf" not in body
    assert f'href="/netzwerke/{network.slug}/fortschritt/"' in body


def test_municipality_page_links_progress_and_only_the_cdo_gets_the_editor(
    client, municipality, cdo, other_municipality
):
    url = municipality.get_absolute_url()
    editor = f'href="/kommunen/{municipality.ags}/massnahmen/"'
    body = client.get(url).content.decode()
    assert f'href="/kommunen/{municipality.ags}/fortschritt/"' in body
    assert editor not in body
    client.force_login(cdo)
    assert editor in client.get(url).content.decode()
    other = client.get(other_municipality.get_absolute_url()).content.decode()
    assert f'href="/kommunen/{other_municipality.ags}/massnahmen/"' not in other
