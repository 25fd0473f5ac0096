"""GIS files as records: GeoJSON, KML/KMZ, GPX, GeoPackage, zipped Shapefile, FlatGeobuf, GeoParquet.

GDAL reads them through pyogrio, from the bytes in memory (pyogrio puts them in GDAL's ``/vsimem/``;
nothing is written to disk), GeoParquet through geopandas and pyarrow. Every layer with geometry is
read, its features' properties as columns, the layer's name in a column when there are several (a
KML's folders always), and the shapes converted to longitude/latitude (EPSG:4326). The format is
told by the bytes, not the name. Each problem a user can cause is a :class:`StoryError`.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pandas as pd

from geo.story.date_parts import is_blank
from geo.story.errors import StoryError
from geo.story.gis_words import KIND_NAMES, both, say
from geo.story.html_text import html_to_text, looks_like_html
from geo.story.records import Records

# The names GIS files usually go by (the format itself is told by the bytes: detect_gis_kind).
SUFFIXES = (".geojson", ".kml", ".kmz", ".gpx", ".gpkg", ".zip", ".fgb", ".parquet", ".geoparquet")
MAX_BYTES = 10_000_000
MAX_RECORDS = 50_000
ZIP_EXPANSION = 10  # a zip may unpack to this many times the byte limit (a "zip bomb" may not)
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
# Columns GDAL's KML drivers add for styling, not the author's data.
KML_STYLE_COLUMNS = ["altitudeMode", "tessellate", "extrude", "visibility", "drawOrder", "icon", "snippet"]
_GEOJSON_TYPES = {"FeatureCollection", "Feature", "Point", "MultiPoint", "LineString", "MultiLineString",
                  "Polygon", "MultiPolygon", "GeometryCollection"}


def detect_gis_kind(raw: bytes) -> str | None:
    """The GIS format of a file's bytes, whatever its name says; None when it is none of them.

    Returns one of ``geojson``, ``kml``, ``kmz``, ``gpx``, ``gpkg``, ``shapefile`` (a zip holding a
    ``.shp``), ``flatgeobuf``, ``geoparquet`` (any Parquet file).

    Examples
    --------
    >>> detect_gis_kind(b'{"type": "FeatureCollection", "features": []}'), detect_gis_kind(b'[{"a": 1}]')
    ('geojson', None)
    """
    if raw.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if raw.startswith(b"fgb\x03"):
        return "flatgeobuf"
    if raw.startswith(b"PAR1"):
        return "geoparquet"
    if raw.startswith(b"PK\x03\x04"):
        try:
            names = [n.lower() for n in zipfile.ZipFile(io.BytesIO(raw)).namelist()]
        except (zipfile.BadZipFile, ValueError):
            return None
        if any(n.endswith(".kml") for n in names):
            return "kmz"
        return "shapefile" if any(n.endswith(".shp") for n in names) else None
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        text = head.decode("utf-8", "replace")
        if re.search(r"<(\w+:)?kml[\s>]", text):
            return "kml"
        return "gpx" if re.search(r"<(\w+:)?gpx[\s>]", text) else None
    if head.startswith(b"{"):
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):  # cut short or damaged: GDAL says what is wrong
            return "geojson" if re.search(rb'"type"\s*:\s*"(Feature|FeatureCollection)"', head) else None
        return "geojson" if isinstance(data, dict) and data.get("type") in _GEOJSON_TYPES else None
    return None


def read_gis_file(source: str | Path | bytes, name: str | None = None, *, max_bytes: int = MAX_BYTES,
                  max_records: int = MAX_RECORDS, lang: str = "en") -> Records:
    """Read a GIS file's features as records, in longitude/latitude.

    Parameters
    ----------
    source : str, Path or bytes
        A path, or the file's bytes (an upload).
    name : str, optional
        The file's name, for messages; by default the path's.
    max_bytes, max_records : int
        Limits: a bigger file, or more features, is a StoryError (a zip may unpack to ten times
        ``max_bytes``).
    lang : str
        The language of the problems' messages (``vi`` or ``en``); notes are in both.

    Returns
    -------
    Records
        One row per feature (a GPX track: one per day), the properties as columns, ``geometry``
        (shapely, EPSG:4326, or None), a ``layer`` column when the file has several layers (or is
        a KML, whose folders are layers), the index ``record`` numbering the features from 1.

    Raises
    ------
    StoryError
        Too big, not a GIS file, damaged, a KML that only links to an online map, a shapefile
        without its parts, coordinates in an unknown projection, no feature with a place.

    Examples
    --------
    >>> r = read_gis_file(b'{"type": "Feature", "properties": {"name": "Nagato"},'
    ...                   b' "geometry": {"type": "Point", "coordinates": [131.18, 34.37]}}', "p.json")
    >>> r.kind, r.frame.index.name, r.frame.loc[1, "name"], r.frame.loc[1, "geometry"].wkt
    ('geojson', 'record', 'Nagato', 'POINT (131.18 34.37)')
    """
    if isinstance(source, (str, Path)):
        file = name or Path(source).name
        try:
            size = Path(source).stat().st_size
            if size > max_bytes:
                raise StoryError.single(file, say("too_big", lang, size=size, limit=max_bytes))
            raw = Path(source).read_bytes()
        except OSError as err:
            raise StoryError.single(file, f"{err.strerror or err}") from None
    else:
        raw, file = bytes(source), name or "upload"
    if len(raw) > max_bytes:
        raise StoryError.single(file, say("too_big", lang, size=len(raw), limit=max_bytes))
    if not raw.strip():
        raise StoryError.single(file, say("empty", lang))
    kind = detect_gis_kind(raw)
    if kind is None:
        raise StoryError.single(file, say("unknown", lang))
    from geo.story import gis_layers

    notes: list[dict[str, str]] = []
    if kind == "geoparquet":
        frames = gis_layers.read_geoparquet(raw, file, max_records, lang, notes)
    elif kind == "gpx":
        frames = gis_layers.read_gpx(raw, file, max_records, lang, notes)
    else:
        if kind == "kmz":
            raw = _kml_in_kmz(raw, file, max_bytes, lang, notes)
        elif kind == "shapefile":
            raw = _shapefiles_only(raw, file, max_bytes, lang)
        if kind in ("kml", "kmz"):
            _refuse_network_link(raw, file, lang)
        frames = gis_layers.read_layers(raw, file, KIND_NAMES[kind], max_records, lang, notes)
    kind = "kml" if kind == "kmz" else kind
    frame = _joined(frames, kind, notes)
    if frame["geometry"].isna().all():
        raise StoryError.single(file, say("no_features", lang))
    notes.insert(0, both("read", kind=KIND_NAMES[kind], count=len(frame), layers=len(frames)))
    return Records(file, frame, kind, notes)


def _joined(frames: dict[str, pd.DataFrame], kind: str, notes: list[dict[str, str]]) -> pd.DataFrame:
    """The layers' rows one after another, with the layer's name in a column when that says something."""
    named = [f.assign(**{"\0layer": layer}) for layer, f in frames.items()]
    frame = pd.concat(named, ignore_index=True) if named else pd.DataFrame({"geometry": [], "\0layer": []})
    layer_names = frame.pop("\0layer")
    if kind == "kml":
        frame = _kml_columns(frame, notes)
        if _folder_days(list(frames)) and not _has_dates(frame):  # a folder per day: the folder's name is the date
            column = "date" if "date" not in frame.columns else "folder_date"
            frame.insert(0, column, layer_names)
            notes.append(both("kml_folder_days", column=column, names=", ".join(frames)))
            frames = {}
    if len(frames) > 1 or (kind == "kml" and frames):
        column = "layer" if "layer" not in frame.columns else "file_layer"
        frame[column] = layer_names
        notes.append(both("layers", column=column, names=", ".join(frames)))
    shapes = [None if g is None or g.is_empty else g for g in frame.pop("geometry")]
    frame["geometry"] = pd.Series(shapes, index=frame.index, dtype=object)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="record")
    return frame


def _kml_columns(frame: pd.DataFrame, notes: list[dict[str, str]]) -> pd.DataFrame:
    """A KML's columns as its author wrote them: TimeStamp joined to TimeSpan's begin, descriptions
    as plain text (My Maps writes HTML), GDAL's styling columns left out.

    When the author's own fields hold a date (My Maps' "Date" or "Ngày" column), that field is the
    date: a placemark with nothing in it takes its TimeStamp/TimeSpan there (a note names it), one
    whose field and time give different days keeps the field (a note too). Placemarks left without a
    date while others have one are named in a note."""
    frame = frame.drop(columns=[c for c in KML_STYLE_COLUMNS if c in frame.columns])
    if "id" in frame.columns and frame["id"].isna().all():
        frame = frame.drop(columns="id")
    if "timestamp" in frame.columns:
        stamp = frame.pop("timestamp")
        frame["begin"] = frame["begin"].fillna(stamp) if "begin" in frame.columns else stamp
    if {"begin", "end"} & set(frame.columns):
        if "begin" not in frame.columns:
            frame["begin"] = None
        if "end" not in frame.columns:
            frame["end"] = None
        # GDAL reads a KML date (<when>2016-12-16</when>) as that day's midnight without a zone;
        # a time the author wrote carries a zone (or a 'Z'), so a bare midnight was a date.
        for column in ("begin", "end"):
            frame[column] = [v[:10] if isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00(\.0+)?", v)
                             else v for v in frame[column]]
    names = _placemark_names(frame)
    field, field_end = _author_date_fields(frame)
    timed = "begin" in frame.columns and frame[["begin", "end"]].notna().any().any()
    if field is not None:
        if timed:
            frame = _field_or_kml_time(frame, field, field_end, names, notes)
        else:
            frame = frame.drop(columns=[c for c in ("begin", "end") if c in frame.columns])
        dated = [not is_blank(v) for v in frame[field]]
    elif timed:
        notes.append(both("kml_times"))
        dated = [not is_blank(v) for v in frame["begin"]]
    else:
        frame = frame.drop(columns=[c for c in ("begin", "end") if c in frame.columns])
        dated = []
    undated = [name for name, has_date in zip(names, dated) if not has_date]
    if undated and any(dated):
        key = "kml_undated_field" if field is not None else "kml_undated"
        notes.append(both(key, count=len(undated), field=field, names=_few(undated)))
    for column in ("description", "Description"):
        if column in frame.columns:
            frame[column] = [html_to_text(v) if isinstance(v, str) and looks_like_html(v) else v
                             for v in frame[column]]
    return frame[[c for c in frame.columns if c != "geometry"] + ["geometry"]]


def _folder_days(names: list[str]) -> bool:
    """Whether a KML's folders are named by their days ("15/12/2016", "Ngày 16 tháng 12 năm 2016"):
    more than one, each a day, a month or a year of four digits (folders "1", "2" are numbered, not
    the years 1 and 2)."""
    from geo.story.dates import parse_dates

    return len(names) > 1 and all(v.ok and (v.precision != "year" or re.fullmatch(r"\s*[12]\d{3}\s*", name))
                                  for name, v in zip(names, parse_dates(names).values))


def _has_dates(frame: pd.DataFrame) -> bool:
    """Whether a KML's placemarks have dates of their own: a TimeStamp/TimeSpan or the author's field."""
    return "begin" in frame.columns or _author_date_fields(frame)[0] is not None


def _author_date_fields(frame: pd.DataFrame) -> tuple[str | None, str | None]:
    """The author's own date and end-date fields (ExtendedData), as the column mapping will see them
    once the KML's 'begin' and 'end' are out of the way; None when there is none."""
    from geo.story.columns import map_columns

    own = [c for c in frame.columns if c not in ("begin", "end", "geometry")]
    roles = map_columns(own, frame[own]).roles
    return roles.get("date"), roles.get("end_date")


