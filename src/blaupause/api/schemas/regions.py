"""Schemas of districts, municipalities and networks."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from ninja import Schema


class DistrictRef(Schema):
    uuid: UUID
    ags: str
    slug: str
    name: str


class DistrictOut(DistrictRef):
    kind: str
    region: str | None
    municipality_count: int
    updated_at: datetime

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.region.slug if obj.region_id else None


class MunicipalityOut(Schema):
    uuid: UUID
    ags: str
    name: str
    kind: str
    population: int | None
    population_date: date | None
    size_class: str | None
    district: DistrictRef
    updated_at: datetime


class MunicipalityDetailOut(MunicipalityOut):
    population_source: str
    website: str
    contact_name: str
    description: str
    networks: list[str]

    @staticmethod
    def resolve_networks(obj) -> list[str]:
        return obj.networks_list


class NetworkOut(Schema):
    uuid: UUID
    slug: str
    name: str
    short_name: str
    founded: int | None
    coordinating_body: str
    region: str | None
    district: str | None
    member_count: int
    updated_at: datetime

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.region.slug if obj.region_id else None

    @staticmethod
    def resolve_district(obj) -> str | None:
        return obj.district.ags if obj.district_id else None


class NetworkDetailOut(NetworkOut):
    description: str
    members: list[str]
