"""The municipality page leads its own members, and nobody else, to the self-check."""

import pytest

pytestmark = pytest.mark.django_db


def test_selfcheck_link_only_for_members_of_the_municipality(
    client, municipality, cdo, other_municipality
):
    link = f'href="/kommunen/{municipality.ags}/selbstcheck/"'
    assert link not in client.get(municipality.get_absolute_url()).content.decode()
    client.force_login(cdo)
    assert link in client.get(municipality.get_absolute_url()).content.decode()
    other = client.get(other_municipality.get_absolute_url()).content.decode()
    assert f'href="/kommunen/{other_municipality.ags}/selbstcheck/"' not in other
