"""Any file a teacher has, made a story: one path for the upload page and the command line.

A story file (YAML, a JSON story, the app's own CSV or GeoJSON export, a GeoParquet story) is read
as a story. Anything else is read as records (:class:`~geo.story.records.Records`: a table's rows,
a JSON array of records, a GeoJSON feed's features, ...), its columns given roles automatically
(:func:`~geo.story.columns.map_columns`, which the reader may change), and made a story
(:func:`~geo.story.table_story.table_story`) checked like any other.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from geo.places.gazetteer import Gazetteer
from geo.story.columns import ColumnMapping, map_columns, timelinejs_layout
from geo.story.column_words import both
from geo.story.errors import Problem, StoryError
from geo.story.gis_files import read_gis_file
from geo.story.knightlab import read_knight_lab
from geo.story.load import MAX_EVENTS, LoadedStory, parse_story, validate_story_data
from geo.story.records import Records, own_columns
from geo.story.table_story import TableStory, Unplaced, table_story
from geo.story.yaml_reader import MAX_BYTES, decode_text

STORY_SUFFIXES = (".yaml", ".yml")
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
JSON_SUFFIXES = (".json", ".geojson")
PARQUET_SUFFIXES = (".parquet", ".geoparquet")
GIS_SUFFIXES = (".kml", ".kmz", ".gpx", ".gpkg", ".zip", ".fgb")
SUFFIXES = STORY_SUFFIXES + TABLE_SUFFIXES + JSON_SUFFIXES + PARQUET_SUFFIXES + GIS_SUFFIXES


@dataclass
class Imported:
    """A story made from a file, and how: the records and their columns' roles, when it was not a
    story file already, and the rows kept off the map."""

    loaded: LoadedStory
    kind: str
    records: Records | None = None
    mapping: ColumnMapping | None = None
    made: TableStory | None = None

    @property
    def unplaced(self) -> list[Unplaced]:
        return self.made.unplaced if self.made else []

    @property
    def notes(self) -> list[dict[str, str]]:
        return (self.records.notes if self.records else []) + (self.made.notes if self.made else [])


@dataclass
class Read:
    """A file read: a story, or records still to be given roles."""

    story: LoadedStory | None = None
    records: Records | None = None
    kind: str = "story"


def read_file(name: str, raw: bytes, *, gazetteer: Gazetteer | None = None, max_bytes: int = MAX_BYTES,
              max_events: int = MAX_EVENTS, base_dir: Path | None = None) -> Read:
    """A story file read as a story; any other file read as records.

    Raises
    ------
    StoryError
        When the file cannot be read, with what is wrong and where.
    """
    file = Path(name).name or "upload"
    suffix = Path(file).suffix.lower()
    if suffix not in SUFFIXES:
        raise StoryError.single(file, f"unknown file type '{suffix or file}': the app reads "
                                      f"{', '.join(s.lstrip('.') for s in SUFFIXES)}")
    if len(raw) > max_bytes:
        raise StoryError.single(file, f"the file is {len(raw):,} bytes; the limit is {max_bytes:,} bytes")
    if suffix in PARQUET_SUFFIXES and is_parquet_story(raw):
        from geo.story.parquet_reader import read_parquet_story

        return Read(read_parquet_story(io.BytesIO(raw), file=file, base_dir=base_dir, gazetteer=gazetteer,
                                       max_events=max_events))
    if suffix in PARQUET_SUFFIXES or suffix in GIS_SUFFIXES:
        records = read_gis_file(raw, file, max_bytes=max_bytes, max_records=max_events)
        return Read(records=records, kind=records.kind)
    if suffix in TABLE_SUFFIXES:
        return _table(file, raw, gazetteer, max_bytes, max_events)
    text = decode_text(raw, file)
    if not text.strip():
        raise StoryError.single(file, "the file is empty")
    if suffix in STORY_SUFFIXES:
        return Read(parse_story(text, file, base_dir=base_dir, gazetteer=gazetteer, max_bytes=max_bytes,
                                max_events=max_events))
    return _json(file, text, gazetteer, max_bytes, max_events, base_dir)


def story_from_records(records: Records, mapping: ColumnMapping, *, dayfirst: bool | None = None,
                       language: str | None = None, gazetteer: Gazetteer | None = None,
                       max_events: int = MAX_EVENTS, year: int | None = None, messages: str | None = None) -> Imported:
    """Records made a story with the columns' roles in ``mapping``; problems worded in ``messages``
    (the reader's language: ``vi`` or ``en``), by default in the language of the story's texts.

    Raises
    ------
    StoryError
        Rows whose date cannot be read (located by line), or no row on the map at all.
    """
    frame = records.frame
    if len(frame) > max_events:
        raise StoryError.single(records.file, f"the file has {len(frame):,} rows; the limit is {max_events:,}")
    made = table_story(frame, mapping, records.file, dayfirst=dayfirst, language=language, title=records.title,
                       order=records.order, gazetteer=gazetteer, year=year, messages=messages)
    lang = messages or made.language
    unit = record_unit(records.kind, lang)
    try:
        if made.problems:
            raise StoryError(made.problems)
        if frame.empty:
            raise StoryError([Problem(records.file, None, None, "tệp có dòng tiêu đề nhưng không có dòng dữ liệu nào"
                                      if lang == "vi" else "the file has a header row but no rows of data")])
        if not made.located.data["events"]:
            why = [m[lang] for m in mapping.missing] or [u.reason[lang] for u in made.unplaced[:1]]
            no_place = both("no_place")[lang]
            if no_place in why and timelinejs_layout(frame.columns):  # TimelineJS has no places of its own
                why[why.index(no_place)] = ("bảng TimelineJS không có địa điểm: hãy thêm cột 'Location' (tên địa "
                                            "điểm) hoặc 'lat' và 'lon'" if lang == "vi" else "a TimelineJS sheet has "
                                            "no places: add a column 'Location' (place names), or 'lat' and 'lon'")
            if mapping.missing:  # which columns there are, to choose from
                listed = ", ".join(f"'{c}'" for c in own_columns(frame))
                why.append(f"các cột của tệp: {listed}" if lang == "vi" else f"the file's columns: {listed}")
            head = "không có dòng nào đặt được lên bản đồ" if lang == "vi" else "no row can be put on the map"
            raise StoryError([Problem(records.file, None, None, f"{head}: {'; '.join(why)}" if why else head)])
        loaded = validate_story_data(made.located, gazetteer=gazetteer, max_events=max_events)
    except StoryError as exc:
        if unit is None:
            raise
        raise StoryError([replace(p, unit=unit) if p.file == records.file else p for p in exc.problems]) from None
    return Imported(loaded, records.kind, records, mapping, made)


# What a record's number counts in a file that has no lines to point at, in vi and en.
RECORD_UNITS = {
    "geojson": {"vi": "đối tượng", "en": "feature"}, "kml": {"vi": "điểm đánh dấu", "en": "placemark"},
    "gpx": {"vi": "điểm", "en": "point"}, "json": {"vi": "bản ghi", "en": "record"},
    "timelinejs": {"vi": "sự kiện", "en": "event"}, "storymapjs": {"vi": "trang", "en": "slide"},
}


def record_unit(kind: str, lang: str) -> str | None:
    """What the numbers of a file of ``kind`` count ("feature 7", "slide 2"); None for a table's lines.

    Examples
    --------
    >>> record_unit("storymapjs", "en"), record_unit("geojson", "vi"), record_unit("csv", "en")
    ('slide', 'đối tượng', None)
    """
    if kind in ("csv", "xlsx", "tsv"):
        return None
    return RECORD_UNITS.get(kind, {"vi": "bản ghi", "en": "record"})[lang if lang in ("vi", "en") else "en"]


def import_story(name: str, raw: bytes, *, columns: dict[str, str | None] | None = None,
                 dayfirst: bool | None = None, language: str | None = None, gazetteer: Gazetteer | None = None,
                 max_bytes: int = MAX_BYTES, max_events: int = MAX_EVENTS, base_dir: Path | None = None,
                 year: int | None = None, messages: str | None = None) -> Imported:
    """Any supported file made a story, its columns mapped automatically (``columns``: the reader's
    changes, role → column, as ``python -m geo --columns`` gives them; ``year``: the year of dates
    written without one; ``messages``: the language of the problems, see :func:`story_from_records`).

    Examples
    --------
    >>> imported = import_story("t.csv", "Headline;Ngày;lat;long\\nHạ Long;15/12/2016;20,95;107,08\\n".encode())
    >>> imported.kind, imported.loaded.story.events[0].start.isoformat(), imported.loaded.story.story.language
    ('csv', '2016-12-15', 'vi')
    """
    read = read_file(name, raw, gazetteer=gazetteer, max_bytes=max_bytes, max_events=max_events, base_dir=base_dir)
    if read.story is not None:
        return Imported(read.story, read.kind)
    assert read.records is not None
    frame = read.records.frame
    mapping = map_columns(own_columns(frame), frame, overrides=columns)
    return story_from_records(read.records, mapping, dayfirst=dayfirst, language=language, gazetteer=gazetteer,
                              max_events=max_events, year=year, messages=messages)


def _table(file: str, raw: bytes, gazetteer: Gazetteer | None, max_bytes: int, max_events: int) -> Read:
    from geo.story.formats import REQUIRED_CSV, table_story_data
    from geo.story.tables import read_table

    table = read_table(raw, file, max_bytes=max_bytes, max_rows=max_events)
    frame = table.frame
    if set(REQUIRED_CSV) <= set(frame.columns):  # the app's own export: read back as it was written
        return Read(validate_story_data(table_story_data(table), gazetteer=gazetteer, max_events=max_events))
    kind = "xlsx" if file.lower().endswith(".xlsx") else "csv"
    return Read(records=Records(file, frame, kind, notes=list(table.notes)), kind=kind)


def _json(file: str, text: str, gazetteer: Gazetteer | None, max_bytes: int, max_events: int,
          base_dir: Path | None) -> Read:
    """A JSON story, a GeoJSON (the app's own export, or any other), or a JSON array of records."""
    from geo.story.formats import geojson_story_data

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if file.lower().endswith(".json"):  # a story written in JSON's YAML-ish relatives: YAML says what is wrong
            return Read(parse_story(text, file, base_dir=base_dir, gazetteer=gazetteer, max_bytes=max_bytes,
                                    max_events=max_events))
        raise StoryError.single(file, f"not valid JSON: {_json_problem(text, exc)}", exc.lineno, exc.colno) from None
    if isinstance(data, dict) and "type" not in data and "events" in data and "story" in data:
        return Read(parse_story(text, file, base_dir=base_dir, gazetteer=gazetteer, max_bytes=max_bytes,
                                max_events=max_events))
    if isinstance(data, dict) and data.get("type") in ("FeatureCollection", "Feature"):
        features = data.get("features") if data.get("type") == "FeatureCollection" else [data]
        if isinstance(features, list) and features and all(
                isinstance(f, dict) and isinstance(f.get("properties"), dict)
                and {"id", "layer", "title_vi", "title_en"} <= f["properties"].keys() for f in features):
            return Read(validate_story_data(geojson_story_data(text, file), gazetteer=gazetteer, max_events=max_events))
        records = read_gis_file(text.encode("utf-8"), file, max_bytes=max_bytes, max_records=max_events)
        return Read(records=records, kind=records.kind)
    knight = read_knight_lab(data, file)
    if knight is not None:
        return Read(records=knight, kind=knight.kind)
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        if len(data) > max_events:
            raise StoryError.single(file, f"the file has {len(data):,} records; the limit is {max_events:,}")
        frame = pd.json_normalize(data)
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="record")
        return Read(records=Records(file, frame, "json"), kind="json")
    raise StoryError.single(file, "this JSON is neither a story (with 'story', 'layers' and 'events'), a GeoJSON "
                                  "FeatureCollection, a TimelineJS or StoryMapJS story, nor a list of records", 1, 1)


def _json_problem(text: str, exc: json.JSONDecodeError) -> str:
    """What is wrong, saying so when the JSON stops before its end (a download or a copy cut short)."""
    if exc.pos >= len(text.rstrip()) - 1:
        return f"the file ends too soon, as if cut short (a download or a copy that stopped?): {exc.msg}"
    return exc.msg


def is_parquet_story(raw: bytes) -> bool:
    """Whether a Parquet file is a story (its head in the metadata), not any GeoParquet table."""
    import pyarrow.parquet as pq

    from geo.story.parquet_reader import HEAD_KEY

    try:
        return HEAD_KEY in (pq.read_schema(io.BytesIO(raw)).metadata or {})
    except (OSError, ValueError):
        return True  # not Parquet at all: the story reader says so
