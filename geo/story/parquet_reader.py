"""Big generated stories as GeoParquet: one row per event, the story's head in the file's metadata.

A program that writes 100,000 events writes a table, and geopandas reads a GeoParquet table in a
fraction of the time any text format takes. The columns are checked as columns (vectorised with
pandas and shapely: layer ids known, dates real, ``start <= end``, coordinates on the globe) and
each problem names the event's id (a table has no lines); only then are the models built, without
validating each event again. ``python -m geo export --format parquet`` writes such a file
(:func:`story_parquet_bytes`), so any story can be turned into one.

Columns: ``id``, ``layer``, ``start``/``end`` (dates, or ``YYYY-MM-DD`` text), ``time``, ``title``
and ``summary`` as ``_vi``/``_en`` pairs, ``quote_vi``/``quote_en``, ``places`` (names, ``;``
between them), ``line``, ``actors``/``sources`` (``;`` between them), ``note_vi``/``note_en``,
``tour_order``/``tour_zoom``, and the ``geometry`` (EPSG:4326; empty where ``places`` say where).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from geo.places.gazetteer import Gazetteer
from geo.story.errors import Problem, StoryError
from geo.story.schema import Event, Geometry, SharedParts, Story, Text, Tour
from geo.story.yaml_reader import LocatedData

HEAD_KEY = b"timeline_story"  # the story's head (story, layers, places, distances) as JSON
REQUIRED = ("id", "layer", "title_vi", "title_en", "summary_vi", "summary_en", "quote_vi", "quote_en")
_TEXT_COLUMNS = {"id", "layer", "start", "end", "time", "title_vi", "title_en", "summary_vi", "summary_en", "quote_vi",
                 "quote_en", "places", "actors", "sources", "note_vi", "note_en"}
_SLUG = r"^[a-z0-9][a-z0-9-]*$"
_TIME = r"^([01]\d|2[0-3]):[0-5]\d$"


def read_parquet_story(path: Path, *, gazetteer: Gazetteer | None = None, max_events: int,
                       online: Any | None = None) -> Any:
    """A checked story from a GeoParquet file (see the module's docstring for its columns).

    Raises
    ------
    StoryError
        Every problem found, each naming its event's id and field.
    """
    import geopandas as gpd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from geo.story.load import LoadedStory, checked_story

    file = path.name
    try:
        schema = pq.read_schema(path)
        # texts read as dictionaries: a text repeated down the column becomes one Python object
        texts = [name for name in schema.names if name in _TEXT_COLUMNS and pa.types.is_string(schema.field(name).type)]
        metadata = schema.metadata or {}
        table = gpd.read_parquet(path, read_dictionary=texts,
                                 to_pandas_kwargs={"self_destruct": True, "split_blocks": True})
    except (OSError, ValueError) as exc:  # pyarrow's errors are OSError/ArrowInvalid (a ValueError)
        raise StoryError.single(file, f"not a GeoParquet story: {exc}") from None
    head = _head(metadata, file)
    if len(table) > max_events:
        raise StoryError.single(file, f"the story has {len(table):,} events; the limit is {max_events:,}")
    problems = _column_problems(table, head, file)
    if problems:
        raise StoryError(problems)
    try:
        story = Story.model_validate({**head, "events": [_first_event(table)]})
    except Exception as exc:  # the head's own schema problems, worded as for any story
        from pydantic import ValidationError

        from geo.story.checks import pydantic_problems

        if not isinstance(exc, ValidationError):
            raise
        raise StoryError(pydantic_problems(exc, LocatedData(head, file, {}))) from None
    events = SharedParts()(_events(table))
    story = story.model_copy(update={"events": events})
    # a table has no lines: positions are none, and each problem names its event's id
    loaded: LoadedStory = checked_story(story, LocatedData(None, file, {}), base_dir=path.parent, gazetteer=gazetteer,
                                        online=online)
    loaded.geometries = list(table.geometry.array)
    return loaded


def _head(metadata: dict[bytes, bytes], file: str) -> dict[str, Any]:
    raw = metadata.get(HEAD_KEY)
    if raw is None:
        raise StoryError.single(file, "the Parquet file has no story head (its 'timeline_story' metadata): "
                                      "write it with 'python -m geo export --format parquet'")
    try:
        head = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise StoryError.single(file, f"the story head is not valid JSON: {exc.msg}") from None
    if not isinstance(head, dict):
        raise StoryError.single(file, "the story head must be a JSON object with 'story' and 'layers'")
    return head


def _column_problems(table: Any, head: dict[str, Any], file: str) -> list[Problem]:
    """Every problem of the event columns, found a column at a time."""
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        return [Problem(file, None, None, f"missing column(s): {', '.join(missing)} (found: {', '.join(table.columns)})")]
    ids = table["id"].astype("string")
    problems: list[Problem] = []

    def each(bad: pd.Series, field: str, message: str) -> None:
        for event_id, value in zip(ids[bad].fillna("?"), table.loc[bad, field] if field in table else ids[bad]):
            problems.append(Problem(file, None, None, f'event "{event_id}": {field}: ' + message.format(value=value)))

    each(~ids.str.match(_SLUG).fillna(False), "id", "'{value}' is not a valid id: use lower-case letters, digits and hyphens")
    each(ids.duplicated() & ids.notna(), "id", "the id '{value}' is used twice")
    layers = {layer.get("id") for layer in head.get("layers") or [] if isinstance(layer, dict)}
    each(~table["layer"].isin(layers), "layer", "unknown layer '{value}'")
    for name in REQUIRED[2:]:
        each(table[name].isna() | (table[name].astype("string").str.strip() == ""), name, "must not be empty")
    starts, ends = (_dates(table, name) for name in ("start", "end"))
    each(starts.isna() & _given(table, "start"), "start", "'{value}' is not a real date (YYYY-MM-DD)")
    each(ends.isna() & _given(table, "end"), "end", "'{value}' is not a real date (YYYY-MM-DD)")
    each(ends.notna() & starts.isna() & ~_given(table, "start"), "end", "an event with an 'end' needs a 'start'")
    each(ends < starts, "end", "{value} is before its start")
    if "time" in table:
        each(_given(table, "time") & ~table["time"].astype("string").str.match(_TIME).fillna(False), "time",
             "'{value}' is not a time; write it as HH:MM")
    geometry = table.geometry
    places = table["places"].astype("string").str.strip() if "places" in table else pd.Series(pd.NA, index=table.index)
    each(geometry.isna() & (places.isna() | (places == "")), "id", "'{value}' has no 'places' and no geometry")
    bounds = geometry.bounds
    off_globe = (bounds["minx"] < -180) | (bounds["maxx"] > 180) | (bounds["miny"] < -90) | (bounds["maxy"] > 90)
    each(off_globe.fillna(False), "geometry", "coordinates off the globe (longitude −180…180, latitude −90…90)")
    each(geometry.notna() & ~geometry.is_valid, "geometry", "not a valid geometry")
    return problems


def _given(table: Any, name: str) -> pd.Series:
    if name not in table:
        return pd.Series(False, index=table.index)
    return table[name].notna() & (table[name].astype("string").str.strip() != "")


def _dates(table: Any, name: str) -> pd.Series:
    """A date column as datetimes (NaT where empty or not a real date)."""
    if name not in table:
        return pd.Series(pd.NaT, index=table.index, dtype="datetime64[s]")
    return pd.to_datetime(table[name].astype("string"), format="%Y-%m-%d", errors="coerce")


def _split(value: Any) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()] if isinstance(value, str) else []


def _column(table: Any, name: str) -> list[Any]:
    """A column's values as Python objects, None where missing."""
    if name not in table:
        return [None] * len(table)
    series = table[name]
    return [None if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else v
            for v in series.astype(object).tolist()]


def _events(table: Any) -> list[Event]:
    """The events of a checked table, built without validating each one again (the columns were)."""
    starts, ends = (_dates(table, name).dt.date.astype(object).where(_dates(table, name).notna(), None).tolist()
                    for name in ("start", "end"))
    columns = {name: _column(table, name) for name in (
        "id", "layer", "time", "title_vi", "title_en", "summary_vi", "summary_en", "quote_vi", "quote_en", "places",
        "line", "actors", "sources", "note_vi", "note_en", "tour_order", "tour_zoom")}
    shapes = table.geometry.array
    points = (table.geometry.geom_type == "Point").to_numpy()
    xs, ys = shapely.get_x(np.asarray(shapes)), shapely.get_y(np.asarray(shapes))  # NaN but for points
    events = []
    texts: dict[tuple[str, str], Text] = {}
    for i, geom in enumerate(shapes):
        c = {name: values[i] for name, values in columns.items()}
        geometry = None
        if geom is not None:
            coordinates = [float(xs[i]), float(ys[i])] if points[i] else \
                json.loads(json.dumps(geom.__geo_interface__["coordinates"]))
            geometry = Geometry.model_construct(type=geom.geom_type, coordinates=coordinates)
        note = Text.model_construct(vi=c["note_vi"] or c["note_en"], en=c["note_en"] or c["note_vi"]) \
            if (c["note_vi"] or c["note_en"]) else None
        tour = Tour.model_construct(order=c["tour_order"], zoom=c["tour_zoom"]) \
            if c["tour_order"] is not None or c["tour_zoom"] is not None else None
        fields = {"id": c["id"], "layer": c["layer"], "start": starts[i], "end": ends[i], "time": c["time"],
                  "title": texts.setdefault((c["title_vi"], c["title_en"]), Text.model_construct(vi=c["title_vi"], en=c["title_en"])),
                  "summary": Text.model_construct(vi=c["summary_vi"], en=c["summary_en"]),
                  "quote_vi": c["quote_vi"], "quote_en": c["quote_en"], "places": _split(c["places"]),
                  "geometry": geometry, "line": bool(c["line"]) if c["line"] is not None else False,
                  "actors": _split(c["actors"]), "sources": _split(c["sources"]) or ["article"], "note": note,
                  "tour": tour}
        events.append(Event.model_construct(**fields))
    return events


def _first_event(table: Any) -> dict[str, Any]:
    """A stand-in event for validating the head on its own (the events are checked as columns)."""
    return {"id": "x", "layer": str(table["layer"].iloc[0]) if len(table) else "x", "title": {"vi": "x", "en": "x"},
            "summary": {"vi": "x", "en": "x"}, "quote_vi": "x", "quote_en": "x", "places": ["x"]}


def story_parquet_bytes(story: Story) -> bytes:
    """The story as a GeoParquet file that :func:`read_parquet_story` reads back equal."""
    import geopandas as gpd
    import pyarrow.parquet as pq
    from shapely.geometry import shape

    rows = []
    geometries = []
    for event in story.events:
        rows.append({
            "id": event.id, "layer": event.layer, "start": event.start.isoformat() if event.start else None,
            "end": event.end.isoformat() if event.end else None, "time": event.time,
            "title_vi": event.title.vi, "title_en": event.title.en, "summary_vi": event.summary.vi,
            "summary_en": event.summary.en, "quote_vi": event.quote_vi, "quote_en": event.quote_en,
            "places": "; ".join(event.places) or None, "line": event.line, "actors": "; ".join(event.actors) or None,
            "sources": "; ".join(event.sources), "note_vi": event.note.vi if event.note else None,
            "note_en": event.note.en if event.note else None,
            "tour_order": event.tour.order if event.tour else None, "tour_zoom": event.tour.zoom if event.tour else None,
        })
        geometries.append(shape(event.geometry.model_dump()) if event.geometry is not None else None)
    frame = pd.DataFrame(rows)
    for name in ("tour_order", "tour_zoom"):
        frame[name] = frame[name].astype("Int64")
    table = gpd.GeoDataFrame(frame, geometry=geometries, crs="EPSG:4326")
    head = story.model_dump(mode="json", exclude_unset=True, exclude={"events"})
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    written = pq.read_table(io.BytesIO(buffer.getvalue()))
    meta = dict(written.schema.metadata or {})
    meta[HEAD_KEY] = json.dumps(head, ensure_ascii=False).encode("utf-8")
    out = io.BytesIO()
    pq.write_table(written.replace_schema_metadata(meta), out)
    return out.getvalue()