def _field_or_kml_time(frame: pd.DataFrame, field: str, field_end: str | None, names: list[str],
                       notes: list[dict[str, str]]) -> pd.DataFrame:
    """The author's date field, filled from a placemark's TimeStamp/TimeSpan where it is empty.

    The field wins where both are given and name different days (that placemark's time is set
    aside); the 'begin' column goes, its values now in the field. A TimeSpan's end goes to the
    author's end field when there is one, else stays in 'end'."""
    values, ends = frame[field].tolist(), frame["end"].tolist()
    own_ends = frame[field_end].tolist() if field_end is not None else None
    filled, differ = [], []
    for row, (written, begin) in enumerate(zip(list(values), frame["begin"])):
        if is_blank(begin):
            continue
        if is_blank(written):
            values[row] = begin
            filled.append(names[row])
        elif _same_day(written, begin) is False:
            differ.append(f"{names[row]} ('{str(written).strip()}' / {begin})")
            ends[row] = None
            continue
        if own_ends is not None and is_blank(own_ends[row]) and not is_blank(ends[row]):
            own_ends[row] = ends[row]
    frame = frame.drop(columns="begin")
    frame[field] = pd.Series(values, index=frame.index, dtype=object)
    if own_ends is not None:
        frame[field_end] = pd.Series(own_ends, index=frame.index, dtype=object)
    if own_ends is None and not all(is_blank(v) for v in ends):
        frame["end"] = pd.Series(ends, index=frame.index, dtype=object)
        notes.append(both("kml_ends", field=field))
    else:
        frame = frame.drop(columns="end")
    if filled:
        notes.append(both("kml_times_filled", count=len(filled), field=field, names=_few(filled)))
    if differ:
        notes.append(both("kml_times_differ", count=len(differ), field=field, names=_few(differ)))
    return frame


