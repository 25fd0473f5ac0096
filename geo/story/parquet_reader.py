"""Big generated stories as GeoParquet: one row per event, the story's head in the file's metadata.

A program that writes 100,000 events writes a table, and geopandas reads a GeoParquet table in a
fraction of the time any text format takes. The columns are checked as columns (vectorised with
pandas and shapely: layer ids known, dates real, ``start <= end``, coordinates on the globe) and
each problem names the event's id (a table has no lines). The events stay columns, which geocoding
reads; a model is built only when an event is asked for. ``python -m geo export --format parquet`` writes such a file
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
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from collections.abc import Sequence
from types import SimpleNamespace

from pydantic import ValidationError

from geo.places.gazetteer import Gazetteer
from geo.story.article import normalize_text
from geo.story.checks import place_and_reference_problems, pydantic_problems, read_articles
from geo.story.errors import Problem, StoryError
from geo.story.schema import Event, Geometry, Story, Text, Tour
from geo.story.yaml_reader import LocatedData

HEAD_KEY = b"timeline_story"  # the story's head (story, layers, places, distances) as JSON
REQUIRED = ("id", "layer", "title_vi", "title_en")
_TEXT_COLUMNS = {"id", "layer", "start", "end", "time", "title_vi", "title_en", "summary_vi", "summary_en", "quote_vi",
                 "quote_en", "places", "actors", "sources", "note_vi", "note_en", "place_name_vi", "place_name_en"}
_SLUG = r"^[a-z0-9][a-z0-9-]*$"
_TIME = r"^([01]\d|2[0-3]):[0-5]\d$"


def read_parquet_story(source: Path | BinaryIO, *, file: str | None = None, base_dir: Path | None = None,
                       gazetteer: Gazetteer | None = None, max_events: int, online: Any | None = None) -> Any:
    """A checked story from a GeoParquet file (see the module's docstring for its columns).

    The events stay columns (:attr:`LoadedStory.fields`, which geocoding reads); their models are
    built only when asked for, one by one (:class:`TableEvents`).

    Raises
    ------
    StoryError
        Every problem found, each naming its event's id and field.
    """
    from geo.story.load import LoadedStory, with_file_defaults

    file = file or Path(source).name
    if base_dir is None and isinstance(source, Path):
        base_dir = source.parent
    try:
        table, metadata = _read_table(source)
    except (OSError, ValueError) as exc:  # pyarrow's errors are OSError/ArrowInvalid (a ValueError)
        raise StoryError.single(file, f"not a GeoParquet story: {exc}") from None
    head = _head(metadata, file)
    for name in ("title", "summary"):  # a story in one language: one column, read the same in both
        if name in table and f"{name}_vi" not in table and f"{name}_en" not in table:
            table[f"{name}_vi"] = table[f"{name}_en"] = table[name]
    if len(table) > max_events:
        raise StoryError.single(file, f"the story has {len(table):,} events; the limit is {max_events:,}")
    problems = _column_problems(table, head, file)
    if problems:
        raise StoryError(problems)
    located = LocatedData(None, file, {})  # a table has no lines: each problem names its event's id
    try:
        story = Story.model_validate({**head, "events": [_first_event(table)]})
    except ValidationError as exc:  # the head's own schema problems, worded as for any story
        raise StoryError(pydantic_problems(exc, LocatedData(head, file, {}))) from None
    fields = _fields(table)
    del table
    story = with_file_defaults(story, file).model_copy(update={"events": TableEvents(fields)})
    head_only = SimpleNamespace(story=story.story, layers=story.layers, events=[], places=story.places, distances=[])
    gazetteer, problems = place_and_reference_problems(head_only, located, gazetteer, online)
    problems += _reference_problems(story, fields, gazetteer, online, file)
    article, article_en = None, []
    if base_dir is not None:
        article, article_en, article_problems = read_articles(story, located, base_dir)
        problems += article_problems
    if article:
        body = normalize_text(article)
        problems += [Problem(file, None, None, f'event "{event_id}": quote_vi is not found word for word in the article')
                     for event_id, quote in zip(fields["id"], fields["quote_vi"])
                     if quote is not None and normalize_text(quote) not in body]
    if problems:
        raise StoryError(problems)
    return LoadedStory(story, file, located, gazetteer, article, article_en, fields=fields)


class TableEvents(Sequence):
    """A table story's events, each built as a model when asked for (the columns were checked)."""

    def __init__(self, fields: dict[str, list[Any]]):
        self._fields = fields

    def __len__(self) -> int:
        return len(self._fields["id"])

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return _event({name: values[index] for name, values in self._fields.items()})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(other) == len(self) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]


