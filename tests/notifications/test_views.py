"""Pages: follow button, header count, list, what I follow, settings."""

from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

import pytest

from blaupause.notifications.models import Follow, Notification, NotificationSettings
from tests.factories.accounts import UserFactory
from tests.factories.notifications import EventFactory, FollowFactory, NotificationFactory

pytestmark = pytest.mark.django_db


def follow_url(obj):
    return reverse("notifications:follow", kwargs={"key": obj._meta.label_lower, "pk": obj.pk})


def follows(user, obj):
    return Follow.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).exists()


# --- following -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["contributor", "cdo", "cdo_other", "coordinator", "regional_admin", "nobody"]
)
def test_everyone_logged_in_may_follow_a_public_strategy(client, world, people, role):
    client.force_login(people[role])
    response = client.post(follow_url(world.strategy), {"action": "follow"})
    assert response.status_code == 302
    assert response["Location"] == world.strategy.get_absolute_url()
    assert follows(people[role], world.strategy)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("contributor", False),
        ("cdo", True),
        ("cdo_other", False),
        ("coordinator", False),
        ("regional_admin", True),
        ("nobody", False),
    ],
)
def test_a_draft_can_only_be_followed_by_who_may_see_it(client, world, people, role, allowed):
    client.force_login(people[role])
    response = client.post(follow_url(world.draft_measure), {"action": "follow"})
    assert response.status_code == (302 if allowed else 404)
    assert follows(people[role], world.draft_measure) is allowed


