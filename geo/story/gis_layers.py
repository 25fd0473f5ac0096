"""The layers of a GIS file read from memory, in longitude/latitude (for :mod:`geo.story.gis_files`).

pyogrio hands the bytes to GDAL as an in-memory file (``/vsimem/``), so nothing touches the disk;
GDAL's own errors become plain :class:`StoryError` messages. GPX tracks are cut into one dated line
per day, GeoParquet is read by geopandas (pyarrow) from a buffer.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from typing import Any

import pandas as pd
import pyogrio
import pyogrio.errors
from pyproj import CRS
from shapely.geometry import LineString, MultiLineString, Point

from geo.story.errors import StoryError
from geo.story.gis_words import both, say

Notes = list[dict[str, str]]


def read_layers(raw: bytes, file: str, kind: str, max_records: int, lang: str,
                notes: Notes) -> dict[str, pd.DataFrame]:
    """Every layer with geometry, by name: properties as columns, ``geometry`` in EPSG:4326.

    Layers without features are left out; layers without geometry (a GeoPackage's plain tables)
    too, with a note. More than ``max_records`` features in all is a StoryError.
    """
    if kind in ("KML", "KMZ"):
        keep_kml_field_names()
    layers = _gdal(pyogrio.list_layers, raw, file=file, kind=kind, lang=lang)
    frames: dict[str, pd.DataFrame] = {}
    left = max_records
    for index, (name, geometry_type) in enumerate(layers):
        # a one-layer format names its layer after the file: here pyogrio's in-memory copy's name
        name = re.sub(r"\.[^.]+$", "", file) if str(name).startswith("pyogrio_") else str(name)
        if geometry_type is None:
            notes.append(both("no_geometry_layer", layer=name))
            continue
        layer = _gdal(pyogrio.read_dataframe, raw, file=file, kind=kind, lang=lang, layer=index,
                      max_features=left + 1)
        left -= len(layer)
        if left < 0:
            raise StoryError.single(file, say("too_many", lang, limit=max_records))
        if len(layer):
            frames[name] = lon_lat(layer, name, file, lang, notes)
    return frames


def keep_kml_field_names() -> None:
    """Have GDAL's LIBKML driver give ExtendedData fields the names the file writes (``Ngày``, not
    ``Ng__y``): Google My Maps writes a column's name as the author typed it, Vietnamese or French.

    ``LIBKML_LAUNDER_FIELD_NAMES`` is a GDAL configuration option, so it holds for the whole process;
    it is only ever set to the same value (no other code here reads KML), hence safe across threads.
    """
    if pyogrio.get_gdal_config_option("LIBKML_LAUNDER_FIELD_NAMES") != "NO":
        pyogrio.set_gdal_config_options({"LIBKML_LAUNDER_FIELD_NAMES": "NO"})


def read_gpx(raw: bytes, file: str, max_records: int, lang: str, notes: Notes) -> dict[str, pd.DataFrame]:
    """A GPX file's waypoints (one record each), routes (undated lines) and tracks (one line per
    track and day, named after the track, dated by its first point that day)."""
    frames: dict[str, pd.DataFrame] = {}
    read = {name: _gdal(pyogrio.read_dataframe, raw, file=file, kind="GPX", lang=lang, layer=name)
            for name in ("waypoints", "routes", "tracks", "track_points")}
    for name in ("waypoints", "routes"):
        layer = read[name].dropna(axis=1, how="all")
        if len(layer):
            frames[name] = lon_lat(layer, name, file, lang, notes)
    if "waypoints" in frames and "time" in frames["waypoints"].columns:
        waypoints = frames["waypoints"]
        waypoints["time"] = local_times(waypoints["time"], [g.x if g is not None else None for g in waypoints["geometry"]])
    if "routes" in frames:
        notes.append(both("gpx_routes", count=len(frames["routes"])))
    parts = _track_days(read["tracks"], read["track_points"])
    if len(parts):
        frames["tracks"] = parts
        notes.append(both("gpx_tracks", tracks=len(read["tracks"]), parts=len(parts)))
    offsets = sorted({m.group(1) for frame in frames.values() if "time" in frame.columns for v in frame["time"]
                      if isinstance(v, str) and (m := re.search(r"([+-]\d\d:00)$", v))})
    if offsets:
        notes.append(both("gpx_local_time", zones=", ".join(f"UTC{o}" for o in offsets)))
    if sum(len(f) for f in frames.values()) > max_records:
        raise StoryError.single(file, say("too_many", lang, limit=max_records))
    return frames


def read_geoparquet(raw: bytes, file: str, max_records: int, lang: str, notes: Notes) -> dict[str, pd.DataFrame]:
    """A GeoParquet file's one table (the file's name as its layer)."""
    import geopandas
    import pyarrow
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(io.BytesIO(raw))
        rows, geo = meta.metadata.num_rows, (meta.schema_arrow.metadata or {}).get(b"geo")
    except (pyarrow.ArrowException, OSError, ValueError) as err:
        raise StoryError.single(file, say("unreadable", lang, kind="GeoParquet", detail=_plain(err))) from None
    if geo is None:
        raise StoryError.single(file, say("not_geoparquet", lang))
    if rows > max_records:
        raise StoryError.single(file, say("too_many", lang, limit=max_records))
    try:
        table = geopandas.read_parquet(io.BytesIO(raw))
    except (pyarrow.ArrowException, OSError, ValueError) as err:
        raise StoryError.single(file, say("unreadable", lang, kind="GeoParquet", detail=_plain(err))) from None
    name = re.sub(r"\.(geo)?parquet$", "", file, flags=re.I) or "parquet"
    return {name: lon_lat(table, name, file, lang, notes)} if len(table) else {}


def lon_lat(layer: Any, name: str, file: str, lang: str, notes: Notes) -> pd.DataFrame:
    """A GeoDataFrame as a plain frame whose ``geometry`` holds shapely shapes in EPSG:4326.

    No CRS: coordinates within ±180/±90 are taken as lon/lat (a note), others are a StoryError.
    Another CRS: converted, with a note when it was projected. Coordinates beyond ±180/±90 after
    that (a GeoJSON written in metres, which GDAL reads as lon/lat) are a StoryError too.
    """
    crs = layer.crs
    if crs is None:
        if _within_lon_lat(layer):
            notes.append(both("assumed_lon_lat", layer=name))
        layer = layer.set_crs(4326, allow_override=True)
    elif not CRS.from_user_input(crs).equals(CRS.from_epsg(4326)):
        try:
            layer = layer.to_crs(4326)
        except Exception as err:  # pyproj raises several kinds (CRSError, ProjError) for one cause
            raise StoryError.single(file, say("bad_crs", lang, layer=name, crs=_crs_label(crs))) from err
        if crs.is_projected:
            notes.append(both("reprojected", layer=name, crs=_crs_label(crs)))
    if not _within_lon_lat(layer):
        x, y = _example(layer)
        raise StoryError.single(file, say("projected_no_crs", lang, layer=name, x=x, y=y))
    frame = pd.DataFrame(layer.drop(columns=layer.geometry.name))
    frame["geometry"] = [None if g is None or g.is_empty else g for g in layer.geometry]
    return frame


def local_times(times: Any, lons: list[float | None]) -> list[Any]:
    """GPX times (UTC, as the format requires) each at the local time of its point: the nautical time
    zone of its longitude (UTC+9 at 135° E, whole hours 15° apart), written with that offset, so a
    morning in Tokyo is not dated the day before. Without a zone database the offset can be an hour
    off near a zone's edge or in summer time; the day is right but for that hour round midnight."""
    stamps = pd.to_datetime(pd.Series(list(times), dtype=object), utc=True, errors="coerce", format="ISO8601")
    out = []
    for raw, stamp, lon in zip(times, stamps, lons):
        if pd.isna(stamp) or lon is None or not math.isfinite(lon):
            out.append(raw)
            continue
        hours = int(round(lon / 15))
        out.append((stamp + pd.Timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S") + f"{hours:+03d}:00")
    return out


def _track_days(tracks: Any, points: Any) -> pd.DataFrame:
    """Each track cut at its local midnight (:func:`local_times`): one line per track and day (a point
    when the day has one)."""
    rows = []
    names = tracks["name"].tolist() if "name" in tracks.columns else []
    descs = tracks["desc"].tolist() if "desc" in tracks.columns else []
    if not len(points):
        return pd.DataFrame(rows)
    times = points["time"] if "time" in points.columns else pd.Series([None] * len(points))
    times = local_times(times, [g.x for g in points.geometry])
    day = [str(t)[:10] if isinstance(t, str) else None for t in times]
    table = pd.DataFrame({"track": points["track_fid"], "segment": points["track_seg_id"], "day": day,
                          "time": times, "xy": [(g.x, g.y) for g in points.geometry]})
    for (track, when), part in table.groupby(["track", "day"], sort=False, dropna=False):
        lines = [list(seg["xy"]) for _, seg in part.groupby("segment", sort=False)]
        long_enough = [line for line in lines if len(line) > 1]
        shape = Point(lines[0][0]) if not long_enough else LineString(long_enough[0]) if len(long_enough) == 1 \
            else MultiLineString(long_enough)
        track = int(track)
        first = next((t for t in part["time"] if isinstance(t, str)), None)
        rows.append({"name": names[track] if track < len(names) else None,
                     "desc": descs[track] if track < len(descs) else None, "time": first, "geometry": shape})
    frame = pd.DataFrame(rows)
    return frame.dropna(axis=1, how="all") if "geometry" in frame.columns else frame


def _within_lon_lat(layer: Any) -> bool:
    """Whether every shape's bounds lie within ±180 longitude and ±90 latitude."""
    bounds = layer.geometry.bounds.dropna()
    if not len(bounds):
        return True
    return bool((bounds["minx"] >= -180).all() and (bounds["maxx"] <= 180).all()
                and (bounds["miny"] >= -90).all() and (bounds["maxy"] <= 90).all())


def _example(layer: Any) -> tuple[float, float]:
    """One coordinate pair out of lon/lat range, for the message."""
    for shape in layer.geometry:
        if shape is not None and not shape.is_empty:
            point = shape.representative_point()
            if abs(point.x) > 180 or abs(point.y) > 90:
                return point.x, point.y
    return math.nan, math.nan


def _crs_label(crs: Any) -> str:
    """A CRS as a person may recognise it: 'EPSG:32648 (WGS 84 / UTM zone 48N)'."""
    code = crs.to_epsg()
    return f"EPSG:{code} ({crs.name})" if code else crs.name


def _gdal(call: Any, raw: bytes, *, file: str, kind: str, lang: str, **options: Any) -> Any:
    """A pyogrio call on the bytes; GDAL's errors as a plain StoryError, its in-memory warnings hidden."""
    if call is pyogrio.read_dataframe:
        # dates as written (with their offset), shapes in two dimensions (the map has no heights)
        options = {"datetime_as_string": True, "force_2d": True, "on_invalid": "ignore", **options}
    try:
        with warnings.catch_warnings():
            # e.g. "has GPKG application_id, but non conformant file extension": the in-memory name's
            warnings.simplefilter("ignore", RuntimeWarning)
            warnings.simplefilter("ignore", UserWarning)
            return call(raw, **options)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
            pyogrio.errors.GeometryError, pyogrio.errors.CRSError, RuntimeError) as err:
        raise StoryError.single(file, say("unreadable", lang, kind=kind, detail=_plain(err))) from None


def _plain(err: Exception) -> str:
    """GDAL's message without the in-memory file's name and its advice about drivers."""
    text = re.sub(r"\s*'?/vsi\w+/[^\s']*'?\s*", " ", str(err)).split(";")[0].strip(" :")
    return text[:160] or type(err).__name__
