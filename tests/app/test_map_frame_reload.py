"""A running server picks up a pushed file by reloading its module: the map frame's wrapper of
streamlit-folium's component must then wrap the component again, not itself."""

from __future__ import annotations

import importlib

import streamlit_folium


def test_reloading_the_map_frame_keeps_streamlit_folium_s_component():
    import webapp.map_frame as map_frame

    original = map_frame._component_func
    reloaded = importlib.reload(map_frame)
    assert reloaded._component_func is original
    assert hasattr(reloaded._component_func, "name")  # the component itself, not a wrapper
    assert streamlit_folium._component_func is reloaded._capture_or_render
