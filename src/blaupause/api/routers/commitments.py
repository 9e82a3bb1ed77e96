"""Commitments: read what the caller may see; write through the commitments services."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ninja import Field, Query, Router, Status
from ninja.throttling import AuthRateThrottle

from blaupause.commitments import services
from blaupause.regions.selectors import municipality_get

from .. import queries
from ..auth import optional_auth, token_auth
from ..caching import set_last_modified
from ..pagination import Page, PageParams, page
from ..schemas.commitments import CommitmentCreateIn, CommitmentOut, CommitmentUpdateIn
from ..schemas.common import WRITE_ERRORS, read, text

router = Router(tags=["Beteiligungen"])

#: Writes per token; reads are not limited here (the reverse proxy may).
WRITE_RATE = "120/m"


class CommitmentFilters(PageParams):
    strategy: str = text("", max_length=100, description="Kurzname (slug) der Strategie")
    measure: UUID | None = Field(None, description="UUID der Maßnahme")
    municipality: str = text("", max_length=8, description="AGS der Kommune")


@router.get(
    "/commitments/", response=read(Page[CommitmentOut]), auth=optional_auth, summary="Beteiligungen"
)
def commitment_list(
    request: HttpRequest, response: HttpResponse, filters: Query[CommitmentFilters]
):
    wanted = {
        "strategy_slug": filters.strategy,
        "measure_uuid": filters.measure,
        "municipality_ags": filters.municipality,
    }
    rows = queries.commitment_list(viewer=request.auth, **wanted)
    result = page(
        rows,
        filters,
        count_key=lambda: queries.commitment_count_key(viewer=request.auth, **wanted),
    )
    set_last_modified(response, *(row.updated_at for row in result["items"]))
    return result


@router.get(
    "/commitments/{uuid}",
    response=read(CommitmentOut),
    auth=optional_auth,
    summary="Eine Beteiligung",
)
def commitment_detail(request: HttpRequest, response: HttpResponse, uuid: UUID):
    commitment = queries.commitment_get(viewer=request.auth, uuid=uuid)
    set_last_modified(response, commitment.updated_at)
    return commitment


def _municipality_for(user, ags: str | None):
    """The municipality named in the body, or the caller's only CDO municipality."""
    if ags:
        try:
            return municipality_get(ags=ags)
        except Http404:  # an unknown AGS in the body is a field error, not a missing URL
            raise ValidationError(
                {"municipality": _("Eine Kommune mit diesem Gemeindeschlüssel gibt es nicht.")}
            ) from None
    own = sorted(user.roles.cdo_municipality_ids)
    if len(own) != 1:
        raise ValidationError(
            {"municipality": _("Bitte geben Sie den Gemeindeschlüssel (AGS) der Kommune an.")}
        )
    return queries.municipality_by_pk(own[0])


def _given(payload, *exclude: str) -> dict:
    return {
        name: value
        for name, value in payload.dict(exclude_unset=True).items()
        if name not in exclude
    }


@router.post(
    "/commitments/",
    response={201: CommitmentOut, **WRITE_ERRORS},
    auth=token_auth,
    throttle=[AuthRateThrottle(WRITE_RATE)],
    summary="Beteiligung anlegen",
)
def commitment_create(request: HttpRequest, payload: CommitmentCreateIn):
    user = request.auth
    municipality = _municipality_for(user, payload.municipality)
    values = {k: v for k, v in _given(payload, "measure", "municipality").items() if v is not None}
    commitment = services.commitment_create(
        actor=user,
        municipality=municipality,
        measure=queries.measure_by_uuid(payload.measure),
        **values,
    )
    return Status(201, queries.commitment_get(viewer=user, uuid=commitment.uuid))


@router.patch(
    "/commitments/{uuid}",
    response={200: CommitmentOut, **WRITE_ERRORS},
    auth=token_auth,
    throttle=[AuthRateThrottle(WRITE_RATE)],
    summary="Beteiligung ändern",
)
def commitment_update(request: HttpRequest, uuid: UUID, payload: CommitmentUpdateIn):
    user = request.auth
    commitment = queries.commitment_get(viewer=user, uuid=uuid)
    values = _given(payload, "version")
    for name in ("role", "status", "is_public"):  # required in the model: null means "keep"
        if values.get(name, "") is None:
            values.pop(name)
    for name in ("responsible_person", "note", "evidence"):
        if name in values and values[name] is None:
            values[name] = ""
    services.commitment_update(
        actor=user, commitment=commitment, expected_version=payload.version, **values
    )
    return queries.commitment_get(viewer=user, uuid=uuid)
