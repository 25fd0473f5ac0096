"""The functional core of the timeline map: story → validated models → GeoDataFrame → views.

Nothing here imports streamlit; ``app.py`` and ``pages/`` are a thin shell over it.

The names below are imported on first use (PEP 562), so that importing one module of the core
(``geo.story.yaml_reader`` in the server's main thread, say) does not import geopandas and folium too.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Problem": "geo.story.errors", "StoryError": "geo.story.errors",
    "csv_text": "geo.render.export", "geojson_text": "geo.render.export", "to_geojson": "geo.render.export",
    "Gazetteer": "geo.places.gazetteer",
    "geocode_story": "geo.places.geocode",
    "LoadedStory": "geo.story.load", "load_story": "geo.story.load", "parse_story": "geo.story.load",
    "day_label": "geo.timeline.days", "select": "geo.timeline.days", "story_days": "geo.timeline.days", "visible_on": "geo.timeline.days",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from geo.story.errors import Problem, StoryError
    from geo.render.export import csv_text, geojson_text, to_geojson
    from geo.places.gazetteer import Gazetteer
    from geo.places.geocode import geocode_story
    from geo.story.load import LoadedStory, load_story, parse_story
    from geo.timeline.days import day_label, select, story_days, visible_on


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
