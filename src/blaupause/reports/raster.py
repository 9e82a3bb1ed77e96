"""Charts and maps as PNG pictures for DOCX, drawn with Pillow (which WeasyPrint requires).

Word cannot show an SVG without a raster fallback, so DOCX gets these pictures; each carries
the chart's title and description as alt text, and the table after it gives every number.
Labels use the bundled DejaVu Sans.
"""

from __future__ import annotations

import io
import re
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from . import charts
from .render_pdf import FONT_DIR

SCALE = 2  # drawn at twice the size for sharp print
WIDTH = 640 * SCALE
ROW = 26 * SCALE
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), size * SCALE)


def _save(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def bars_png(bars: list[charts.Bar]) -> bytes:
    label_width, left = 230 * SCALE, 240 * SCALE
    bar_width = WIDTH - left - 60 * SCALE
    image = Image.new("RGB", (WIDTH, ROW * len(bars) + 16 * SCALE), "white")
    draw = ImageDraw.Draw(image)
    font = _font(12)
    for index, item in enumerate(bars):
        y = 8 * SCALE + index * ROW
        height = 18 * SCALE
        draw.text(
            (label_width, y + height // 2),
            _clip(item.label, 34),
            font=font,
            fill=charts.TEXT_FILL,
            anchor="rm",
        )
        draw.rectangle((left, y, left + bar_width, y + height), fill=charts.TRACK_FILL)
        if item.value:
            draw.rectangle(
                (left, y, left + bar_width * item.value / 100, y + height), fill=item.fill
            )
        value = "–" if item.value is None else f"{item.value} %"
        draw.text(
            (left + bar_width + 6 * SCALE, y + height // 2),
            value,
            font=font,
            fill=charts.TEXT_FILL,
            anchor="lm",
        )
    return _save(image)


def segments_png(segments: list[tuple[str, str, int]]) -> bytes:
    rows = (len(segments) + 2) // 3
    image = Image.new("RGB", (WIDTH, (46 + rows * 22) * SCALE), "white")
    draw = ImageDraw.Draw(image)
    total = sum(count for _key, _label, count in segments) or 1
    inner = WIDTH - 20 * SCALE
    x = 10.0 * SCALE
    for key, _label, count in segments:
        share = inner * count / total
        if share:
            fill = charts.STATUS_FILLS.get(key, charts.BAR_FILL)
            draw.rectangle((x, 8 * SCALE, x + share, 34 * SCALE), fill=fill)
        x += share
    font = _font(12)
    for index, (key, label, count) in enumerate(segments):
        lx = 10 * SCALE + (index % 3) * (inner / 3)
        ly = (44 + (index // 3) * 22) * SCALE
        fill = charts.STATUS_FILLS.get(key, charts.BAR_FILL)
        draw.rectangle((lx, ly, lx + 14 * SCALE, ly + 14 * SCALE), fill=fill)
        draw.text((lx + 20 * SCALE, ly), f"{label}: {count}", font=font, fill=charts.TEXT_FILL)
    return _save(image)


def map_png(chart) -> bytes | None:
    """The areas of a choropleth (path data M…L…Z in the map's viewBox) as polygons."""
    if not chart.areas:
        return None
    _x, _y, vb_width, vb_height = (float(n) for n in chart.viewbox.split())
    factor = WIDTH / vb_width if vb_width else 1
    image = Image.new("RGB", (WIDTH, max(1, round(vb_height * factor))), "white")
    draw = ImageDraw.Draw(image)
    for d, fill in chart.areas:
        for ring in d.split("Z"):
            numbers = [float(n) * factor for n in _NUMBER.findall(ring)]
            points = list(zip(numbers[0::2], numbers[1::2], strict=False))
            if len(points) >= 3:
                draw.polygon(points, fill=fill, outline="white")
    return _save(image)


def chart_png(chart) -> bytes | None:
    """A picture of a bar chart, a status chart or a map."""
    if chart.bars:
        return bars_png(chart.bars)
    if chart.segments:
        return segments_png(chart.segments)
    return map_png(chart)
