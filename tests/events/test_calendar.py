"""The calendar: who sees which events (selector and rule agree), list and month views."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.events.constants import Audience, EventFormat, RegistrationStatus
from blaupause.events.models import Event
from blaupause.events.selectors.calendar import visible_events
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.regions import MunicipalityFactory, NetworkFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def _user(role=None, **scope):
    user = UserFactory()
    if role:
        MembershipFactory(user=user, role=role, **scope)
    return user


@pytest.fixture
def world(network, municipality, other_municipality, regional_admin):
    """Events of every audience in two networks and one regional event, and people."""
    region = regional_admin.memberships.get().region
    network.region = region
    network.save()
    stranger_town = MunicipalityFactory()
    other_network = NetworkFactory(region=region)
    other_network.municipalities.add(stranger_town)
    organiser = _user()
    invited = _user()
    people = {
        "anonymous": AnonymousUser(),
        "no role": _user(),
        "contributor": _user("contributor", municipality=municipality),
        "cdo": _user("cdo", municipality=municipality),
        "cdo elsewhere": _user("cdo", municipality=stranger_town),
        "coordination": _user("network_coordinator", network=network),
        "regional admin": regional_admin,
        "organiser": organiser,
        "invited": invited,
        "superuser": UserFactory(is_superuser=True),
    }
    events = {
        "public": EventFactory(network=network, audience=Audience.PUBLIC),
        "members": EventFactory(network=network, audience=Audience.MEMBERS),
        "members elsewhere": EventFactory(network=other_network, audience=Audience.MEMBERS),
        "invited person": EventFactory(
            network=other_network, audience=Audience.INVITED, invited_users=[invited]
        ),
        "invited town": EventFactory(
            network=other_network,
            audience=Audience.INVITED,
            invited_municipalities=[municipality],
        ),
        "organised": EventFactory(
            network=other_network, audience=Audience.INVITED, organiser=organiser
        ),
        "regional": EventFactory(network=None, region=region, audience=Audience.MEMBERS),
    }
    return people, events


def test_visible_events_agrees_with_the_rule_for_every_role(world):
    people, events = world
    for label, user in people.items():
        expected = {
            name
            for name, event in events.items()
            if user.has_perm("events.view_event", Event.objects.get(pk=event.pk))
        }
        found = {name for name, event in events.items() if visible_events(user).filter(pk=event.pk)}
        assert found == expected, label


def test_visibility_matrix_is_what_the_rules_say(world):
    people, events = world

    def seen(label):
        ids = set(visible_events(people[label]).values_list("pk", flat=True))
        return {name for name, event in events.items() if event.pk in ids}

    assert seen("anonymous") == {"public"}
    assert seen("no role") == {"public"}
    assert seen("cdo") == {"public", "members", "invited town", "regional"}
    assert seen("contributor") == {"public", "members", "invited town", "regional"}
    assert seen("cdo elsewhere") == {"public", "members elsewhere", "regional"}
    assert seen("coordination") == {"public", "members", "regional"}
    assert seen("invited") == {"public", "invited person"}
    assert seen("organiser") == {"public", "organised"}
    assert seen("regional admin") == set(events)
    assert seen("superuser") == set(events)


def test_deleted_events_are_never_shown(network):
    event = EventFactory(network=network, audience=Audience.PUBLIC)
    Event.objects.filter(pk=event.pk).update(deleted_at=timezone.now())
    assert not visible_events(AnonymousUser()).filter(pk=event.pk).exists()


# --- list --------------------------------------------------------------------------------------


def test_list_shows_upcoming_visible_events_grouped_by_month(client, network, cdo):
    EventFactory(network=network, audience=Audience.PUBLIC, title="Offenes Webinar")
    EventFactory(network=network, audience=Audience.MEMBERS, title="Internes Treffen")
    past = timezone.now() - datetime.timedelta(days=30)
    EventFactory(
        network=network,
        audience=Audience.PUBLIC,
        title="Vergangenes Treffen",
        starts_at=past,
        ends_at=past + datetime.timedelta(hours=1),
    )
    page = client.get(reverse("events:calendar"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Offenes Webinar" in text
    assert "Internes Treffen" not in text
    assert "Vergangenes Treffen" not in text
    assert text.count("<h1") == 1
    assert 'aria-current="page">Termine</a>' in text  # the main navigation item

    client.force_login(cdo)
    text = client.get(reverse("events:calendar")).content.decode()
    assert "Internes Treffen" in text

    text = client.get(reverse("events:calendar") + "?zeit=vergangen").content.decode()
    assert "Vergangenes Treffen" in text
    assert "Offenes Webinar" not in text


def test_a_long_list_is_split_into_pages_that_keep_the_filters(client, network):
    from blaupause.events.views.calendar import PAGE_SIZE

    start = timezone.now() + datetime.timedelta(days=2)
    for number in range(PAGE_SIZE + 5):
        EventFactory(
            network=network,
            audience=Audience.PUBLIC,
            format=EventFormat.HYBRID,
            title=f"Sprechstunde Nummer {number:03d}",
            starts_at=start + datetime.timedelta(hours=number),
            ends_at=start + datetime.timedelta(hours=number, minutes=30),
        )
    url = reverse("events:calendar") + "?format=hybrid"

    first = client.get(url).content.decode()
    assert first.count("Sprechstunde Nummer") == PAGE_SIZE
    assert f"{PAGE_SIZE + 5} Termine · Seite 1 von 2" in first
    assert "Sprechstunde Nummer 000" in first
    assert "format=hybrid&amp;seite=2#termine-titel" in first  # the filter stays in the link

    second = client.get(url + "&seite=2").content.decode()
    assert second.count("Sprechstunde Nummer") == 5
    assert f"Sprechstunde Nummer {PAGE_SIZE + 4:03d}" in second
    # A page number that is not one shows the last page instead of an error.
    assert client.get(url + "&seite=99").status_code == 200


def test_list_filters_by_network_format_and_own_registrations(client, network, cdo):
    other = NetworkFactory()
    EventFactory(network=network, audience=Audience.PUBLIC, title="Treffen A")
    EventFactory(
        network=other, audience=Audience.PUBLIC, title="Treffen B", format=EventFormat.IN_PERSON
    )
    mine = EventFactory(network=other, audience=Audience.PUBLIC, title="Treffen C")
    RegistrationFactory(event=mine, user=cdo)
    url = reverse("events:calendar")

    text = client.get(f"{url}?netzwerk={network.slug}").content.decode()
    assert "Treffen A" in text
    assert "Treffen B" not in text

    text = client.get(f"{url}?format=in_person").content.decode()
    assert "Treffen B" in text
    assert "Treffen A" not in text

    client.force_login(cdo)
    text = client.get(f"{url}?meine=on").content.decode()
    assert "Treffen C" in text
    assert "Treffen A" not in text
    assert "Treffen B" not in text
    assert "angemeldet" in text


def test_own_cancelled_registration_does_not_count_as_mine(client, network, cdo):
    event = EventFactory(network=network, audience=Audience.PUBLIC, title="Abgemeldet")
    RegistrationFactory(event=event, user=cdo, status=RegistrationStatus.CANCELLED)
    client.force_login(cdo)
    text = client.get(reverse("events:calendar") + "?meine=on").content.decode()
    assert "Abgemeldet" not in text


def test_garbage_filters_give_a_german_message_not_an_error(client, network):
    EventFactory(network=network, audience=Audience.PUBLIC, title="Offenes Webinar")
    response = client.get(
        reverse("events:calendar") + "?netzwerk=gibt-es-nicht&format=xyz&zeit=morgen&region=%00"
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Netzwerk gibt es nicht." in text
    assert "Dieses Format gibt es nicht." in text
    assert "Nullzeichen sind nicht erlaubt." in text
    assert "Offenes Webinar" in text  # invalid filters are ignored


def test_cancelled_events_are_struck_through(client, network):
    EventFactory(
        network=network,
        audience=Audience.PUBLIC,
        title="Fällt aus",
        cancelled_at=timezone.now(),
    )
    text = client.get(reverse("events:calendar")).content.decode()
    assert "<del>" in text
    assert "Fällt aus" in text
    assert "abgesagt" in text


def _count_queries(client, url, django_assert_max_num_queries, *, limit=12):
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_list_query_count_does_not_grow_with_events(
    client, network, cdo, django_assert_max_num_queries
):
    client.force_login(cdo)
    url = reverse("events:calendar")
    EventFactory(network=network, audience=Audience.MEMBERS)
    one = _count_queries(client, url, django_assert_max_num_queries)
    for _ in range(6):
        event = EventFactory(network=NetworkFactory(), audience=Audience.PUBLIC)
        RegistrationFactory(event=event, user=cdo)
    many = _count_queries(client, url, django_assert_max_num_queries)
    assert many == one


# --- month -------------------------------------------------------------------------------------


def _at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=BERLIN)


def test_month_view_is_a_table_of_weeks_with_links(client, network):
    EventFactory(
        network=network,
        audience=Audience.PUBLIC,
        title="Frühjahrstreffen",
        starts_at=_at(2027, 3, 10),
        ends_at=_at(2027, 3, 10, 12),
    )
    EventFactory(
        network=network,
        audience=Audience.PUBLIC,
        title="Abgesagtes Treffen",
        starts_at=_at(2027, 3, 12),
        ends_at=_at(2027, 3, 12, 12),
        cancelled_at=timezone.now(),
    )
    EventFactory(
        network=network,
        audience=Audience.PUBLIC,
        title="Aprilrunde",
        starts_at=_at(2027, 4, 20),
        ends_at=_at(2027, 4, 20, 12),
    )
    response = client.get(reverse("events:calendar_month", kwargs={"year": "2027", "month": "03"}))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count('<th class="kern-table__header" scope="col">') == 7
    assert "Montag" in text
    assert "Sonntag" in text
    assert "Frühjahrstreffen" in text
    assert "Aprilrunde" not in text
    assert "März 2027" in text
    assert "/veranstaltungen/monat/2027-02/" in text
    assert "/veranstaltungen/monat/2027-04/" in text
    assert "<del>" in text
    assert "abgesagt" in text
    assert "bp-cal-month__list" in text  # the list for small screens


def test_month_view_lists_a_multi_day_event_on_each_day(client, network):
    from blaupause.events.selectors.calendar import CalendarFilters, month_grid

    event = EventFactory(
        network=network,
        audience=Audience.PUBLIC,
        starts_at=_at(2027, 5, 30, 18),
        ends_at=_at(2027, 6, 1, 0),
    )
    weeks = month_grid(user=AnonymousUser(), year=2027, month=5, filters=CalendarFilters())
    days = {day.date: day.events for week in weeks for day in week}
    assert event in days[datetime.date(2027, 5, 30)]
    assert event in days[datetime.date(2027, 5, 31)]
    assert event not in days.get(datetime.date(2027, 6, 1), [])


@pytest.mark.parametrize("path", ["2027-13", "2027-00", "1999-05", "3000-01"])
def test_month_out_of_range_is_404(client, path):
    assert client.get(f"/veranstaltungen/monat/{path}/").status_code == 404


def test_month_text_is_404(client):
    assert client.get("/veranstaltungen/monat/abcd-ef/").status_code == 404


def test_month_query_count_does_not_grow_with_events(
    client, network, cdo, django_assert_max_num_queries
):
    client.force_login(cdo)
    url = reverse("events:calendar_month", kwargs={"year": "2027", "month": "03"})
    EventFactory(network=network, starts_at=_at(2027, 3, 3), ends_at=_at(2027, 3, 3, 12))
    one = _count_queries(client, url, django_assert_max_num_queries)
    for day in range(4, 12):
        EventFactory(network=network, starts_at=_at(2027, 3, day), ends_at=_at(2027, 3, day, 12))
    many = _count_queries(client, url, django_assert_max_num_queries)
    assert many == one
