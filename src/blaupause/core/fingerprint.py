"""Cheap version stamps of tables, for caching what is expensive to compute from them."""

from __future__ import annotations

import hashlib

from django.db import connection

#: How long to keep what is cached under a digest of `last_changes` (see there).
CACHE_SECONDS = 10 * 60


def last_changes(*models, links=()) -> str:
    """A digest of the last change (``MAX(updated_at)``) of each model's table, in one query.

    Every save through the ORM sets `updated_at`, a soft delete and a restore from the trash
    included; rows leave these tables only when the trash purges what a soft delete marked
    before. So while the digest stays the same, the live rows have not changed. (A hard delete
    of live rows, or an update that bypasses `save`, is not seen: do neither on these models.)
    Give large tables an index on `updated_at`, so that each maximum is one index lookup.
    `links` are tables without `updated_at` (many-to-many tables); their row count and largest
    id go into the digest, which an added or removed link changes.

    One race is not seen either: a transaction that stamped its rows before another one but
    commits after it leaves the maximum where the other one put it. Keep what is cached under
    such a digest for minutes, not days (`CACHE_SECONDS`).
    """
    # Table names from metadata only.
    quote = connection.ops.quote_name
    parts = [f"(SELECT MAX(updated_at) FROM {quote(m._meta.db_table)})" for m in models]  # noqa: S608
    for link in links:
        table = quote(link._meta.db_table)
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX(id) FROM {table})"]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        values = cursor.fetchone()
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]
