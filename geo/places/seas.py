"""Seas and oceans found offline by name (English or Vietnamese): the map's own sea labels,
``geo/data/seas.tsv``, each at the anchor of its widest view. A storm story names "Biển Đông" or
"Vịnh Bắc Bộ" as often as a province."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from shapely.geometry import Point

from geo.places.gazetteer import Resolved, fold

SEAS = Path(__file__).resolve().parents[1] / "data" / "seas.tsv"


@lru_cache(maxsize=1)
def _seas() -> dict[str, tuple[dict[str, str], Point]]:
    """Folded name → the sea's names (``en``, ``vi``) and the point of its widest view's label."""
    rows = [row for row in csv.reader((line for line in SEAS.read_text(encoding="utf-8").splitlines()
                                       if line and not line.startswith("#")), delimiter="\t")]
    found: dict[str, tuple[dict[str, str], Point]] = {}
    for en, vi, lon, lat, min_zoom, _ in sorted(rows, key=lambda r: int(r[4])):  # the widest view first
        entry = ({"en": en, "vi": vi}, Point(float(lon), float(lat)))
        for name in (en, vi):
            found.setdefault(fold(name), entry)
    return found


def sea_lookup(name: str) -> Resolved | None:
    """A sea or ocean named ``name``, or None.

    >>> found = sea_lookup("Biển Đông")
    >>> found.names["en"], found.precision, (found.geometry.x, found.geometry.y)
    ('South China Sea', 'region', (114.0, 14.0))
    """
    entry = _seas().get(fold(name))
    if entry is None:
        return None
    names, point = entry
    return Resolved(name, None, dict(names), point, "region", "seas")
