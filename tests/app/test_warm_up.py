"""The server's warm-up (webapp/warm_up.py): the story it loads is the one the pages are given."""

from __future__ import annotations

import logging
import shutil
import sys
import threading
from pathlib import Path

import pytest

import webapp
from tests.app.conftest import map_component
from webapp import warm_up

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """A warm-up never started, and a story cache module imported afresh on ``story``."""

    def use(story: Path):
        monkeypatch.setenv("TIMELINE_STORY", str(story))
        monkeypatch.delitem(sys.modules, "webapp.story_cache", raising=False)
        monkeypatch.delattr(webapp, "story_cache", raising=False)
        monkeypatch.setattr(warm_up, "_thread", None)
        monkeypatch.setattr(warm_up, "_imported", threading.Event())

    return use


def test_the_pages_are_given_the_story_the_warm_up_loaded(fresh, tmp_path):
    shutil.copy(ROOT / "tests/data/mini/story.yaml", tmp_path / "story.yaml")
    shutil.copy(ROOT / "tests/data/mini/article.vi.txt", tmp_path / "article.vi.txt")
    fresh(tmp_path / "story.yaml")

    warm_up.start().join(timeout=120)
    warm_up.wait()
    story_cache = sys.modules["webapp.story_cache"]  # the module the pages import
    assert story_cache.DEFAULT_STORY == tmp_path / "story.yaml"
    shown = story_cache.load_cached(story_cache.DEFAULT_STORY)
    assert story_cache.load_cached(story_cache.DEFAULT_STORY) is shown  # cached: not loaded again
    assert shown.loaded.story.story.id == "mini"
    # the map features of the language the map page opens in are ready, the other's are not made yet
    assert set(shown._features) == {shown.loaded.story.story.default_language}
    # and those of the first day's view are built (dict's own lookup: `in` also counts those not built)
    from geo.timeline.days import select

    first_day = select(shown.events, shown.days[0])["id"]
    built = shown._features[shown.loaded.story.story.default_language]
    assert len(first_day) >= 2 and all(dict.__contains__(built, event_id) for event_id in first_day)
    # the tour is worked out when first asked for (presenter mode), not before the first map
    from geo.timeline.tour import tour_steps

    assert shown._steps is None
    assert shown.steps == tour_steps(shown.events, shown.days) and shown._steps is shown.steps


def test_a_broken_default_story_is_left_for_the_page_to_explain(fresh, tmp_path, caplog):
    broken = tmp_path / "story.yaml"
    broken.write_text("story: {id: broken}\nlayers: []\nevents:\n  - id: x\n", encoding="utf-8")
    fresh(broken)

    with caplog.at_level(logging.WARNING, logger="timeline.warm_up"):
        thread = warm_up.start()
        thread.join(timeout=120)
    assert not thread.is_alive()
    warnings = [r.getMessage() for r in caplog.records if r.name == "timeline.warm_up"]
    assert len(warnings) == 1 and "story.yaml" in warnings[0], warnings
    # nothing was cached: the page loads it again and shows the located problems to its reader
    from geo.story.errors import StoryError

    with pytest.raises(StoryError):
        sys.modules["webapp.story_cache"].load_cached(broken)


def test_waiting_without_a_warm_up_returns_at_once(monkeypatch):
    monkeypatch.setattr(warm_up, "_thread", None)
    monkeypatch.setattr(warm_up, "_imported", threading.Event())
    warm_up.wait()  # AppTest and plain scripts never start it: this must not block


def test_the_warm_up_starts_once(fresh, tmp_path):
    shutil.copy(ROOT / "tests/data/mini/story.yaml", tmp_path / "story.yaml")
    shutil.copy(ROOT / "tests/data/mini/article.vi.txt", tmp_path / "article.vi.txt")
    fresh(tmp_path / "story.yaml")
    first = warm_up.start()
    assert warm_up.start() is first
    first.join(timeout=120)


def test_the_first_visit_finds_the_map_pages_base_map_rendered(fresh, tmp_path, monkeypatch, make_app):
    """The warm-up renders the base map under the key and options the map page draws it with: the
    first visit replays it; another language's map is rendered at its first visit."""
    shutil.copy(ROOT / "tests/data/mini/story.yaml", tmp_path / "story.yaml")
    shutil.copy(ROOT / "tests/data/mini/article.vi.txt", tmp_path / "article.vi.txt")
    fresh(tmp_path / "story.yaml")
    warm_up.start().join(timeout=120)
    from webapp import map_frame

    renders: list[str] = []
    real = map_frame.st_folium
    monkeypatch.setattr(map_frame, "st_folium", lambda *a, **k: renders.append(k["key"]) or real(*a, **k))
    at = make_app(tmp_path / "story.yaml", first_view_drawn=False)
    assert not at.exception
    assert renders == [] and map_component(at) is not None
    opened_in = sys.modules["webapp.story_cache"].load_cached(tmp_path / "story.yaml").loaded.story.story.default_language
    lang = "en" if opened_in == "vi" else "vi"
    make_app(tmp_path / "story.yaml", query={"lang": lang}, first_view_drawn=False)
    assert len(renders) == 1 and renders[0].endswith(f"-{lang}-0")
