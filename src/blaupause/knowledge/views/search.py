"""Views of the knowledge app: the search page over articles, measures, projects and events."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from ..forms.search import SearchForm
from ..search.constants import FACET_PARAMS
from ..search.query import SearchResults, search


def _link(params: dict[str, str], **changes) -> str:
    merged = {**params, **changes}
    return "?" + urlencode({key: value for key, value in merged.items() if value})


def _facet_links(results: SearchResults, params: dict[str, str]) -> None:
    """Attach to every facet value the address that sets (or, when selected, removes) it."""
    for facet in results.facets:
        for value in facet.values:
            change = "" if value.selected else value.value
            value.url = _link(params, **{facet.param: change, "seite": ""})


def search_page(request: HttpRequest) -> HttpResponse:
    """One search box over everything the viewer may see; filters and pages in the address."""
    if not request.user.has_perm("knowledge.search"):
        raise PermissionDenied
    form = SearchForm(request.GET or None)
    results = None
    params: dict[str, str] = {}
    if form.is_bound:
        filters = form.facet_filters()
        results = search(viewer=request.user, query=form.query(), filters=filters, page=form.page())
        params = {"q": results.query}
        params.update({FACET_PARAMS[name]: value for name, value in results.filters.items()})
        _facet_links(results, params)
    context = {
        "form": form,
        "results": results,
        "previous_url": _link(params, seite=str(results.page - 1)) if results else "",
        "next_url": _link(params, seite=str(results.page + 1)) if results else "",
        "reset_url": _link({"q": results.query}) if results and results.filters else "",
        "nav_active": "knowledge",
        "breadcrumbs": [(_("Start"), reverse("regions:home")), (_("Suche"), None)],
    }
    return render(request, "knowledge/search/search.html", context)


urlpatterns = [path("suche/", search_page, name="search")]
