"""Which column of a table is the date, the place, the title…: automatic column mapping.

Names are compared folded (case, accents, spaces, punctuation and underscores ignored), in English
and Vietnamese (and the usual French, Spanish and German headers), with the usual variants and
TimelineJS's template columns. Every choice carries a plain explanation in both languages, and says
"not used" for a column the story does not show (a picture, a displayed date); a user's choice
(``--columns date=event_date,lat=latitude``) wins. When values are given, latitude/longitude are
checked: swapped columns are swapped back and projected coordinates become x/y, each with a note.

A coordinate is read by :func:`coordinate_of` (a number with a decimal point or comma, or degrees,
minutes and seconds as map sites show them, ``34°22'14.2"N``, read with geopy's pattern), a
latitude-longitude pair in one column by :func:`coordinate_pair`.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import pandas as pd

from geo.story.column_words import (FORM_STAMPS, NO_ROLE_WORDS, NOT_WHERE_WORDS, PLACE_LEVELS, ROLE_ALIASES, ROLES,
                                    SYNONYMS, WHOLE_NAME_ONLY, both)
from geo.story.date_parts import is_blank, number_of
from geo.story.errors import StoryError
from geo.story.records import has_shapes

Message = dict[str, str]  # the same message in 'vi' and 'en'

# Roles recognised (so that their columns are not taken for another role or named as near-misses)
# whose values do not reach the story: :func:`geo.story.table_story.table_story` reads every other role.
NOT_SHOWN = frozenset({"end_time", "display_date", "media", "media_credit", "media_caption", "media_thumbnail"})
_DECIMAL = r"[-+]?\d+(?:[.,]\d+)?"
# "34.3706, 131.1826", "34.3706 131.1826", "34,3706; 131,1826", "(34.37, 131.18)"
_PAIR = re.compile(rf"[(\[]?\s*({_DECIMAL})\s*(?:[,;]\s*|\s+)({_DECIMAL})\s*[)\]]?")
# What degrees-minutes-seconds are written with: a degree sign, primes, quotes, a compass letter.
_DMS_MARK = re.compile(r"[°º˚′″'\"’”]|(?<![A-Za-z])[NSEWnsew](?![A-Za-z])")


@dataclass(frozen=True)
class ColumnGuess:
    """One role given to one column, and why (``how``: 'name', 'values' or 'override')."""

    role: str
    column: str
    how: str
    explanation: Message


@dataclass
class ColumnMapping:
    """The columns chosen for each role, with the reasons, notes and what is still missing.

    Attributes
    ----------
    roles : dict
        Role → column name, e.g. ``{'date': 'event_date', 'latitude': 'lat'}``.
    guesses : list of ColumnGuess
        One per role, in the order of the table's columns.
    notes : list of dict
        Other things the user should know ({'vi': …, 'en': …}): swapped or projected coordinates,
        near-misses (a column that almost has a known name).
    missing : list of dict
        What the story still lacks to be shown (a date, a place), each saying which column to add.
    unused : list of str
        Columns that were given no role.
    slide_type : str or None
        TimelineJS's Type column in a table laid out as TimelineJS's sheet: its 'title' row is the
        story's title, its 'era' rows are periods (neither is an event).
    place_parts : list of str
        The place column and the columns that say where it lies, finest first (``['Huyện', 'Tỉnh']``),
        read together as one place; empty when there is one place column.
    """

    roles: dict[str, str]
    guesses: list[ColumnGuess] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    missing: list[Message] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    slide_type: str | None = None
    place_parts: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        """Whether the table has a date of some kind and a place of some kind."""
        return not self.missing

    def explain(self, lang: str = "en") -> list[str]:
        """Every explanation, note and missing column in one language, for the page or the CLI; last,
        the columns not used that no note names."""
        named = " ".join(m.get("en", "") for m in self.notes)
        rest = [c for c in self.unused if f"'{c}'" not in named]
        tail = [both("unused", columns=", ".join(f"'{c}'" for c in rest))] if rest else []
        return [m[lang] for m in [g.explanation for g in self.guesses] + self.notes + self.missing + tail]


def fold_name(name: str) -> str:
    """A column name folded for comparison: ``'Ngày bắt đầu'`` → ``'ngaybatdau'``.

    Examples
    --------
    >>> [fold_name(n) for n in ["Start Date", "start_date", "Ngày bắt đầu", " Vĩ độ "]]
    ['startdate', 'startdate', 'ngaybatdau', 'vido']
    """
    text = unicodedata.normalize("NFKD", str(name).replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


def map_columns(columns: Iterable[str], frame: pd.DataFrame | None = None,
                overrides: Mapping[str, str | None] | None = None, *, join_places: bool = True) -> ColumnMapping:
    """Give each role (date, place, title…) the column that looks like it.

    Parameters
    ----------
    columns : iterable of str
        The table's column names, in order.
    frame : pandas.DataFrame, optional
        A sample of the table; with it, latitude/longitude ranges and day columns are checked.
    overrides : mapping, optional
        Role → column chosen by the user (see :func:`parse_column_overrides`); a column of None
        means "no column for this role". Wins over every guess.
    join_places : bool
        Whether the columns that say where the place lies are read with it (``place_parts``); never
        for a place column the user chose.

    Returns
    -------
    ColumnMapping

    Raises
    ------
    StoryError
        When an override names an unknown role or a column the table does not have.

    Examples
    --------
    >>> m = map_columns(["Headline", "lat", "long", "event_date"])
    >>> m.roles
    {'title': 'Headline', 'latitude': 'lat', 'longitude': 'long', 'date': 'event_date'}
    >>> m.explain("en")[1]
    "'lat'/'long' look like latitude/longitude — used"
    """
    columns = [str(c) for c in columns]
    chosen: dict[str, tuple[str, str]] = {}  # role -> (column, how)
    for role, column in _checked_overrides(overrides or {}, columns).items():
        chosen[role] = (column, "override")
    taken = {column for column, _ in chosen.values() if column is not None}
    timelinejs = timelinejs_layout(columns)
    notes: list[Message] = []
    for _, role, column in sorted(_candidates(columns), key=lambda c: -c[0]):
        if role in chosen or column in taken:
            continue
        if timelinejs and role == "layer" and fold_name(column) == "type":
            continue
        chosen[role] = (column, "name")
        taken.add(column)
    _fix_by_name(chosen)
    if frame is not None:
        notes += _fix_by_values(chosen, frame)
    roles = {r: c for r, (c, _) in sorted(chosen.items(), key=lambda i: _order(i[1][0], columns))
             if c is not None}
    guesses = _explain(chosen, roles)
    unused = [c for c in columns if c not in roles.values()]
    # TimelineJS's Type is 'title' or 'era', never a layer
    slide_type = next((c for c in unused if fold_name(c) == "type"), None) if timelinejs else None
    if slide_type is not None:
        notes.append(both("timelinejs_type", column=slide_type))
    shaped = frame is not None and has_shapes(frame) and frame["geometry"].notna().any()  # a GIS file's own places
    joined = join_places and not shaped and chosen.get("place", ("", ""))[1] != "override"
    parts = _place_parts(roles.get("place"), unused) if joined else []
    if parts:
        unused = [c for c in unused if c not in parts]
        notes.append(both("place_parts", parts=", ".join(f"'{c}'" for c in parts), example=_parts_example(parts, frame)))
    notes += _near_misses(roles, unused, frame)
    return ColumnMapping(roles, guesses, notes, _missing(roles, shaped), unused, slide_type, parts)


def timelinejs_layout(columns: Iterable[object]) -> bool:
    """Whether a table has TimelineJS's template columns (Year, Headline, Text…)."""
    return {"headline", "year", "text"} <= {fold_name(c) for c in columns}


