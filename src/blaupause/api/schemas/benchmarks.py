"""Schemas of the aggregated self-check benchmarks (never individual answers)."""

from __future__ import annotations

from enum import StrEnum

from ninja import Field, Schema

from ..pagination import PageParams
from .common import text


class GroupKind(StrEnum):
    REGION = "region"
    DISTRICT = "district"
    SIZE_CLASS = "size-class"
    NETWORK = "network"


class BenchmarkFilters(PageParams):
    year: int | None = Field(None, ge=2000, le=2100, description="Jahr des Selbstchecks")
    group_kind: GroupKind | None = Field(None, description="Art der Gruppe")
    group_key: str = text(
        "",
        max_length=200,
        description="Kurzname der Region, Kreisschlüssel, Größenklasse oder Kurzname des Netzwerks",
    )


class BenchmarkOut(Schema):
    criteria_set: str
    criteria_set_version: int
    year: int
    group_kind: str
    group_key: str
    group_name: str
    participants: int = Field(
        ..., description="Kommunen der Gruppe mit abgeschlossenem Selbstcheck"
    )
    field: str
    criterion: str
    criterion_title: str
    answers: int
    median: float | None = Field(..., description="null, wenn die Gruppe zu klein ist")
    q1: float | None
    q3: float | None
    mean_current: float | None
    mean_target: float | None
    reason: str | None = Field(..., description="warum Werte fehlen, sonst null")
    is_demo: bool
