"""Countries resolved offline to their outlines: the basemap's Natural Earth countries, by their
English name there, their CLDR names in English and Vietnamese (through Babel), the short names
people write (:data:`SHORT_NAMES`), and ISO codes written in capitals ("JP"; "Mỹ" is not "MY")."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from babel import Locale
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.places.gazetteer import Resolved, fold

WORLD = Path(__file__).resolve().parents[2] / "static" / "basemap" / "world.geojson"
# Natural Earth's short forms that CLDR writes otherwise (the rest match by name)
_NATURAL_EARTH = {"United States of America": "US", "Dem. Rep. Congo": "CD", "Congo": "CG", "Central African Rep.": "CF",
                  "Bosnia and Herz.": "BA", "Dominican Rep.": "DO", "Eq. Guinea": "GQ", "S. Sudan": "SS",
                  "Solomon Is.": "SB", "Czechia": "CZ", "Macedonia": "MK", "North Macedonia": "MK", "Myanmar": "MM",
                  "Côte d'Ivoire": "CI", "eSwatini": "SZ", "Falkland Is.": "FK", "Fr. S. Antarctic Lands": "TF",
                  "W. Sahara": "EH", "Timor-Leste": "TL", "Palestine": "PS", "Somaliland": None, "N. Cyprus": None,
                  "Kosovo": "XK", "Taiwan": "TW", "Vietnam": "VN", "Russia": "RU", "South Korea": "KR",
                  "North Korea": "KP", "Laos": "LA", "Syria": "SY", "Iran": "IR", "Bolivia": "BO", "Venezuela": "VE",
                  "Tanzania": "TZ", "Moldova": "MD", "Brunei": "BN"}
# What people call a country besides its CLDR name, in English and Vietnamese ("Mỹ" is the
# United States, "Anh" the United Kingdom, "Ý" Italy).
SHORT_NAMES = {
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "Anh", "Nước Anh", "Vương quốc Liên hiệp Anh"],
    "US": ["USA", "U.S.", "U.S.A.", "America", "Mỹ", "Nước Mỹ", "Hợp chúng quốc Hoa Kỳ"],
    "IT": ["Ý", "Nước Ý", "Italia"], "JP": ["Nhật"], "MM": ["Burma", "Miến Điện"], "CZ": ["Czech Republic", "Cộng hòa Séc"],
    "NL": ["Holland"], "KH": ["Cambodge", "Cam-pu-chia"], "AU": ["Úc", "Australia", "Ôxtrâylia"],
}


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    """ISO code (capitals) → the folded name of its country in :func:`_countries`."""
    return {code: fold(name) for code, name in Locale("en").territories.items() if code.isalpha()}


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[dict[str, str], BaseGeometry]]:
    """Folded name → the country's names (``en``, ``vi``) and outline."""
    english, vietnamese = Locale("en").territories, Locale("vi").territories
    codes = {fold(name): code for code, name in english.items() if code.isalpha()}
    found: dict[str, tuple[dict[str, str], BaseGeometry]] = {}
    for feature in json.loads(WORLD.read_text(encoding="utf-8"))["features"]:
        name = feature["properties"].get("name")
        if not name or not feature.get("geometry"):
            continue
        code = _NATURAL_EARTH.get(name, codes.get(fold(name)))
        names = {"en": english.get(code, name) if code else name, "vi": vietnamese.get(code, name) if code else name}
        entry = (names, shape(feature["geometry"]))
        for alias in {name, names["en"], names["vi"], *SHORT_NAMES.get(code, [])}:
            found.setdefault(fold(alias), entry)
    return found


def country_lookup(name: str) -> Resolved | None:
    """A country named ``name`` (``Japan``, ``Nhật Bản``, ``JP``), or None.

    Examples
    --------
    >>> found = country_lookup("Nhật Bản")
    >>> found.names, found.precision, round(found.geometry.centroid.x)
    ({'en': 'Japan', 'vi': 'Nhật Bản'}, 'country', 138)
    """
    written = name.strip()
    code = _codes().get(written) if written.isupper() and len(written) == 2 else None  # "JP"; "Mỹ" is no "MY"
    entry = _countries().get(code or fold(name))
    if entry is None:
        return None
    names, outline = entry
    return Resolved(name, None, dict(names), outline, "country", "country outlines")


@lru_cache(maxsize=1)
def _outlines() -> tuple[list[dict[str, str]], "STRtree"]:
    from shapely import STRtree

    entries = {names["en"]: (names, outline) for names, outline in _countries().values()}
    return [names for names, _ in entries.values()], STRtree([outline for _, outline in entries.values()])


def country_at(lon: float, lat: float) -> dict[str, str] | None:
    """The names (``en``, ``vi``) of the country whose outline holds the point (within ~10 km of
    it), or None.

    >>> country_at(139.69, 35.68), country_at(150.0, 0.0)
    ({'en': 'Japan', 'vi': 'Nhật Bản'}, None)
    """
    from shapely.geometry import Point

    names, tree = _outlines()
    point = Point(lon, lat)
    near = tree.query(point, predicate="dwithin", distance=0.1)
    if not len(near):
        return None
    return dict(names[min(near, key=lambda i: tree.geometries[i].distance(point))])
