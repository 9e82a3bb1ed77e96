"""Aggregated self-check benchmarks per criterion and group (public, k-anonymous)."""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest, HttpResponse

from ninja import Query, Router

from blaupause.opendata.benchmarks import benchmark_rows

from ..auth import optional_auth
from ..pagination import Page
from ..schemas.benchmarks import BenchmarkFilters, BenchmarkOut
from ..schemas.common import read

router = Router(tags=["Selbstcheck"], auth=optional_auth)


def _row(row) -> dict:
    data = asdict(row)
    data["reason"] = data["reason"] or None
    return data


@router.get("/benchmarks/", response=read(Page[BenchmarkOut]), summary="Vergleichswerte")
def benchmark_list(request: HttpRequest, response: HttpResponse, filters: Query[BenchmarkFilters]):
    """Median, quartiles and means per criterion and group. A group with fewer participants
    than the threshold shows no values (`null`) and the reason "zu wenige Teilnehmende"."""
    rows = benchmark_rows(
        year=filters.year,
        group_kind=filters.group_kind.value if filters.group_kind else "",
        group_key=filters.group_key,
    )
    items = [_row(row) for row in rows[filters.offset : filters.offset + filters.limit]]
    return {"count": len(rows), "limit": filters.limit, "offset": filters.offset, "items": items}
