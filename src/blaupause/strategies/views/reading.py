"""The public pages: strategy list, strategy, measure, versions and their comparison."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import selectors
from ..constants import StrategyStatus
from ..diff import diff_snapshots
from ..forms import (
    CompareForm,
    MeasureFilterForm,
)
from ..progress import measure_adoption
from ._common import (
    can_edit,
    crumbs,
    owner_choices,
    strategy_crumbs,
)

#: Strategies per page of the list.
LIST_PAGE_SIZE = 24

# --- reading -----------------------------------------------------------------------------------


def strategy_list(request: HttpRequest) -> HttpResponse:
    strategies = selectors.strategy_list(viewer=request.user)
    # Page through the ids, then load the page's strategies with owners and counts: joining
    # the owners of every strategy before sorting cost more than the page itself at 400.
    paginator = Paginator(strategies.values_list("pk", flat=True), LIST_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("seite"))
    by_pk = strategies.in_bulk(list(page.object_list))
    page.object_list = [by_pk[pk] for pk in page.object_list]
    return render(
        request,
        "strategies/strategy_list.html",
        {
            "strategies": page.object_list,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "can_create": bool(owner_choices(request.user)),
            "breadcrumbs": [*crumbs()[:-1], (_("Strategien"), "")],
            "nav_active": "strategies",
        },
    )


def strategy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The public strategy page; filters (field, life area, goal, adoption, text) in the URL."""
    strategy = selectors.strategy_get(slug=slug, viewer=request.user)
    page = selectors.strategy_page(strategy=strategy, viewer=request.user)
    form = MeasureFilterForm(
        request.GET or None, content=page.content, with_adoption=page.rollup is not None
    )
    page.apply(form.filters())
    return render(
        request,
        "strategies/strategy_detail.html",
        {
            "strategy": strategy,
            "page": page,
            "content": page.content,
            "rollup": page.rollup,
            "form": form,
            "can_edit": can_edit(request, strategy),
            "breadcrumbs": crumbs((strategy.title, "")),
            "nav_active": "strategies",
        },
    )


def measure_detail(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    strategy = selectors.strategy_get(slug=slug, viewer=request.user)
    page = selectors.measure_page(strategy=strategy, key=key)
    measure = page.measure
    return render(
        request,
        "strategies/measure_detail.html",
        {
            "strategy": strategy,
            "page": page,
            "measure": measure,
            "adoption": measure_adoption(measure=measure, viewer=request.user),
            "can_edit": can_edit(request, strategy),
            "breadcrumbs": strategy_crumbs(strategy, (measure.key, "")),
            "nav_active": "strategies",
        },
    )


def version_list(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = selectors.strategy_get(slug=slug, viewer=request.user)
    versions = selectors.version_list(strategy=strategy)
    return render(
        request,
        "strategies/version_list.html",
        {
            "strategy": strategy,
            "versions": versions,
            "can_edit": can_edit(request, strategy),
            "breadcrumbs": strategy_crumbs(strategy, (_("Versionen"), "")),
            "nav_active": "strategies",
        },
    )


def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    strategy = selectors.strategy_get(slug=slug, viewer=request.user)
    version = selectors.version_get(strategy=strategy, number=number)
    return render(
        request,
        "strategies/version_detail.html",
        {
            "strategy": strategy,
            "version": version,
            "snapshot": _readable_snapshot(version.snapshot),
            "breadcrumbs": strategy_crumbs(
                strategy,
                (_("Versionen"), reverse("strategies:version_list", kwargs={"slug": slug})),
                (_("Version %(n)d") % {"n": version.number}, ""),
            ),
            "nav_active": "strategies",
        },
    )


def _readable_snapshot(snapshot: dict) -> dict:
    """The snapshot with goals and measures grouped under their field, for reading."""
    fields = [dict(item, goals=[], measures=[]) for item in snapshot.get("fields", [])]
    by_key = {item["key"]: item for item in fields}
    for goal in snapshot.get("goals", []):
        if goal.get("field") in by_key:
            by_key[goal["field"]]["goals"].append(goal)
    children: dict[str, dict[str, list]] = {}
    for name in ("indicators", "milestones"):
        for row in snapshot.get(name, []):
            children.setdefault(row.get("measure"), {}).setdefault(name, []).append(row)
    for measure in snapshot.get("measures", []):
        measure = dict(measure, **children.get(measure.get("key"), {}))
        if measure.get("field") in by_key:
            by_key[measure["field"]]["measures"].append(measure)
    status = snapshot.get("strategy", {}).get("status", "")
    labels = dict(StrategyStatus.choices)
    return {**snapshot, "field_tree": fields, "status_label": labels.get(status, status)}


def version_compare(request: HttpRequest, slug: str) -> HttpResponse:
    """Compare two versions (`?von=1&zu=2`); without parameters the two latest."""
    strategy = selectors.strategy_get(slug=slug, viewer=request.user)
    numbers = [version.number for version in selectors.version_list(strategy=strategy)]
    context = {
        "strategy": strategy,
        "numbers": numbers,
        "breadcrumbs": strategy_crumbs(
            strategy,
            (_("Versionen"), reverse("strategies:version_list", kwargs={"slug": slug})),
            (_("Vergleich"), ""),
        ),
        "nav_active": "strategies",
    }
    if request.GET:
        form = CompareForm(request.GET, numbers=numbers)
    else:
        initial = {"von": numbers[1], "zu": numbers[0]} if len(numbers) > 1 else {}
        form = CompareForm(initial=initial, numbers=numbers)
    context["form"] = form
    old = new = None
    if form.is_bound and form.is_valid():
        old, new = form.cleaned_data["von"], form.cleaned_data["zu"]
    elif not form.is_bound and len(numbers) > 1:
        old, new = numbers[1], numbers[0]
    status = 200 if not form.is_bound or form.is_valid() else 400
    if old is not None:
        old_version, new_version = selectors.version_pair(strategy=strategy, old=old, new=new)
        context.update(
            old=old_version,
            new=new_version,
            diff=diff_snapshots(old_version.snapshot, new_version.snapshot),
        )
    return render(request, "strategies/version_compare.html", context, status=status)
