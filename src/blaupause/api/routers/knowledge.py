"""Knowledge articles and learning offers: what the caller may read (published public articles
and published offers for anonymous callers); visibility comes from the knowledge app's
selectors."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ninja import Query, Router

from blaupause.knowledge.constants import ArticleStatus
from blaupause.knowledge.selectors.articles import article_list
from blaupause.knowledge.selectors.learning import offer_list

from ..auth import optional_auth
from ..caching import set_last_modified
from ..pagination import Page, page
from ..schemas.common import read
from ..schemas.knowledge import ArticleFilters, ArticleOut, OfferFilters, OfferOut

router = Router(tags=["Wissensartikel"], auth=optional_auth)


@router.get("/articles/", response=read(Page[ArticleOut]), summary="Wissensartikel")
def articles(request: HttpRequest, response: HttpResponse, filters: Query[ArticleFilters]):
    rows = article_list(viewer=request.auth, kind=filters.kind.value if filters.kind else "")
    if filters.municipality:
        rows = rows.filter(author_municipality__ags=filters.municipality)
    result = page(rows, filters)
    set_last_modified(response, *(row.updated_at for row in result["items"]))
    return result


@router.get("/articles/{uuid}", response=read(ArticleOut), summary="Ein Wissensartikel")
def article_detail(request: HttpRequest, response: HttpResponse, uuid: UUID):
    """Published articles only, like the list (drafts stay on the pages of their authors)."""
    article = (
        article_list(viewer=request.auth).filter(uuid=uuid, status=ArticleStatus.PUBLISHED).first()
    )
    if article is None:
        raise Http404(_("Diesen Artikel gibt es nicht oder Sie dürfen ihn nicht sehen."))
    set_last_modified(response, article.updated_at)
    return article


@router.get(
    "/learning-offers/",
    response=read(Page[OfferOut]),
    summary="Lernangebote",
    tags=["Lernangebote"],
)
def offers(request: HttpRequest, response: HttpResponse, filters: Query[OfferFilters]):
    rows = offer_list(
        viewer=request.auth,
        kind=filters.kind.value if filters.kind else "",
        role=filters.role.value if filters.role else "",
    )
    result = page(rows, filters)
    set_last_modified(response, *(row.updated_at for row in result["items"]))
    return result


@router.get(
    "/learning-offers/{uuid}",
    response=read(OfferOut),
    summary="Ein Lernangebot",
    tags=["Lernangebote"],
)
def offer_detail(request: HttpRequest, response: HttpResponse, uuid: UUID):
    offer = offer_list(viewer=request.auth).filter(uuid=uuid).first()
    if offer is None:
        raise Http404(_("Dieses Lernangebot gibt es nicht oder Sie dürfen es nicht sehen."))
    set_last_modified(response, offer.updated_at)
    return offer
