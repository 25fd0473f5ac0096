"""The app's look: presenter mode for projectors, the clicker keys, small style corrections."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.render.i18n import t
from geo.render.escaping import css_string

_APP_JS = Path(__file__).resolve().parent.parent / "static" / "app"
_CLICKER = (_APP_JS / "clicker.js").read_text(encoding="utf-8")
_MAP_FIT = (_APP_JS / "mapfit.js").read_text(encoding="utf-8")

# Large type and high contrast for the back of a classroom; the map takes what is left of the screen.
PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 0.5rem 1rem 0 1rem !important; max-width: 100% !important; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.5rem; }
.stApp, .stApp p, .stApp label, .stApp button, .stApp [data-testid="stMarkdownContainer"] { font-size: 24px !important; color: #000; }
.stApp button { min-height: 52px; font-weight: 700; border: 2px solid #000 !important; }
/* A step button that leads nowhere looks it: faded, dashed, no hand. */
.stApp button:disabled { opacity: .35; border-style: dashed !important; cursor: not-allowed; background: #eee; }
.sm-caption h2 { font-size: 28px !important; margin: 0 0 .1em; line-height: 1.2; color: #000; padding: 0; }
.sm-caption p { font-size: 24px !important; margin: 0; line-height: 1.25; color: #111; }
.sm-caption { border-left: 8px solid #000; padding: .1em .5em; background: #fff; }
:root { --sm-map-top: 177px; }
.stApp { --sm-map-height: max(320px, calc(100vh - var(--sm-map-top) - 4px)); }
</style>
"""


# The app writes plain text, not st.caption, for what matters: Streamlit draws captions faded
# (3.9:1, below WCAG AA's 4.5:1). This rule is a second line, for captions elsewhere.
APP_CSS = """
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * { color: #4a4845 !important; opacity: 1 !important; }
.st-key-story-view { display: none; }  /* webapp.map_driver: no visible part */
/* clicker_keys: out of the flow, its wrapper too (else it leaves a gap above the title) */
.st-key-page-scripts, [data-testid="stLayoutWrapper"]:has(> .st-key-page-scripts) {
  position: absolute !important; width: 1px; height: 1px; overflow: hidden; }
/* Streamlit's header bar is see-through and lets clicks through outside its own buttons, so the page
   starts near the top (it left 3.75rem empty above the title); with the sidebar closed, its open
   button sits there, and the page starts below it. */
[data-testid="stHeader"] { background: transparent; pointer-events: none; }
[data-testid="stHeader"] button, [data-testid="stHeader"] a, [data-testid="stToolbar"],
[data-testid="stStatusWidget"] { pointer-events: auto; }
[data-testid="stMainBlockContainer"] { padding-top: 1.25rem; }
.stApp:has([data-testid="stSidebar"][aria-expanded="false"]) [data-testid="stMainBlockContainer"],
.stApp:not(:has([data-testid="stSidebar"])) [data-testid="stMainBlockContainer"] { padding-top: 3rem; }
/* Streamlit writes "2MB per file • YAML, YML, …" under an upload box, in English only; the
   box's label says the same in the reader's language. */
[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
</style>
"""


def use_app_style() -> None:
    """The app's small corrections to Streamlit's look (every page calls this)."""
    st.html(APP_CSS)