def _event(c: dict[str, Any]) -> Event:
    geom = c["geometry"]
    geometry = None if geom is None else Geometry.model_construct(
        type=geom.geom_type, coordinates=json.loads(json.dumps(geom.__geo_interface__["coordinates"])))
    note = Text.model_construct(vi=c["note.vi"], en=c["note.en"]) if c["note.vi"] is not None else None
    place_name = Text.model_construct(vi=c["place_name.vi"], en=c["place_name.en"]) \
        if c["place_name.vi"] is not None else None
    tour = Tour.model_construct(order=c["tour.order"], zoom=c["tour.zoom"]) \
        if c["tour.order"] is not None or c["tour.zoom"] is not None else None
    return Event.model_construct(
        id=c["id"], layer=c["layer"], start=c["start"], end=c["end"], time=c["time"],
        title=Text.model_construct(vi=c["title.vi"], en=c["title.en"]),
        summary=Text.model_construct(vi=c["summary.vi"], en=c["summary.en"]) if c["summary.vi"] is not None else None,
        quote_vi=c["quote_vi"],
        quote_en=c["quote_en"], places=c["places"], geometry=geometry, line=c["line"], actors=c["actors"],
        sources=c["sources"], note=note, tour=tour, place_name=place_name)


def _reference_problems(story: Story, fields: dict[str, list[Any]], gazetteer: Gazetteer, online: Any | None,
                        file: str) -> list[Problem]:
    """Places, sources and distances of a table story, each distinct value checked once."""
    problems: list[Problem] = []
    known: dict[str, bool] = {}
    sources = {"article"} | {record.id for record in story.story.sources}
    checked: set[int] = set()
    for event_id, names, cited in zip(fields["id"], fields["places"], fields["sources"]):
        if id(names) not in checked:  # equal lists are one object (see _fields)
            for name in names:
                if name not in known:
                    known[name] = gazetteer.resolve(name) is not None or (
                        online is not None and online.resolve(name) is not None)
                if not known[name]:
                    problems.append(Problem(file, None, None, f'event "{event_id}": places: unknown place \'{name}\''))
        if id(cited) not in checked and story.story.sources:
            problems += [Problem(file, None, None, f'event "{event_id}": sources: unknown source \'{source}\'')
                         for source in cited if source not in sources]
        checked.update((id(names), id(cited)))
    ids = set(fields["id"])
    for i, fact in enumerate(story.distances):
        problems += [Problem(file, None, None, f"distance #{i + 1}: {key}: unknown place '{getattr(fact, key)}'")
                     for key in ("origin", "target") if gazetteer.resolve(getattr(fact, key)) is None]
        problems += [Problem(file, None, None, f"distance #{i + 1}: unknown event '{event_id}'")
                     for event_id in fact.events if event_id not in ids]
    return problems


def _read_table(source: Path | BinaryIO) -> tuple[Any, dict[bytes, bytes]]:
    """The file's table and metadata, read a column at a time (a column's pages are decoded, turned
    into pandas and let go before the next: a third less memory at the peak than the whole table at
    once), texts as dictionaries (a text repeated down a column becomes one Python object)."""
    import geopandas as gpd
    import pyarrow as pa
    import pyarrow.parquet as pq
    import shapely

    schema = pq.read_schema(source)
    texts = [name for name in schema.names if name in _TEXT_COLUMNS
             and (pa.types.is_string(schema.field(name).type) or pa.types.is_large_string(schema.field(name).type))]
    if not isinstance(source, Path):
        source.seek(0)
    parquet = pq.ParquetFile(source, read_dictionary=texts)
    geo = json.loads((schema.metadata or {}).get(b"geo", b"{}"))
    geometry_column = geo.get("primary_column", "geometry")
    encoding = (geo.get("columns", {}).get(geometry_column) or {}).get("encoding", "WKB")
    if geometry_column not in schema.names or encoding.upper() != "WKB":  # geoarrow and others: geopandas reads them
        return gpd.read_parquet(source, read_dictionary=texts), schema.metadata or {}
    columns = {}
    for name in schema.names:
        column = parquet.read(columns=[name], use_threads=False).column(0)
        if name == geometry_column:
            columns[name] = shapely.from_wkb(column.to_numpy(zero_copy_only=False))
        elif pa.types.is_dictionary(column.type):
            column = column.unify_dictionaries().combine_chunks()
            codes = column.indices.fill_null(-1).to_numpy(zero_copy_only=False)
            # the texts as Python objects once (categories of pandas' own str type would copy them again)
            words = pd.Index(column.dictionary.to_pylist(), dtype=object)
            columns[name] = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(words), validate=False)
        else:
            columns[name] = column.to_pandas()
    crs = (geo.get("columns", {}).get(geometry_column) or {}).get("crs", "EPSG:4326") or "EPSG:4326"
    shapes = gpd.GeoSeries(columns.pop(geometry_column), crs=crs)
    table = gpd.GeoDataFrame(pd.DataFrame(columns), geometry=shapes.to_crs("EPSG:4326") if shapes.crs and
                             not shapes.crs.equals("EPSG:4326") else shapes)
    return table.rename_geometry("geometry") if geometry_column != "geometry" else table, schema.metadata or {}


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
    if isinstance(series.dtype, pd.CategoricalDtype):  # each distinct text one object, not one per row
        words = [None, *series.cat.categories.tolist()]  # code -1 (missing) reads words[0]
        return [words[code + 1] for code in series.cat.codes.tolist()]
    return [None if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else v
            for v in series.astype(object).tolist()]


