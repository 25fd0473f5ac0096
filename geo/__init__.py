"""The functional core of the timeline map: story → validated models → GeoDataFrame → views.

Nothing here imports streamlit; ``app.py`` and ``pages/`` are a thin shell over it.
"""

from __future__ import annotations

from geo.errors import Problem, StoryError
from geo.export import csv_text, geojson_text, to_geojson
from geo.gazetteer import Gazetteer
from geo.geocode import geocode_story
from geo.story import LoadedStory, load_story, parse_story
from geo.timeline import day_label, select, story_days, visible_on

__all__ = [
    "Gazetteer", "LoadedStory", "Problem", "StoryError", "csv_text", "day_label", "geocode_story",
    "geojson_text", "load_story", "parse_story", "select", "story_days", "to_geojson", "visible_on",
]
