"""Events in the API: public reads, what a token sees, filters, bad input."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest

from blaupause.events.constants import Audience
from tests.factories.events import EventFactory
from tests.factories.regions import NetworkFactory

from .conftest import API, bearer

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def get(client, url, **headers):
    response = client.get(url, **headers)
    return response, (json.loads(response.content) if response.content else None)


def _at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=BERLIN)


def test_anonymous_callers_see_public_events_only(client, network):
    public = EventFactory(network=network, audience=Audience.PUBLIC, title="Offenes Webinar")
    internal = EventFactory(network=network, audience=Audience.MEMBERS)
    response, body = get(client, f"{API}/events/")
    assert response.status_code == 200
    assert [row["uuid"] for row in body["items"]] == [str(public.uuid)]
    row = body["items"][0]
    assert row["title"] == "Offenes Webinar"
    assert row["network"] == network.slug
    assert row["cancelled"] is False
    assert row["url"] == public.get_absolute_url()
    assert row["ical_url"].endswith(".ics")
    assert "video_url" not in row
    assert "video.example.org" not in response.content.decode()
    response, _ = get(client, f"{API}/events/{internal.uuid}")
    assert response.status_code == 404


def test_token_user_sees_what_they_may_see(client, network, contributor, other_cdo):
    internal = EventFactory(network=network, audience=Audience.MEMBERS)
    hidden = EventFactory(network=NetworkFactory(), audience=Audience.MEMBERS)
    _, body = get(client, f"{API}/events/", **bearer(contributor))
    assert [row["uuid"] for row in body["items"]] == [str(internal.uuid)]
    response, body = get(client, f"{API}/events/{internal.uuid}", **bearer(contributor))
    assert response.status_code == 200
    assert body["audience"] == "members"
    response, _ = get(client, f"{API}/events/{hidden.uuid}", **bearer(contributor))
    assert response.status_code == 404


def test_filters_by_network_and_dates(client, network):
    other = NetworkFactory()
    march = EventFactory(
        network=network,
        audience=Audience.PUBLIC,
        starts_at=_at(2027, 3, 10),
        ends_at=_at(2027, 3, 10, 12),
    )
    april = EventFactory(
        network=network,
        audience=Audience.PUBLIC,
        starts_at=_at(2027, 4, 10),
        ends_at=_at(2027, 4, 10, 12),
    )
    EventFactory(
        network=other,
        audience=Audience.PUBLIC,
        starts_at=_at(2027, 3, 11),
        ends_at=_at(2027, 3, 11, 12),
    )

    _, body = get(client, f"{API}/events/?network={network.slug}")
    assert {row["uuid"] for row in body["items"]} == {str(march.uuid), str(april.uuid)}
    _, body = get(client, f"{API}/events/?network={network.slug}&from=2027-04-01")
    assert [row["uuid"] for row in body["items"]] == [str(april.uuid)]
    _, body = get(client, f"{API}/events/?network={network.slug}&to=2027-03-10")
    assert [row["uuid"] for row in body["items"]] == [str(march.uuid)]
    _, body = get(client, f"{API}/events/?from=2027-03-11&to=2027-03-31")
    assert len(body["items"]) == 1


@pytest.mark.parametrize(
    "query",
    ["from=gestern", "to=2027-13-01", "from=0001-01-01", "to=9999-12-31", "network=%00", "limit=0"],
)
def test_bad_filters_are_422(client, query):
    response, body = get(client, f"{API}/events/?{query}")
    assert response.status_code == 422
    assert body["title"]


def test_unknown_network_and_uuid_are_404(client):
    assert client.get(f"{API}/events/?network=gibt-es-nicht").status_code == 404
    assert client.get(f"{API}/events/6a1b7d52-0000-4000-8000-000000000000").status_code == 404
    assert client.get(f"{API}/events/keine-uuid").status_code in (404, 422)


def test_pagination_and_query_count(client, network, django_assert_max_num_queries):
    EventFactory(network=network, audience=Audience.PUBLIC)
    with django_assert_max_num_queries(10) as one:
        client.get(f"{API}/events/?limit=2")
    EventFactory.create_batch(5, network=network, audience=Audience.PUBLIC)
    with django_assert_max_num_queries(10) as many:
        _, body = get(client, f"{API}/events/?limit=2")
    assert body["count"] == 6
    assert len(body["items"]) == 2
    assert len(many.captured_queries) <= len(one.captured_queries) + 1  # the COUNT of a full page
