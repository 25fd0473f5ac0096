"""A small offline map for previews: the world's land, simplified, and the events' dots."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
import shapely.geometry

WORLD = Path(__file__).resolve().parents[2] / "static" / "basemap" / "world.geojson"


@lru_cache(maxsize=1)
def _world(tolerance: float = 0.2) -> gpd.GeoSeries:
    """The basemap's countries, simplified to ``tolerance`` degrees."""
    return gpd.read_file(WORLD).geometry.simplify(tolerance, preserve_topology=True)


def land_within(west: float, south: float, east: float, north: float) -> dict[str, Any]:
    """The land inside a box, as GeoJSON for a vega-lite map (which fits its view to what it draws)."""
    clipped = shapely.clip_by_rect(_world().array, west, south, east, north)
    clipped = clipped[~shapely.is_empty(clipped)]
    # exteriors clockwise: d3-geo (vega-lite's maps) reads a ring by its winding on the sphere, and fills
    # the rest of the globe for GeoJSON's counter-clockwise exteriors
    # edges 1° apart at most: d3-geo draws an edge as a great circle, which bows away from a parallel
    shapes = shapely.orient_polygons(shapely.segmentize(clipped, 1.0), exterior_cw=True)
    frame = shapely.segmentize(shapely.box(west, south, east, north), 1.0)
    features = [{"type": "Feature", "properties": {"sea": True},
                 "geometry": shapely.geometry.mapping(shapely.orient_polygons(frame, exterior_cw=True))}]
    features += [{"type": "Feature", "properties": {"sea": False}, "geometry": shapely.geometry.mapping(shape)}
                 for shape in shapes]
    return {"type": "FeatureCollection", "features": features}


def preview_dots(events: gpd.GeoDataFrame, lang: str) -> list[dict[str, Any]]:
    """Each event's label point and title, for the preview's dots."""
    return [{"lon": float(lon), "lat": float(lat), "title": title}
            for lon, lat, title in zip(events["label_lon"], events["label_lat"], events[f"title_{lang}"])]


def preview_extent(dots: list[dict[str, Any]], margin: float = 0.15, least: float = 2.5) -> tuple[float, float, float, float]:
    """West, south, east, north around the dots, with a margin (a share of the span, ``least``° at
    least: one city's dot is shown with its coast and neighbours, which the simplified land can draw)."""
    lons, lats = [d["lon"] for d in dots], [d["lat"] for d in dots]
    pad_x = max((max(lons) - min(lons)) * margin, least)
    pad_y = max((max(lats) - min(lats)) * margin, least)
    west, east = max(min(lons) - pad_x, -180.0), min(max(lons) + pad_x, 180.0)
    south, north = max(min(lats) - pad_y, -85.0), min(max(lats) + pad_y, 85.0)
    short = 0.5 * (east - west) - (north - south)  # a box about twice as wide as high: the chart's shape
    if short > 0:
        south, north = max(south - short / 2, -85.0), min(north + short / 2, 85.0)
    return west, south, east, north
