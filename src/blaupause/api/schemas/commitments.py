"""Schemas of commitments: what the API shows and what a municipality may send."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema

from blaupause.commitments.constants import CommitmentRole, CommitmentStatus

from .common import text

_TEXT = 20_000


class CommitmentOut(Schema):
    uuid: UUID
    version: int
    municipality: str  # AGS
    strategy: str  # slug
    measure: UUID
    measure_key: str
    role: str
    status: str
    progress: int
    start_date: date | None
    end_date: date | None
    responsible_person: str
    note: str
    evidence: str
    is_public: bool
    is_demo: bool
    updated_at: datetime

    @staticmethod
    def resolve_municipality(obj) -> str:
        return obj.municipality.ags

    @staticmethod
    def resolve_strategy(obj) -> str:
        return obj.measure.strategy.slug

    @staticmethod
    def resolve_measure(obj) -> UUID:
        return obj.measure.uuid

    @staticmethod
    def resolve_measure_key(obj) -> str:
        return obj.measure.key


class CommitmentFields(Schema):
    role: str | None = text(
        None, max_length=40, description=f"eine von {', '.join(CommitmentRole.values)}"
    )
    status: str | None = text(
        None, max_length=40, description=f"einer von {', '.join(CommitmentStatus.values)}"
    )
    start_date: date | None = None
    end_date: date | None = None
    responsible_person: str | None = text(None, max_length=_TEXT)
    progress: int | None = Field(None, ge=-(2**31), le=2**31)
    note: str | None = text(None, max_length=_TEXT)
    evidence: str | None = text(None, max_length=_TEXT)
    is_public: bool | None = None


class CommitmentCreateIn(CommitmentFields):
    measure: UUID
    municipality: str | None = text(
        None,
        max_length=8,
        description="AGS; ohne Angabe die Kommune, für die der Token-Inhaber verantwortlich ist",
    )


class CommitmentUpdateIn(CommitmentFields):
    version: int = Field(..., ge=1, le=2**31, description="die zuletzt gelesene Version")
