"""The events dataset: public events only, cancelled ones with their status, never private data."""

from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.events.models import Event, Registration
from tests.factories.regions import NetworkFactory
from tests.opendata.conftest import public_event
from tests.opendata.test_files import body, read_csv, read_json, read_xlsx, url

pytestmark = pytest.mark.django_db

COLUMNS = [
    "uuid",
    "title",
    "network",
    "region",
    "organiser_name",
    "format",
    "status",
    "starts_at",
    "ends_at",
    "location_name",
    "address",
    "url",
    "updated_at",
]


def test_public_events_with_time_place_and_address(client, world):
    event = world["event"]
    rows = read_csv(client.get(url("veranstaltungen", "csv")))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 1
    row = rows[0]
    assert row["uuid"] == str(event.uuid)
    assert row["title"] == "Netzwerktreffen in Lügde"
    assert row["network"] == world["network"].slug
    assert row["region"] == ""
    assert row["organiser_name"] == world["network"].name
    assert row["format"] == "in_person"
    assert row["status"] == "scheduled"
    assert row["starts_at"] == "2026-03-10T09:00:00Z"
    assert row["ends_at"] == "2026-03-10T12:00:00Z"
    assert row["location_name"] == "Rathaus"
    assert row["address"] == "Marktplatz 1, 32676 Lügde"
    assert row["url"].endswith(reverse("events:event_detail", kwargs={"uuid": event.uuid}))
    assert row["url"].startswith("http")


def test_region_events_and_cancelled_events_are_listed(client, world):
    region = world["network"].region
    public_event(
        region,
        title="Regionalkonferenz",
        format="digital",
        starts_at=datetime(2026, 5, 4, 12, 0, tzinfo=UTC),
        cancelled_at=timezone.now(),
        cancel_reason="Krankheit der Referentin",
    )
    rows = {row["title"]: row for row in read_csv(client.get(url("veranstaltungen", "csv")))}
    conference = rows["Regionalkonferenz"]
    assert conference["status"] == "cancelled"
    assert conference["region"] == region.slug
    assert conference["network"] == ""
    assert conference["organiser_name"] == region.name
    assert "Krankheit" not in body(client.get(url("veranstaltungen", "json"))).decode()


def test_members_only_invited_deleted_and_private_data_never_appear(client, world):
    public_event(world["network"], title="Nur für Mitglieder", audience="members")
    public_event(world["network"], title="Nur auf Einladung", audience="invited")
    gone = public_event(world["network"], title="Gelöschtes Treffen")
    Event.all_objects.filter(pk=gone.pk).update(deleted_at=timezone.now())
    closed = NetworkFactory(region=world["network"].region, name="Aufgelöstes Netzwerk")
    public_event(closed, title="Treffen eines gelöschten Netzwerks")
    closed.deleted_at = timezone.now()
    closed.save()
    person = get_user_model().objects.create_user(
        email="teilnehmerin@example.org", password="x" * 20, name="Erika Musterfrau"
    )
    Registration.objects.create(event=world["event"], user=person, status="confirmed")

    for fmt in ("csv", "json", "xlsx"):
        response = client.get(url("veranstaltungen", fmt))
        assert response.status_code == 200
        if fmt == "xlsx":
            text = "\n".join(
                str(cell)
                for row in read_xlsx(response)["Daten"].iter_rows(values_only=True)
                for cell in row
            )
        else:
            text = body(response).decode("utf-8-sig")
        assert "Netzwerktreffen in Lügde" in text
        for secret in (
            "Nur für Mitglieder",
            "Nur auf Einladung",
            "Gelöschtes Treffen",
            "gelöschten Netzwerks",
            "video.example",
            "geheim-raum",
            "Erika",
            "teilnehmerin@example.org",
        ):
            assert secret not in text, (fmt, secret)


def test_json_rows_and_meta(client, world):
    document = read_json(client.get(url("veranstaltungen", "json")))
    assert [column["key"] for column in document["columns"]] == COLUMNS
    assert document["meta"]["rows"] == 1
    row = document["rows"][0]
    assert row["starts_at"] == "2026-03-10T09:00:00Z"
    assert row["status"] == "scheduled"


def test_the_dataset_is_on_the_page_and_in_the_catalogue(client, world):
    page = client.get(reverse("opendata:index")).content.decode()
    assert "Veranstaltungen" in page
    assert url("veranstaltungen", "csv") in page
    catalogue = client.get(reverse("opendata:catalogue")).content.decode()
    assert "Veranstaltungen" in catalogue
    assert "veranstaltungen.csv" in catalogue


def test_query_count_does_not_grow_with_the_events(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        assert len(read_csv(client.get(url("veranstaltungen", "csv")))) == 1
    for index in range(5):
        public_event(
            world["network"],
            title=f"Treffen {index}",
            starts_at=datetime(2026, 6, 1, tzinfo=UTC) + timedelta(days=index),
        )
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(len(first)):
        assert len(read_csv(client.get(url("veranstaltungen", "csv")))) == 6
