"""The two search backends. Both index the same analysed terms (`SearchDocument.*_terms`,
`*_parts`) and answer the same query built from `core.german.query_words`:

- a document matches when, for every query word, it has the word's stem or all of the word's
  smallest compound parts;
- documents that have every query word's stem (an exact hit) come before documents found only
  through compound parts; within each group the backend's relevance ranks (title above text
  above parts).

PostgreSQL: a stored tsvector (weights A title, B text, C title parts, D text parts) with a GIN
index, queried with `SearchQuery`/`SearchRank`. The tsvector uses the `simple` configuration on
purpose: the terms are already German Snowball stems from `core.german`, and the server's
`german` dictionary is an older Snowball version that would stem them again differently
("system" → "syst"), so the backends would no longer index the same tokens.

SQLite: an FTS5 table (one row per document, rowid = document id) with the four term columns,
ranked with bm25. The MATCH expression is built here from analysed terms, each quoted, so no
user input ever reaches the FTS5 query syntax.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection as default_connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

from blaupause.core.german import QueryWord

FTS_TABLE = "knowledge_search_fts"
GIN_INDEX = "knowledge_searchdocument_vector_gin"
DOCUMENT_TABLE = "knowledge_searchdocument"
PG_CONFIG = "simple"
#: bm25 weights of the FTS5 columns: title, text, title parts, text parts.
FTS_WEIGHTS = (10.0, 4.0, 2.0, 1.0)
TERM_COLUMNS = ("title_terms", "text_terms", "title_parts", "text_parts")


def setup_sql(vendor: str) -> list[str]:
    """Statements that create the backend index (idempotent)."""
    if vendor == "postgresql":
        return [
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {DOCUMENT_TABLE} USING gin (search_vector)"
        ]
    if vendor == "sqlite":
        columns = ", ".join(TERM_COLUMNS)
        return [f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({columns})"]
    return []


def teardown_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP INDEX IF EXISTS {GIN_INDEX}"]
    if vendor == "sqlite":
        return [f"DROP TABLE IF EXISTS {FTS_TABLE}"]
    return []


class Backend:
    """Interface: keep the index of saved documents, filter and rank a document queryset."""

    vendor = ""

    def __init__(self, connection) -> None:
        self.connection = connection

    def exists(self) -> bool:
        return False

    def setup(self) -> None:
        """Create the backend index unless it exists (the migration normally did)."""
        if self.exists():
            return
        with self.connection.cursor() as cursor:
            for statement in setup_sql(self.vendor):
                cursor.execute(statement)

    def write(self, ids: Sequence[int]) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def delete(self, ids: Sequence[int]) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def clear(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def matching(
        self, queryset: QuerySet, words: Sequence[QueryWord], *, exact: bool = False
    ) -> QuerySet:
        """The documents of the queryset that match; with `exact`, only those that have every
        query word's stem (no compound-part hits)."""
        raise NotImplementedError  # pragma: no cover - interface

    def id_list(self, ids: Sequence[int]) -> RawSQL:
        """A subquery of the given document ids, passed as one parameter (a thousand separate
        parameters cost more to prepare than the query takes)."""
        raise NotImplementedError  # pragma: no cover - interface

    def scored(
        self, queryset: QuerySet, words: Sequence[QueryWord], limit: int, *, parts_only: bool
    ) -> list[tuple[int, float]]:
        """At most `limit` matching documents of the queryset as (id, score), higher is better,
        unsorted. Without `parts_only` the exact hits (every word's stem), with it the documents
        found only through compound parts. The score is the relevance for the whole query
        (title above text above parts). One read of each row, stopping at the limit."""
        raise NotImplementedError  # pragma: no cover - interface


# --- PostgreSQL --------------------------------------------------------------------------------


def _pg_query(words: Iterable[QueryWord], *, exact: bool = False) -> SearchQuery:
    """(whole₁ | (part & part …)) & (whole₂ | …) – terms are single stems, 'plain' quotes them."""

    def term(value: str) -> SearchQuery:
        return SearchQuery(value, search_type="plain", config=PG_CONFIG)

    combined = None
    for word in words:
        expression = term(word.whole)
        if word.parts and not exact:
            parts = term(word.parts[0])
            for part in word.parts[1:]:
                parts &= term(part)
            expression |= parts
        combined = expression if combined is None else combined & expression
    return combined