def coordinate_of(value: object, role: str = "latitude") -> float | None:
    r"""A latitude or longitude (``role``) read from a cell: a number (a decimal point or comma), or
    degrees with minutes and seconds as map sites write them; None when it is neither.

    Degrees are read with geopy's pattern (:class:`geopy.point.Point`), without its wrapping of
    longitudes: a value out of range stays out of range, for the caller to refuse.

    Examples
    --------
    >>> [round(coordinate_of(v), 4) for v in ["34.3706", "34,3706", 34.3706, "34°22'14.2\"N", "34° 22.237' N"]]
    [34.3706, 34.3706, 34.3706, 34.3706, 34.3706]
    >>> round(coordinate_of("131°10'57.4\"W", "longitude"), 4), coordinate_of("34°N", "longitude")
    (-131.1826, None)
    >>> coordinate_of("near Nagato"), coordinate_of("34 N 5"), coordinate_of("")
    (None, None, None)
    """
    number = number_of(value)
    if number is not None or not isinstance(value, str):
        return number
    text = value.strip()
    if re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?", text, re.I):  # '34.', '.5', '3.4e1'
        return float(text)
    if not text or len(text) > 60 or not _DMS_MARK.search(text):
        return None
    latitude = role != "longitude"
    found = _degrees(f"{text}, 0" if latitude else f"0, {text}", text if latitude else None,
                     None if latitude else text)
    return None if found is None else found[0 if latitude else 1]


