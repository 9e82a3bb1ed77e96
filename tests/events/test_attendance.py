"""The organiser's attendance list: who attended, and the export as CSV and XLSX."""

import io

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from blaupause.events.constants import RegistrationStatus
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.events import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(network):
    user = UserFactory()
    MembershipFactory(user=user, role="network_coordinator", network=network)
    return user


@pytest.fixture
def event(network, municipality):
    event = EventFactory(network=network, title="Workshoptag Detmold", capacity=2)
    RegistrationFactory(
        event=event, user=UserFactory(name="Änne Müller"), municipality=municipality
    )
    RegistrationFactory(event=event, user=UserFactory(name="=HYPERLINK(1)"))
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    return event


def _url(name, event):
    return reverse(f"events:{name}", kwargs={"uuid": event.uuid})


def test_organiser_ticks_who_attended(client, event, coordinator):
    client.force_login(coordinator)
    response = client.get(_url("event_attendance", event))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Änne Müller" in text
    assert "Warteliste" in text
    first, second = event.registrations.filter(status="confirmed").order_by("id")
    response = client.post(_url("event_attendance", event), {"teilgenommen": [first.pk]})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.attended is True
    assert second.attended is False


def test_attendance_of_a_waiting_person_is_refused(client, event, coordinator):
    waiting = event.registrations.get(status="waitlisted")
    client.force_login(coordinator)
    response = client.post(
        _url("event_attendance", event), {"teilgenommen": [waiting.pk]}, follow=True
    )
    assert "nur für fest angemeldete Personen" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.attended is None


def test_csv_export_is_utf8_with_all_columns(client, event, coordinator, municipality):
    client.force_login(coordinator)
    response = client.get(_url("event_attendance_csv", event))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffName;E-Mail;Kommune;Status;angemeldet am;teilgenommen")
    lines = text.strip().splitlines()
    assert len(lines) == 4  # header, two confirmed, one waiting; the cancelled one is left out
    assert "Änne Müller;" in lines[1]
    assert municipality.name in lines[1]
    assert "angemeldet" in lines[1]
    assert "'=HYPERLINK(1)" in text  # no formula for spreadsheet programs
    assert "auf der Warteliste" in lines[3]


def test_xlsx_export(client, event, coordinator):
    client.force_login(coordinator)
    response = client.get(_url("event_attendance_xlsx", event))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Name", "E-Mail", "Kommune", "Status", "angemeldet am", "teilgenommen")
    assert rows[1][0] == "Änne Müller"
    assert len(rows) == 4


@pytest.mark.parametrize("who", ["cdo", "anonymous"])
def test_members_may_not_see_the_list(client, event, who, request):
    if who == "anonymous":
        expected = 404
    else:
        client.force_login(request.getfixturevalue(who))
        expected = 403
    for name in ("event_attendance", "event_attendance_csv", "event_attendance_xlsx"):
        assert client.get(_url(name, event)).status_code == expected


def test_attendance_page_queries_do_not_grow(client, network, coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event = EventFactory(network=network)
    RegistrationFactory(event=event)
    client.force_login(coordinator)
    client.get(_url("event_attendance", event))
    with CaptureQueriesContext(connection) as few:
        client.get(_url("event_attendance", event))
    for _ in range(10):
        RegistrationFactory(event=event)
    with CaptureQueriesContext(connection) as many:
        client.get(_url("event_attendance", event))
    assert len(many) == len(few)
