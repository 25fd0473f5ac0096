"""Stories from other formats: CSV and GeoJSON of events, turned into the YAML schema's data.

Both accept what :mod:`geo.render.export` writes, so an export can be uploaded again unchanged.
Positions point at the CSV row (line) or the GeoJSON feature, so problems are located too.

CSV columns: ``id, start, end, time, layer, title_vi, title_en, summary_vi, summary_en,
quote_vi, quote_en`` and either ``place`` (names separated by ``;``) or ``lat``/``lon`` (or
``wkt``); optional ``actors`` (``;``-separated), ``note_vi``, ``note_en``.
GeoJSON: a FeatureCollection whose features carry the same properties and a geometry.
A ``.json`` file that is not GeoJSON but a story in the YAML schema (``story``, ``layers``,
``events``) is read as one (:mod:`geo.story.json_reader`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from geo.story.errors import Problem, StoryError
from geo.places.gazetteer import Gazetteer
from geo.story.load import MAX_EVENTS, LoadedStory
from geo.story.tables import Table
from geo.story.yaml_reader import MAX_BYTES, LocatedData

# Okabe–Ito, colour-blind safe, for layers named only by their ids.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000"]
REQUIRED_CSV = ["id", "layer", "title_vi", "title_en", "summary_vi", "summary_en", "quote_vi", "quote_en"]


def load_upload(name: str, raw: bytes, *, gazetteer: Gazetteer | None = None, max_bytes: int = MAX_BYTES,
                max_events: int = MAX_EVENTS) -> LoadedStory:
    """Validate an uploaded file as a story: a story file, the app's own CSV or GeoJSON export, or any
    table, GeoJSON or records file made one (:func:`geo.story.import_file.import_story`).

    Raises
    ------
    StoryError
        With every problem located in the uploaded file.
    """
    from geo.story.import_file import import_story

    return import_story(name, raw, gazetteer=gazetteer, max_bytes=max_bytes, max_events=max_events).loaded


def _story_block(file: str, layer_ids: list[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    title = Path(file).stem.replace("-", " ").replace("_", " ").strip() or "story"
    story = {"id": "uploaded-story", "title": {"vi": title, "en": title}}
    layers = [{"id": layer_id, "name": {"vi": layer_id, "en": layer_id}, "color": PALETTE[i % len(PALETTE)],
               "icon": "place"} for i, layer_id in enumerate(layer_ids)]
    return story, layers


def _text_pair(row: dict[str, Any], key: str) -> dict[str, Any] | None:
    vi, en = row.get(f"{key}_vi"), row.get(f"{key}_en")
    if vi in (None, "") and en in (None, ""):
        return None
    return {"vi": vi or en, "en": en or vi}


def _event_from_properties(props: dict[str, Any]) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": props.get("id"), "layer": props.get("layer"),
        "title": _text_pair(props, "title"), "summary": _text_pair(props, "summary"),
        "quote_vi": props.get("quote_vi"), "quote_en": props.get("quote_en"),
    }
    for key in ("start", "end", "time"):
        if props.get(key) not in (None, ""):
            event[key] = props[key]
    note = _text_pair(props, "note")
    if note:
        event["note"] = note
    actors = props.get("actors")
    if isinstance(actors, str) and actors.strip():
        event["actors"] = [a.strip() for a in actors.split(";") if a.strip()]
    elif isinstance(actors, list):
        event["actors"] = actors
    return {k: v for k, v in event.items() if v is not None and v != ""}  # an empty cell: not given


def csv_story_data(text: str, file: str, delimiter: str = ",") -> LocatedData:
    """A CSV of events as story data; each value is located at its row's line."""
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    rows = ((reader.line_num, row) for row in reader)  # line_num once the row is read
    return _rows_story_data(reader.fieldnames or [], rows, file, _decimal_point)


def table_story_data(table: Table) -> LocatedData:
    """The app's own CSV export as the table reader found it: whatever its delimiter and encoding (a
    spreadsheet saves it again with ``;`` and a decimal comma in some locales), or saved as .xlsx
    (cells keep Excel's types: dates, numbers). Each value is located at its row."""
    frame = table.frame
    lat = table.numbers("lat") if "lat" in frame else None
    lon = table.numbers("lon") if "lon" in frame else None
    rows = []
    for i, (line, record) in enumerate(zip(frame.index, frame.to_dict("records"))):
        row = {key: _cell_text(value) for key, value in record.items()}
        if lat is not None and lon is not None and row.get("lat") and row.get("lon"):
            row["lat"], row["lon"] = _float_text(lat.iloc[i], row["lat"]), _float_text(lon.iloc[i], row["lon"])
        rows.append((int(line), row))
    return _rows_story_data([str(c) for c in frame.columns], rows, table.file, _decimal_point)


