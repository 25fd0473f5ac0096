"""Which story is shown, loaded once per process (Streamlit caches), and its problems shown plainly.

The shipped story is ``events.yaml``; a deployer adds stories by adding ``stories/<name>.yaml`` (or ``.json``,
``.parquet``)
(chosen in the app or by ``?story=<name>``); an upload replaces the story for that browser
session only, in memory (nothing is written to disk).
"""

from __future__ import annotations

import gc
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import streamlit as st

from geo.story.errors import StoryError
from geo.places.geocode import geocode_story
from geo.render.i18n import t
from geo.render.map_data import prepare_features
from geo.story.load import DEPLOYED_LIMITS, LoadedStory, load_story
from geo.timeline.days import select, story_days
from geo.timeline.tour import tour_steps
from geo.timeline.view_state import parse_query
from geo.memory import paused_gc

ROOT = Path(__file__).resolve().parent.parent
STORIES_DIR = ROOT / "stories"
# A deployment (or a test) can show another story file: TIMELINE_STORY=path/to/story.yaml
DEFAULT_STORY = Path(os.environ.get("TIMELINE_STORY") or ROOT / "events.yaml")
DEFAULT_KEY = "default"
UPLOAD_KEY = "upload"


@dataclass
class ShownStory:
    """A loaded story, its geocoded events and what every view needs from them, computed once.

    Shared between sessions (Streamlit's resource cache): treat as read-only. The per-language
    parts are filled on first use; two sessions racing to fill one compute the same value.
    """

    loaded: LoadedStory
    events: gpd.GeoDataFrame
    days: list = field(init=False)
    # Names this story in the browser (the map's key): a new upload is a new story, even with the same ids.
    token: str = field(default_factory=lambda: uuid.uuid4().hex[:12], init=False)
    _features: dict = field(default_factory=dict, init=False, repr=False)
    _search: dict = field(default_factory=dict, init=False, repr=False)
    _steps: list | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.days = story_days(self.events)

    @property
    def steps(self) -> list:
        """The guided tour's steps, worked out when the tour is first asked for (presenter mode, a
        ``?step=`` link): a 100,000-event story's first map does not wait for them (~0.4 s)."""
        if self._steps is None:
            self._steps = tour_steps(self.events, self.days) if self.days else []
        return self._steps

    def features(self, lang: str) -> dict:
        """Every event's map Feature in ``lang`` (see geo.render.map_data.prepare_features)."""
        if lang not in self._features:
            self._features[lang] = prepare_features(self.events, self.loaded.story, lang)
        return self._features[lang]

    def prepare_first_view(self, lang: str) -> None:
        """Build the map features of the view a link without parameters opens, in ``lang`` (the
        first day: a 100,000-event story's 2,500 markers, ~0.2 s), so the first visit finds them."""
        features = self.features(lang)
        if not self.days:
            return
        first = parse_query({}, days=self.days, layers=[layer.id for layer in self.loaded.story.layers], events=[],
                            default_lang=lang)
        features.fill(select(self.events, first.day, first.mode, list(first.layers))["id"])

    def search_labels(self, lang: str) -> dict[str, str]:
        """Event id → "title · place" in ``lang``, for the search box."""
        if lang not in self._search:
            ev = self.events
            self._search[lang] = dict(zip(ev["id"], ev[f"title_{lang}"] + " · " + ev[f"place_{lang}"]))
        return self._search[lang]


@st.cache_resource(show_spinner=False, max_entries=8)
def _load(path: str, mtime: float) -> ShownStory:
    # The story lives as long as the server: out of the collector's sight, so the garbage collections
    # of every later run do not walk its objects again (a 100,000-event story: millions of them; its
    # first view is built in 0.3 s instead of 0.7 s). Frozen objects are still freed by refcount.
    # The collector stays off until they are frozen: else its first collection after the load
    # walks every object the load made (0.4 s at 100,000 events) only to find nothing to free.
    with paused_gc():
        loaded = load_story(path, **DEPLOYED_LIMITS)
        shown = ShownStory(loaded, geocode_story(loaded))
        # before the cache's lock is let go: a first visit waiting on it would build them alongside
        shown.prepare_first_view(loaded.story.story.default_language)
        gc.freeze()
    return shown


def load_cached(path: Path) -> ShownStory:
    """The story file at ``path``, loaded once per process and version of the file (its mtime)."""
    return _load(str(path), path.stat().st_mtime)


def available_stories() -> dict[str, Path]:
    """The stories this deployment offers: the default, then ``stories/*.yaml``, ``*.json`` and
    ``*.parquet`` (a big generated story: :mod:`geo.story.parquet_reader`) by name."""
    stories = {DEFAULT_KEY: DEFAULT_STORY}
    if STORIES_DIR.is_dir():
        files = [*STORIES_DIR.glob("*.yaml"), *STORIES_DIR.glob("*.json"), *STORIES_DIR.glob("*.parquet")]
        stories.update({p.stem: p for p in sorted(files, key=lambda p: (p.stem, p.suffix))})
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
        return load_cached(path)
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