def coordinate_pair(value: object) -> tuple[float, float] | None:
    r"""(latitude, longitude) from one cell holding both: ``"34.3706, 131.1826"``, ``"34.3706 131.1826"``,
    with decimal commas ``"34,3706; 131,1826"``, or in degrees ``34°22'14.2"N 131°10'57.4"E``;
    None when the cell holds no such pair.

    Examples
    --------
    >>> [coordinate_pair(v) for v in ["34.3706, 131.1826", "34.3706 131.1826", "34,3706; 131,1826",
    ...                               "(34.37,131.18)", "34,3706, 131,1826"]]
    [(34.3706, 131.1826), (34.3706, 131.1826), (34.3706, 131.1826), (34.37, 131.18), (34.3706, 131.1826)]
    >>> [round(n, 4) for n in coordinate_pair("34°22'14.2\"N 131°10'57.4\"E")]
    [34.3706, 131.1826]
    >>> coordinate_pair("Nagato"), coordinate_pair(34.37), coordinate_pair("34.37")
    (None, None, None)
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if (match := _PAIR.fullmatch(text)) is not None:
        return float(match[1].replace(",", ".")), float(match[2].replace(",", "."))
    if len(text) > 120 or not _DMS_MARK.search(text):
        return None
    return _degrees(text)


def _degrees(text: str, latitude: str | None = None, longitude: str | None = None) -> tuple[float, float] | None:
    """(latitude, longitude) of a pair in degrees, minutes and seconds, read with geopy's pattern;
    ``latitude``/``longitude``: the text that half of the pair must be exactly (the other half is a
    filler). None when the text is not such a pair, or minutes or seconds are 60 or more."""
    from geopy.point import POINT_PATTERN, Point

    match = POINT_PATTERN.match(_dms_text(text))
    if match is None or match.start("latitude") != 0:
        return None
    for half, written in (("latitude", latitude), ("longitude", longitude)):
        if written is not None and match[half].strip() != _dms_text(written):
            return None
    out = []
    for half in ("latitude", "longitude"):
        minutes, seconds = float(match[f"{half}_arcminutes"] or 0), float(match[f"{half}_arcseconds"] or 0)
        if minutes >= 60 or seconds >= 60:
            return None
        out.append(Point.parse_degrees(match[f"{half}_degrees"], minutes, seconds,
                                       match[f"{half}_direction_front"] or match[f"{half}_direction_back"]))
    return out[0], out[1]


def _dms_text(text: str) -> str:
    """``text`` written as geopy's pattern reads degrees: ``°`` for its look-alikes, ``"`` for two
    primes, N/S/E/W in capitals."""
    text = re.sub(r"[º˚]", "°", text.strip()).replace("’", "'").replace("”", '"').replace("''", '"')
    return re.sub(r"(?<![A-Za-z])[nsew](?![A-Za-z])", lambda m: m[0].upper(), text)


def parse_column_overrides(text: str, columns: Iterable[str] | None = None, *, file: str = "--columns",
                           lang: str = "en") -> dict[str, str | None]:
    """Read a user's column choices: ``"date=event_date,lat=latitude"``.

    Roles may be written as their aliases (lat, lon, lng, headline, description…); a column name
    with a comma can be quoted, the whole item (``'"title=Name, full",date=when'``); ``place=`` (nothing after '=')
    means "no column for the place". With ``columns``, each name is checked against the table
    (case and accents ignored when that leaves one match).

    Raises
    ------
    StoryError
        For an item without '=', an unknown role or a column the table does not have.

    Examples
    --------
    >>> parse_column_overrides("date=event_date, lat = Latitude", ["event_date", "Latitude"])
    {'date': 'event_date', 'latitude': 'Latitude'}
    """
    out: dict[str, str | None] = {}
    items = next(csv.reader([text], skipinitialspace=True), [])
    for item in (i.strip() for i in items):
        if not item:
            continue
        if "=" not in item:
            raise StoryError.single(file, both("bad_override", item=item)[lang])
        role_text, column = (part.strip().strip('"') for part in item.split("=", 1))
        role = _role_named(role_text, file, lang)
        out[role] = column or None
    if columns is not None:
        out = _checked_overrides(out, [str(c) for c in columns], file=file, lang=lang)
    return out


def _role_named(text: str, file: str, lang: str) -> str:
    """The role a person wrote (a role, or one of its aliases, in any case)."""
    key = re.sub(r"[\s-]+", "_", text.strip().lower())
    role = ROLE_ALIASES.get(key, key)
    if role not in ROLES:
        raise StoryError.single(file, both("unknown_role", role=text, roles=", ".join(ROLES))[lang])
    return role


def _checked_overrides(overrides: Mapping[str, str | None], columns: list[str], *, file: str = "--columns",
                       lang: str = "en") -> dict[str, str | None]:
    """Overrides whose roles exist and whose columns are the table's (matched folded if need be)."""
    out = {}
    for role_text, column in overrides.items():
        role = _role_named(role_text, file, lang)
        if column is None or column in columns:
            out[role] = column
            continue
        matches = [c for c in columns if fold_name(c) == fold_name(column)]
        if len(matches) != 1:
            raise StoryError.single(file, both("unknown_column", column=column, role=role,
                                               columns=", ".join(columns))[lang])
        out[role] = matches[0]
    return out


