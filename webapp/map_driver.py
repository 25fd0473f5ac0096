"""Hands each view to the map that is already drawn, instead of sending the map again.

The folium map (``st_folium``) is built from the story and language only, so its component
arguments stay the same from day to day: Streamlit sends it once and the browser keeps it.
A day step sends this small component instead: the visible events' ids and statuses, where
to look, and only the Features the page has not received yet. Its script (our own, fixed;
story text travels as JSON data only) keeps the Features in the page and tells the map
frame (``StoryMap.bindView`` in ``static/app/storymap.js``) to draw the view. With it come
the views the step buttons lead to (small stories), so a click redraws the map at once and
the server's answer only confirms it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from geo.timeline.step_targets import PageHolds

# Runs in the app page on every run of the map's fragment. The page keeps the markers and popup
# texts per map; the map frame reads them (StoryMap.bindView). Two requests go back to the
# server: popup texts not sent yet ("details", on opening a popup), and markers the server
# counted as sent but the page lacks ("missing": a step superseded before it was shown).
_JS = """
// A step button's view is drawn at the click, from the views sent ahead; the server's answer
// (the same view: geo/timeline/step_targets.py) then finds it drawn and leaves it. The click first
// reaches Streamlit (the rerun request goes out), then the map is redrawn.
function drawAhead(event) {
  const button = event.target.closest && event.target.closest("button");
  if (!button || button.disabled) return;
  const key = window.__storyShown;
  const slot = key && window.__storyData[key];
  const name = slot && slot.ahead && Object.keys(slot.ahead).find((b) => button.closest(".st-key-" + b));
  if (!name) return;  // not a step button with a view sent ahead (the buttons' keys name the views)
  const view = slot.ahead[name];
  slot.ahead = null;  // a second click before the answer waits for it
  setTimeout(() => {
    slot.view = view;
    slot.viewText = JSON.stringify(view);
    slot.drawnAhead = (slot.drawnAhead || 0) + 1;
    const map = (window.__storyMaps || {})[key];
    if (map) map.apply();
  }, 0);
}

// A request for missing markers reruns the script with the page's widget values. Sent while the run
// that showed a new day is still being rendered, it could carry the day slider's old value and take
// the page back a day (seen once in CI): it waits until the run is over and the page has rendered it.
function afterRun(send) {
  const app = document.querySelector('[data-testid="stApp"]');
  const running = () => app && app.getAttribute("data-test-script-state") === "running";
  if (!running()) { requestAnimationFrame(send); return; }
  const watch = new MutationObserver(() => {
    if (running()) return;
    watch.disconnect();
    requestAnimationFrame(send);
  });
  watch.observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
}

const WAIT_MS = 4000;

export default function ({ data, setTriggerValue }) {
  if (!data) return;
  const all = (window.__storyData = window.__storyData || {});
  const slot = (all[data.key] = all[data.key] || { features: {}, details: {} });
  Object.assign(slot.features, data.features);
  Object.assign(slot.details, data.details);
  slot.ask = (id) => setTriggerValue("details", id);
  // One set of layer switches: the map's layer control shows the sidebar's choice with the day's
  // true counts, and a switch flipped on the map is sent back to become the sidebar's choice.
  slot.layers = data.layers || null;
  slot.setLayers = (ids) => setTriggerValue("layers", ids);
  // The map page's first view sends its sidebar controls once the map is drawn (webapp/map_page.py):
  // the map frame reports its first drawn view, or this page does after WAIT_MS, drawn or not.
  clearTimeout(slot.drawnTimer);
  slot.reportDrawn = null;
  window.__storyFirstView = data.report_drawn ? "waiting" : "done";  // the page's state, for its tests
  if (data.report_drawn) {
    const report = () => {
      clearTimeout(slot.drawnTimer);
      slot.reportDrawn = null;
      setTriggerValue("drawn", true);
    };
    slot.reportDrawn = report;
    slot.drawnTimer = setTimeout(report, WAIT_MS);
  }
  slot.received = (slot.received || 0) + 1;
  slot.ahead = data.ahead;
  window.__storyShown = data.key;
  if (document.__storyAhead !== drawAhead) {  // this script's newest copy listens, once
    if (document.__storyAhead) document.removeEventListener("click", document.__storyAhead, true);
    document.__storyAhead = drawAhead;
    document.addEventListener("click", drawAhead, true);
  }
  const missing = data.view.items.map((item) => item[0]).filter((id) => !(id in slot.features));
  if (missing.length) afterRun(() => {
    const still = missing.filter((id) => !(id in slot.features));
    if (still.length) setTriggerValue("missing", still);
  });
  const text = JSON.stringify(data.view);
  if (text !== slot.viewText || slot.incomplete) {  // the same view again keeps the reader's pan and zoom
    slot.view = data.view;
    slot.viewText = text;
  }
  slot.incomplete = missing.length > 0;
  const map = (window.__storyMaps || {})[data.key];
  if (map) {
    try {
      if (map.layers) map.layers();
      map.apply();
      map.details(Object.keys(data.details));
    } catch (err) { console.warn("story map not ready", err); }  // it applies the view itself once drawn
  }
}
"""

KEY = "story-view"  # hidden by webapp.presenter.APP_CSS (.st-key-story-view)

_driver = st.components.v2.component("story_view", js=_JS)


def sent_to(key: str) -> PageHolds:
    """What was sent to the map drawn under ``key`` in this session."""
    return st.session_state.setdefault("map_sent", {}).setdefault(key, PageHolds())


def _requests(key: str, on_layers: Callable[[list[str]], None] | None = None) -> None:
    """The page's requests (untrusted: only strings are kept; ids are checked by the caller)."""
    result = st.session_state.get(KEY) or {}
    sent = sent_to(key)
    missing = result.get("missing")
    if isinstance(missing, list):
        sent.features.difference_update(i for i in missing if isinstance(i, str))
    asked = result.get("details")
    if isinstance(asked, str):
        sent.asked = [asked]
    chosen = result.get("layers")
    if isinstance(chosen, list) and on_layers is not None:
        on_layers([i for i in chosen if isinstance(i, str)])


def _ignore() -> None:
    """A drawn map nobody waits for."""


def send_view(key: str, message: dict[str, Any], ahead: dict[str, dict[str, Any]] | None = None,
              layers: dict[str, Any] | None = None, on_layers: Callable[[list[str]], None] | None = None,
              on_drawn: Callable[[], None] | None = None) -> None:
    """Deliver ``message`` (:func:`geo.render.map_data.view_message`) to the map drawn under ``key``,
    with the views of the step buttons (:func:`geo.timeline.step_targets.views_ahead`), drawn at a click.
    ``layers`` (``{"shown": [ids], "counts": {id: n}}``) sets the map's layer control; a layer the
    reader switches there comes back as the ids shown, to ``on_layers`` (untrusted: check them).
    ``on_drawn``: called once the map has drawn this view (or the page has waited 4 s for it)."""
    _driver(key=KEY, data={"key": key, "view": {"items": message["items"], "focus": message["focus"]},
                           "features": message["features"], "details": message["details"],
                           "ahead": ahead or {}, "layers": layers, "report_drawn": on_drawn is not None},
            on_missing_change=lambda: _requests(key), on_details_change=lambda: _requests(key),
            on_layers_change=lambda: _requests(key, on_layers), on_drawn_change=on_drawn or _ignore, height=0)
    sent = sent_to(key)
    sent.features.update(message["features"])
    sent.details.update(message["details"])
    sent.asked = []
