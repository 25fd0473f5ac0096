"""Knight Lab stories as records: TimelineJS and StoryMapJS JSON.

A TimelineJS event becomes a row with the columns of TimelineJS's own spreadsheet template (Year,
Month, Day, Time, End Year, …, Headline, Text, Media, Group), so :func:`geo.story.columns.map_columns`
gives them their roles as it does for that template; TimelineJS has no places (a ``location`` an
event may carry is kept as a place column). A StoryMapJS slide becomes a row with its place as a
Point, in the slides' order (the tour). Texts are HTML in both: they are made plain text.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from shapely.geometry import Point

from geo.story.errors import Problem, StoryError
from geo.story.html_text import html_to_text
from geo.story.records import Records

TIMELINE_COLUMNS = ["Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
                    "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
                    "Media Thumbnail", "Group", "Location", "id"]
STORYMAP_COLUMNS = ["Headline", "Text", "Date", "Place", "Media", "Media Credit", "Media Caption"]
_TOO_MANY_PROBLEMS = 20


def looks_like_timelinejs(data: Any) -> bool:
    """Whether parsed JSON is a TimelineJS story: an object with a list of ``events`` whose items
    have a ``start_date`` or ``text`` (and not this app's own JSON story, which has ``story``).

    Examples
    --------
    >>> looks_like_timelinejs({"events": [{"start_date": {"year": 2016}}]}), looks_like_timelinejs([])
    (True, False)
    """
    if not isinstance(data, dict) or "story" in data or not isinstance(data.get("events"), list):
        return False
    events = data["events"]
    return any(isinstance(e, dict) and ("start_date" in e or "text" in e) for e in events) or \
        (not events and isinstance(data.get("title"), dict))


def looks_like_storymapjs(data: Any) -> bool:
    """Whether parsed JSON is a StoryMapJS story: ``{"storymap": {"slides": [...]}}``.

    Examples
    --------
    >>> looks_like_storymapjs({"storymap": {"slides": []}}), looks_like_storymapjs({"slides": 1})
    (True, False)
    """
    return isinstance(data, dict) and isinstance(data.get("storymap"), dict) \
        and isinstance(data["storymap"].get("slides"), list)


def read_knight_lab(data: Any, file: str) -> Records | None:
    """A TimelineJS or StoryMapJS story's records, or None when ``data`` is neither.

    Raises
    ------
    StoryError
        The story's shape is wrong (naming the event or slide and the field).
    """
    if looks_like_storymapjs(data):
        return read_storymapjs(data, file)
    if looks_like_timelinejs(data):
        return read_timelinejs(data, file)
    return None


def read_timelinejs(data: dict[str, Any], file: str) -> Records:
    """TimelineJS JSON as records: one row per event, the template's column names.

    Parameters
    ----------
    data
        The parsed JSON: ``{"title": {...}, "events": [...], "eras": [...]}``.
    file
        The file's name, for messages.

    Returns
    -------
    Records
        ``kind='timelinejs'``; the index ``record`` is the event's number (1-based, in the file's
        order); ``title`` is the title slide's headline, as plain text; no geometry column unless
        an event has a location with ``lat``/``lon``.

    Raises
    ------
    StoryError
        An event that is not an object, without a start date, or with a date part that is not a
        whole number in range (``event 3: start_date.month: 13 is not a month``).

    Examples
    --------
    >>> r = read_timelinejs({"events": [{"start_date": {"year": "2016", "month": "12", "day": 15},
    ...                                  "text": {"headline": "<b>Nagato</b>"}}]}, "t.json")
    >>> r.frame.loc[1, ["Year", "Month", "Day", "Headline"]].tolist()
    [2016, 12, 15, 'Nagato']
    """
    if not isinstance(data.get("events"), list):
        raise StoryError.single(file, "TimelineJS: 'events' should be a list of events")
    problems: list[Problem] = []
    rows = []
    for number, event in enumerate(data["events"], 1):
        where = f"event {number}"
        if not isinstance(event, dict):
            problems.append(Problem(file, None, None, f"{where}: should be an object with start_date and text"))
            continue
        rows.append(_timeline_row(event, where, file, problems))
    _raise(problems)
    frame = pd.DataFrame(rows, columns=TIMELINE_COLUMNS, dtype=object)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="record")
    notes = [_note(f"{len(frame)} sự kiện TimelineJS", f"{len(frame)} TimelineJS events")]
    places = [_location_point(event) for event in data["events"]]
    if any(place is not None for place in places):
        frame["geometry"] = places
    eras = data.get("eras")
    if isinstance(eras, list) and eras:
        notes.append(_note(f"{len(eras)} thời kỳ (eras) của TimelineJS không phải sự kiện: không đọc",
                           f"{len(eras)} TimelineJS eras are periods, not events: not read"))
    # The template's columns that no event uses are left out, as a spreadsheet would leave them blank.
    frame = frame[[c for c in frame.columns if c in ("Year", "Headline") or frame[c].notna().any()]]
    title = _title(data.get("title"))
    return Records(file, frame, "timelinejs", notes, None, title)


def read_storymapjs(data: dict[str, Any], file: str) -> Records:
    """StoryMapJS JSON as records: one row per slide after the overview, in the slides' order.

    Parameters
    ----------
    data
        The parsed JSON: ``{"storymap": {"slides": [{"type": "overview", ...}, {...}]}}``.
    file
        The file's name, for messages.

    Returns
    -------
    Records
        ``kind='storymapjs'``; the index ``record`` is the slide's number in the file (1-based, the
        overview counted); ``order`` is the tour (1, 2, … in the slides' order); ``title`` the
        overview's headline. Columns Headline, Text (plain text), Date (the slide's free text),
        Place (the location's name), Media…, and ``geometry``: a Point, or None for a slide
        without a location.

    Raises
    ------
    StoryError
        A slide that is not an object, or a location whose lat/lon are not numbers in range; a
        StoryMap drawn on a picture (gigapixel), whose places are not on the Earth.
    """
    storymap = data["storymap"]
    if storymap.get("map_as_image") or storymap.get("map_type") in ("zoomify", "gigapixel"):
        raise StoryError.single(file, "StoryMapJS: this story is drawn on a picture (gigapixel), not on a map: "
                                      "its places are points of the picture, not of the Earth")
    problems: list[Problem] = []
    rows, numbers, title, notes = [], [], None, []
    for number, slide in enumerate(storymap["slides"], 1):
        where = f"slide {number}"
        if not isinstance(slide, dict):
            problems.append(Problem(file, None, None, f"{where}: should be an object with text and location"))
            continue
        text = _mapping(slide, "text", where, file, problems)
        if slide.get("type") == "overview":
            title = title or _plain(text.get("headline")) or None
            continue
        location = _mapping(slide, "location", where, file, problems)
        media = _mapping(slide, "media", where, file, problems)
        rows.append({"Headline": _plain(text.get("headline")), "Text": _plain(text.get("text")),
                     "Date": _plain(slide.get("date")), "Place": _plain(location.get("name")),
                     "Media": _plain(media.get("url")), "Media Credit": _plain(media.get("credit")),
                     "Media Caption": _plain(media.get("caption")),
                     "geometry": _slide_point(location, where, file, problems)})
        numbers.append(number)
    _raise(problems)
    frame = pd.DataFrame(rows, columns=STORYMAP_COLUMNS + ["geometry"], dtype=object)
    frame.index = pd.Index(numbers, name="record", dtype="int64")
    keep = [c for c in frame.columns if c in ("geometry", "Headline") or frame[c].notna().any()]
    frame = frame[keep]
    unplaced = int(frame["geometry"].isna().sum())
    notes.append(_note(f"{len(frame)} trang StoryMapJS, theo thứ tự của chuyến tham quan",
                       f"{len(frame)} StoryMapJS slides, in the tour's order"))
    if unplaced:
        notes.append(_note(f"{unplaced} trang không có vị trí trên bản đồ",
                           f"{unplaced} slide(s) without a place on the map"))
    return Records(file, frame, "storymapjs", notes, list(range(1, len(frame) + 1)), title)


def _timeline_row(event: dict[str, Any], where: str, file: str, problems: list[Problem]) -> dict[str, Any]:
    """One TimelineJS event as a row of the template's columns."""
    start = _mapping(event, "start_date", where, file, problems)
    if "start_date" not in event or "year" not in start:
        problems.append(Problem(file, None, None, f"{where}: start_date: missing (TimelineJS needs a start date "
                                                  "with at least a year)"))
    end = _mapping(event, "end_date", where, file, problems)
    text = _mapping(event, "text", where, file, problems)
    media = _mapping(event, "media", where, file, problems)
    parts = {}
    for prefix, date, field in (("", start, "start_date"), ("End ", end, "end_date")):
        for key, low, high in (("year", None, None), ("month", 1, 12), ("day", 1, 31)):
            parts[prefix + key.title()] = _whole(date.get(key), low, high, f"{where}: {field}.{key}", file, problems)
        parts[prefix + "Time"] = _clock(date, f"{where}: {field}", file, problems)
    display = event.get("display_date") or start.get("display_date")
    location = event.get("location", event.get("Location"))
    place = location.get("name") if isinstance(location, dict) else location
    return {**parts, "Display Date": _plain(display), "Headline": _plain(text.get("headline")),
            "Text": _plain(text.get("text")), "Media": _plain(media.get("url")),
            "Media Credit": _plain(media.get("credit")), "Media Caption": _plain(media.get("caption")),
            "Media Thumbnail": _plain(media.get("thumbnail")), "Group": _plain(event.get("group")),
            "Location": _plain(place), "id": _plain(event.get("unique_id"))}


def _mapping(owner: dict[str, Any], key: str, where: str, file: str, problems: list[Problem]) -> dict[str, Any]:
    """``owner[key]`` when it is an object; {} when absent; a problem when it is something else."""
    value = owner.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(Problem(file, None, None, f"{where}: {key}: should be an object, not {_shown(value)}"))
        return {}
    return value


def _whole(value: Any, low: int | None, high: int | None, where: str, file: str,
           problems: list[Problem]) -> int | None:
    """A date part as a whole number (TimelineJS writes them as numbers or strings), checked in range."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or number != int(number) or \
            (low is not None and not low <= number <= (high or number)):
        name = where.rsplit(".", 1)[-1]
        problems.append(Problem(file, None, None, f"{where}: {_shown(value)} is not a valid {name}"))
        return None
    return int(number)


def _clock(date: dict[str, Any], where: str, file: str, problems: list[Problem]) -> str | None:
    """The date's hour/minute/second as 'HH:MM' (or 'HH:MM:SS'), as the template's Time column."""
    hour = _whole(date.get("hour"), 0, 23, f"{where}.hour", file, problems)
    minute = _whole(date.get("minute"), 0, 59, f"{where}.minute", file, problems)
    second = _whole(date.get("second"), 0, 59, f"{where}.second", file, problems)
    if hour is None:
        return None
    return f"{hour:02d}:{minute or 0:02d}" + (f":{second:02d}" if second else "")


def _slide_point(location: dict[str, Any], where: str, file: str, problems: list[Problem]) -> Point | None:
    """The slide's location as a Point, None without one."""
    lat, lon = location.get("lat"), location.get("lon")
    if lat is None and lon is None:
        return None
    point = _point(lat, lon)
    if point is None:
        problems.append(Problem(file, None, None, f"{where}: location: lat {_shown(lat)} and lon {_shown(lon)} "
                                                  "should be numbers, latitude within ±90 and longitude within ±180"))
    return point


def _point(lat: Any, lon: Any) -> Point | None:
    """A lon/lat Point from values that may be numbers or numeric strings; None when not usable."""
    try:
        y, x = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if isinstance(lat, bool) or isinstance(lon, bool) or not (math.isfinite(x) and math.isfinite(y)) \
            or abs(y) > 90 or abs(x) > 180:
        return None
    return Point(x, y)


def _location_point(event: dict[str, Any]) -> Point | None:
    """A TimelineJS event's optional ``location`` with lat/lon (not in TimelineJS's schema, but kept)."""
    location = event.get("location", event.get("Location"))
    if isinstance(location, dict) and ("lat" in location or "lon" in location):
        return _point(location.get("lat"), location.get("lon"))
    return None


def _title(title: Any) -> str | None:
    """The title slide's headline (or its text when it has none), as plain text."""
    if not isinstance(title, dict):
        return None
    text = title.get("text") if isinstance(title.get("text"), dict) else {}
    return _plain(text.get("headline")) or _plain(text.get("text"))


def _plain(value: Any) -> str | None:
    """A text field as plain text (Knight Lab texts are HTML); None when blank."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return html_to_text(str(value)) or None


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__.replace("dict", "an object")
    return text if len(text) <= 40 else text[:37] + "..."


def _note(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise StoryError(problems[:_TOO_MANY_PROBLEMS])