def _tokens(name: str) -> list[str]:
    """A name's words, folded: 'eventDate' and 'event_date' are ['event', 'date']."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(name))
    return [t for t in (fold_name(w) for w in re.split(r"[^0-9A-Za-zÀ-ỹđĐ]+", spaced)) if t]


def _candidates(columns: list[str]) -> list[tuple[float, str, str]]:
    """(score, role, column) for every name match: a whole name beats its last word, which beats
    another word or two words together (Vietnamese writes "mô tả", "địa điểm" as two); earlier
    synonyms and earlier columns win ties. A form's own time stamp is a date only when nothing else is."""
    out = []
    for position, column in enumerate(columns):
        whole, words = fold_name(column), _tokens(column)
        pairs = [a + b for a, b in zip(words, words[1:])] if len(words) > 2 else []
        if NO_ROLE_WORDS & {whole, *words, *pairs}:
            continue
        for role, names in SYNONYMS.items():
            for rank, name in enumerate(names):
                if role == "date" and whole in FORM_STAMPS:
                    if name != "timestamp":
                        continue
                    score = 50
                elif whole == name:
                    score = 300
                elif name in WHOLE_NAME_ONLY or len(words) < 2:
                    continue
                elif words[-1] == name:
                    score = 200
                elif name in words or name in pairs:
                    score = 100
                else:
                    continue
                out.append((score - rank - position / 1000, role, column))
    return out


def place_level(column: str) -> float | None:
    """How fine a place a column names (:data:`PLACE_LEVELS`: 0 an address … 3 a country), -1 for a
    place of any size ('Place', 'Địa điểm'), None for no place. Words that are also common syllables
    ("Quận" and "quán", "Xã", "Nước") count as the whole name only.

    >>> [place_level(c) for c in ["Huyện", "Tên tỉnh", "Country", "Địa điểm", "Tên quán", "Origin country"]]
    [1, 2, 3, -1, None, None]
    """
    whole, words = fold_name(column), _tokens(column)
    if (NO_ROLE_WORDS | NOT_WHERE_WORDS) & {whole, *words}:  # "Email Address", "Origin country"
        return None
    if whole in PLACE_LEVELS:
        return PLACE_LEVELS[whole]
    last = words[-1] if len(words) > 1 else None
    if last in PLACE_LEVELS and last not in _SYLLABLES:
        return PLACE_LEVELS[last]
    return -1 if whole in SYNONYMS["place"] else None