def _same_day(written: object, begin: object) -> bool | None:
    """Whether a date as the author wrote it ('15/12/2016', '12/15/2016', 'December 2016') covers the
    day of a KML time ('2016-12-15T10:00:00+09:00'), in either order of day and month; None when
    either cannot be read.

    >>> _same_day("15/12/2016", "2016-12-15T10:00:00+09:00"), _same_day("14/12/2016", "2016-12-15")
    (True, False)
    """
    from geo.story.dates import parse_date

    kml = parse_date(begin)
    spans = {(r.start, r.end) for r in (parse_date(written, dayfirst=order) for order in (True, False)) if r.ok}
    if not kml.ok or not spans:
        return None
    return any(start <= kml.start <= end for start, end in spans)


def _placemark_names(frame: pd.DataFrame) -> list[str]:
    """Each placemark's name for a note ('#3' when it has none)."""
    column = next((c for c in ("Name", "name") if c in frame.columns), None)
    values = frame[column].tolist() if column is not None else [None] * len(frame)
    return [str(v).strip() if not is_blank(v) else f"#{row}" for row, v in enumerate(values, start=1)]


def _few(names: list[str], shown: int = 5) -> str:
    """A few names, then '…'."""
    return ", ".join(names[:shown]) + (", …" if len(names) > shown else "")


