"""Geography facts computed in proper projections: areas in km², geodesic distances in km.

Areas are measured in a Lambert azimuthal equal-area projection centred on the shape;
distances on the WGS84 ellipsoid (pyproj.Geod). Degrees are never treated as metres.
"""

from __future__ import annotations

import geopandas as gpd
import shapely
import shapely.ops
from pyproj import CRS, Geod
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

WGS84 = "EPSG:4326"
_GEOD = Geod(ellps="WGS84")


def _local_crs(kind: str, geom: BaseGeometry) -> CRS:
    centre = geom.centroid
    return CRS.from_proj4(f"+proj={kind} +lat_0={centre.y:.6f} +lon_0={centre.x:.6f} +datum=WGS84 +units=m")


def area_km2(geom: BaseGeometry) -> float:
    """The area of a (lon, lat) polygon in km², in an equal-area projection centred on it.

    Examples
    --------
    >>> round(area_km2(shapely.box(0, 0, 1, 1)))  # one degree square at the equator
    12308
    """
    projected = gpd.GeoSeries([geom], crs=WGS84).to_crs(_local_crs("laea", geom))
    return float(projected.area.iloc[0]) / 1e6


def geodesic_length_km(line: BaseGeometry) -> float:
    """The geodesic length in km of a (lon, lat) line on the WGS84 ellipsoid."""
    return _GEOD.geometry_length(line) / 1000


def geodesic_distance_km(a: Point, b: Point) -> float:
    """The geodesic distance in km between two (lon, lat) points."""
    return _GEOD.inv(a.x, a.y, b.x, b.y)[2] / 1000


def nearest_distance_km(origin: BaseGeometry, target: BaseGeometry) -> tuple[float, Point, Point]:
    """The shortest geodesic distance in km from ``origin`` to ``target``, and the two nearest points.

    The nearest points are found in an azimuthal equidistant projection centred on the
    origin (where distances from the centre are true), then measured on the ellipsoid.
    """
    anchor = origin.centroid
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={anchor.y:.6f} +lon_0={anchor.x:.6f} +datum=WGS84 +units=m")
    series = gpd.GeoSeries([origin, target], crs=WGS84).to_crs(crs)
    near_a, near_b = shapely.ops.nearest_points(series.iloc[0], series.iloc[1])
    back = gpd.GeoSeries([near_a, near_b], crs=crs).to_crs(WGS84)
    pa, pb = back.iloc[0], back.iloc[1]
    return geodesic_distance_km(pa, pb), pa, pb


def label_point(geom: BaseGeometry) -> Point:
    """A point inside the shape (on the largest part), where a label or marker can sit."""
    if geom.geom_type in ("MultiPolygon", "GeometryCollection"):
        parts = [g for g in getattr(geom, "geoms", [geom]) if not g.is_empty]
        polygons = [g for g in parts if g.geom_type == "Polygon"]
        if polygons:
            return max(polygons, key=lambda g: g.area).representative_point()
    if geom.geom_type == "LineString":
        return geom.interpolate(0.5, normalized=True)
    return geom.representative_point()


def route(points: list[Point]) -> LineString:
    """A line through points in order (lon, lat)."""
    return LineString([(p.x, p.y) for p in points])
