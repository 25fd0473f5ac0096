"""AppTest fixtures: run the app's script headless in-process, optionally on another story file.

The script is app_pages.py: app.py only wraps it in an st.App, which AppTest does not run.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app_pages.py")


@pytest.fixture(autouse=True)
def _repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app resolves its static files and default story from the repository root."""
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT))


@pytest.fixture
def make_app(monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """Build (and by default run) an AppTest, with TIMELINE_STORY and query parameters set first.

    ``webapp.story_cache`` reads TIMELINE_STORY when it is imported, and AppTest runs the
    script in this process, so the module is dropped from ``sys.modules`` (restored after
    the test) whenever a story is given: the app then imports it afresh with the new value.
    """

    def make(story: str | os.PathLike | None = None, query: dict[str, str] | None = None,
             run: bool = True, first_view_drawn: bool = True) -> AppTest:
        if story is not None:
            monkeypatch.setenv("TIMELINE_STORY", str(story))
        else:
            monkeypatch.delenv("TIMELINE_STORY", raising=False)
        monkeypatch.delitem(sys.modules, "webapp.story_cache", raising=False)
        at = AppTest.from_file(APP, default_timeout=60)
        original_run = at._run  # every run (also a widget's .run()) goes through AppTest._run

        def run_and_collect(*args: Any, **kwargs: Any) -> AppTest:
            result = original_run(*args, **kwargs)
            _collect_features(at)
            return result

        at._run = run_and_collect
        # AppTest has no browser to draw the map, whose first drawn view brings the sidebar's
        # controls (webapp/map_page.py): these tests start from a session whose map is drawn.
        if first_view_drawn:
            at.session_state["map_drawn"] = True
        for key, value in (query or {}).items():
            at.query_params[key] = value
        return at.run() if run else at

    return make


def map_component(at: AppTest) -> Any:
    """The streamlit-folium component element of the last run."""
    found = [c for c in at.get("component_instance") if c.proto.component_name.endswith("st_folium")]
    assert len(found) == 1, f"expected one st_folium component, found {len(found)}"
    return found[0]


def map_args(at: AppTest) -> dict[str, Any]:
    """The arguments the map component receives (script, feature_group, ...)."""
    return json.loads(map_component(at).proto.json_args)


def map_view_data(at: AppTest) -> dict[str, Any] | None:
    """What the last run handed to the drawn map (``webapp.map_driver``): key, view, new Features."""
    found = [e for e in at.get("bidi_component") if e.proto.component_name == "story_view"]
    assert len(found) <= 1, f"expected at most one view driver, found {len(found)}"
    return json.loads(found[0].proto.json) if found else None


def _collect_features(at: AppTest) -> None:
    """Keep every Feature sent to each map key, as the page in the browser does."""
    data = map_view_data(at)
    if data is not None:
        sent = at.__dict__.setdefault("_sent_features", {}).setdefault(data["key"], {})
        for event_id, feature in data["features"].items():
            sent[event_id] = {**feature, "properties": {**sent.get(event_id, {}).get("properties", {}),
                                                        **feature["properties"]}}
        for event_id, details in data["details"].items():
            sent.setdefault(event_id, {"properties": {}})["properties"].update(details)


def map_features(at: AppTest) -> dict[str, dict[str, Any]]:
    """Event id -> properties (marker and popup texts sent so far) of the events the map shows, with their status."""
    data = map_view_data(at)
    assert data is not None, "no view was handed to the map"
    sent = at.__dict__.get("_sent_features", {}).get(data["key"], {})
    selected = data["view"]["focus"]["event"]
    shown = {}
    for event_id, status in data["view"]["items"]:
        assert event_id in sent, f"{event_id} is shown but its Feature was never sent"
        shown[event_id] = {**sent[event_id]["properties"], "status": status, "selected": event_id == selected}
    return shown


@pytest.fixture(name="features")
def _features() -> Callable[[AppTest], dict[str, dict[str, Any]]]:
    """:func:`map_features` as a fixture (conftest modules are not imported by tests)."""
    return map_features


@pytest.fixture(name="component_args")
def _component_args() -> Callable[[AppTest], dict[str, Any]]:
    """:func:`map_args` as a fixture."""
    return map_args
