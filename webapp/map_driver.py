"""Hands each view to the map that is already drawn, instead of sending the map again.

The folium map (``st_folium``) is built from the story and language only, so its component
arguments stay the same from day to day: Streamlit sends it once and the browser keeps it.
A day step sends this small component instead: the visible events' ids and statuses, where
to look, and only the Features the page has not received yet. Its script (our own, fixed;
story text travels as JSON data only) keeps the Features in the page and tells the map
frame (``StoryMap.bindView`` in ``static/app/storymap.js``) to draw the view.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

# Runs in the app page on every new view. If the page lacks a Feature the server counted as
# sent (a step superseded before its message was shown), it asks for it; the rerun resends it.
_JS = """
export default function ({ data, setTriggerValue }) {
  if (!data) return;
  const all = (window.__storyData = window.__storyData || {});
  const slot = (all[data.key] = all[data.key] || { features: {} });
  Object.assign(slot.features, data.features);
  const missing = data.view.items.map((item) => item[0]).filter((id) => !(id in slot.features));
  if (missing.length) setTriggerValue("missing", missing);
  slot.view = data.view;
  const map = (window.__storyMaps || {})[data.key];
  if (map) {
    try { map.apply(); } catch (err) { console.warn("story map not ready", err); }  // it applies the view itself once drawn
  }
}
"""

_CSS = ".st-key-story-view { display: none; }"

_driver = st.components.v2.component("story_view", js=_JS)


def _forget(key: str) -> None:
    missing = st.session_state.get("story-view", {}).get("missing") or []
    st.session_state.setdefault("map_sent", {}).setdefault(key, set()).difference_update(missing)


def send_view(key: str, message: dict[str, Any], known: set[str]) -> None:
    """Deliver ``message`` (:func:`geo.map_data.view_message`) to the map drawn under ``key``.

    ``known`` is the set of ids this page already holds for ``key``; it grows by the Features sent.
    """
    st.html(f"<style>{_CSS}</style>")
    _driver(key="story-view", data={"key": key, "view": {"items": message["items"], "focus": message["focus"]},
                                    "features": message["features"]},
            on_missing_change=lambda: _forget(key), height=0)
    known.update(message["features"])


def known_features(key: str) -> set[str]:
    """The ids whose Features the page holds for the map drawn under ``key`` (this session)."""
    return st.session_state.setdefault("map_sent", {}).setdefault(key, set())
