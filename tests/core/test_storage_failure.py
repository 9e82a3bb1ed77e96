"""A database or data folder that cannot be written gives a clear page and a log entry.

The database is switched to read-only for real (SQLite `query_only`, PostgreSQL
`default_transaction_read_only`), as on a full or read-only volume or a replica; reading still
works, writing fails, and the person sees a German 503 page instead of a generic error.
"""

import errno
import logging

from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

import pytest

from blaupause.core.views import is_storage_failure
from tests.factories.accounts import UserFactory


@pytest.fixture
def read_only_database(transactional_db):
    def switch(on: bool) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")
            else:
                cursor.execute(f"SET default_transaction_read_only = {'on' if on else 'off'}")

    yield switch
    switch(False)


def test_writing_to_a_read_only_database_shows_a_clear_page_and_logs(read_only_database, caplog):
    user = UserFactory()
    client = Client(raise_request_exception=False)
    client.force_login(user)

    read_only_database(True)
    with caplog.at_level(logging.CRITICAL, logger="blaupause.core.views"):
        response = client.post(reverse("account_logout"))

    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    page = response.content.decode()
    assert "Speichern ist gerade nicht möglich" in page
    assert "Lesen funktioniert weiter" in page
    assert any("storage not writable" in record.getMessage() for record in caplog.records)
    # Reading still works while the storage is read-only.
    assert Client().get(reverse("regions:home")).status_code == 200


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), True),
        (OSError(errno.EROFS, "Read-only file system"), True),
        (OperationalError("database or disk is full"), True),
        (OperationalError("no such table: foo"), False),
        (ValueError("read-only"), False),
        (None, False),
    ],
)
def test_storage_failures_are_told_apart_from_other_errors(error, expected):
    assert is_storage_failure(error) is expected


def test_a_storage_failure_raised_as_cause_is_found():
    outer = RuntimeError("upload failed")
    outer.__cause__ = OSError(errno.ENOSPC, "No space left on device")
    assert is_storage_failure(outer)
