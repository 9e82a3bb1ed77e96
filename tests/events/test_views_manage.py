"""The event page and its management pages: who sees what, forms that keep the input."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.events.constants import Audience, RegistrationStatus
from blaupause.events.models import Event
from blaupause.strategies.constants import StrategyStatus
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.events import AgendaItemFactory, EventFactory, RegistrationFactory
from tests.factories.regions import MunicipalityFactory
from tests.factories.strategies import MeasureFactory, StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(network):
    user = UserFactory()
    MembershipFactory(user=user, role="network_coordinator", network=network)
    return user


@pytest.fixture
def admin(regional_admin):
    """A regional admin with an authenticator app: without one the site asks to set it up."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(regional_admin, generate_totp_secret())
    return regional_admin


@pytest.fixture
def contributor(municipality):
    user = UserFactory()
    MembershipFactory(user=user, role="contributor", municipality=municipality)
    return user


@pytest.fixture
def foreign_cdo(municipality):
    """CDO of a municipality of the same district that is not in the network."""
    user = UserFactory()
    MembershipFactory(
        user=user, role="cdo", municipality=MunicipalityFactory(district=municipality.district)
    )
    return user


@pytest.fixture
def event(network):
    return EventFactory(network=network, title="Netzwerktreffen Winter", capacity=3)


def _url(name, event):
    return reverse(f"events:{name}", kwargs={"uuid": event.uuid})


def _form_data(**overrides):
    return {
        "title": "Workshoptag",
        "format": "in_person",
        "starts_at": "2031-03-12T09:30",
        "ends_at": "2031-03-12T16:00",
        "location_name": "Rathaus",
        "address": "Marktplatz 5\n32756 Detmold",
        "video_url": "",
        "description": "Arbeiten in **Gruppen**.",
        "audience": "members",
        "capacity": "12",
        "registration_deadline": "",
        "registration_open": "on",
        **overrides,
    }


# --- detail ------------------------------------------------------------------------------------


def test_members_event_is_404_for_anonymous_and_strangers(client, event, foreign_cdo):
    assert client.get(_url("event_detail", event)).status_code == 404
    client.force_login(foreign_cdo)
    assert client.get(_url("event_detail", event)).status_code == 404


def test_public_event_is_visible_to_everyone(client, network):
    event = EventFactory(network=network, audience=Audience.PUBLIC, title="Offenes Forum")
    response = client.get(_url("event_detail", event))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Offenes Forum" in text
    assert "Anmelden, um teilzunehmen" in text
    assert event.video_url not in text


