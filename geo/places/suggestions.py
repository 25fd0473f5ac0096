"""The places a sentence names, suggested offline for the editor (``geo.story.draft``).

**Place suggestions** scan a sentence's words, longest run first (up to :data:`MAX_WORDS` words),
for a name the gazetteer knows (any language), then a country (Natural Earth outlines, CLDR names),
then a city of the GeoNames index. Each is one dictionary look-up or one bisection of a folded
name, so a sentence costs ~100 look-ups (well under a millisecond each). A run must start with a
capital letter (names of places are written so in vi and en); a country or a city must have every
word capitalised ("Hòa bình", peace, is not the city Hòa Bình), a one-word city must be at least
four letters long (the index knows towns called "Of" or "Ban") and a two-letter country code must
be written in capitals ("Mr" is not Mauritania).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from geo.places.gazetteer import Gazetteer, Resolved, coarsest, fold

MAX_WORDS = 4
_WORD = re.compile(r"[^\W\d_][\w'’.]*", re.UNICODE)  # a word: letters first; dots kept (St.)
_COORDS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[,; ]\s*(-?\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Suggestion:
    """A place a sentence names: the words as written, the name to use, and where it is."""

    words: str
    name: str
    precision: str
    lon: float
    lat: float
    source: str  # "gazetteer", "country outlines", "city database", "online"


def _point(found: Resolved) -> tuple[float, float]:
    geom = found.geometry
    point = geom if geom.geom_type == "Point" else geom.representative_point()
    return round(point.x, 5), round(point.y, 5)


def place_suggestions(text: str, gazetteer: Gazetteer, *, online: Any | None = None) -> list[Suggestion]:
    """The places ``text`` names, in the order they appear, each once.

    ``online`` (an :class:`geo.places.online_geocoder` geocoder, only when the reader allows it)
    is asked about capitalised runs of words nothing offline knows.

    Examples
    --------
    >>> [(s.name, s.precision) for s in place_suggestions("Abe gặp Putin ở Hà Nội rồi bay tới Tokyo.", Gazetteer.shipped())]
    [('Hà Nội', 'city'), ('Tokyo', 'city')]
    """
    matches = list(_WORD.finditer(text))
    words = [m.group(0).rstrip(".") for m in matches]
    # a word after a hyphen (Tô-ki-ô, Nga-Nhật) may be written in lower case within a name
    joined = [m.start() > 0 and text[m.start() - 1] == "-" for m in matches]
    found: list[Suggestion] = []
    seen: set[str] = set()
    i = 0
    while i < len(words):
        hit = None
        if words[i][:1].isupper():
            for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                phrase = " ".join(words[i:i + n])
                capitals = all(w[:1].isupper() or j for w, j in zip(words[i:i + n], joined[i:i + n]))
                hit = _offline(phrase, n, gazetteer, capitals)
                if hit is None and online is not None and n == 1:
                    hit = _online(phrase, online)
                if hit is not None:
                    written = text[matches[i].start():matches[i + n - 1].start() + len(words[i + n - 1])]
                    # the place cell gets the name as the sentence writes it (it resolves the same way), an
                    # online find its coordinates
                    name = hit.name if hit.source == "online" else written
                    hit = Suggestion(written, name, hit.precision, hit.lon, hit.lat, hit.source)
                    i += n
                    break
        if hit is None:
            i += 1
            continue
        key = f"{hit.name}|{hit.lon}|{hit.lat}"
        if key not in seen:
            seen.add(key)
            found.append(hit)
    return found


def _offline(phrase: str, n: int, gazetteer: Gazetteer, capitals: bool) -> Suggestion | None:
    found = gazetteer.resolve(phrase, cities=False)
    if found is None and capitals:
        from geo.places.countries import country_lookup
        from geo.places.gazetteer import city_database_lookup

        if len(fold(phrase)) > 2 or phrase.isupper():  # "Mr", "At", "Có" are no country codes
            found = country_lookup(phrase)
        if found is None and (n > 1 or len(phrase) >= 4):
            found = city_database_lookup(phrase)
    if found is None:
        return None
    lon, lat = _point(found)
    name = found.names.get("en") or phrase
    if found.place_id is not None:  # the gazetteer's English name, where it leads back to the same place
        known = gazetteer.lookup(name)
        name = name if known is not None and known.id == found.place_id else found.place_id
    return Suggestion(phrase, name, found.precision, lon, lat, found.method)


def _online(phrase: str, online: Any) -> Suggestion | None:
    try:
        found = online(phrase)
    except Exception:  # the network is optional: a failure is no suggestion
        return None
    if found is None:
        return None
    lon, lat = _point(found)
    return Suggestion(phrase, f"{lat}, {lon}", found.precision, lon, lat, "online")


def place_precision(cell: str, gazetteer: Gazetteer) -> str:
    """The precision a place cell gives (``venue``, ``city``, ``island``, ``region``, ``country``,
    ``point`` for coordinates), or ``""`` when it is empty or unknown offline. Several places
    (``nagato; yamaguchi-prefecture``) give the coarsest of theirs, as the map's geocoding does."""
    cell = (cell or "").strip()
    if not cell:
        return ""
    if coordinates(cell) is not None:
        return "point"
    found = [gazetteer.resolve(part.strip()) for part in cell.split(";") if part.strip()]
    if not found or any(hit is None for hit in found):
        return ""
    return coarsest(hit.precision for hit in found)


def coordinates(cell: str) -> tuple[float, float] | None:
    """``"lat, lon"`` (as a map click writes it) → (lon, lat), or None for a name."""
    match = _COORDS.match(cell or "")
    if not match:
        return None
    lat, lon = float(match.group(1)), float(match.group(2))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lon, lat


def coordinates_text(lat: float, lon: float) -> str:
    """A point as a place cell holds it: ``"lat, lon"``, five decimals."""
    return f"{lat:.5f}, {lon:.5f}"


def place_point(cell: str, gazetteer: Gazetteer) -> tuple[float, float] | None:
    """Where a place cell points, as (lon, lat): its coordinates, or the place the gazetteer knows
    by that name (the first of several, ``;``-separated); None when unknown offline.

    >>> place_point("21.028, 105.854", Gazetteer.shipped()), place_point("Tokyo", Gazetteer.shipped()) is not None
    ((105.854, 21.028), True)
    """
    point = coordinates(cell)
    if point is not None:
        return point
    first = (cell or "").split(";")[0].strip()
    found = gazetteer.resolve(first) if first else None
    return _point(found) if found is not None else None
