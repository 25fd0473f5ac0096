"""A small offline map for previews: the world's land, simplified, and the events' dots."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd

WORLD = Path(__file__).resolve().parents[2] / "static" / "basemap" / "world.geojson"


@lru_cache(maxsize=1)
def world_land(tolerance: float = 0.3) -> dict[str, Any]:
    """The basemap's countries simplified to ``tolerance`` degrees (a preview's outline, some 100 KB)."""
    frame = gpd.read_file(WORLD)
    frame["geometry"] = frame.geometry.simplify(tolerance, preserve_topology=True)
    return json.loads(frame[["geometry"]].to_json(drop_id=True))


def preview_dots(events: gpd.GeoDataFrame, lang: str) -> list[dict[str, Any]]:
    """Each event's label point and title, for the preview's dots."""
    return [{"lon": float(lon), "lat": float(lat), "title": title}
            for lon, lat, title in zip(events["label_lon"], events["label_lat"], events[f"title_{lang}"])]


def preview_extent(dots: list[dict[str, Any]], margin: float = 2.0) -> tuple[float, float, float, float]:
    """West, south, east, north around the dots (a margin in degrees, at least a few degrees wide)."""
    lons, lats = [d["lon"] for d in dots], [d["lat"] for d in dots]
    west, east = min(lons) - margin, max(lons) + margin
    south, north = max(min(lats) - margin, -85.0), min(max(lats) + margin, 85.0)
    return west, south, east, north
