"""Districts, municipalities and networks (public)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from ninja import Query, Router

from blaupause.regions import selectors

from .. import queries
from ..auth import optional_auth
from ..caching import set_last_modified
from ..pagination import Page, PageParams, page
from ..schemas.common import ags_path, read, slug_path, text
from ..schemas.regions import (
    DistrictOut,
    MunicipalityDetailOut,
    MunicipalityOut,
    NetworkDetailOut,
    NetworkOut,
)

router = Router(tags=["Regionen"], auth=optional_auth)

#: The columns a municipality row shows; never the geometry.
_MUNICIPALITY_COLUMNS = (
    "uuid",
    "ags",
    "name",
    "kind",
    "population",
    "population_date",
    "updated_at",
    "district__uuid",
    "district__ags",
    "district__slug",
    "district__name",
)


class MunicipalityFilters(PageParams):
    district: str = text("", max_length=200, description="Kurzname (slug) des Kreises")
    kind: str = text("", max_length=40)
    size_class: str = text("", max_length=40)
    search: str = text("", max_length=200, description="Name oder Anfang des AGS")


@router.get("/districts/", response=read(Page[DistrictOut]), summary="Kreise")
def district_list(request: HttpRequest, response: HttpResponse, params: Query[PageParams]):
    result = page(queries.district_list(), params)
    set_last_modified(response, *(row.updated_at for row in result["items"]))
    return result


@router.get("/districts/{ags}", response=read(DistrictOut), summary="Ein Kreis")
def district_detail(request: HttpRequest, response: HttpResponse, ags: str = ags_path()):
    district = queries.district_get(ags=ags)
    set_last_modified(response, district.updated_at)
    return district


@router.get("/municipalities/", response=read(Page[MunicipalityOut]), summary="Kommunen")
def municipality_list(
    request: HttpRequest, response: HttpResponse, filters: Query[MunicipalityFilters]
):
    rows = selectors.municipality_search(
        query=filters.search,
        district_slug=filters.district,
        kind=filters.kind,
        size_class=filters.size_class,
    ).only(*_MUNICIPALITY_COLUMNS)
    result = page(rows, filters)
    set_last_modified(response, *(row.updated_at for row in result["items"]))
    return result


@router.get("/municipalities/{ags}", response=read(MunicipalityDetailOut), summary="Eine Kommune")
def municipality_detail(request: HttpRequest, response: HttpResponse, ags: str = ags_path()):
    municipality = selectors.municipality_get(ags=ags)
    set_last_modified(response, municipality.updated_at)
    municipality.networks_list = queries.municipality_network_slugs(municipality=municipality)
    return municipality


@router.get("/networks/", response=read(Page[NetworkOut]), summary="Netzwerke")
def network_list(request: HttpRequest, response: HttpResponse, params: Query[PageParams]):
    networks = selectors.network_list()
    items = networks[params.offset : params.offset + params.limit]
    set_last_modified(response, *(row.updated_at for row in items))
    return {"count": len(networks), "limit": params.limit, "offset": params.offset, "items": items}


@router.get("/networks/{slug}", response=read(NetworkDetailOut), summary="Ein Netzwerk")
def network_detail(request: HttpRequest, response: HttpResponse, slug: str = slug_path()):
    network = selectors.network_get(slug=slug)
    members = queries.network_member_ags(network=network)
    set_last_modified(response, network.updated_at)
    network.member_count = len(members)
    network.members = members
    return network