def _decimal_point(value: str) -> float:
    return float(value)


def _float_text(number: float, cell: str) -> str:
    """A coordinate read with the table's decimal mark, as text; the cell itself if it is not a number."""
    return cell if number != number else repr(float(number))  # NaN: keep the cell for the message


def _cell_text(value: Any) -> str:
    """A table cell as the CSV export wrote it: Excel's dates as ISO dates, times as HH:MM."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_story_data(columns: list[str], rows: Iterable[tuple[int, dict[str, Any]]], file: str,
                     number: Callable[[str], float]) -> LocatedData:
    missing = [c for c in REQUIRED_CSV if c not in columns]
    if missing:
        raise StoryError.single(file, f"missing CSV column(s): {', '.join(missing)} "
                                      f"(found: {', '.join(columns) or 'none'})", 1, 1)
    if "place" not in columns and not {"lat", "lon"} <= set(columns) and "wkt" not in columns:
        raise StoryError.single(file, "the CSV needs a 'place' column, or 'lat' and 'lon', or 'wkt'", 1, 1)
    events: list[dict[str, Any]] = []
    positions: dict[tuple[Any, ...], tuple[int, int]] = {(): (1, 1)}
    problems: list[Problem] = []
    for i, (line, row) in enumerate(rows):
        row = {k: _unquote_formula(v) for k, v in row.items()}
        event = _event_from_properties(row)
        place = (row.get("place") or "").strip()
        if row.get("wkt"):
            event["geometry"] = _wkt_geometry(row["wkt"], file, line, problems)
        elif row.get("lat") not in (None, "") and row.get("lon") not in (None, ""):
            try:
                event["geometry"] = {"type": "Point", "coordinates": [number(row["lon"]), number(row["lat"])]}
            except ValueError:
                problems.append(Problem(file, line, None, f"lat/lon must be numbers, got '{row['lat']}', '{row['lon']}'"))
        elif place:
            event["places"] = [p.strip() for p in place.split(";") if p.strip()]
        events.append(event)
        positions[("events", i)] = (line, 1)
        for key in event:
            positions[("events", i, key)] = (line, 1)
    if problems:
        raise StoryError(problems)
    if not events:
        raise StoryError.single(file, "the CSV has a header but no events", 1, 1)
    layer_ids = list(dict.fromkeys(str(e.get("layer")) for e in events if e.get("layer")))
    story, layers = _story_block(file, layer_ids)
    return LocatedData({"story": story, "layers": layers, "events": events}, file, positions)


def _unquote_formula(value: Any) -> Any:
    """Undo the export's protective quote in front of a cell that starts like a formula."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def _wkt_geometry(wkt: str, file: str, line: int, problems: list[Problem]) -> dict[str, Any] | None:
    import shapely
    from shapely.geometry import mapping

    try:
        return json.loads(json.dumps(mapping(shapely.from_wkt(wkt))))  # tuples to lists
    except Exception:  # shapely raises GEOSException subclasses for any malformed WKT
        problems.append(Problem(file, line, None, f"'wkt' is not valid WKT: {wkt[:60]!r}"))
        return None


def geojson_story_data(text: str, file: str) -> LocatedData:
    """A GeoJSON FeatureCollection of events as story data; values located at their feature."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StoryError.single(file, f"not valid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise StoryError.single(file, "a GeoJSON story must be a FeatureCollection with a 'features' list", 1, 1)
    events: list[dict[str, Any]] = []
    positions: dict[tuple[Any, ...], tuple[int, int]] = {(): (1, 1)}
    lines = _feature_lines(text, len(data["features"]))
    for i, feature in enumerate(data["features"]):
        props = feature.get("properties") if isinstance(feature, dict) else None
        event = _event_from_properties(props if isinstance(props, dict) else {})
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if geometry is not None:
            event["geometry"] = geometry
        elif isinstance(props, dict) and props.get("place"):
            event["places"] = [p.strip() for p in str(props["place"]).split(";") if p.strip()]
        events.append(event)
        for key in ("", *event):
            positions[("events", i) + ((key,) if key else ())] = (lines[i], 1)
    layer_ids = list(dict.fromkeys(str(e.get("layer")) for e in events if e.get("layer")))
    story, layers = _story_block(file, layer_ids)
    return LocatedData({"story": story, "layers": layers, "events": events}, file, positions)


def _feature_lines(text: str, count: int) -> list[int]:
    """The line on which each feature starts (best effort: the n-th '"Feature"' in the text)."""
    lines: list[int] = []
    index = 0
    for _ in range(count):
        found = text.find('"Feature"', index)
        if found < 0:
            lines.append(1)
            continue
        lines.append(text.count("\n", 0, found) + 1)
        index = found + 1
    return lines
