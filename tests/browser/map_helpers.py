"""The map iframe as the browser tests find it: ``storymap.js`` marks each drawn view on its <body>."""

from __future__ import annotations

from playwright.sync_api import Frame, Page

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def map_body(page: Page):
    """The map iframe's <body> (a locator: it follows a remounted iframe)."""
    return page.frame_locator(MAP_IFRAME).locator("body")


# Checked from the page, which never navigates, through the same-origin frame: the same wait installed
# in the frame itself timed out now and then (twice in CI, once here) on a map already drawn, while
# this check from the page was true.
DRAWN_JS = """(sel) => {
    const f = document.querySelector(sel), w = f && f.contentWindow, d = w && w.document;
    return !!(d && d.body && w.StoryMap && d.body.hasAttribute('data-story-drawn') && d.readyState === 'complete'
              && d.body.hasAttribute('data-basemap') && [...d.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet))
           && window.__storyFirstView !== 'waiting';
}"""


def map_frame(page: Page) -> Frame:
    """The map iframe's frame once a view is drawn (looked up afresh: a language switch remounts it),
    its styles and images loaded and its basemap drawn (or failed): on a busy machine the markers
    can be drawn before Leaflet's stylesheet applies, and a layout measured then is wrong. On the
    map page, also once the first view's follow-up run (the sidebar's controls) has been asked for."""
    page.wait_for_function(DRAWN_JS, arg=MAP_IFRAME, polling="raf")
    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    assert frame is not None
    return frame
