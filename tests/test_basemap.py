"""The bundled basemap (static/basemap/, built by scripts/build_geodata.py) draws cleanly on a flat map."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

BASEMAP = Path(__file__).resolve().parents[1] / "static" / "basemap"


@pytest.fixture(scope="module", params=["world.geojson", "east-asia.geojson"])
def polygons(request):
    data = json.loads((BASEMAP / request.param).read_text(encoding="utf-8"))
    return [(f["properties"]["name"], part) for f in data["features"]
            for part in shapely.get_parts(shape(f["geometry"]))]


def test_no_edge_jumps_across_the_antimeridian(polygons):
    """An edge from near 180° to near -180° becomes a band round the whole world in Leaflet."""
    for name, part in polygons:
        for ring in (part.exterior, *part.interiors):
            xs = shapely.get_coordinates(ring)[:, 0]
            assert not (np.abs(np.diff(xs)) > 180).any(), f"{name}: an edge crosses ±180° ({part.bounds})"


def test_polygons_are_valid_and_within_the_world(polygons):
    for name, part in polygons:
        assert part.is_valid, (name, shapely.is_valid_reason(part))
        west, south, east, north = part.bounds
        assert -180 <= west <= east <= 180 and -90 <= south <= north <= 90, name


def test_the_far_east_of_russia_is_kept_on_both_sides_of_the_antimeridian():
    data = json.loads((BASEMAP / "world.geojson").read_text(encoding="utf-8"))
    russia = next(shape(f["geometry"]) for f in data["features"] if f["properties"]["name"] == "Russia")
    assert russia.intersects(shapely.Point(172, 67))  # Chukotka west of 180°
    assert russia.intersects(shapely.box(-175, 64, -170, 67))  # Chukotka beyond the antimeridian
    assert not russia.intersects(shapely.Point(0, 66))  # no band through the Norwegian Sea