def _kml_in_kmz(raw: bytes, file: str, max_bytes: int, lang: str, notes: list[dict[str, str]]) -> bytes:
    """The map of a KMZ: its ``doc.kml`` (or first .kml), read from the zip in memory."""
    archive = _zip(raw, file, max_bytes, lang)
    names = [n for n in archive.namelist() if n.lower().endswith(".kml")]
    chosen = next((n for n in names if n.lower() == "doc.kml"), names[0])
    notes.append(both("kmz", name=chosen))
    return archive.read(chosen)


def _shapefiles_only(raw: bytes, file: str, max_bytes: int, lang: str) -> bytes:
    """A new zip (in memory) of just the shapefiles' parts, side by side at its root.

    GDAL then sees every shapefile of the upload, in folders or not, and nothing else in it (no
    other driver's file, such as a VRT pointing elsewhere, is opened)."""
    archive = _zip(raw, file, max_bytes, lang)
    members = [n for n in archive.namelist() if not n.endswith("/") and not n.startswith("__MACOSX/")
               and Path(n).suffix.lower() in SHAPEFILE_PARTS]
    stems: dict[str, dict[str, str]] = {}
    for member in members:
        stems.setdefault(member[: -len(Path(member).suffix)], {})[Path(member).suffix.lower()] = member
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as clean:
        taken: set[str] = set()
        for stem, parts in stems.items():
            if ".shp" not in parts:
                continue
            lacking = [p for p in (".shx", ".dbf") if p not in parts]
            if lacking:
                raise StoryError.single(file, say("shp_parts", lang, name=Path(stem).name, parts=", ".join(lacking)))
            base = Path(stem).name if Path(stem).name not in taken else stem.replace("/", "_")
            taken.add(base)
            for suffix, member in parts.items():
                clean.writestr(base + suffix, archive.read(member))
    if not taken:
        raise StoryError.single(file, say("zip_other", lang, names=", ".join(archive.namelist()[:5])))
    return out.getvalue()


def _zip(raw: bytes, file: str, max_bytes: int, lang: str) -> zipfile.ZipFile:
    """The zip in memory, once its unpacked size is known to be within bounds."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as err:
        raise StoryError.single(file, say("unreadable", lang, kind="zip", detail=err)) from None
    if size > ZIP_EXPANSION * max_bytes:
        raise StoryError.single(file, say("zip_bomb", lang, size=size, limit=ZIP_EXPANSION * max_bytes))
    return archive


def _refuse_network_link(raw: bytes, file: str, lang: str) -> None:
    """A KML that holds no Placemark but a NetworkLink (Google My Maps' "view in Google Earth") is a
    link to an online map: say how to download the map itself."""
    text = raw.decode("utf-8", "replace")
    if re.search(r"<(\w+:)?NetworkLink[\s>]", text) and not re.search(r"<(\w+:)?Placemark[\s>]", text):
        href = re.search(r"<(?:\w+:)?href>\s*(.*?)\s*</(?:\w+:)?href>", text, re.S)
        link = html_to_text(href.group(1))[:120] if href else "?"
        raise StoryError.single(file, say("network_link", lang, href=link))

