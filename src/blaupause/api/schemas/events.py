"""Schemas of events: what the API shows of a meeting, webinar or workshop day."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from django.urls import reverse

from ninja import Field, Schema

from ..pagination import PageParams
from .common import SLUG

#: Dates outside this range are refused (422) rather than overflowing in time zone arithmetic.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


class EventFilters(PageParams):
    network: str | None = Field(None, pattern=SLUG, description="Kurzname (slug) des Netzwerks")
    from_: date | None = Field(
        None,
        alias="from",
        ge=FIRST_DAY,
        le=LAST_DAY,
        description="nur Termine, die an oder nach diesem Tag enden",
    )
    to: date | None = Field(
        None,
        ge=FIRST_DAY,
        le=LAST_DAY,
        description="nur Termine, die an oder vor diesem Tag beginnen",
    )


class EventOut(Schema):
    uuid: UUID
    version: int
    title: str
    description: str
    format: str
    audience: str
    network: str | None  # slug
    region: str | None  # slug
    starts_at: datetime
    ends_at: datetime
    location_name: str
    address: str
    capacity: int | None
    registration_open: bool
    registration_deadline: datetime | None
    cancelled: bool
    cancelled_at: datetime | None
    cancel_reason: str
    url: str
    ical_url: str
    updated_at: datetime

    @staticmethod
    def resolve_network(obj) -> str | None:
        return obj.network.slug if obj.network_id else None

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.region.slug if obj.region_id else None

    @staticmethod
    def resolve_cancelled(obj) -> bool:
        return obj.cancelled_at is not None

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_ical_url(obj) -> str:
        return reverse("events:event_ics", kwargs={"uuid": obj.uuid})
