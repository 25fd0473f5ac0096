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
