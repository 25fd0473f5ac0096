"""webapp.map_frame: st_folium's arguments computed once per story, language and mode, then replayed."""

from __future__ import annotations

import streamlit_folium

from geo.places.geocode import geocode_story
from geo.render.map_data import region_bounds
from geo.render.map_view import build_base_map
from geo.story.load import load_story


def _story():
    loaded = load_story("events.yaml")
    return loaded, geocode_story(loaded)


def test_replayed_arguments_equal_a_fresh_st_folium_call(monkeypatch):
    from webapp import map_frame

    loaded, events = _story()
    build = lambda: build_base_map(loaded.story, "vi", region_bounds(loaded.story, events), view_key="k")
    owner = object()
    cached = map_frame.component_args(owner, "k", build, height=640, returned_objects=())
    calls = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: calls.append(kw))  # a fresh, direct call
    streamlit_folium.st_folium(build(), key="k", height=640, returned_objects=())
    fresh = {k: v for k, v in calls[0].items() if k != "on_change"}
    assert "user-scalable=no" in fresh["header"] and "user-scalable=no" not in cached["header"]
    fresh["header"] = map_frame.accessible_header(fresh["header"])
    assert cached == fresh


def test_the_map_is_built_once_per_owner_key_and_options():
    from webapp import map_frame

    loaded, events = _story()
    built = []

    def build():
        built.append(1)
        return build_base_map(loaded.story, "en", region_bounds(loaded.story, events), view_key="k2")

    owner, other = object(), object()
    a = map_frame.component_args(owner, "k2", build, height=640)
    assert map_frame.component_args(owner, "k2", build, height=640) is a
    assert len(built) == 1
    map_frame.component_args(owner, "k2", build, height=720)
    map_frame.component_args(other, "k2", build, height=640)
    assert len(built) == 3


def test_a_map_being_rendered_is_waited_for_not_rendered_twice():
    """The warm-up renders the first map while the first visitor's run may ask for it; a class opening
    the same page at once asks for one map thirty times."""
    import sys
    import threading
    import time

    from webapp import map_frame

    loaded, events = _story()
    rendering, release, built = threading.Event(), threading.Event(), []

    def build():
        built.append(threading.current_thread().name)
        rendering.set()
        release.wait(timeout=60)
        return build_base_map(loaded.story, "en", region_bounds(loaded.story, events), view_key="k3")

    owner, results = object(), {}

    def ask(name):
        results[name] = map_frame.component_args(owner, "k3", build, height=640)

    first = threading.Thread(target=ask, args=("first",), name="first", daemon=True)
    first.start()
    assert rendering.wait(timeout=60)
    second = threading.Thread(target=ask, args=("second",), name="second", daemon=True)
    second.start()
    deadline = time.monotonic() + 60
    while True:  # until the second asker waits on the render in progress (its innermost frame)
        assert built == ["first"], "the map was rendered again while it was being rendered"
        frame = sys._current_frames().get(second.ident)
        if frame is not None and frame.f_code.co_name == "component_args" and "second" not in results:
            break
        assert time.monotonic() < deadline
        time.sleep(0.01)
    release.set()
    first.join(timeout=60)
    second.join(timeout=60)
    assert built == ["first"] and results["second"] is results["first"]
