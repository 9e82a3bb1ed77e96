"""The audit log page: regional admins only, newest first, filters, pagination."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

import pytest

from blaupause.core.audit import audit_record
from tests.accounts.helpers import assert_accessible_page

pytestmark = pytest.mark.django_db

URL = "/verwaltung/protokoll/"


def test_url_name():
    assert reverse("accounts:audit_log") == URL


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("contributor", 403),
        ("cdo", 403),
        ("other_cdo", 403),
        ("coordinator", 403),
        ("regional_admin", 200),
    ],
)
def test_only_regional_admins_see_the_log(client, people, totp_for, who, status):
    totp_for(people["regional_admin"])
    if who != "anonymous":
        client.force_login(people[who])
    response = client.get(URL)
    assert response.status_code == status
    if status == 403:
        assert "Das Protokoll sieht nur die Regionaladministration ein." in (
            response.content.decode()
        )


@pytest.fixture
def admin_client(client, regional_admin, totp_for):
    totp_for(regional_admin)
    client.force_login(regional_admin)
    return client


def test_newest_first_with_readable_actions(admin_client, cdo, contributor):
    audit_record(actor=cdo, verb="api_token.created", target=cdo)
    audit_record(actor=contributor, verb="strategy.published", data={"title": "Lippe"})
    response = admin_client.get(URL)
    assert assert_accessible_page(response) == "Protokoll"
    events = list(response.context["events"])
    assert [event.verb for event in events[:2]] == ["strategy.published", "api_token.created"]
    body = response.content.decode()
    assert "API-Token erstellt" in body
    assert "strategy.published" in body  # unknown actions shown as stored
    assert "<dt>title</dt><dd>Lippe</dd>" in body


def test_filter_by_person_and_action(admin_client, cdo, contributor):
    audit_record(actor=cdo, verb="api_token.created", target=cdo)
    audit_record(actor=cdo, verb="membership.created", target=cdo)
    audit_record(actor=contributor, verb="api_token.created", target=contributor)
    response = admin_client.get(URL, {"person": cdo.email, "verb": "api_token.created"})
    events = list(response.context["events"])
    assert [(e.actor_label, e.verb) for e in events] == [(cdo.email, "api_token.created")]
    assert f'value="{cdo.email}"' in response.content.decode()


def test_bad_filter_and_page_values_do_not_break_the_page(admin_client):
    response = admin_client.get(URL, {"verb": "<script>", "seite": "zwölf"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1].split("</main>")[0]


def test_pagination(admin_client, cdo):
    for number in range(60):
        audit_record(actor=cdo, verb="test.event", data={"n": number})
    first = admin_client.get(URL, {"verb": "test.event"})
    assert len(first.context["events"]) == 50
    assert "seite=2" in first.content.decode()
    second = admin_client.get(URL, {"verb": "test.event", "seite": "2"})
    assert len(second.context["events"]) == 10
    assert [event.data["n"] for event in second.context["events"]][-1] == 0


def test_audit_log_queries_do_not_grow(admin_client, cdo, django_assert_num_queries):
    audit_record(actor=cdo, verb="test.event")
    ContentType.objects.clear_cache()
    # session, user, roles, TOTP check (middleware), verbs, count, page
    with django_assert_num_queries(8) as first:  # includes the unread notifications in the header
        admin_client.get(URL)
    count = len(first)
    for _number in range(20):
        audit_record(actor=cdo, verb="test.event")
    with django_assert_num_queries(count):
        response = admin_client.get(URL)
    assert len(response.context["events"]) >= 21
