"""Schemas of joint projects: the public summary only (no budget, split, notes or documents)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from uuid import UUID

from ninja import Field, Schema

from blaupause.collaboration.constants import AgreementStatus, FundingStatus, PartnerStatus

from ..pagination import PageParams
from .common import AGS

AgreementStatusIn = Enum("AgreementStatusIn", {value: value for value in AgreementStatus.values})


class ProjectFilters(PageParams):
    status: AgreementStatusIn | None = Field(
        None, description="Stand der Vereinbarung (idea, letter_of_intent, agreement_signed, ended)"
    )
    municipality: str | None = Field(
        None,
        pattern=AGS,
        description="Amtlicher Gemeindeschlüssel: nur Projekte, die diese Kommune führt oder "
        "an denen sie als Partnerin mit Zusage teilnimmt",
    )
    measure: UUID | None = Field(None, description="UUID der Maßnahme")


class MunicipalityRef(Schema):
    ags: str
    name: str


class MeasureRef(Schema):
    uuid: UUID
    key: str
    title: str
    strategy: str  # slug


class ProjectOut(Schema):
    uuid: UUID
    version: int
    title: str
    summary: str  # Markdown
    lead_municipality: MunicipalityRef
    partners: list[MunicipalityRef]  # accepted partners, the lead included
    measure: MeasureRef | None
    network: str | None  # slug
    agreement_status: str
    funding_programme: str
    funding_status: str
    starts_on: date | None
    ends_on: date | None
    url: str
    updated_at: datetime

    @staticmethod
    def resolve_lead_municipality(obj) -> dict:
        lead = obj.lead_municipality
        return {"ags": lead.ags, "name": lead.name}

    @staticmethod
    def resolve_partners(obj) -> list[dict]:
        """Accepted partners only (prefetched by the selector): invitations stay internal."""
        return [
            {"ags": partner.municipality.ags, "name": partner.municipality.name}
            for partner in obj.partners.all()
            if partner.status == PartnerStatus.ACCEPTED
        ]

    @staticmethod
    def resolve_measure(obj) -> dict | None:
        measure = obj.measure
        if measure is None or measure.deleted_at is not None:
            return None
        if measure.strategy.deleted_at is not None:
            return None
        return {
            "uuid": measure.uuid,
            "key": measure.key,
            "title": measure.title,
            "strategy": measure.strategy.slug,
        }

    @staticmethod
    def resolve_network(obj) -> str | None:
        network = obj.network
        return network.slug if network is not None and network.deleted_at is None else None

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


#: For the documentation: the values the two status fields take.
AGREEMENT_STATUSES = tuple(AgreementStatus.values)
FUNDING_STATUSES = tuple(FundingStatus.values)
