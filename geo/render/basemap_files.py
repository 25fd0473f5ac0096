"""The offline basemap's files under ``static/``, shared by the app's map and the one-file export."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

STATIC = Path(__file__).resolve().parents[2] / "static"

# (file, minimum zoom): the detailed East Asia layer is drawn from zoom 5 on.
BASEMAP_FILES = [("basemap/world.geojson", None), ("basemap/east-asia.geojson", 5)]
# Place names (scripts/build_labels.py): fetched by StoryMap.mapLabels, carried by the export.
LABELS_DIR = "basemap/labels/"


@lru_cache(maxsize=512)
def labels_file(name: str) -> Any:
    """A place-names file under :data:`LABELS_DIR` (``world.json``, ``cities/<tile>.json``), read once
    per process; shared, so never changed by its callers."""
    return json.loads((STATIC / LABELS_DIR / name).read_text(encoding="utf-8"))
