"""Schemas of knowledge articles: published articles the caller may read, with their licence."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from uuid import UUID

from ninja import Field, Schema

from blaupause.knowledge.constants import ArticleKind, OfferKind, OfferRole

from ..pagination import PageParams
from .common import AGS
from .projects import MunicipalityRef

ArticleKindIn = Enum("ArticleKindIn", {value: value for value in ArticleKind.values})


class ArticleFilters(PageParams):
    kind: ArticleKindIn | None = Field(None, description="Art des Artikels")
    municipality: str | None = Field(
        None, pattern=AGS, description="Amtlicher Gemeindeschlüssel der verfassenden Kommune"
    )


class ArticleOut(Schema):
    uuid: UUID
    version: int
    slug: str
    title: str
    kind: str
    summary: str
    body: str  # Markdown
    licence: str
    visibility: str
    author_municipality: MunicipalityRef | None
    tags: str
    published_at: datetime | None
    url: str
    updated_at: datetime

    @staticmethod
    def resolve_author_municipality(obj) -> dict | None:
        municipality = obj.author_municipality
        if municipality is None or municipality.deleted_at is not None:
            return None
        return {"ags": municipality.ags, "name": municipality.name}

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


OfferKindIn = Enum("OfferKindIn", {value: value for value in OfferKind.values})
OfferRoleIn = Enum("OfferRoleIn", {value: value for value in OfferRole.values})


class OfferFilters(PageParams):
    kind: OfferKindIn | None = Field(None, description="Art des Angebots")
    role: OfferRoleIn | None = Field(None, description="Zielgruppe")


class OfferOut(Schema):
    uuid: UUID
    version: int
    slug: str
    title: str
    kind: str
    description: str  # Markdown
    provider: str
    external_url: str
    is_external: bool
    duration_hours: float | None
    roles: list[str]
    criteria: list[str]  # codes of the self-check criteria the offer strengthens
    region: str | None  # slug
    url: str
    updated_at: datetime

    @staticmethod
    def resolve_duration_hours(obj) -> float | None:
        return float(obj.duration_hours) if obj.duration_hours is not None else None

    @staticmethod
    def resolve_roles(obj) -> list[str]:
        return [str(role) for role in (obj.roles or []) if isinstance(role, str)]

    @staticmethod
    def resolve_criteria(obj) -> list[str]:
        return [criterion.code for criterion in obj.criteria.all()]

    @staticmethod
    def resolve_region(obj) -> str | None:
        region = obj.region
        return region.slug if region is not None and region.deleted_at is None else None

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()
