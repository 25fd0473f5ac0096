"""The naive way, for comparison: rebuild the whole folium map on every rerun, one Marker per event.

One ``folium.Marker`` (with a ``Popup`` and a tooltip) per visible event, a brand-new
``folium.Map`` each rerun, passed to ``st_folium`` without ``feature_group_to_add``: the
map's script changes with the day, so streamlit-folium remounts the component (a new iframe
that loads Leaflet and draws everything again). Same story loading and ``select`` as the
app; no basemap (which makes it cheaper than the app); ``returned_objects=[]`` as in the
app, so map interactions do not rerun it. Leaflet comes from the app's static folder
(no CDN), so it works offline.

Run by ``benchmarks/run.py`` from a temporary folder holding copies of this file and of
``naive_entry.py`` (as its ``app.py``) and symlinks to the repository's ``static/`` and
``.streamlit/`` (Streamlit serves ``static/`` next to the script, its links resolved). ``TIMELINE_STORY`` selects the story, as for the app.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

try:  # a copy in a temporary folder: its app.py (naive_entry.py) put the repository on sys.path
    import geo
except ImportError:  # run from the repository itself
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import geo
ROOT = Path(geo.__file__).resolve().parent.parent

import folium  # noqa: E402
import streamlit as st  # noqa: E402
from branca.element import MacroElement  # noqa: E402
from jinja2 import Template  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from geo.places.geocode import geocode_story  # noqa: E402
from geo.render.map_data import region_bounds  # noqa: E402
from geo.render.escaping import escape_html, js_json  # noqa: E402
from geo.story.load import validate_story_data  # noqa: E402
from geo.timeline.days import select, story_days  # noqa: E402
from geo.story.yaml_reader import decode_text, read_yaml  # noqa: E402

STORY = Path(os.environ.get("TIMELINE_STORY") or ROOT / "events.yaml")
STATIC = "../../app/static"


class JQueryShim(MacroElement):
    """folium's Popup builds its content with ``$(html)[0]`` (jQuery, a CDN asset): the one call it needs."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        window.$ = window.$ || function (html) {
            var t = document.createElement("template"); t.innerHTML = html.trim(); return [t.content.firstElementChild];
        };
        {% endmacro %}
    """)


class DrawnMark(MacroElement):
    """Marks the iframe's body once the map script has run (the benchmark waits for it)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        document.body.setAttribute("data-story-day", {{ this.day }});
        document.body.setAttribute("data-story-drawn", "1");
        {% endmacro %}
    """)

    def __init__(self, day: str):
        super().__init__()
        self.day = js_json(day)


@st.cache_resource(show_spinner=False)
def load(path: str):
    p = Path(path)
    located = read_yaml(decode_text(p.read_bytes(), p.name), p.name, max_bytes=1 << 30, max_nodes=10**9)
    loaded = validate_story_data(located, base_dir=p.parent, max_events=10**7)
    return loaded, geocode_story(loaded)


loaded, events = load(str(STORY))
days = story_days(events)
ss = st.session_state
ss.setdefault("i", 0)


def move(offset: int) -> None:
    ss.i = min(max(ss.i + offset, 0), len(days) - 1)


st.header(loaded.story.story.title.get("vi"))
prev_col, next_col = st.columns(2)
prev_col.button("Previous", key="prev", on_click=move, args=(-1,), disabled=ss.i == 0)
next_col.button("Next", key="next", on_click=move, args=(1,), disabled=ss.i == len(days) - 1)
day = days[ss.i]
st.write(day.isoformat())

visible = select(events, day, "day")
(south, west), (north, east) = region_bounds(loaded.story, events)
m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=4, tiles=None)
m.default_js = [("leaflet", f"{STATIC}/vendor/leaflet/leaflet.js")]
m.default_css = [("leaflet_css", f"{STATIC}/vendor/leaflet/leaflet.css")]
JQueryShim().add_to(m)
for _, row in visible.iterrows():
    html = f"<b>{escape_html(row['title_vi'])}</b><br>{escape_html(row['summary_vi'])}"
    folium.Marker([row["label_lat"], row["label_lon"]], popup=folium.Popup(html, max_width=300),
                  tooltip=escape_html(row["title_vi"])).add_to(m)
DrawnMark(day.isoformat()).add_to(m)
st_folium(m, key="map", height=640, use_container_width=True, returned_objects=[])
