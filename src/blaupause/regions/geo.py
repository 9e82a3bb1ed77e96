"""GeoJSON polygons to SVG path data. Pure functions: no ORM, no cache, no Django.

The projection is equirectangular with the longitude scaled by cos(mean latitude), which keeps
shapes true enough at the size of a Kreis or a Regierungsbezirk. The y axis points down, as in
SVG. Coordinates are rounded to one decimal in a viewBox about 1000 units wide; consecutive
points that round to the same spot are dropped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

#: Layers of a map, drawn in this order (the highlight ends up on top).
LAYER_CONTEXT = "context"
LAYER_AREA = "area"
LAYER_HIGHLIGHT = "highlight"
_LAYER_ORDER = {LAYER_CONTEXT: 0, LAYER_AREA: 1, LAYER_HIGHLIGHT: 2}

Ring = Sequence[Sequence[float]]


def _polygons(geometry: Mapping | None) -> Iterator[Sequence[Ring]]:
    """Yield the polygons (lists of rings) of a Polygon or MultiPolygon; ignore anything else."""
    if not isinstance(geometry, Mapping):
        return
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        yield coordinates
    elif kind == "MultiPolygon":
        yield from coordinates


def _points(geometry: Mapping | None) -> Iterator[tuple[float, float]]:
    for polygon in _polygons(geometry):
        for ring in polygon:
            for point in ring:
                if len(point) >= 2:
                    yield float(point[0]), float(point[1])


def bounds(geometries: Iterable[Mapping | None]) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) over all geometries, or None when there is none."""
    min_lon = min_lat = math.inf
    max_lon = max_lat = -math.inf
    for geometry in geometries:
        for lon, lat in _points(geometry):
            min_lon, max_lon = min(min_lon, lon), max(max_lon, lon)
            min_lat, max_lat = min(min_lat, lat), max(max_lat, lat)
    if min_lon == math.inf:
        return None
    return min_lon, min_lat, max_lon, max_lat


@dataclass(frozen=True)
class Projection:
    """Maps (lon, lat) in WGS84 to (x, y) in a viewBox of `width` × `height`."""

    min_lon: float
    max_lat: float
    x_factor: float  # cos(mean latitude): shrinks longitudes to true proportions
    scale: float
    padding: float
    width: float
    height: float

    @classmethod
    def fit(
        cls, box: tuple[float, float, float, float], *, width: float = 1000, padding: float = 10
    ) -> Projection:
        """The projection that fits `box` into `width` units, keeping the aspect ratio."""
        min_lon, min_lat, max_lon, max_lat = box
        x_factor = math.cos(math.radians((min_lat + max_lat) / 2))
        span_x = (max_lon - min_lon) * x_factor
        span_y = max_lat - min_lat
        inner = width - 2 * padding
        span = max(span_x, span_y)
        scale = inner / span if span > 0 else 1.0  # the longer side gets `width` units
        return cls(
            min_lon=min_lon,
            max_lat=max_lat,
            x_factor=x_factor,
            scale=scale,
            padding=padding,
            width=round(span_x * scale + 2 * padding, 1),
            height=round(span_y * scale + 2 * padding, 1),
        )

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.min_lon) * self.x_factor * self.scale + self.padding
        y = (self.max_lat - lat) * self.scale + self.padding
        return round(x, 1), round(y, 1)

    @property
    def viewbox(self) -> str:
        return f"0 0 {_fmt(self.width)} {_fmt(self.height)}"


def _fmt(value: float) -> str:
    """Shortest text for a coordinate: 12.0 -> "12", 12.5 -> "12.5"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def path_data(geometry: Mapping | None, projection: Projection) -> str:
    """SVG path data (`d`) for a Polygon/MultiPolygon; holes work with fill-rule evenodd."""
    parts: list[str] = []
    for polygon in _polygons(geometry):
        for ring in polygon:
            points: list[tuple[float, float]] = []
            for coordinate in ring:
                if len(coordinate) < 2:
                    continue
                point = projection.point(float(coordinate[0]), float(coordinate[1]))
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) > 1 and points[0] == points[-1]:
                points.pop()  # the closing point is implied by Z
            if len(points) < 3:
                continue  # collapsed to a line or a dot at this scale
            head, *tail = points
            segment = f"M{_fmt(head[0])} {_fmt(head[1])}"
            segment += "L" + " ".join(f"{_fmt(x)} {_fmt(y)}" for x, y in tail)
            parts.append(segment + "Z")
    return "".join(parts)


@dataclass(frozen=True)
class ProjectedShapes:
    """Path data per key (e.g. AGS) in one common viewBox. Cheap to cache and to pickle."""

    viewbox: str
    width: float
    height: float
    paths: dict[str, str] = field(default_factory=dict)


def project_shapes(
    geometries: Mapping[str, Mapping | None], *, width: float = 1000, padding: float = 10
) -> ProjectedShapes | None:
    """Project all geometries into one viewBox; None when none of them has coordinates."""
    box = bounds(geometries.values())
    if box is None:
        return None
    projection = Projection.fit(box, width=width, padding=padding)
    paths = {}
    for key, geometry in geometries.items():
        data = path_data(geometry, projection)
        if data:
            paths[key] = data
    return ProjectedShapes(
        viewbox=projection.viewbox, width=projection.width, height=projection.height, paths=paths
    )


@dataclass(frozen=True)
class MapArea:
    """One area to draw: which shape, which layer, and optionally a label, link and colour."""

    key: str
    label: str = ""
    url: str = ""
    layer: str = LAYER_AREA
    css_class: str = ""


@dataclass(frozen=True)
class DrawnArea:
    key: str
    label: str
    url: str
    layer: str
    css_class: str
    d: str


@dataclass(frozen=True)
class MapView:
    """Everything `regions/components/map.html` needs to render one accessible <svg>."""

    viewbox: str
    width: float
    height: float
    areas: tuple[DrawnArea, ...]
    title: str = ""
    description: str = ""

    @property
    def has_links(self) -> bool:
        return any(area.url for area in self.areas)


def compose_map(
    shapes: ProjectedShapes | None,
    areas: Iterable[MapArea],
    *,
    title: str = "",
    description: str = "",
) -> MapView | None:
    """Join projected shapes with the areas to draw: context first, highlight last.

    Areas without a shape are left out; None when nothing at all can be drawn.
    """
    if shapes is None:
        return None
    drawn = [
        DrawnArea(
            key=area.key,
            label=area.label,
            url=area.url,
            layer=area.layer,
            css_class=area.css_class,
            d=shapes.paths[area.key],
        )
        for area in areas
        if area.key in shapes.paths
    ]
    if not drawn:
        return None
    drawn.sort(key=lambda area: _LAYER_ORDER.get(area.layer, 1))  # stable: keeps given order
    return MapView(
        viewbox=shapes.viewbox,
        width=shapes.width,
        height=shapes.height,
        areas=tuple(drawn),
        title=title,
        description=description,
    )
