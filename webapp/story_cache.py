"""Loading the shown story once per process (Streamlit caches), and showing its problems plainly."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import streamlit as st

from geo.errors import StoryError
from geo.geocode import geocode_story
from geo.i18n import t
from geo.story import LoadedStory, load_story

ROOT = Path(__file__).resolve().parent.parent
# A deployment (or a test) can show another story file: TIMELINE_STORY=path/to/story.yaml
DEFAULT_STORY = Path(os.environ.get("TIMELINE_STORY") or ROOT / "events.yaml")


@dataclass(frozen=True)
class ShownStory:
    """A loaded story and its geocoded events (shared between sessions: treat as read-only)."""

    loaded: LoadedStory
    events: gpd.GeoDataFrame


@st.cache_resource(show_spinner=False, max_entries=8)
def _load(path: str, mtime: float) -> ShownStory:
    loaded = load_story(path)
    return ShownStory(loaded, geocode_story(loaded))


def shown_story(path: Path = DEFAULT_STORY, lang: str = "vi") -> ShownStory:
    """The story to show; on a story error, say what is wrong (located) and stop the page."""
    try:
        return _load(str(path), path.stat().st_mtime)
    except StoryError as exc:
        st.error(t("story_error", lang))
        st.code(str(exc), language=None)
        st.stop()
    except OSError as exc:
        st.error(f"{t('story_error', lang)}: {path.name}: {exc.strerror or exc}")
        st.stop()
    raise AssertionError("unreachable")
