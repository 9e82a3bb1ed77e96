"""Writing many rows fast: for load data and large demo sets, not for user actions.

`bulk_create` builds and adapts one statement per batch, which costs more than the database's
work once rows go into the hundreds of thousands (profiled: value preparation and array
adaptation dominate). `insert_rows` streams the rows with PostgreSQL's `COPY` and with one
prepared `INSERT` for many rows elsewhere. `record_creation_history` writes the "created"
entries of django-simple-history in one `INSERT … SELECT`, without reading the rows into Python.

Neither sends model signals or reads ids back; callers that need the ids use `bulk_create`.
After a bulk load, `refresh_statistics` lets the query planner see the new volumes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection, models
from django.utils import timezone

__all__ = ["insert_rows", "record_creation_history", "refresh_statistics"]

#: Rows per `executemany` call where there is no `COPY`.
BATCH = 10_000


def _batches(objects: Iterable, size: int) -> Iterator[list]:
    iterator = iter(objects)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _writable_fields(model) -> list[models.Field]:
    """The concrete fields written on insert: all but the database-generated primary key."""
    return [field for field in model._meta.concrete_fields if not field.db_returning]


def insert_rows(model, objects: Iterable[models.Model]) -> int:
    """Insert unsaved instances of `model` (defaults and `auto_now` applied as on save);
    returns the number of rows. The instances do not get their ids."""
    fields = _writable_fields(model)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)

    def values(obj) -> tuple:
        return tuple(
            field.get_db_prep_save(field.pre_save(obj, add=True), connection) for field in fields
        )

    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Table and column names come from the model's metadata, quoted by Django. Errors
            # are wrapped as Django's (IntegrityError …), as for any other query.
            sql = f"COPY {table} ({columns}) FROM STDIN"
            with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                for obj in objects:
                    copy.write_row(values(obj))
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from metadata
        for chunk in _batches(objects, BATCH):
            cursor.executemany(sql, [values(obj) for obj in chunk])
            count += len(chunk)
    return count


def record_creation_history(model, queryset: models.QuerySet, *, when=None) -> int:
    """One "+" history entry (no user, no reason) per row of `queryset`, copied in the database.

    Returns the number of entries written.
    """
    historical = model.history.model
    own = {field.attname for field in model._meta.concrete_fields}
    copied = [field for field in historical._meta.concrete_fields if field.attname in own]
    extra = {
        field.attname
        for field in historical._meta.concrete_fields
        if field.attname not in own and not field.db_returning
    }
    # What the history adds beyond the model's own columns; user and reason stay empty.
    expected = {"history_date", "history_type", "history_change_reason", "history_user_id"}
    if extra != expected:  # pragma: no cover - a changed history configuration must be seen
        raise ValueError(f"unexpected history columns: {sorted(extra - expected)}")
    quote = connection.ops.quote_name
    rows = queryset.order_by().values_list(*(field.attname for field in copied))
    inner, params = rows.query.sql_with_params()
    columns = ", ".join(quote(field.column) for field in copied)
    source = ", ".join(f"src.{quote(field.column)}" for field in copied)
    date_field = historical._meta.get_field("history_date")
    sql = (
        f"INSERT INTO {quote(historical._meta.db_table)} "  # noqa: S608 - names from metadata
        f"({columns}, {quote('history_date')}, {quote('history_type')}) "
        f"SELECT {source}, %s, %s FROM ({inner}) AS src"
    )
    stamp = date_field.get_db_prep_save(when or timezone.now(), connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [stamp, "+", *params])  # in the order of the placeholders
        return cursor.rowcount


def refresh_statistics() -> None:
    """Update the query planner's statistics after a bulk load or a restore.

    Until autovacuum comes round, PostgreSQL plans with the sizes of the empty tables and picks
    nested loops that turn a 20 ms list into seconds (measured on the commitments API after
    loading 5,000 commitments). SQLite's ANALYZE fills `sqlite_stat1` the same way.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
