"""Presentation mode: a strategy as a slide deck in the browser, printable to PDF, and as PPTX.

`urlpatterns` is collected by `reports/urls.py` (namespace `reports`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from blaupause.strategies.selectors import strategy_get

from ..presentation import deck_build

PPTX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _strategy(request: HttpRequest, slug: str):
    try:
        return strategy_get(slug=slug, viewer=request.user)
    except PermissionDenied:
        # A draft is not announced to those who may not read it.
        raise Http404(_("Diese Strategie gibt es nicht.")) from None


def strategy_presentation(request: HttpRequest, slug: str) -> HttpResponse:
    """The deck of a strategy as the viewer may see it; `?notizen=1` prints speaker notes."""
    strategy = _strategy(request, slug)
    url = request.build_absolute_uri(strategy.get_absolute_url())
    deck = deck_build(strategy=strategy, viewer=request.user, url=url)
    return render(
        request,
        "reports/presentation.html",
        {
            "strategy": strategy,
            "deck": deck,
            "print_notes": request.GET.get("notizen") == "1",
        },
    )


def strategy_presentation_pptx(request: HttpRequest, slug: str) -> HttpResponse:
    """The same deck as a PowerPoint file (with speaker notes), built in the request."""
    from ..render_pptx import render_pptx

    strategy = _strategy(request, slug)
    url = request.build_absolute_uri(strategy.get_absolute_url())
    deck = deck_build(strategy=strategy, viewer=request.user, url=url)
    owner = strategy.owner
    content = render_pptx(
        deck,
        author=owner.name if owner is not None else "",
        absolute=request.build_absolute_uri,
    )
    response = HttpResponse(content, content_type=PPTX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{strategy.slug}-praesentation.pptx"'
    return response


urlpatterns = [
    path(
        "strategien/<slug:slug>/praesentation/",
        strategy_presentation,
        name="strategy_presentation",
    ),
    path(
        "strategien/<slug:slug>/praesentation.pptx",
        strategy_presentation_pptx,
        name="strategy_presentation_pptx",
    ),
]
