"""Digests, instant mails, their headers and unsubscribing without a login."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.notifications.models import Notification, NotificationSettings
from blaupause.notifications.services import digests_send, unsubscribe_token
from tests.factories.accounts import UserFactory
from tests.factories.notifications import NotificationFactory, NotificationSettingsFactory

pytestmark = pytest.mark.django_db


def _two_targets(user):
    NotificationFactory(
        recipient=user,
        summary="Neuer Kommentar zu M1-2",
        target_label="M1-2 Serviceportal",
        target_id=1,
        url="/strategien/a/",
    )
    NotificationFactory(
        recipient=user,
        summary="M1-2 wurde geändert",
        target_label="M1-2 Serviceportal",
        target_id=1,
    )
    NotificationFactory(
        recipient=user, summary="Neue Anmeldung", target_label="Netzwerktreffen", target_id=2
    )


def test_daily_digest_groups_by_target_in_text_and_html(db):
    user = NotificationSettingsFactory(frequency="daily").user
    _two_targets(user)
    call_command("send_digests", "--frequency", "daily")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "[Blaupause] Ihre Tagesübersicht: 3 Neuigkeiten"
    body = message.body
    assert "hier sind 3 Neuigkeiten" in body
    assert body.count("== M1-2 Serviceportal ==") == 1
    assert "== Netzwerktreffen ==" in body
    group = body.split("== M1-2 Serviceportal ==")[1].split("==")[0]
    assert "Neuer Kommentar zu M1-2" in group
    assert "M1-2 wurde geändert" in group
    assert "http://testserver/strategien/a/" in body or "/strategien/a/" in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<h2>M1-2 Serviceportal</h2>" in html
    assert "Keine E-Mails mehr erhalten" in html
    token_url = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user)})
    assert token_url in body
    assert token_url in html


def test_mail_headers_offer_one_click_unsubscribe(db):
    user = NotificationSettingsFactory(frequency="weekly").user
    NotificationFactory(recipient=user)
    digests_send(frequency="weekly")
    headers = mail.outbox[0].message()
    token_url = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user)})
    assert headers["List-Unsubscribe"].startswith("<http")
    assert headers["List-Unsubscribe"].endswith(f"{token_url}>")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.outbox[0].subject.startswith("[Blaupause] Ihre Wochenübersicht: 1 Neuigkeit")


def test_digest_is_idempotent_and_marks_mailed(db):
    user = NotificationSettingsFactory(frequency="daily").user
    _two_targets(user)
    assert digests_send(frequency="daily") == 1
    assert digests_send(frequency="daily") == 0
    assert len(mail.outbox) == 1
    assert not Notification.objects.filter(emailed_at=None).exists()
    assert NotificationSettings.objects.get(user=user).last_digest_at is not None
    NotificationFactory(recipient=user, summary="Später dazu")
    assert digests_send(frequency="daily") == 1
    assert "Später dazu" in mail.outbox[1].body
    assert "Neue Anmeldung" not in mail.outbox[1].body


def test_frequencies_decide_who_gets_which_digest(db):
    daily = NotificationSettingsFactory(frequency="daily").user
    weekly = NotificationSettingsFactory(frequency="weekly").user
    instant = NotificationSettingsFactory(frequency="instant").user
    off = NotificationSettingsFactory(frequency="off").user
    default = UserFactory()  # never chose: daily
    for user in (daily, weekly, instant, off, default):
        NotificationFactory(recipient=user)
    digests_send(frequency="daily")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([daily.email, default.email])
    mail.outbox.clear()
    digests_send(frequency="weekly")
    assert [m.to for m in mail.outbox] == [[weekly.email]]
    assert Notification.objects.get(recipient=off).emailed_at is None


def test_inactive_accounts_get_no_mail(db):
    user = NotificationSettingsFactory(frequency="daily").user
    user.is_active = False
    user.save()
    NotificationFactory(recipient=user)
    assert digests_send(frequency="daily") == 0


def test_digest_command_rejects_other_frequencies(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_digests", "--frequency", "hourly")


def test_notifications_newer_than_the_run_wait_for_the_next(db):
    user = NotificationSettingsFactory(frequency="daily").user
    NotificationFactory(recipient=user, created_at=timezone.now() + datetime.timedelta(hours=1))
    assert digests_send(frequency="daily") == 0


# --- unsubscribe -----------------------------------------------------------------------------


def _url(token):
    return reverse("notifications:unsubscribe", kwargs={"token": token})


def test_unsubscribe_link_asks_first_then_switches_mails_off(client, db):
    user = NotificationSettingsFactory(frequency="instant").user
    url = _url(unsubscribe_token(user))
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "E-Mails abbestellen" in html
    assert "Keine E-Mails mehr senden" in html
    assert NotificationSettings.objects.get(user=user).frequency == "instant"
    response = client.post(url)
    assert response.status_code == 200
    assert (
        "Wir schicken Ihnen keine E-Mails zu Ihren Abonnements mehr." in response.content.decode()
    )
    assert NotificationSettings.objects.get(user=user).frequency == "off"


def test_one_click_unsubscribe_works_without_csrf_token(db):
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post(_url(unsubscribe_token(user)), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationSettings.objects.get(user=user).frequency == "off"


def test_other_forms_still_need_the_csrf_token(db):
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("notifications:settings"), {"frequency": "off"})
    assert response.status_code == 403


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_token_gives_a_german_400(client, db, method):
    user = UserFactory()
    token = unsubscribe_token(user)
    for bad in (token[:-2] + "xx", "quatsch", token.replace(":", "-", 1)):
        response = getattr(client, method)(_url(bad))
        assert response.status_code == 400
        assert "Dieser Abmeldelink ist ungültig oder unvollständig." in response.content.decode()
    assert not NotificationSettings.objects.filter(user=user, frequency="off").exists()


def test_token_of_another_purpose_is_refused(client, db):
    from django.core import signing

    user = UserFactory()
    forged = signing.Signer(salt="etwas anderes").sign_object({"u": user.pk}, compress=True)
    assert client.post(_url(forged)).status_code == 400
