"""Pages of the transfer analysis: the table of all measures and the explanation of one.

`urlpatterns` is collected by `transfer/urls.py`. The group is a network, chosen with
`?netzwerk=<slug>`; for an adopted copy it defaults to the copy's network. Sorting and filtering
are links and a GET form: everything works without JavaScript.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.strategies import selectors as strategy_selectors

from .. import selectors_analysis as selectors
from ..forms_analysis import AnalysisFilterForm, NetworkChoiceForm

COLUMNS = [
    ("massnahme", gettext_lazy("Maßnahme")),
    ("feld", gettext_lazy("Handlungsfeld")),
    ("punkte", gettext_lazy("Punkte")),
    ("empfehlung", gettext_lazy("Empfehlung")),
]


def _crumbs(strategy, *items: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("Start"), reverse("regions:home")),
        (_("Strategien"), reverse("strategies:strategy_list")),
        (strategy.title, strategy.get_absolute_url()),
        *items,
    ]


def _network(request: HttpRequest, strategy):
    """(network, form): the chosen network, or None and the form that asks for one."""
    if "netzwerk" not in request.GET and strategy.builds_on_id and strategy.network_id:
        return strategy.network, NetworkChoiceForm(initial={"netzwerk": strategy.network})
    form = NetworkChoiceForm(request.GET if "netzwerk" in request.GET else None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["netzwerk"], form
    return None, form


def _query(**params: str) -> str:
    return urlencode({name: value for name, value in params.items() if value})


def _sort_headers(base: str, network: str, recommendation: str, current: str) -> list[dict]:
    active = current or "massnahme"
    headers = []
    for name, label in COLUMNS:
        if active == name:
            aria, following = "ascending", f"-{name}"
        elif active == f"-{name}":
            aria, following = "descending", name
        else:
            # Scores and recommendations read best first; texts from A to Z.
            aria, following = "", f"-{name}" if name in ("punkte", "empfehlung") else name
        query = _query(netzwerk=network, empfehlung=recommendation, sortierung=following)
        headers.append(
            {"name": name, "label": str(label), "aria_sort": aria, "url": f"{base}?{query}"}
        )
    return headers


def _picker(request: HttpRequest, strategy, form) -> HttpResponse:
    return render(
        request,
        "transfer/analysis.html",
        {
            "strategy": strategy,
            "network_form": form,
            "breadcrumbs": _crumbs(strategy, (_("Übertragungsanalyse"), "")),
            "nav_active": "strategies",
        },
        status=400 if form.is_bound else 200,
    )


def analysis(request: HttpRequest, slug: str) -> HttpResponse:
    """All measures of a strategy with recommendation, score and main reason for a network."""
    strategy = strategy_selectors.strategy_get(slug=slug, viewer=request.user)
    network, network_form = _network(request, strategy)
    if network is None:
        return _picker(request, strategy, network_form)
    filters = AnalysisFilterForm(request.GET)
    recommendation, sort = filters.value("empfehlung"), filters.value("sortierung")
    result = selectors.strategy_analysis(strategy=strategy, network=network, viewer=request.user)
    rows = selectors.analysis_rows(analysis=result, sort=sort, recommendation=recommendation)
    base = reverse("transfer:analysis", kwargs={"slug": slug})
    summary = [
        {
            "value": value,
            "label": label,
            "count": count,
            "url": f"{base}?{_query(netzwerk=network.slug, empfehlung=value, sortierung=sort)}",
            "active": value == recommendation,
        }
        for value, label, count in result.counts
    ]
    return render(
        request,
        "transfer/analysis.html",
        {
            "strategy": strategy,
            "network": network,
            "network_form": network_form,
            "filters": filters,
            "analysis": result,
            "rows": rows,
            "summary": summary,
            "recommendation": recommendation,
            "sort": sort,
            "headers": _sort_headers(base, network.slug, recommendation, sort),
            "reset_url": f"{base}?{_query(netzwerk=network.slug)}",
            "measure_query": _query(netzwerk=network.slug),
            "breadcrumbs": _crumbs(strategy, (_("Übertragungsanalyse"), "")),
            "nav_active": "strategies",
        },
    )


def analysis_measure(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Why the analysis recommends what it does for one measure."""
    strategy = strategy_selectors.strategy_get(slug=slug, viewer=request.user)
    network, network_form = _network(request, strategy)
    if network is None:
        return _picker(request, strategy, network_form)
    result = selectors.strategy_analysis(strategy=strategy, network=network, viewer=request.user)
    fit = selectors.measure_fit_rows(analysis=result, key=key, viewer=request.user)
    row = result.by_key[key]
    query = _query(netzwerk=network.slug)
    overview = f"{reverse('transfer:analysis', kwargs={'slug': slug})}?{query}"
    return render(
        request,
        "transfer/analysis_measure.html",
        {
            "strategy": strategy,
            "network": network,
            "analysis": result,
            "row": row,
            "measure": row.measure,
            "result": row.result,
            "fit": fit,
            "fit_labels": selectors.prerequisite_labels(measure=row.measure),
            "peers": selectors.peer_rows(analysis=result, key=key),
            "dependencies": result.dependencies(key),
            "required_by": result.required_by(key),
            "measure_query": query,
            "overview_url": overview,
            "breadcrumbs": _crumbs(
                strategy, (_("Übertragungsanalyse"), overview), (row.measure.key, "")
            ),
            "nav_active": "strategies",
        },
    )


urlpatterns = [
    path("strategien/<slug:slug>/uebertragung/analyse/", analysis, name="analysis"),
    path(
        "strategien/<slug:slug>/uebertragung/analyse/<str:key>/",
        analysis_measure,
        name="analysis_measure",
    ),
]