class PostgresBackend(Backend):
    vendor = "postgresql"

    def exists(self) -> bool:
        # Checked first: CREATE INDEX (even IF NOT EXISTS) fails inside a transaction that has
        # pending deferred constraint checks.
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [GIN_INDEX])
            return cursor.fetchone() is not None

    def write(self, ids: Sequence[int]) -> None:
        from ..models import SearchDocument

        weights = dict(zip(TERM_COLUMNS, "ABCD", strict=True))
        vector = None
        for column, weight in weights.items():
            part = SearchVector(column, weight=weight, config=PG_CONFIG)
            vector = part if vector is None else vector + part
        SearchDocument.objects.filter(pk__in=list(ids)).update(search_vector=vector)

    def delete(self, ids: Sequence[int]) -> None:
        """Nothing to do: the vector lives in the document row."""

    def clear(self) -> None:
        """Nothing to do: the vector lives in the document row."""

    def matching(
        self, queryset: QuerySet, words: Sequence[QueryWord], *, exact: bool = False
    ) -> QuerySet:
        return queryset.filter(search_vector=_pg_query(words, exact=exact))

    def id_list(self, ids: Sequence[int]) -> RawSQL:
        return RawSQL("SELECT unnest(%s::bigint[])", [[int(pk) for pk in ids]])

    def scored(
        self, queryset: QuerySet, words: Sequence[QueryWord], limit: int, *, parts_only: bool
    ) -> list[tuple[int, float]]:
        query = _pg_query(words)
        exact = _pg_query(words, exact=True)
        if parts_only:
            rows = queryset.filter(search_vector=query).exclude(search_vector=exact)
        else:
            rows = queryset.filter(search_vector=exact)
        rows = rows.annotate(rank=SearchRank(F("search_vector"), query)).order_by()
        return list(rows.values_list("id", "rank")[:limit])


# --- SQLite ------------------------------------------------------------------------------------


def _quote(term: str) -> str:
    """An FTS5 string: double quotes, inner quotes doubled (terms are letters and digits)."""
    return '"' + term.replace('"', '""') + '"'


def fts_expression(words: Iterable[QueryWord], *, exact: bool = False) -> str:
    groups = []
    for word in words:
        expression = _quote(word.whole)
        if word.parts and not exact:
            parts = " AND ".join(_quote(part) for part in word.parts)
            expression = f"({expression} OR ({parts}))"
        groups.append(expression)
    return " AND ".join(groups)


class SqliteBackend(Backend):
    vendor = "sqlite"

    def write(self, ids: Sequence[int]) -> None:
        from ..models import SearchDocument

        ids = list(ids)
        rows = SearchDocument.objects.filter(pk__in=ids).values_list("id", *TERM_COLUMNS)
        columns = ", ".join(TERM_COLUMNS)
        with self.connection.cursor() as cursor:
            self._delete(cursor, ids)
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, {columns}) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                [tuple(row) for row in rows],
            )

    def _delete(self, cursor, ids: list[int]) -> None:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)  # noqa: S608

    def delete(self, ids: Sequence[int]) -> None:
        with self.connection.cursor() as cursor:
            self._delete(cursor, list(ids))

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608

    def _match_sql(self, expression: str) -> RawSQL:
        # Constant SQL; the expression is a parameter built from quoted analysed terms.
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        return RawSQL(sql, [expression])  # noqa: S611

    def matching(
        self, queryset: QuerySet, words: Sequence[QueryWord], *, exact: bool = False
    ) -> QuerySet:
        return queryset.filter(id__in=self._match_sql(fts_expression(words, exact=exact)))

    def id_list(self, ids: Sequence[int]) -> RawSQL:
        rows = json.dumps([int(pk) for pk in ids])
        return RawSQL("SELECT value FROM json_each(%s)", [rows])

    def scored(
        self, queryset: QuerySet, words: Sequence[QueryWord], limit: int, *, parts_only: bool
    ) -> list[tuple[int, float]]:
        allowed_sql, allowed_params = queryset.order_by().values("id").query.sql_with_params()
        weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
        # Table names are constants, the visibility filter is SQL compiled by the ORM with its
        # parameters, the MATCH expressions are parameters. bm25 is lower for better matches.
        match = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        group = "NOT IN" if parts_only else "IN"
        sql = " ".join(
            [
                f"SELECT rowid, -bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE}",  # noqa: S608
                # "+rowid": the unary plus keeps SQLite from driving the query by rowid and
                # running the full-text match once per visible row (seconds at 10,000 rows).
                f"WHERE {FTS_TABLE} MATCH %s AND +rowid {group} ({match})",
                f"AND +rowid IN ({allowed_sql}) LIMIT %s",
            ]
        )
        params = [
            fts_expression(words),
            fts_expression(words, exact=True),
            *allowed_params,
            limit,
        ]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(row[0], row[1]) for row in cursor.fetchall()]


def get_backend(connection=None) -> Backend:
    """The backend for a database connection (the default one unless given)."""
    connection = connection or default_connection
    if connection.vendor == "postgresql":
        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        return SqliteBackend(connection)
    raise NotImplementedError(f"search is not available on {connection.vendor}")