_SYLLABLES = {"quan", "xa", "duong", "nuoc", "huyen", "land", "state", "town"}  # also ordinary words of headers


def _place_parts(place: str | None, unused: list[str]) -> list[str]:
    """The place column and the unused columns that say where it lies, finest first; [] when none do.
    A second column of the same level is left out (two towns are not one place)."""
    if place is None or place_level(place) is None:
        return []
    levels = {place: place_level(place)}
    for column in unused:
        level = place_level(column)
        if level is not None and level >= 0 and level not in levels.values():
            levels[column] = level
    return sorted(levels, key=lambda c: levels[c]) if len(levels) > 1 else []


def _parts_example(parts: list[str], frame: pd.DataFrame | None) -> str:
    """The first row's place as the columns make it ("Hội An, Quảng Nam"), or the columns' names."""
    if frame is not None and all(c in frame.columns for c in parts):
        for _, row in frame[parts].iterrows():
            texts: list[str] = []
            for text in (str(v).strip() for v in row.tolist() if not is_blank(v)):
                if re.fullmatch(r"[\d.,\s]+", text):  # a number is no part of a place name (Quận "1")
                    continue
                if not texts or not fold_name(texts[-1]).endswith(fold_name(text)):  # "New York, New York"
                    texts.append(text)
            if len(texts) > 1:
                return ", ".join(texts)
    return ", ".join(parts)


def _fix_by_name(chosen: dict[str, tuple[str, str]]) -> None:
    """A lone 'Day'/'Ngày' or 'time' column (no year, no date column) is a whole date: earthquake
    feeds call their timestamp 'time'."""
    if "year" in chosen and "day" not in chosen and fold_name(chosen.get("date", ("",))[0] or "") in ("ngay", "day"):
        chosen["day"] = chosen.pop("date")  # "Năm, Tháng, Ngày": Ngày is the day of the month
    for role, how in (("day", "day_as_date"), ("time", "time_as_date")):
        if role in chosen and "year" not in chosen and "date" not in chosen and chosen[role][1] == "name":
            chosen["date"] = (chosen.pop(role)[0], how)


def _fix_by_values(chosen: dict[str, tuple[str, str]], frame: pd.DataFrame) -> list[Message]:
    """Roles corrected by the values: whole dates in a day column, times in a date column,
    swapped or projected coordinates. Returns the notes for the corrections that have no guess."""
    notes: list[Message] = []
    values = {role: [v for v in frame[col].tolist() if not is_blank(v)] if col in frame.columns else []
              for role, (col, _) in chosen.items() if col is not None}
    day = values.get("day", [])
    if day and "date" not in chosen and chosen["day"][1] == "name" and any(
            (n := number_of(v)) is None or not 1 <= n <= 31 for v in day):
        chosen["date"] = (chosen.pop("day")[0], f"day_values:{day[0]}")
    date = values.get("date", [])
    if date and "time" not in chosen and chosen["date"][1] in ("name", "time_as_date") and all(
            re.fullmatch(r"\s*\d{1,2}[:h]\d{2}(:\d{2})?\s*([ap]\.?m\.?)?\s*", str(v), re.I) for v in date):
        chosen["time"] = (chosen.pop("date")[0], f"date_values:{date[0]}")
    lat_col, lon_col = chosen.get("latitude", (None,))[0], chosen.get("longitude", (None,))[0]
    if lat_col is None or lon_col is None:
        return notes
    lat = [n for v in values["latitude"] if (n := coordinate_of(v, "latitude")) is not None]
    lon = [n for v in values["longitude"] if (n := coordinate_of(v, "longitude")) is not None]
    if not lat or not lon:
        return notes
    lat_far, lon_far = max(lat, key=abs), max(lon, key=abs)
    if abs(lat_far) > 180 and abs(lon_far) > 180 and not {"x", "y"} & set(chosen):
        chosen["x"], chosen["y"] = (lon_col, "values"), (lat_col, "values")
        del chosen["latitude"], chosen["longitude"]
        notes.append(both("projected", lat=lat_col, lon=lon_col, example=_number(lat_far)))
    elif abs(lat_far) > 90 and abs(lon_far) <= 90:
        chosen["latitude"], chosen["longitude"] = (lon_col, "values"), (lat_col, "values")
        notes.append(both("swapped", lat=lat_col, lon=lon_col, example=_number(lat_far)))
    else:
        for role, column, far, limit in (("latitude", lat_col, lat_far, 90), ("longitude", lon_col, lon_far, 180)):
            if abs(far) > limit:
                notes.append(both("out_of_range", column=column, role=role, example=_number(far)))
    return notes


