"""The app's look: presenter mode for projectors, the clicker keys, small style corrections."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.render.i18n import t
from geo.render.escaping import css_string

_CLICKER = (Path(__file__).resolve().parent.parent / "static" / "app" / "clicker.js").read_text(encoding="utf-8")

# Large type and high contrast for the back of a classroom; the map takes what is left of the screen.
PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 0.5rem 1rem 0 1rem !important; max-width: 100% !important; }
.stApp, .stApp p, .stApp label, .stApp button, .stApp [data-testid="stMarkdownContainer"] { font-size: 24px !important; color: #000; }
.stApp button { min-height: 52px; font-weight: 700; border: 2px solid #000 !important; }
.sm-caption h2 { font-size: 30px !important; margin: 0 0 .2em; line-height: 1.2; color: #000; }
.sm-caption p { font-size: 24px !important; margin: 0; line-height: 1.3; color: #111; }
.sm-caption { border-left: 8px solid #000; padding: .2em .6em; background: #fff; }
.stApp { --sm-map-height: max(320px, calc(100vh - 250px)); }
</style>
"""


# The app writes plain text, not st.caption, for what matters: Streamlit draws captions faded
# (3.9:1, below WCAG AA's 4.5:1). This rule is a second line, for captions elsewhere.
APP_CSS = """
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * { color: #4a4845 !important; opacity: 1 !important; }
.st-key-story-view { display: none; }  /* webapp.map_driver: no visible part */
/* On a laptop screen the whole map fits, legend, scale and mini-map included: Streamlit leaves 6rem
   above a wide page (its header bar is 3.75rem); the map page's MAP_CSS sizes the map. */
[data-testid="stMainBlockContainer"] { padding-top: 3.75rem; }
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
.stApp { --sm-map-height: clamp(420px, calc(100vh - 300px), 640px); }
iframe[title="streamlit_folium.st_folium"] { height: var(--sm-map-height) !important; }
.st-key-map-box { position: relative; height: var(--sm-map-height) !important;
  flex: none !important; overflow: hidden !important; background: #c9dcea; }
.st-key-map-box::before { content: %s; position: absolute; inset: 0; display: flex; align-items: center;
  justify-content: center; font-size: 1.25rem; color: #1a1a1a; }
.st-key-map-box iframe { position: relative; z-index: 1; display: block; }  /* block: no line gap below it */
.st-key-map-box [data-testid="stSkeleton"] { display: none; }  /* Streamlit's grey bar: the label says it */
</style>
"""


def use_map_style(lang: str) -> None:
    """Apply the map page's style (:data:`MAP_CSS`), its loading label in ``lang``."""
    st.html(MAP_CSS % css_string(t("loading_map", lang)))


def use_presenter_style() -> None:
    """Apply the projector style to this page."""
    st.html(PRESENTER_CSS)


def clicker_keys(presenting: bool) -> None:
    """Let a clicker's keys press the step buttons (arrows and Space only while presenting)."""
    flag = "1" if presenting else "0"
    # Our own fixed script (no story text): it needs same-origin access to the page, which st.iframe gives.
    st.iframe(f"<script>window.parent.document.body.setAttribute('data-sm-present', '{flag}');\n{_CLICKER}</script>",
              height=1)
