"""Server-rendered, accessible SVG charts and maps for pages and documents. Pure: no ORM.

Every chart is an `<svg role="img">` with `<title>` and `<desc>` and comes with the same numbers
as a table (`document.Chart.table`), which pages and documents show next to it. Colours are SVG
presentation attributes (no `style`), so the markup passes a strict Content Security Policy and
WeasyPrint draws it the same way.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

#: Progress bands of the commitments app (`progress_band`) and their fill, dark = far along.
BAND_FILLS = {
    "5": "#0b3d6b",
    "4": "#1d5f99",
    "3": "#4a86bf",
    "2": "#8fb4da",
    "1": "#cfe0f1",
    "none": "#f2f2f2",
}
STATUS_FILLS = {
    "planned": "#8fb4da",
    "in_progress": "#1d5f99",
    "done": "#1e7a3c",
    "paused": "#b36b00",
    "dropped": "#6e6e6e",
}
BAR_FILL = "#1d5f99"
TRACK_FILL = "#e6ecf2"
TEXT_FILL = "#1a1a1a"
_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # percent 0–100; None = no value ("–")
    fill: str = BAR_FILL


def _id(prefix: str) -> str:
    return f"{prefix}-{next(_ids)}"


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _head(title: str, description: str, width: float, height: float, kind: str) -> str:
    chart_id = _id(kind)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bp-chart bp-chart--{kind}" '
        f'viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" lang="de">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)}</desc>'
    )


def bar_chart(title: str, description: str, bars: Sequence[Bar], *, width: int = 640) -> str:
    """Horizontal bars from 0 to 100 %, one per row, with the value written next to each bar."""
    label_width, bar_left, row = 230, 240, 26
    bar_width = width - bar_left - 60
    height = max(row * len(bars) + 30, 60)
    parts = [_head(title, description, width, height, "bars")]
    for index, item in enumerate(bars):
        y = 8 + index * row
        value = item.value or 0
        parts.append(
            f'<text x="{label_width}" y="{y + 14}" text-anchor="end" font-size="12" '
            f'fill="{TEXT_FILL}">{escape(_clip(item.label, 34))}</text>'
            f'<rect x="{bar_left}" y="{y}" width="{bar_width}" height="18" fill="{TRACK_FILL}"/>'
            f'<rect x="{bar_left}" y="{y}" width="{bar_width * value / 100:.1f}" height="18" '
            f'fill="{item.fill}"/>'
            f'<text x="{bar_left + bar_width + 6}" y="{y + 14}" font-size="12" '
            f'fill="{TEXT_FILL}">{"–" if item.value is None else f"{item.value} %"}</text>'
        )
    axis_y = 8 + len(bars) * row + 4
    for tick in (0, 50, 100):
        x = bar_left + bar_width * tick / 100
        parts.append(
            f'<text x="{x:.1f}" y="{axis_y + 12}" text-anchor="middle" font-size="10" '
            f'fill="{TEXT_FILL}">{tick} %</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def distribution_chart(
    title: str, description: str, parts_: Sequence[tuple[str, str, int]], *, width: int = 640
) -> str:
    """One stacked bar of counts (e.g. commitments per status) with a legend below it.

    `parts_` holds (key, label, count); the key picks the colour from `STATUS_FILLS`.
    """
    total = sum(count for _key, _label, count in parts_) or 1
    legend_rows = (len(parts_) + 2) // 3
    height = 50 + legend_rows * 22
    parts = [_head(title, description, width, height, "distribution")]
    x = 10.0
    inner = width - 20
    for key, _label, count in parts_:
        share = inner * count / total
        if share:
            parts.append(
                f'<rect x="{x:.1f}" y="8" width="{share:.1f}" height="26" '
                f'fill="{STATUS_FILLS.get(key, BAR_FILL)}"/>'
            )
        x += share
    for index, (key, label, count) in enumerate(parts_):
        lx = 10 + (index % 3) * (inner / 3)
        ly = 46 + (index // 3) * 22
        parts.append(
            f'<rect x="{lx:.1f}" y="{ly}" width="14" height="14" '
            f'fill="{STATUS_FILLS.get(key, BAR_FILL)}"/>'
            f'<text x="{lx + 20:.1f}" y="{ly + 12}" font-size="12" fill="{TEXT_FILL}">'
            f"{escape(label)}: {count}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


_RING = re.compile(r"M([^MZ]*)Z?")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
#: Points of a map outline closer than this to the last kept point are dropped (viewBox units
#: of a map about 1000 wide; at print width one unit is under 0.2 mm).
MAP_TOLERANCE = 1.5


def simplified_path(d: str, tolerance: float = MAP_TOLERANCE) -> str:
    """Path data `M x y L x y … Z` with the points that lie within `tolerance` of the last kept
    point dropped: detailed boundaries cost layout time and file size but add nothing visible.
    Rings that would keep fewer than four points stay as they are."""
    rings = []
    limit = tolerance * tolerance
    for match in _RING.finditer(d):
        numbers = _NUMBER.findall(match.group(1))
        points = list(zip(numbers[0::2], numbers[1::2], strict=False))
        kept = points[:1]
        last = (float(points[0][0]), float(points[0][1])) if points else (0.0, 0.0)
        for x, y in points[1:-1]:
            fx, fy = float(x), float(y)
            if (fx - last[0]) ** 2 + (fy - last[1]) ** 2 >= limit:
                kept.append((x, y))
                last = (fx, fy)
        if len(points) > 1:
            kept.append(points[-1])
        if len(kept) < 4:
            kept = points
        if kept:
            head, *tail = kept
            rings.append(f"M{head[0]} {head[1]}L" + " ".join(f"{x} {y}" for x, y in tail) + "Z")
    return "".join(rings) or d


def choropleth(
    title: str,
    description: str,
    map_view,
    fills: dict[str, str],
    *,
    legend: Sequence[tuple[str, str]] = (),
    width: int = 640,
) -> str:
    """A map (a `regions.geo.MapView`) with each area filled by `fills[area.key]`.

    Areas carry their label as `<title>`; `legend` holds (fill, label) pairs drawn below the
    map. In documents the table next to the map gives the same numbers.
    """
    x0, y0, vb_width, vb_height = (float(n) for n in map_view.viewbox.split())
    unit = vb_width / 1000 if vb_width else 1  # legend sizes relative to a 1000-unit map
    columns = 3
    legend_height = ((len(legend) + columns - 1) // columns) * 40 * unit
    total_height = vb_height + (legend_height + 20 * unit if legend else 0)
    height = round(width * total_height / vb_width) if vb_width else width
    parts = [_head(title, description, width, height, "map")]
    parts[0] = parts[0].replace(
        f'viewBox="0 0 {width:g} {height:g}"',
        f'viewBox="{x0:g} {y0:g} {vb_width:g} {total_height:.1f}"',
    )
    for area in map_view.areas:
        fill = fills.get(area.key, "#dddddd")
        d = simplified_path(area.d, MAP_TOLERANCE * unit)
        parts.append(
            f'<path d="{d}" fill="{fill}" fill-rule="evenodd" stroke="#ffffff" '
            f'stroke-width="1.5"><title>{escape(area.label)}</title></path>'
        )
    for index, (fill, label) in enumerate(legend):
        lx = x0 + 10 * unit + (index % columns) * (vb_width / columns)
        ly = y0 + vb_height + 20 * unit + (index // columns) * 40 * unit
        parts.append(
            f'<rect x="{lx:.1f}" y="{ly:.1f}" width="{24 * unit:.1f}" height="{24 * unit:.1f}" '
            f'fill="{fill}" stroke="#6e6e6e" stroke-width="{unit:.1f}"/>'
            f'<text x="{lx + 34 * unit:.1f}" y="{ly + 20 * unit:.1f}" font-size="{22 * unit:.1f}" '
            f'fill="{TEXT_FILL}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
