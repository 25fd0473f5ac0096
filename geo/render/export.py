"""Exports of a geocoded story: GeoJSON (RFC 7946) and CSV.

Both carry the same properties; the CSV adds the geometry as WKT and the latitude and
longitude of a representative point, so it opens in a spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import mapping

PROPERTIES = [
    "id", "start", "end", "time", "layer", "title_vi", "title_en", "summary_vi", "summary_en",
    "quote_vi", "quote_en", "place", "place_vi", "place_en", "precision", "resolution",
    "actors", "sources", "note_vi", "note_en", "facts",
]


def _iso(value: Any) -> str | None:
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return None
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)


_TEXT = ["id", "layer", "title_vi", "title_en", "summary_vi", "summary_en", "quote_vi", "quote_en",
         "place_vi", "place_en", "precision", "resolution", "note_vi", "note_en"]


def _text(value: Any) -> str | None:
    """A text cell, or None where the story has none (a missing value is NaN in the table:
    written as is, it would be ``NaN`` in the JSON, which is not JSON, and ``nan`` in the CSV)."""
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _properties(row: pd.Series) -> dict[str, Any]:
    props: dict[str, Any] = {key: _text(row[key]) for key in _TEXT}
    props.update({
        "start": _iso(row["start"]),
        "end": _iso(row["end"]),
        "time": _iso(row["time"]),
        "place": props["place_en"],
        "actors": list(row["actors"]),
        "sources": list(row["sources"]),
        "facts": list(row["facts"]),
    })
    return {key: props[key] for key in PROPERTIES}


def _rfc7946_geometry(geom: shapely.Geometry) -> dict[str, Any]:
    """GeoJSON geometry with exteriors counter-clockwise and 6-decimal coordinates (RFC 7946)."""
    geom = shapely.orient_polygons(geom, exterior_cw=False)
    geom = shapely.set_precision(geom, 1e-6, mode="pointwise")
    return mapping(geom)


def to_geojson(events: gpd.GeoDataFrame) -> dict[str, Any]:
    """A FeatureCollection, one Feature per event, WGS84 (lon, lat), as a dict.

    Examples
    --------
    >>> from geo import load_story, geocode_story
    >>> fc = to_geojson(geocode_story(load_story("events.yaml")))
    >>> fc["type"], fc["features"][0]["geometry"]["type"] in {"Point", "Polygon", "MultiPolygon", "LineString", "MultiPoint"}
    ('FeatureCollection', True)
    """
    if events.crs is not None and events.crs.to_epsg() != 4326:
        events = events.to_crs(4326)
    features = [
        {"type": "Feature", "id": row["id"], "geometry": _rfc7946_geometry(row.geometry), "properties": _properties(row)}
        for _, row in events.iterrows()
    ]
    return {"type": "FeatureCollection", "features": features}


def geojson_text(events: gpd.GeoDataFrame) -> str:
    """The GeoJSON export as UTF-8 text (non-ASCII kept as is)."""
    return json.dumps(to_geojson(events), ensure_ascii=False, indent=1, allow_nan=False) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A text cell that a spreadsheet will not run as a formula (a leading quote, OWASP's advice).

    Examples
    --------
    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("Tokyo")
    ("'=HYPERLINK(1)", 'Tokyo')
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def csv_text(events: gpd.GeoDataFrame) -> str:
    """The CSV export: the GeoJSON properties, then ``wkt``, ``lat`` and ``lon``.

    Text cells that would start a spreadsheet formula get a leading ``'`` (the upload strips it).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*PROPERTIES, "wkt", "lat", "lon"])
    for _, row in events.iterrows():
        props = _properties(row)
        cells = []
        for key in PROPERTIES:
            value = props[key]
            if key in ("actors",):
                value = "; ".join(value)
            elif key in ("sources", "facts"):
                value = json.dumps(value, ensure_ascii=False) if value else ""
            cells.append("" if value is None else spreadsheet_safe(str(value)))
        point = shapely.Point(row["label_lon"], row["label_lat"])
        cells += [shapely.to_wkt(row.geometry, rounding_precision=6), f"{point.y:.6f}", f"{point.x:.6f}"]
        writer.writerow(cells)
    return out.getvalue()