@pytest.mark.parametrize("who", ["cdo", "contributor", "coordinator", "admin"])
def test_members_and_managers_see_the_event(client, event, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(_url("event_detail", event))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Netzwerktreffen Winter" in text
    assert "noch 3 Plätze frei" in text
    assert ("Für die Organisation" in text) == (who in ("coordinator", "admin"))
    assert (event.video_url in text) == (who in ("coordinator", "admin"))


def test_detail_shows_times_in_berlin(client, network, cdo):
    starts = datetime.datetime(2031, 7, 1, 8, 0, tzinfo=datetime.UTC)  # 10:00 in summer
    event = EventFactory(
        network=network, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    client.force_login(cdo)
    text = client.get(_url("event_detail", event)).content.decode()
    assert "10:00" in text
    assert "12:00" in text


def test_confirmed_participant_sees_video_link_and_status(client, event, cdo):
    RegistrationFactory(event=event, user=cdo)
    client.force_login(cdo)
    text = client.get(_url("event_detail", event)).content.decode()
    assert "Sie sind angemeldet." in text
    assert event.video_url in text
    assert "noch 2 Plätze frei" in text


def test_waiting_person_sees_position_not_video(client, event, cdo):
    for _ in range(3):
        RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=event, user=cdo, status=RegistrationStatus.WAITLISTED)
    client.force_login(cdo)
    text = client.get(_url("event_detail", event)).content.decode()
    assert "ausgebucht – Warteliste" in text
    assert "Sie stehen auf der Warteliste, Platz 2." in text
    assert event.video_url not in text


def test_agenda_links_measures(client, event, cdo):
    measure = MeasureFactory(title="Serviceportal", field__strategy=StrategyFactory())
    AgendaItemFactory(event=event, title="Bericht", measures=[measure])
    client.force_login(cdo)
    text = client.get(_url("event_detail", event)).content.decode()
    assert "Bericht" in text
    assert measure.get_absolute_url() in text


def test_detail_query_count_does_not_grow_with_agenda(
    client, event, cdo, django_assert_max_num_queries
):
    client.force_login(cdo)
    strategy = StrategyFactory()
    AgendaItemFactory(event=event, measures=[MeasureFactory(field__strategy=strategy)])
    for _ in range(3):
        RegistrationFactory(event=event)
    client.get(_url("event_detail", event))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(_url("event_detail", event))
    for _ in range(8):
        AgendaItemFactory(
            event=event,
            measures=[
                MeasureFactory(field__strategy=strategy),
                MeasureFactory(field__strategy=strategy),
            ],
        )
    with CaptureQueriesContext(connection) as many:
        client.get(_url("event_detail", event))
    assert len(many) == len(few)


# --- create ------------------------------------------------------------------------------------


def test_coordination_creates_an_event(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse("events:event_create") + f"?netzwerk={network.slug}"
    assert client.get(url).status_code == 200
    response = client.post(url, _form_data())
    event = Event.objects.get()
    assert response.status_code == 302
    assert response.url == event.get_absolute_url()
    local = timezone.localtime(
        event.starts_at, timezone=datetime.timezone(datetime.timedelta(hours=1))
    )
    assert (local.hour, local.minute) == (9, 30)  # entered in Europe/Berlin (winter: UTC+1)


def test_end_before_start_keeps_the_input(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse("events:event_create") + f"?netzwerk={network.slug}"
    response = client.post(url, _form_data(ends_at="2031-03-12T08:00", title="Mein Titel"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Das Ende muss nach dem Beginn liegen." in text
    assert 'value="Mein Titel"' in text
    assert not Event.objects.exists()


@pytest.mark.parametrize("who", ["cdo", "contributor", "foreign_cdo"])
def test_members_may_not_create(client, network, who, request):
    client.force_login(request.getfixturevalue(who))
    url = reverse("events:event_create") + f"?netzwerk={network.slug}"
    assert client.get(url).status_code == 403
    assert client.post(url, _form_data()).status_code == 403


def test_anonymous_create_goes_to_login(client, network):
    url = reverse("events:event_create") + f"?netzwerk={network.slug}"
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response.url


def test_unknown_network_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("events:event_create") + "?netzwerk=gibt-es-nicht").status_code == 404


# --- edit --------------------------------------------------------------------------------------


def test_edit_and_concurrent_edit(client, event, coordinator):
    client.force_login(coordinator)
    url = _url("event_edit", event)
    assert client.get(url).status_code == 200
    data = _form_data(version="1", title="Erste Fassung")
    assert client.post(url, data).status_code == 302
    response = client.post(url, _form_data(version="1", title="Zweite Fassung"))
    assert response.status_code == 409
    assert "Jemand anderes hat diesen Datensatz inzwischen geändert." in response.content.decode()
    event.refresh_from_db()
    assert event.title == "Erste Fassung"


def test_capacity_below_registrations_shows_error_at_the_field(client, event, coordinator):
    for _ in range(3):
        RegistrationFactory(event=event)
    client.force_login(coordinator)
    response = client.post(_url("event_edit", event), _form_data(version="1", capacity="2"))
    assert response.status_code == 400
    assert "bereits 3 Personen fest angemeldet" in response.content.decode()


@pytest.mark.parametrize("who", ["cdo", "contributor"])
def test_members_may_not_edit(client, event, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url("event_edit", event)).status_code == 403
    assert (
        client.post(_url("event_cancel", event), {"reason": "x", "version": "1"}).status_code == 403
    )


def test_strangers_get_404_on_management_pages(client, event, foreign_cdo):
    client.force_login(foreign_cdo)
    for name in ("event_edit", "event_cancel", "event_agenda", "event_attendance"):
        assert client.get(_url(name, event)).status_code == 404


# --- cancel and agenda -------------------------------------------------------------------------


def test_cancel_event(client, event, coordinator):
    client.force_login(coordinator)
    response = client.post(_url("event_cancel", event), {"reason": "", "version": "1"})
    assert response.status_code == 400
    assert "Bitte nennen Sie den Grund der Absage." in response.content.decode()
    response = client.post(_url("event_cancel", event), {"reason": "Krankheit", "version": "1"})
    assert response.status_code == 302
    text = client.get(_url("event_detail", event)).content.decode()
    assert "Diese Veranstaltung wurde abgesagt." in text
    assert "Krankheit" in text


def test_agenda_add_and_remove(client, event, coordinator, network):
    measure = MeasureFactory(field__strategy=StrategyFactory(network=network))
    client.force_login(coordinator)
    url = _url("event_agenda", event)
    assert measure.title in client.get(url).content.decode()
    response = client.post(
        url, {"title": "Bericht", "starts_at": "10:30", "measures": [measure.pk]}
    )
    assert response.status_code == 302
    item = event.agenda_items.get()
    assert list(item.measures.all()) == [measure]
    remove = reverse(
        "events:event_agenda_remove", kwargs={"uuid": event.uuid, "item_uuid": item.uuid}
    )
    assert client.post(remove).status_code == 302
    assert not event.agenda_items.exists()


def test_agenda_refuses_a_hidden_measure(client, event, coordinator):
    hidden = MeasureFactory(field__strategy=StrategyFactory(status=StrategyStatus.DRAFT))
    client.force_login(coordinator)
    response = client.post(
        _url("event_agenda", event), {"title": "Geheim", "measures": [hidden.pk]}
    )
    assert response.status_code == 400
    assert "Bitte wählen Sie nur angebotene Einträge." in response.content.decode()
    assert not event.agenda_items.exists()
