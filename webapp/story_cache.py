"""Which story is shown, loaded once per process (Streamlit caches), and its problems shown plainly.

The shipped story is ``events.yaml``; a deployer adds stories by adding ``stories/<name>.yaml``
(chosen in the app or by ``?story=<name>``); an upload replaces the story for that browser
session only, in memory (nothing is written to disk).
"""

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
STORIES_DIR = ROOT / "stories"
# A deployment (or a test) can show another story file: TIMELINE_STORY=path/to/story.yaml
DEFAULT_STORY = Path(os.environ.get("TIMELINE_STORY") or ROOT / "events.yaml")
DEFAULT_KEY = "default"
UPLOAD_KEY = "upload"


@dataclass(frozen=True)
class ShownStory:
    """A loaded story and its geocoded events (shared between sessions: treat as read-only)."""

    loaded: LoadedStory
    events: gpd.GeoDataFrame


@st.cache_resource(show_spinner=False, max_entries=8)
def _load(path: str, mtime: float) -> ShownStory:
    loaded = load_story(path)
    return ShownStory(loaded, geocode_story(loaded))


def available_stories() -> dict[str, Path]:
    """The stories this deployment offers: the default, then ``stories/*.yaml`` by name."""
    stories = {DEFAULT_KEY: DEFAULT_STORY}
    if STORIES_DIR.is_dir():
        stories.update({p.stem: p for p in sorted(STORIES_DIR.glob("*.yaml"))})
    return stories


def current_story_key() -> str:
    """The chosen story: the session's choice, else the link's ``story``, else the default."""
    ss = st.session_state
    key = ss.get("story_key") or st.query_params.get("story") or DEFAULT_KEY
    if key == UPLOAD_KEY and ss.get("uploaded") is not None:
        return key
    return key if key in available_stories() else DEFAULT_KEY


def shown_story(lang: str = "vi") -> ShownStory:
    """The story to show; on a story error, say what is wrong (located) and stop the page."""
    key = current_story_key()
    if key == UPLOAD_KEY:
        return st.session_state.uploaded
    path = available_stories()[key]
    try:
        return _load(str(path), path.stat().st_mtime)
    except StoryError as exc:
        st.error(t("story_error", lang))
        st.code(str(exc), language=None, wrap_lines=True)
        st.stop()
    except OSError as exc:
        st.error(f"{t('story_error', lang)}: {path.name}: {exc.strerror or exc}")
        st.stop()
    raise AssertionError("unreachable")


def geocoded(loaded: LoadedStory) -> ShownStory:
    """An uploaded story, geocoded (raises StoryError for places that cannot be resolved)."""
    return ShownStory(loaded, geocode_story(loaded))
