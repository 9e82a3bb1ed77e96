"""The projection of GeoJSON boundaries into SVG paths (pure functions, no database)."""

import math
import re

import pytest

from blaupause.regions.geo import (
    LAYER_AREA,
    LAYER_CONTEXT,
    LAYER_HIGHLIGHT,
    MapArea,
    Projection,
    bounds,
    compose_map,
    path_data,
    project_shapes,
)
from tests.factories.regions import square

NUMBER = r"-?\d+(?:\.\d)?"


def points(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(rf"({NUMBER}) ({NUMBER})", d)]


def test_bounds_cover_polygons_and_multipolygons_and_ignore_other_shapes():
    multi = {
        "type": "MultiPolygon",
        "coordinates": [
            square(9.0, 52.0, 0.1)["coordinates"],
            square(7.5, 51.0, 0.1)["coordinates"],
        ],
    }
    point = {"type": "Point", "coordinates": [0.0, 0.0]}
    assert bounds([square(8.0, 51.5, 0.5), multi, point, None]) == (7.5, 51.0, 9.1, 52.1)
    assert bounds([None, point]) is None


def test_north_is_up_and_west_is_left():
    projection = Projection.fit((8.0, 51.0, 9.0, 52.0))
    north_west = projection.point(8.0, 52.0)
    south_east = projection.point(9.0, 51.0)
    assert north_west == (10.0, 10.0)  # the padding
    assert south_east[0] > north_west[0]
    assert south_east[1] > north_west[1]  # y grows southwards, as in SVG


def test_longitudes_shrink_with_the_cosine_of_the_latitude():
    # One degree by one degree around 52° N is much narrower than tall on the ground.
    projection = Projection.fit((8.0, 51.5, 9.0, 52.5), width=1000, padding=0)
    assert projection.height == 1000
    assert projection.width == pytest.approx(1000 * math.cos(math.radians(52)), abs=0.1)
    assert projection.viewbox == f"0 0 {projection.width:g} 1000"


def test_polygon_becomes_a_closed_path_inside_the_viewbox():
    projection = Projection.fit((8.0, 51.0, 9.0, 52.0))
    d = path_data(square(8.2, 51.2, 0.5), projection)
    assert d.startswith("M")
    assert d.endswith("Z")
    assert d.count("M") == 1
    for x, y in points(d):
        assert 0 <= x <= projection.width
        assert 0 <= y <= projection.height
    # four corners: the closing point of the ring is implied by Z
    assert len(points(d)) == 4


def test_holes_and_multipolygons_become_subpaths():
    outer = square(8.0, 51.0, 1.0)["coordinates"][0]
    hole = square(8.4, 51.4, 0.2)["coordinates"][0]
    with_hole = {"type": "Polygon", "coordinates": [outer, hole]}
    projection = Projection.fit((8.0, 51.0, 9.0, 52.0))
    assert path_data(with_hole, projection).count("M") == 2
    multi = {"type": "MultiPolygon", "coordinates": [[outer], [hole]]}
    assert path_data(multi, projection).count("Z") == 2


def test_rings_that_collapse_at_this_scale_and_broken_input_are_left_out():
    projection = Projection.fit((0.0, 50.0, 10.0, 55.0))
    tiny = square(5.0, 52.0, 0.00001)
    assert path_data(tiny, projection) == ""
    assert path_data(None, projection) == ""
    assert path_data({"type": "Polygon", "coordinates": [[[1.0]]]}, projection) == ""


def test_project_shapes_gives_one_viewbox_for_all_keys():
    shapes = project_shapes({"a": square(8.0, 51.0, 0.5), "b": square(8.5, 51.5, 0.5), "c": None})
    assert set(shapes.paths) == {"a", "b"}
    assert shapes.viewbox == f"0 0 {shapes.width:g} {shapes.height:g}"
    assert project_shapes({"a": None}) is None


def test_compose_map_draws_context_first_and_the_highlight_last():
    shapes = project_shapes({key: square(8.0 + i * 0.1, 51.0) for i, key in enumerate("abc")})
    view = compose_map(
        shapes,
        [
            MapArea("a", label="A", layer=LAYER_HIGHLIGHT),
            MapArea("b", label="B", layer=LAYER_CONTEXT),
            MapArea("c", label="C", url="/c/", layer=LAYER_AREA),
            MapArea("missing", label="X"),
        ],
        title="Karte",
    )
    assert [area.key for area in view.areas] == ["b", "c", "a"]
    assert view.has_links
    assert view.areas[2].d == shapes.paths["a"]
    assert compose_map(shapes, [MapArea("missing")]) is None
    assert compose_map(None, [MapArea("a")]) is None
