"""The impact/effort matrix: quadrants and an accessible SVG scatter. Pure: no ORM.

Effort runs from left (low) to right (high), impact from bottom (low) to top (high), both on
the 1–5 scale of the ratings. The middle line is 3: an average of exactly 3 counts as high.
Colours are SVG presentation attributes (no `style`), so the markup passes a strict Content
Security Policy and WeasyPrint draws it the same way.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .constants import RATING_MAX, RATING_MIN

MIDDLE = (RATING_MIN + RATING_MAX) / 2

QUICK_WINS = "quick_wins"
MAJOR_PROJECTS = "major_projects"
FILL_INS = "fill_ins"
TIME_WASTERS = "time_wasters"

QUADRANT_LABELS = {
    QUICK_WINS: gettext_lazy("Schnelle Erfolge"),
    MAJOR_PROJECTS: gettext_lazy("Große Vorhaben"),
    FILL_INS: gettext_lazy("Lückenfüller"),
    TIME_WASTERS: gettext_lazy("Zeitfresser"),
}
#: Best first: used to break ties in the ranking after the dots.
QUADRANT_ORDER = [QUICK_WINS, MAJOR_PROJECTS, FILL_INS, TIME_WASTERS]

_FILLS = {
    QUICK_WINS: "#e3f1e6",
    MAJOR_PROJECTS: "#e6ecf2",
    FILL_INS: "#f4f4f4",
    TIME_WASTERS: "#f8e9e1",
}
POINT_FILL = "#1d5f99"
TEXT_FILL = "#1a1a1a"
_ids = itertools.count(1)


def quadrant(impact: float | None, effort: float | None) -> str:
    """The quadrant key of averages, or "" when the target has not been rated."""
    if impact is None or effort is None:
        return ""
    high_impact = impact >= MIDDLE
    high_effort = effort >= MIDDLE
    if high_impact:
        return MAJOR_PROJECTS if high_effort else QUICK_WINS
    return TIME_WASTERS if high_effort else FILL_INS


def quadrant_label(key: str) -> str:
    return str(QUADRANT_LABELS[key]) if key else ""


@dataclass(frozen=True)
class Point:
    number: int  # shown in the circle; the table row with the same number explains it
    label: str
    impact: float
    effort: float


def _fmt(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def describe(points: Sequence[Point]) -> str:
    """One German sentence per point, for `<desc>` and documents."""
    if not points:
        return _("Noch keine Bewertungen.")
    parts = [
        _("%(number)s. %(label)s: Wirkung %(impact)s, Aufwand %(effort)s (%(quadrant)s)")
        % {
            "number": point.number,
            "label": point.label,
            "impact": _fmt(point.impact),
            "effort": _fmt(point.effort),
            "quadrant": quadrant_label(quadrant(point.impact, point.effort)),
        }
        for point in points
    ]
    return _("Durchschnitt der Bewertungen von 1 (gering) bis 5 (hoch). ") + "; ".join(parts)


def matrix_svg(title: str, points: Sequence[Point], *, size: int = 420) -> str:
    """The matrix as `<svg role="img">` with title, description and numbered points."""
    chart_id = f"bp-matrix-{next(_ids)}"
    margin = 44
    inner = size - 2 * margin
    # Half a step of room on every side, so that points on 1 or 5 do not cover the edges
    # and the quadrant names.
    low, high = RATING_MIN - 0.5, RATING_MAX + 0.5
    span = high - low

    def x_of(effort: float) -> float:
        return margin + (effort - low) / span * inner

    def y_of(impact: float) -> float:
        return margin + (high - impact) / span * inner

    half = inner / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bp-chart bp-matrix" '
        f'viewBox="0 0 {size} {size}" width="{size}" height="{size}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" lang="de">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(describe(points))}</desc>'
    ]
    quadrants = [
        (QUICK_WINS, margin, margin),
        (MAJOR_PROJECTS, margin + half, margin),
        (FILL_INS, margin, margin + half),
        (TIME_WASTERS, margin + half, margin + half),
    ]
    for key, x, y in quadrants:
        parts.append(
            f'<rect x="{x:g}" y="{y:g}" width="{half:g}" height="{half:g}" '
            f'fill="{_FILLS[key]}" stroke="#6e6e6e" stroke-width="1"/>'
            f'<text x="{x + half / 2:g}" y="{y + 18:g}" text-anchor="middle" font-size="13" '
            f'font-weight="bold" fill="{TEXT_FILL}">{escape(quadrant_label(key))}</text>'
        )
    bottom = margin + inner
    parts.append(
        f'<text x="{margin + inner / 2:g}" y="{size - 8}" text-anchor="middle" font-size="13" '
        f'fill="{TEXT_FILL}">{escape(_("Aufwand →"))}</text>'
        f'<text x="14" y="{margin + inner / 2:g}" text-anchor="middle" font-size="13" '
        f'fill="{TEXT_FILL}" transform="rotate(-90 14 {margin + inner / 2:g})">'
        f"{escape(_('Wirkung →'))}</text>"
    )
    for value in range(RATING_MIN, RATING_MAX + 1):
        parts.append(
            f'<text x="{x_of(value):g}" y="{bottom + 16:g}" text-anchor="middle" font-size="11" '
            f'fill="{TEXT_FILL}">{value}</text>'
            f'<text x="{margin - 8:g}" y="{y_of(value) + 4:g}" text-anchor="end" font-size="11" '
            f'fill="{TEXT_FILL}">{value}</text>'
        )
    for point in points:
        cx, cy = x_of(point.effort), y_of(point.impact)
        parts.append(
            f'<g class="bp-matrix__point"><title>{escape(f"{point.number}. {point.label}")}'
            f"</title>"
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="12" fill="{POINT_FILL}" '
            f'stroke="#ffffff" stroke-width="2"/>'
            f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" font-size="11" '
            f'font-weight="bold" fill="#ffffff">{point.number}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
