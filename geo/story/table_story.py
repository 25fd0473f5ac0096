"""A table of records (a spreadsheet, a GIS file's features, a Knight Lab story's slides) made a story.

The columns are given roles (:mod:`geo.story.columns`), the dates read with the table's own rules
(:mod:`geo.story.table_dates`), and each row becomes an event in the story's one language: its title,
summary, layer, place (coordinates, a "latitude, longitude" pair in one column, a geometry, or a name
the offline gazetteer knows) and sources. A row with no place, a place nobody knows, or coordinates
that cannot be read, is kept aside as *not on the map*, with the reason; a row whose date cannot be
read is kept aside too, unless the whole column's choice mends it (the order of d/m/y, a year left
out): that is a problem located at its line or record, for the reader to settle. The result is plain story data with positions,
validated like any story (:func:`geo.story.load.validate_story_data`).

A table laid out as TimelineJS's Google Sheet keeps TimelineJS's meaning: its texts are HTML (made
plain text), its ``title`` row is the story's title and its ``era`` rows are periods, not events.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from geo.places.gazetteer import VIETNAMESE_SHORT_NAMES, Gazetteer, check_lon_lat, spelled_out
from geo.story.column_words import MESSAGES, both
from geo.story.columns import ColumnMapping, coordinate_of, coordinate_pair, fold_name, place_level, timelinejs_layout
from geo.story.dates import DateColumn, column_notes
from geo.story.errors import Problem
from geo.story.place_columns import place_from_parts
from geo.story.html_text import html_to_text, looks_like_html
from geo.story.records import has_shapes
from geo.story.table_dates import table_dates, zone_note
from geo.story.yaml_reader import LocatedData

Message = dict[str, str]
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442"]
# Letters only Vietnamese writes (not French's à, é, ê, ô…): đ, ă, ơ, ư, ĩ, ũ and the letters with a hook,
# a dot below or a tone over a circumflex or breve (U+1EA0–U+1EF9).
_VIETNAMESE = re.compile(r"[đăơưĩũ\u1ea0-\u1ef9]", re.I)


@dataclass(frozen=True)
class Unplaced:
    """A row kept out of the map, and why (in both languages)."""

    line: int
    title: str
    reason: Message


@dataclass
class TableStory:
    """What a table became: story data with positions, and what the reader should know."""

    located: LocatedData
    language: str
    dates: DateColumn
    unplaced: list[Unplaced] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)


def table_story(frame: pd.DataFrame, mapping: ColumnMapping, file: str, *, dayfirst: bool | None = None,
                language: str | None = None, title: str | None = None, order: list[int] | None = None,
                gazetteer: Gazetteer | None = None, year: int | None = None,
                messages: str | None = None) -> TableStory:
    """Story data from a table whose columns have roles.

    Parameters
    ----------
    frame
        One row per record; its index is the row's line (or record number), for messages.
        A ``geometry`` column (shapely geometries, EPSG:4326) places the rows that have one.
    mapping
        The columns' roles (``map_columns``, maybe with the reader's changes).
    dayfirst
        The order of d/m/y dates when the column leaves it open.
    language
        The texts' language (``vi`` or ``en``); guessed from the titles when not given.
    title
        The story's title (a file's own, e.g. a TimelineJS title slide); the file's name by default.
    order
        Tour order of the rows (StoryMapJS slides), else none.
    year
        The year of dates written without one ("December 15" on a StoryMapJS slide).
    messages
        The language of the problems (``vi`` or ``en``): the reader's; the texts' language by default.

    Examples
    --------
    >>> from geo.story.columns import map_columns
    >>> frame = pd.DataFrame({"Headline": ["Hà Nội"], "date": ["15/12/2016"], "lat": ["21.03"], "lng": ["105.85"]},
    ...                      index=pd.Index([2], name="line"))
    >>> made = table_story(frame, map_columns(frame.columns, frame), "t.csv")
    >>> event = made.located.data["events"][0]
    >>> event["start"], event["geometry"]["coordinates"], made.language
    ('2016-12-15', [105.85, 21.03], 'vi')
    """
    roles = mapping.roles
    gazetteer = _OncePerName(gazetteer if gazetteer is not None else Gazetteer.shipped())
    lines = [int(line) for line in frame.index]
    sheet = timelinejs_layout(frame.columns)  # TimelineJS's sheet: texts are HTML
    slides = [fold_name(v or "") for v in _values(frame, mapping.slide_type)]  # '' for every row without one
    if sheet:
        texts = [name for role, name in roles.items() if role in ("title", "summary", "place", "layer", "id")]
        frame = frame.assign(**{name: [_plain(v) for v in frame[name]] for name in texts if name in frame.columns})
    titles = _values(frame, roles.get("title"))
    if title is None and "title" in slides:  # TimelineJS's title slide: the story's title, not an event
        first = slides.index("title")
        title = _text(titles[first]) or _text(_values(frame, roles.get("summary"))[first])
    language = language or _language([t for t, kind in zip(titles, slides) if kind not in ("title", "era")])
    if year is not None and roles.get("date") in frame.columns:
        frame = frame.assign(**{roles["date"]: [_with_year(value, year) for value in frame[roles["date"]]]})
    dates_lang = "vi" if (messages or language) == "vi" else "en"
    dates = table_dates(frame, roles, dayfirst=dayfirst, lang=dates_lang)
    other: DateColumn | None = None  # the dates' problems in the other language, when a row has one
    date_column = roles.get("date") or roles.get("year")
    made = TableStory(LocatedData(None, file, {(): (1, 1)}), language, dates)
    positions = made.located._positions
    layers: dict[str, dict[str, Any]] = {}
    sources: dict[str, dict[str, Any]] = {}
    events: list[dict[str, Any]] = []
    ids: set[str] = set()
    column = {role: _values(frame, name) for role, name in roles.items()}
    parts = [_values(frame, name) for name in mapping.place_parts]
    said_of_places: dict[tuple[str, ...], list[int]] = {}  # a note on the place columns (place_from_parts) → its lines
    spelled: set[str] = set()  # Vietnamese abbreviations of places read
    geometries = frame["geometry"].tolist() if has_shapes(frame) else [None] * len(frame)
    levels = [place_level(name) for name in mapping.place_parts] or [place_level(roles.get("place") or "")]
    own = mapping.place_parts.index(roles["place"]) if parts else 0  # the place column among them
    for i, line in enumerate(lines):
        cell = {role: values[i] for role, values in column.items()}
        texts = [p[i] for p in parts] if parts else [cell.get("place")]
        if language == "vi":  # "HN": Hà Nội, not Honduras; in a country's column, "SG" is Singapore
            texts = [spelled_out(t) if isinstance(t, str) and level != 3 else (t, []) for t, level in zip(texts, levels)]
            spelled.update(short for _, said in texts for short in said)
            texts = [t for t, _ in texts]
        written = cell["place"] = texts[0]
        if parts:
            cell["place"], note, written = place_from_parts(texts, levels, own, gazetteer,
                                                            has_coordinates=_coordinates(cell)[0] is not None)
            if note:
                said_of_places.setdefault(note, []).append(line)
        named = _text(cell.get("title")) or _text(written)  # the place as written, not where it was put
        heading = named or (f"Dòng {line}" if language == "vi" else f"Row {line}")
        if slides and slides[i] == "title":
            continue
        if slides and slides[i] == "era":
            made.unplaced.append(Unplaced(line, named or "", both("era")))
            continue
        where, reason = _where(cell, geometries[i], gazetteer)
        if where is None:
            made.unplaced.append(Unplaced(line, named or "", reason))
            continue
        when = dates.values[i]
        if when.problem and when.problem_key is None:  # this row's own: kept aside, the others go on
            other = other or table_dates(frame, roles, dayfirst=dayfirst,
                                         lang="en" if dates_lang == "vi" else "vi")
            said = {dates_lang: when.problem, ("en" if dates_lang == "vi" else "vi"): other.values[i].problem}
            made.unplaced.append(Unplaced(line, named or "", {k: f"{date_column}: {v}" for k, v in said.items()}))
            continue
        if when.problem:  # the whole column's (the order of d/m/y, the year): the reader says
            made.problems.append(Problem(file, line, None, f"{date_column}: {when.problem}"))
            continue
        event: dict[str, Any] = {"id": _unique(_slug(_text(cell.get("id")) or heading) or f"row-{line}", ids),
                                 "layer": _layer(_text(cell.get("layer")), layers, language), "title": heading, **where}
        if "geometry" in where and _text(cell.get("place")):
            event["place_name"] = _text(cell.get("place"))  # the place given by coordinates keeps its name
        if when.start is not None:
            event["start"] = when.start.isoformat()
            if when.end is not None and when.end != when.start:
                event["end"] = when.end.isoformat()
            event["date_precision"] = when.precision or "day"
            if when.time is not None:
                event["time"] = when.time.strftime("%H:%M")
        if summary := _text(cell.get("summary")):
            event["summary"] = summary
        cited = [_source(url, sources) for url in (cell.get("url"), cell.get("source")) if _is_url(url)]
        if cited:
            event["sources"] = cited
        if order is not None:
            event["tour"] = {"order": order[i]}
        index = len(events)
        events.append(event)
        positions[("events", index)] = (line, 1)
        positions.update({("events", index, key): (line, 1) for key in event})
    if not layers:
        _layer(None, layers, language)
    for short in sorted(spelled):
        made.notes.append(both("short_name", short=short, name=VIETNAMESE_SHORT_NAMES[short]))
    for (key, name, at, *country), at_lines in said_of_places.items():
        made.notes.append({lang: MESSAGES[lang][key].format(name=name, at=at, lines=_lines(at_lines, lang),
                                                            country=dict(country[0])[lang] if country else "")
                           for lang in MESSAGES})
    story: dict[str, Any] = {"language": language, "default_language": language}
    if dates.notes:  # what the date column decided (its order, Excel day numbers), in both languages
        theirs = column_notes(frame[roles["date"]], dayfirst=dayfirst, lang="en" if dates_lang == "vi" else "vi")
        made.notes += [{dates_lang: mine, ("en" if dates_lang == "vi" else "vi"): other_words}
                       for mine, other_words in zip(dates.notes, theirs)]
    if dates.timezone is not None:  # the times gave UTC offsets: the zone they were put in
        story["timezone"] = dates.timezone
        made.notes.append(zone_note(dates))
    if title:
        story["title"] = title
    if sources:
        story["sources"] = list(sources.values())
    made.located.data = {"story": story, "layers": list(layers.values()), "events": events}
    return made


def _with_year(value: Any, year: int) -> Any:
    """A date written without a year ("December 15", "15/12") given ``year``; any other value as it is."""
    if not isinstance(value, str) or not value.strip() or re.search(r"\d{3,4}", value):
        return value
    return f"{value.strip()}/{year}" if re.fullmatch(r"\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*", value) else f"{value.strip()} {year}"


def _values(frame: pd.DataFrame, name: str | None) -> list[Any]:
    if name is None or name not in frame.columns:
        return [None] * len(frame)
    return [None if _blank(v) else v for v in frame[name].tolist()]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str | None:
    return None if _blank(value) else str(value).strip()


def _language(titles: list[Any]) -> str:
    """``vi`` when the titles are written in Vietnamese (its letters), else ``en``."""
    text = unicodedata.normalize("NFC", " ".join(str(t) for t in titles if t is not None))
    letters = sum(ch.isalpha() for ch in text)
    return "vi" if letters and len(_VIETNAMESE.findall(text)) >= 0.03 * letters else "en"


def _plain(value: Any) -> Any:
    """A TimelineJS text made plain text (its texts are HTML); any other value as it is."""
    if isinstance(value, str) and looks_like_html(value):
        return html_to_text(value) or None
    return value


class _OncePerName:
    """A gazetteer whose ``resolve`` looks each name up once: a table names the same places row after
    row (its place columns, then its rows' places, try the same names)."""

    def __init__(self, gazetteer: Gazetteer):
        self.resolve = functools.lru_cache(maxsize=None)(gazetteer.resolve)


def _lines(lines: list[int], lang: str) -> str:
    shown = ", ".join(str(n) for n in lines[:MAX_LINES_NAMED]) + (", …" if len(lines) > MAX_LINES_NAMED else "")
    return (f"dòng {shown}" if lang == "vi" else f"line{'s' if len(lines) > 1 else ''} {shown}")


MAX_LINES_NAMED = 8


def _where(cell: dict[str, Any], geometry: Any, gazetteer: Gazetteer) -> tuple[dict[str, Any] | None, Message]:
    """The event's place (a ``geometry`` or ``places``), or None and why it is not on the map.

    Coordinates win over a geometry and a place name; coordinates that cannot be read leave the row
    off the map with the cell's value, unless the row names a place."""
    from shapely import from_wkt
    from shapely.geometry import mapping

    lat, lon, unread = _coordinates(cell)
    if lat is not None and lon is not None:
        return _point(lat, lon)
    if unread and geometry is None and not _text(cell.get("wkt")) and not _text(cell.get("place")):
        return None, unread
    if geometry is None and _text(cell.get("wkt")):
        try:
            geometry = from_wkt(_text(cell.get("wkt")))
        except Exception:  # shapely raises GEOSException subclasses for any malformed WKT
            return None, {"vi": "cột WKT không đọc được", "en": "the WKT column cannot be read"}
    if geometry is not None and not geometry.is_empty:
        shape = mapping(geometry)
        return {"geometry": {"type": shape["type"], "coordinates": _lists(shape["coordinates"])}}, {}
    name = _text(cell.get("place"))
    if name is None:
        return None, {"vi": "không có địa điểm: thêm cột 'địa điểm' hoặc 'vĩ độ'/'kinh độ'",
                      "en": "no place: add a 'place' column, or 'latitude' and 'longitude'"}
    pair = coordinate_pair(name)  # a place column may give some rows as "lat, lon" instead of a name
    if pair is not None:
        return _point(*pair)
    names = [part.strip() for part in name.split(";") if part.strip()]
    unknown = [n for n in names if gazetteer.resolve(n) is None]
    if unknown:
        return None, {"vi": f"không tìm thấy địa điểm '{unknown[0]}' khi không có mạng: thêm vĩ độ/kinh độ",
                      "en": f"the place '{unknown[0]}' is not known offline: add latitude/longitude"}
    return {"places": names}, {}


def _point(lat: float, lon: float) -> tuple[dict[str, Any] | None, Message]:
    """A row's point, or why its latitude and longitude cannot be one (said for a table's columns)."""
    try:
        check_lon_lat(lon, lat)
    except ValueError:
        swapped = abs(lon) <= 90 and abs(lat) <= 180
        return None, {"vi": f"vĩ độ {lat:g}, kinh độ {lon:g} nằm ngoài trái đất (vĩ độ −90…90, kinh độ −180…180)"
                            + (": hai cột vĩ độ và kinh độ có bị đổi chỗ không?" if swapped else ""),
                      "en": f"latitude {lat:g}, longitude {lon:g} is off the globe (latitude −90…90, longitude "
                            f"−180…180)" + (": are the latitude and longitude swapped?" if swapped else "")}
    return {"geometry": {"type": "Point", "coordinates": [lon, lat]}}, {}


def _coordinates(cell: dict[str, Any]) -> tuple[float | None, float | None, Message]:
    """The row's latitude and longitude (from latitude/longitude, y/x, or one 'lat, lon' column),
    and why they cannot be read when a coordinate cell is filled but unusable ({} otherwise)."""
    for lat_role, lon_role in (("latitude", "longitude"), ("y", "x")):
        raw = {role: _text(cell.get(role)) for role in (lat_role, lon_role)}
        if raw[lat_role] is None and raw[lon_role] is None:
            continue
        read = {role: coordinate_of(cell.get(role), "latitude" if role == lat_role else "longitude")
                if raw[role] is not None else None for role in raw}
        if read[lat_role] is not None and read[lon_role] is not None:
            return read[lat_role], read[lon_role], {}
        for role in (lat_role, lon_role):
            if raw[role] is not None and read[role] is None:
                return None, None, both("not_a_number", role=role, value=raw[role])
        found, other = (lat_role, lon_role) if raw[lon_role] is None else (lon_role, lat_role)
        return None, None, both("one_coordinate", role=found, other=other, value=raw[found])
    raw_pair = _text(cell.get("coordinates"))
    if raw_pair is not None:
        pair = coordinate_pair(raw_pair)
        if pair is None:
            return None, None, both("bad_pair", value=raw_pair)
        return pair[0], pair[1], {}
    return None, None, {}


def _lists(coordinates: Any) -> Any:
    """GeoJSON coordinates as lists (shapely gives tuples)."""
    if isinstance(coordinates, (list, tuple)) and coordinates and isinstance(coordinates[0], (list, tuple)):
        return [_lists(c) for c in coordinates]
    return [float(c) for c in coordinates[:2]]


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower().replace("đ", "d")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60].strip("-")


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _layer(name: str | None, layers: dict[str, dict[str, Any]], language: str) -> str:
    """The id of the layer called ``name`` (made on first use); rows with none share one layer."""
    name = name or ("Sự kiện" if language == "vi" else "Events")
    if name not in layers:
        layer_id = _unique(_slug(name) or f"layer-{len(layers) + 1}", {layer["id"] for layer in layers.values()})
        layers[name] = {"id": layer_id, "name": name, "color": PALETTE[len(layers) % len(PALETTE)]}
    return layers[name]["id"]


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"https?://\S+", value.strip()) is not None


def _source(url: str, sources: dict[str, dict[str, Any]]) -> str:
    url = url.strip()
    if url not in sources:
        host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
        sources[url] = {"id": f"source-{len(sources) + 1}", "title": host or url, "url": url}
    return sources[url]["id"]