def _fields(table: Any) -> dict[str, list[Any]]:
    """The checked table's events as :data:`geo.places.geocode.FIELDS`: a list each, equal lists of
    names one object, explicit shapes as shapely geometries."""
    starts, ends = (_dates(table, name) for name in ("start", "end"))
    lists: dict[Any, list[str]] = {}

    def names(column: str, default: list[str]) -> list[list[str]]:
        out = []
        for value in _column(table, column):  # equal texts are one list, split once
            found = lists.get(value)
            if found is None:
                found = lists[value] = _split(value) or default
            out.append(found)
        return out

    order, zoom = (_column(table, name) for name in ("tour_order", "tour_zoom"))
    summary_vi, summary_en = _column(table, "summary_vi"), _column(table, "summary_en")
    summary_vi, summary_en = [vi or en for vi, en in zip(summary_vi, summary_en)], \
        [en or vi for vi, en in zip(summary_vi, summary_en)]
    fields = {
        "id": _column(table, "id"), "layer": _column(table, "layer"),
        "start": starts.dt.date.astype(object).where(starts.notna(), None).tolist(),
        "end": ends.dt.date.astype(object).where(ends.notna(), None).tolist(), "time": _column(table, "time"),
        "title.vi": _column(table, "title_vi"), "title.en": _column(table, "title_en"),
        "summary.vi": summary_vi, "summary.en": summary_en,
        "quote_vi": _column(table, "quote_vi"), "quote_en": _column(table, "quote_en"),
        "tour.order": [None if v is None else int(v) for v in order],
        "tour.zoom": [None if v is None else int(v) for v in zoom],
        "geometry": [None if g is None or g.is_empty else g for g in table.geometry.array],
        "places": names("places", []), "line": [bool(v) for v in _column(table, "line")] if "line" in table
        else [False] * len(table), "sources": names("sources", ["article"]), "actors": names("actors", []),
    }
    place_vi, place_en = _column(table, "place_name_vi"), _column(table, "place_name_en")
    fields["place_name.vi"] = [vi or en for vi, en in zip(place_vi, place_en)]
    fields["place_name.en"] = [en or vi for vi, en in zip(place_vi, place_en)]
    note_vi, note_en = _column(table, "note_vi"), _column(table, "note_en")
    fields["note.vi"] = [vi or en for vi, en in zip(note_vi, note_en)]
    fields["note.en"] = [en or vi for vi, en in zip(note_vi, note_en)]
    return fields


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
            "title_vi": event.title.vi, "title_en": event.title.en,
            "summary_vi": event.summary.vi if event.summary else None,
            "summary_en": event.summary.en if event.summary else None, "quote_vi": event.quote_vi, "quote_en": event.quote_en,
            "places": "; ".join(event.places) or None, "line": event.line, "actors": "; ".join(event.actors) or None,
            "sources": "; ".join(event.sources), "note_vi": event.note.vi if event.note else None,
            "note_en": event.note.en if event.note else None,
            "place_name_vi": event.place_name.vi if event.place_name else None,
            "place_name_en": event.place_name.en if event.place_name else None,
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

