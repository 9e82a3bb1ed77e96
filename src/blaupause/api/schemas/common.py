"""The problem document every error answers with (see `api/errors.py`)."""

from __future__ import annotations

from ninja import Field, Path, Schema

#: No NUL bytes (PostgreSQL text cannot hold them) and no other control characters.
PLAIN_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
AGS = r"^[0-9]{1,12}$"
SLUG = r"^[-a-zA-Z0-9_]{1,200}$"
KEY = r"^[^\x00-\x1f/]{1,40}$"


def text(default, *, max_length: int, description: str | None = None):
    """A free-text field or parameter: bounded, without control characters."""
    return Field(default, max_length=max_length, pattern=PLAIN_TEXT, description=description)


def ags_path():
    return Path(..., pattern=AGS, description="Amtlicher Gemeinde- oder Kreisschlüssel")


def slug_path():
    return Path(..., pattern=SLUG, description="Kurzname")


def key_path():
    return Path(..., pattern=KEY, description="Kennung der Maßnahme in der Strategie")


class ProblemOut(Schema):
    type: str
    title: str
    title_en: str
    status: int
    detail: str | None = None
    detail_en: str | None = None
    errors: dict[str, list[str]] | None = None
    current_version: int | None = None


#: Error answers of reads (401: an invalid token; 403: a draft; 404; 422: bad parameters).
READ_ERRORS = {frozenset({401, 403, 404, 422}): ProblemOut}
#: Error answers of writes.
WRITE_ERRORS = {frozenset({400, 401, 403, 404, 409, 422, 429}): ProblemOut}


def read(schema) -> dict:
    """`response=` of a read: the 200 body, 304 without body, and the problems."""
    return {200: schema, 304: None, **READ_ERRORS}