# The map page's: the map is as tall as the window allows (presenter mode sets its own height,
# PRESENTER_CSS, later in the page). Its place (``st.container(key="map-box")``), in the basemap's
# sea colour, says "loading the map" until the frame has drawn over it: no blank gap on a first
# visit, and nothing moves when the map comes (the place is the frame's height; the component's
# loading skeleton, which stood above the frame for a few frames, is not shown). One style element,
# so the label and the height apply together.
MAP_CSS = """
<style>
/* --sm-map-top: where the map starts, for the map to end 12px above the window's bottom. Its value
   here is right for the usual layout (a one-line title over the day's controls), so the map's place
   has its final height from the first; static/app/mapfit.js corrects it where it is not. */
:root { --sm-map-top: 142px; }
.stApp { --sm-map-height: clamp(360px, calc(100vh - var(--sm-map-top) - 12px), 1000px); }
iframe[title="streamlit_folium.st_folium"] { height: var(--sm-map-height) !important; }
.st-key-map-box { position: relative; height: var(--sm-map-height) !important;
  flex: none !important; overflow: hidden !important; background: #c9dcea; }
.st-key-map-box::before { content: %s; position: absolute; inset: 0; display: flex; align-items: center;
  justify-content: center; font-size: 1.25rem; color: #1a1a1a; }
.st-key-map-box iframe { position: relative; z-index: 1; display: block; }  /* block: no line gap below it */
.st-key-map-box [data-testid="stSkeleton"] { display: none; }  /* Streamlit's grey bar: the label says it */
.st-key-page-title h2 { padding: 0 0 .25rem; font-size: 1.75rem; }
.st-key-day-controls { min-height: 68px; }  /* the controls' height, while the first view comes without them */
/* Beside the map, the day's list and a chosen event's card share the map's height: the card
   takes up to about half, scrolling inside, and the list the rest. */
@media (min-width: 641px) {
  .st-key-day-list { height: var(--sm-map-height); flex: none !important; flex-wrap: nowrap !important; overflow: hidden; }
  .st-key-day-list h3 { padding: 0 0 .25rem; font-size: 1.5rem; }
  .st-key-day-list > div:has(> .st-key-event-card) { flex: 0 1 auto !important; min-height: 0; max-height: 55%%;
    overflow-y: auto; }
  .st-key-day-list > div:has(> .st-key-event-list) { flex: 1 1 0 !important; min-height: 5rem; overflow-y: auto; }
  /* The day's buttons as wide as their words ("◂ Ngày trước" is cut at 1024 px with the sidebar
     open); the slider takes the rest. */
  [data-testid="stHorizontalBlock"]:has(.st-key-prev) > [data-testid="stColumn"] {
    flex: 0 0 auto !important; width: auto !important; min-width: max-content !important; }
  [data-testid="stHorizontalBlock"]:has(.st-key-prev) > [data-testid="stColumn"]:has(.st-key-day) {
    flex: 1 1 0 !important; min-width: 6rem !important; }
}
/* A phone: a shorter title, the day slider on one line and the three buttons on the next. */
@media (max-width: 640px) {
  :root { --sm-map-top: 202px; }
  .st-key-day-controls { min-height: 108px; }
  .st-key-page-title h2 { font-size: 1.35rem; line-height: 1.25; }
  [data-testid="stHorizontalBlock"]:has(.st-key-prev) { flex-flow: row wrap !important; gap: .25rem .4rem; }
  [data-testid="stHorizontalBlock"]:has(.st-key-prev) > [data-testid="stColumn"] {
    flex: 1 1 0 !important; min-width: 0 !important; width: auto !important; }
  [data-testid="stHorizontalBlock"]:has(.st-key-prev) > [data-testid="stColumn"]:has(.st-key-day) {
    order: -1; flex: 1 1 100%% !important; }
  [data-testid="stHorizontalBlock"]:has(.st-key-prev) button { min-height: 2.25rem; padding: 0 .25rem; }
}
</style>
"""


def use_map_style(lang: str) -> None:
    """Apply the map page's style (:data:`MAP_CSS`), its loading label in ``lang``."""
    st.html(MAP_CSS % css_string(t("loading_map", lang)))


def use_presenter_style() -> None:
    """Apply the projector style to this page."""
    st.html(PRESENTER_CSS)


def clicker_keys(presenting: bool, now: bool = True) -> None:
    """Let a clicker's keys press the step buttons (arrows and Space only while presenting), and
    keep the map as tall as the window allows (``static/app/mapfit.js``). ``now=False`` holds their
    place for a later run (the elements after it keep their places, so the map is not made again)."""
    flag = "1" if presenting else "0"
    # Our own fixed script (no story text): it needs same-origin access to the page, which st.iframe gives.
    with st.container(key="page-scripts"):  # out of the flow (APP_CSS): the map starts higher
        if now:
            st.iframe(f"<script>window.parent.document.body.setAttribute('data-sm-present', '{flag}');\n{_CLICKER}\n"
                      f"{_MAP_FIT}</script>", height=1)
