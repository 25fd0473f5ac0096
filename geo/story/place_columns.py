"""A row's place from several place columns, read together: a town with its province, state or
country ("Hội An, Quảng Nam", "Paris, Texas, United States"). :mod:`geo.story.table_story` calls
:func:`place_from_parts` for each row of a table whose columns :mod:`geo.story.columns` found to name
where a place lies (``ColumnMapping.place_parts``)."""

from __future__ import annotations

import re
from typing import Any

from geo.places.gazetteer import Gazetteer, fold
from geo.story.column_words import NOT_PLACES
from geo.story.columns import coordinate_pair
from geo.story.date_parts import is_blank


def place_from_parts(texts: list[Any], levels: list[float | None], own: int, gazetteer: Gazetteer, *,
                     has_coordinates: bool = False) -> tuple[str | None, tuple | None, str | None]:
    """A row's place from its place columns (``mapping.place_parts``, smallest first, of these
    ``levels``; ``own`` is the place column's index), a note on it (or None: a message key of
    :data:`~geo.story.column_words.MESSAGES` and its values), and the place as the row writes it, to
    name the row by when it has no title. A row with coordinates (``has_coordinates``) is placed by
    them: its place columns only name it.

    Never less than the place column alone, which is what was read before the columns were joined;
    more only where the databases confirm where a place lies ("Hội An, Quảng Nam": a town within
    150 km of its province's main town, or inside its country's outline):

    * the whole, when confirmed; else without the parts no database knows (a French département);
    * a place column that is not the smallest part ("Tỉnh"): the smallest confirmed part from it up
      ("Cát Cát, Lào Cai" at Lào Cai, with a note);
    * a place column known alone, but in another country than a confirmed larger place after it
      ("Paris" with "Texas, United States"; "Downtown" with "Houston, Texas"): that larger place, with
      a note; in the same country, its own dot (a region is known by its main town only: Alice
      Springs is 1,300 km from Darwin); with a note to check it when the one larger part after it is
      a province or a country it does not lie in ("Berlin" with "Kenya");
    * a place column not known: the smallest confirmed larger place ("Madison Square Garden, New
      York, USA": New York), or a town or a province alone ("Arena", "Dallas"; a county only when
      the region index knows it: "Norfolk" is no English county there, but a town in Virginia); a
      country alone is too coarse a dot.

    Left out: a "lat, lon" pair in the place column is the place; empty and repeated parts,
    continents and compass points ("South") unless what follows confirms them ("Centre, Burkina
    Faso"), numbers, and a code that is a country's in a column
    that is not the country's ("VA" is the Vatican's); a country's code is written as its name."""
    own_text = _text(texts[own])
    if own_text and coordinate_pair(own_text) is not None:
        return own_text, None, own_text
    kept: list[tuple[str, float | None, bool]] = []  # (text, level, is the place column's)
    for index, (value, level) in enumerate(zip(texts, levels)):
        text = _text(value)
        if not text or re.fullmatch(r"[\d.,\s]+", text):
            continue
        if kept and fold(kept[-1][0]).endswith(fold(text)):  # "Paris, France" and "France"
            continue
        if len(text) <= 3 and text.isupper():
            code = gazetteer.resolve(text)
            if code is not None and code.precision == "country":
                if level != 3:  # "VA": Virginia, not the Vatican
                    continue
                text = code.names["en"] if len(text) == 2 else text  # "VN": read as a code alone, not after a comma
        kept.append((text, level, index == own))
    # A continent or a compass point ("Asia", "South") is a place only where what follows confirms it
    # ("Centre, Burkina Faso"): "Tokyo, Asia" is not in a town of the Philippines.
    kept = [part for k, part in enumerate(kept) if fold(part[0]) not in NOT_PLACES
            or (k + 1 < len(kept) and gazetteer.resolve(", ".join(p[0] for p in kept[k:])) is not None)]
    names = [text for text, _, _ in kept]
    if len(kept) < 2 or has_coordinates or any(";" in n for n in names):
        mine = next((text for text, _, is_own in kept if is_own), None)
        # without the place column's own (blank, or "Sud"), a smaller part; a country alone is too coarse
        place = mine or next((text for text, level, _ in kept if (level or 0) < 3), None)
        return place, None, place
    whole = ", ".join(names)

    def known(parts: list[str]) -> Any:
        return gazetteer.resolve(", ".join(parts))

    if known(names) is not None:
        return whole, None, whole
    alone = [names[0]] + [n for n in names[1:] if known([n]) is not None]
    if 1 < len(alone) < len(names) and known(alone) is not None:
        return ", ".join(alone), None, whole
    at = next((k for k, (_, _, mine) in enumerate(kept) if mine), None)
    mine = known([names[at]]) if at is not None else None
    if mine is not None:
        for k in range(1, at + 1):  # a larger place column: its smallest confirmed part
            if known(names[k:]) is not None:
                return ", ".join(names[k:]), ("placed_within", ", ".join(names[:k]), ", ".join(names[k:])), whole
        for k in range(at + 1, len(names) - 1):  # a confirmed larger place after it, in another country
            around = known(names[k:])
            if around is not None and _far_from_the_country_of(mine, around):
                rest = ", ".join(names[k:])
                return rest, ("placed_within", ", ".join(names[:k]), rest), whole
        last, level = names[-1], kept[-1][1]
        around = known([last]) if at == len(names) - 2 else None
        country = _country_of(mine)
        if (around is not None and mine.precision != "country" and country is not None
                and (around.precision == "region" or (around.precision == "country" and level == 3))
                and _far_from_the_country_of(mine, around)):
            return names[at], ("found_elsewhere", names[at], last, tuple(country.items())), names[at]
        return names[at], None, names[at]
    for k in range(1, len(kept)):  # the place column is not known: the smallest confirmed larger place
        rest = names[k:]
        found = known(rest)
        level = kept[k][1] or 0  # one part alone: a town (what a City column gives alone), or a province
        if found is not None and (len(rest) > 1 or 1 <= level < 1.5 or (1.5 <= level < 3 and _a_region(rest[0], found))):
            return ", ".join(rest), ("placed_within", ", ".join(names[:k]), ", ".join(rest)), whole
    return whole, None, whole


def _a_region(name: str, found: Any) -> bool:
    """Whether ``name``, found as ``found``, is a province, state or region (or its main town, which
    goes by its name: "Lào Cai")."""
    from geo.places.city_index import shipped_region_index

    return found.precision == "region" or shipped_region_index().get(fold(name)) is not None


BORDER_DEGREES = 0.5  # how far outside its country's outline a town may lie and still be taken as in it


def _far_from_the_country_of(place: Any, around: Any) -> bool:
    """Whether ``place`` lies well outside the country ``around`` lies in: the outlines are coarse
    (El Paso falls in Mexico, Görlitz in Poland), so a town within :data:`BORDER_DEGREES` of it is in it."""
    from geo.places.countries import country_lookup

    theirs = _country_of(around)
    outline = country_lookup(theirs["en"]) if theirs is not None else None
    if outline is None or place.precision == "country":
        return False
    return not outline.geometry.buffer(BORDER_DEGREES).contains(place.geometry.representative_point())


def _country_of(place: Any) -> dict[str, str] | None:
    from geo.places.countries import country_at

    point = place.geometry.representative_point()
    return country_at(point.x, point.y)


def _text(value: Any) -> str | None:
    return None if is_blank(value) else str(value).strip()
