"""Sessions end after 30 idle minutes; changing the e-mail address asks for the password again."""

import datetime as dt

from django.conf import settings
from django.urls import reverse

import pytest
import time_machine

from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

DASHBOARD = "accounts:dashboard"


def _login(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_the_session_ends_with_the_browser_or_after_thirty_minutes(client, cdo):
    response = _login(client, cdo)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""  # a browser-session cookie, gone when the browser closes
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert client.session.get_expiry_age() == 30 * 60


def test_after_thirty_idle_minutes_the_user_must_log_in_again(client, cdo):
    start = dt.datetime.now(tz=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        _login(client, cdo)
        assert client.get(reverse(DASHBOARD)).status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(reverse(DASHBOARD))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_each_request_renews_the_idle_timeout(client, cdo):
    start = dt.datetime.now(tz=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        _login(client, cdo)
        for _ in range(3):  # 60 minutes in all, never 30 without a request
            clock.shift(dt.timedelta(minutes=20))
            assert client.get(reverse(DASHBOARD)).status_code == 200


def test_adding_an_email_address_after_some_time_asks_for_the_password(client, cdo):
    start = dt.datetime.now(tz=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        _login(client, cdo)
        clock.shift(dt.timedelta(minutes=10))
        response = client.post(
            reverse("account_email"), {"action_add": "", "email": "neu@example.org"}
        )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not cdo.emailaddress_set.filter(email="neu@example.org").exists()


def test_changing_the_password_needs_the_current_one(client, cdo):
    _login(client, cdo)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "falsch-falsch-falsch",
            "password1": "Neu-und-lang-2026!",
            "password2": "Neu-und-lang-2026!",
        },
    )
    assert response.status_code == 200
    cdo.refresh_from_db()
    assert cdo.check_password(PASSWORD)