def test_anonymous_is_sent_to_the_login(client, world):
    response = client.post(follow_url(world.strategy), {"action": "follow", "next": "/x/"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Follow.objects.exists()


def test_unknown_kinds_and_objects_are_404(client, world, people):
    client.force_login(people["cdo"])
    assert client.post("/benachrichtigungen/folgen/accounts.user/1/").status_code == 404
    assert client.post("/benachrichtigungen/folgen/strategies.strategy/99999/").status_code == 404
    assert client.post("/benachrichtigungen/folgen/quatsch/1/").status_code == 404
    assert client.get(follow_url(world.strategy)).status_code == 405


def test_unfollow_and_follow_twice(client, world, people):
    user = people["cdo"]
    client.force_login(user)
    client.post(follow_url(world.m1), {"action": "follow"})
    client.post(follow_url(world.m1), {"action": "follow"})
    assert Follow.objects.filter(user=user).count() == 1
    client.post(follow_url(world.m1), {"action": "unfollow", "next": "/strategien/"})
    assert not follows(user, world.m1)


def test_htmx_gets_the_button_back(client, world, people):
    client.force_login(people["cdo"])
    response = client.post(
        follow_url(world.network), {"action": "follow"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nicht mehr folgen" in html
    assert "Sie folgen jetzt „Netzwerk Lippe“." in html
    assert "<html" not in html
    response = client.post(
        follow_url(world.network), {"action": "unfollow"}, headers={"HX-Request": "true"}
    )
    assert ">Folgen<" in response.content.decode()


def _render_follow(user, obj):
    request = RequestFactory().get("/seite/")
    request.user = user
    template = Template('{% include "notifications/slots/follow.html" with object=obj %}')
    return template.render(Context({"request": request, "user": user, "obj": obj}))


def test_follow_slot_for_anonymous_offers_the_login(world):
    from django.contrib.auth.models import AnonymousUser

    html = _render_follow(AnonymousUser(), world.strategy)
    assert "Anmelden, um zu folgen" in html
    assert "?next=/seite/" in html
    assert "<form" not in html


def test_follow_slot_works_without_javascript(world, people):
    user = people["cdo"]
    html = _render_follow(user, EventFactory(network=world.network))
    assert 'method="post"' in html
    assert "hx-post=" in html
    assert 'name="action" value="follow"' in html
    assert "Folgen" in html
    FollowFactory(user=user, target=world.strategy)
    html = _render_follow(user, world.strategy)
    assert 'name="action" value="unfollow"' in html
    assert "Nicht mehr folgen" in html
    assert "Sie folgen diesem Eintrag." in html


# --- header slot -----------------------------------------------------------------------------


def test_header_shows_the_unread_count(client, people):
    user = people["cdo"]
    NotificationFactory.create_batch(3, recipient=user)
    NotificationFactory(recipient=user, read_at="2026-01-01T00:00:00Z")
    client.force_login(user)
    html = client.get(reverse("notifications:follows")).content.decode()
    assert 'Benachrichtigungen (3)<span class="kern-sr-only"> ungelesen</span>' in html


def _header(user, django_assert_num_queries, queries):
    request = RequestFactory().get("/")
    request.user = user
    template = Template(
        '{% include "notifications/slots/header.html" %}'
        '{% include "notifications/slots/header.html" %}'
    )
    with django_assert_num_queries(queries):
        return template.render(Context({"request": request, "user": user}))


def test_header_slot_costs_one_query_per_request(people, django_assert_num_queries):
    user = people["cdo"]
    NotificationFactory.create_batch(30, recipient=user)
    html = _header(user, django_assert_num_queries, 1)
    assert html.count("Benachrichtigungen (30") == 2


def test_header_slot_costs_nothing_for_anonymous(django_assert_num_queries, db):
    from django.contrib.auth.models import AnonymousUser

    _header(AnonymousUser(), django_assert_num_queries, 0)


# --- the list --------------------------------------------------------------------------------


def test_list_newest_first_unread_marked(client, people):
    user = people["cdo"]
    old = NotificationFactory(
        recipient=user, summary="Ältere Neuigkeit", read_at="2026-01-01T00:00:00Z"
    )
    new = NotificationFactory(recipient=user, summary="Neue Neuigkeit")
    NotificationFactory(summary="Fremde Neuigkeit")
    client.force_login(user)
    html = client.get(reverse("notifications:list")).content.decode()
    assert html.index("Neue Neuigkeit") < html.index("Ältere Neuigkeit")
    assert "Fremde Neuigkeit" not in html
    assert "1 ungelesene Benachrichtigung." in html
    assert reverse("notifications:open", kwargs={"pk": new.pk}) in html
    assert old.pk != new.pk


def test_opening_marks_read_and_follows_the_link(client, people, world):
    user = people["cdo"]
    row = NotificationFactory(recipient=user, url=world.m1.get_absolute_url())
    client.force_login(user)
    response = client.get(reverse("notifications:open", kwargs={"pk": row.pk}))
    assert response.status_code == 302
    assert response["Location"] == world.m1.get_absolute_url()
    row.refresh_from_db()
    assert row.read_at is not None


def test_opening_never_leaves_the_site_or_reads_foreign_rows(client, people):
    user = people["cdo"]
    evil = NotificationFactory(recipient=user, url="https://example.com/")
    foreign = NotificationFactory(recipient=people["nobody"])
    client.force_login(user)
    response = client.get(reverse("notifications:open", kwargs={"pk": evil.pk}))
    assert response["Location"] == reverse("notifications:list")
    assert client.get(reverse("notifications:open", kwargs={"pk": foreign.pk})).status_code == 404


def test_mark_all_read(client, people):
    user = people["cdo"]
    NotificationFactory.create_batch(3, recipient=user)
    other = NotificationFactory()
    client.force_login(user)
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "Alle Benachrichtigungen sind als gelesen markiert." in response.content.decode()
    assert not Notification.objects.filter(recipient=user, read_at=None).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_list_is_paginated_and_its_queries_do_not_grow(
    client, people, django_assert_max_num_queries
):
    user = people["cdo"]
    NotificationFactory(recipient=user)
    client.force_login(user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("notifications:list"))
    NotificationFactory.create_batch(40, recipient=user)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("notifications:list"))
    assert len(many) == len(one)
    assert "Seite 1 von 2" in response.content.decode()
    assert (
        "Seite 2 von 2" in client.get(reverse("notifications:list") + "?seite=2").content.decode()
    )
    assert client.get(reverse("notifications:list") + "?seite=x").status_code == 200


def test_pages_need_a_login(client):
    for name in ("list", "follows", "settings"):
        response = client.get(reverse(f"notifications:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


# --- what I follow ---------------------------------------------------------------------------


def test_follow_list_shows_and_ends_follows(client, world, people):
    user = people["cdo"]
    FollowFactory(user=user, target=world.strategy)
    measure_follow = FollowFactory(user=user, target=world.m1)
    FollowFactory(user=user, target=world.network)
    FollowFactory(target=world.m2)
    client.force_login(user)
    html = client.get(reverse("notifications:follows")).content.decode()
    assert "Rahmenstrategie Lippe" in html
    assert "M1-2 Serviceportal" in html
    assert "Netzwerk Lippe" in html
    assert "M1-3" not in html
    assert "Sie folgen 3 Einträgen." in html
    response = client.post(
        reverse("notifications:follow_end", kwargs={"pk": measure_follow.pk}), follow=True
    )
    assert "Sie folgen diesem Eintrag nicht mehr." in response.content.decode()
    assert not follows(user, world.m1)


def test_foreign_follows_cannot_be_ended(client, world, people):
    foreign = FollowFactory(target=world.m1)
    client.force_login(people["cdo"])
    response = client.post(reverse("notifications:follow_end", kwargs={"pk": foreign.pk}))
    assert response.status_code == 404
    assert Follow.objects.filter(pk=foreign.pk).exists()


def test_follow_list_queries_do_not_grow(client, world, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.strategies import MeasureFactory

    user = people["cdo"]
    FollowFactory(user=user, target=world.m1)
    FollowFactory(user=user, target=world.network)
    client.force_login(user)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notifications:follows"))
    for _ in range(10):
        FollowFactory(user=user, target=MeasureFactory(strategy=world.strategy, field=world.field))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("notifications:follows"))
    assert len(many) == len(few)


def test_deleted_targets_stay_listed_for_unfollowing(client, world, people):
    from django.utils import timezone

    user = people["cdo"]
    FollowFactory(user=user, target=world.m2)
    world.m2.deleted_at = timezone.now()
    world.m2.save()
    client.force_login(user)
    assert "nicht mehr verfügbar" in client.get(reverse("notifications:follows")).content.decode()


# --- settings --------------------------------------------------------------------------------


def test_settings_page_saves_the_frequency(client, people):
    user = people["cdo"]
    client.force_login(user)
    html = client.get(reverse("notifications:settings")).content.decode()
    assert 'value="daily"' in html
    assert "checked" in html
    assert "wöchentlich" in html
    response = client.post(reverse("notifications:settings"), {"frequency": "weekly"}, follow=True)
    assert "Ihre Einstellungen sind gespeichert." in response.content.decode()
    assert NotificationSettings.objects.get(user=user).frequency == "weekly"


def test_settings_bad_input_shows_a_german_error(client, people):
    client.force_login(people["cdo"])
    response = client.post(reverse("notifications:settings"), {"frequency": "stündlich"})
    assert response.status_code == 200
    assert "Bitte wählen Sie eine der angebotenen Möglichkeiten." in response.content.decode()
    response = client.post(reverse("notifications:settings"), {})
    assert "Bitte wählen Sie, wie oft Sie E-Mails erhalten möchten." in response.content.decode()


def test_switching_mails_on_again_does_not_mail_the_backlog(people):
    from blaupause.notifications import services

    user = UserFactory()
    services.settings_update(actor=user, frequency="off")
    NotificationFactory(recipient=user)
    services.settings_update(actor=user, frequency="daily")
    assert services.digests_send(frequency="daily") == 0