def _number(value: float) -> str:
    return f"{value:g}"


def _order(column: str | None, columns: list[str]) -> int:
    return columns.index(column) if column in columns else len(columns)


def _explain(chosen: dict[str, tuple[str, str]], roles: dict[str, str]) -> list[ColumnGuess]:
    """One explanation per role; latitude and longitude found by name are explained together."""
    pair = chosen.get("latitude", ("", ""))[1] == "name" and chosen.get("longitude", ("", ""))[1] == "name"
    out = []
    for role, column in roles.items():
        how = chosen[role][1]
        if role == "longitude" and pair:
            continue
        if role in NOT_SHOWN:
            text = both("not_shown", column=column, role=role)
        elif role == "latitude" and pair:
            text = both("pair", lat=column, lon=roles["longitude"])
        elif how == "override":
            text = both("override", column=column, role=role)
        elif how.startswith(("day_values:", "date_values:")):
            key, example = how.split(":", 1)
            text, how = both(key, column=column, example=example), "values"
        elif how in ("day_as_date", "time_as_date"):
            text, how = both(how, column=column), "name"
        elif how == "values":
            text = both("by_values", column=column, role=role)
        else:
            text = both("guess", column=column, role=role)
        out.append(ColumnGuess(role, column, how, text))
    return out


def _near_misses(roles: dict[str, str], unused: list[str], frame: pd.DataFrame | None = None) -> list[Message]:
    """Unused columns whose name is a near-miss of a role that has no column ('Lattitude').

    A column whose name is a known name (a second 'Event' when 'Title' is the title) is no near-miss
    of another role, and a column of sentences is never proposed as the id."""
    notes = []
    known = {name for names in SYNONYMS.values() for name in names}
    for column in unused:
        folded = fold_name(column)
        if folded in known:
            continue
        free_text = _free_text(frame, column)
        best = max(((difflib.SequenceMatcher(None, folded, name).ratio(), name, role)
                    for role, names in SYNONYMS.items() if role not in roles and not (role == "id" and free_text)
                    for name in names if len(name) >= 4), default=None)
        if best and best[0] >= 0.8:
            alias = {"latitude": "lat", "longitude": "lon"}.get(best[2], best[2])
            notes.append(both("near_miss", column=column, synonym=best[1], role=best[2], override=alias))
    return notes


def _free_text(frame: pd.DataFrame | None, column: str) -> bool:
    """Whether a column holds sentences rather than codes: most of its values have several words or
    are long."""
    if frame is None or column not in frame.columns:
        return False
    values = [str(v).strip() for v in frame[column].tolist() if not is_blank(v)]
    return bool(values) and 2 * sum(len(v.split()) >= 3 or len(v) > 40 for v in values) > len(values)


def _missing(roles: dict[str, str], shaped: bool = False) -> list[Message]:
    """What the story lacks to be shown: a date of some kind and a place of some kind (``shaped``:
    the records have their own shapes)."""
    out = []
    if not {"date", "year"} & set(roles):
        out.append(both("no_date"))
    has = set(roles)
    if not shaped and not ({"latitude", "longitude"} <= has or {"x", "y"} <= has or {"wkt", "place", "coordinates"} & has):
        for found, other, name in (("latitude", "longitude", "lon"), ("longitude", "latitude", "lat"),
                                   ("x", "y", "y"), ("y", "x", "x")):
            if found in has:
                out.append(both("half_pair", found=roles[found], role=found, other=other, name=name))
                break
        else:
            out.append(both("no_place"))
    return out
