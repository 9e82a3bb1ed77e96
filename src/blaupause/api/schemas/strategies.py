"""Schemas of strategies, their tree and roll-ups."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from ninja import Schema


class OwnerOut(Schema):
    kind: str  # "network" or "municipality"
    key: str  # network slug or municipality AGS
    name: str


class StrategyOut(Schema):
    uuid: UUID
    slug: str
    title: str
    slogan: str
    status: str
    is_blueprint: bool
    owner: OwnerOut
    adopted_on: date | None
    field_count: int
    measure_count: int
    updated_at: datetime


class IndicatorOut(Schema):
    uuid: UUID
    name: str
    unit: str
    baseline: str | None
    target: str | None
    direction: str
    order: int


class MilestoneOut(Schema):
    uuid: UUID
    title: str
    months_after_start: int | None
    due_date: str | None
    order: int


class MeasureOut(Schema):
    uuid: UUID
    key: str
    title: str
    field: str | None
    summary: str
    description: str
    goals: list[str]
    life_areas: list[str]
    depends_on: list[str]
    effort: str | None
    cost_band: str | None
    start_year: int | None
    end_year: int | None
    duration_months: int | None
    responsible_role: str
    tags: list[str]
    weight: str | None
    order: int
    indicators: list[IndicatorOut]
    milestones: list[MilestoneOut]


class GoalOut(Schema):
    uuid: UUID
    key: str
    title: str
    description: str
    field: str | None
    order: int


class FieldOut(Schema):
    uuid: UUID
    key: str
    title: str
    description: str
    order: int
    goals: list[GoalOut]
    measures: list[MeasureOut]


class ValueOut(Schema):
    uuid: UUID
    key: str
    title: str
    explanation: str
    order: int


class StrategyDetailOut(Schema):
    uuid: UUID
    slug: str
    title: str
    slogan: str
    vision: str
    preamble: str
    reconstruction_notice: str
    status: str
    owner: OwnerOut
    adopted_body: str
    adopted_on: str | None
    adopted_reference: str
    updated_at: datetime
    values: list[ValueOut]
    fields: list[FieldOut]


class MeasureDetailOut(MeasureOut):
    strategy: str
    benefit_citizens: str
    benefit_administration: str
    updated_at: datetime


class RollupOut(Schema):
    municipality_count: int
    committed: int
    commitment_count: int
    by_status: dict[str, int]
    percent: int | None
    measure_count: int
    measures_committed: int
    demo: int


class RollupItemOut(Schema):
    uuid: UUID
    key: str
    title: str
    rollup: RollupOut


class StrategyRollupOut(Schema):
    strategy: str
    total: RollupOut
    fields: list[RollupItemOut]
    measures: list[RollupItemOut]
