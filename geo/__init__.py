"""The functional core of the timeline map: story → validated models → GeoDataFrame → views.

Nothing here imports streamlit; ``app.py`` and ``pages/`` are a thin shell over it.

The names below are imported on first use (PEP 562), so that importing one module of the core
(``geo.yaml_source`` in the server's main thread, say) does not import geopandas and folium too.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Problem": "geo.errors", "StoryError": "geo.errors",
    "csv_text": "geo.export", "geojson_text": "geo.export", "to_geojson": "geo.export",
    "Gazetteer": "geo.gazetteer",
    "geocode_story": "geo.geocode",
    "LoadedStory": "geo.story", "load_story": "geo.story", "parse_story": "geo.story",
    "day_label": "geo.timeline", "select": "geo.timeline", "story_days": "geo.timeline", "visible_on": "geo.timeline",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from geo.errors import Problem, StoryError
    from geo.export import csv_text, geojson_text, to_geojson
    from geo.gazetteer import Gazetteer
    from geo.geocode import geocode_story
    from geo.story import LoadedStory, load_story, parse_story
    from geo.timeline import day_label, select, story_days, visible_on


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
