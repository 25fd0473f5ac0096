"""The map iframe as the browser tests find it: ``storymap.js`` marks each drawn view on its <body>."""

from __future__ import annotations

from playwright.sync_api import Frame, Page

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def map_body(page: Page):
    """The map iframe's <body> (a locator: it follows a remounted iframe)."""
    return page.frame_locator(MAP_IFRAME).locator("body")


def map_frame(page: Page) -> Frame:
    """The map iframe's frame once a view is drawn (looked up afresh: a language switch remounts it),
    its styles and images loaded and its basemap drawn (or failed): on a busy machine the markers
    can be drawn before Leaflet's stylesheet applies, and a layout measured then is wrong. On the
    map page, also once the first view's follow-up run (the sidebar's controls) has been asked for."""
    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    assert frame is not None
    frame.wait_for_function("() => window.StoryMap && document.body.hasAttribute('data-story-drawn')"
                            " && document.readyState === 'complete' && document.body.hasAttribute('data-basemap')"
                            " && [...document.querySelectorAll('link[rel=stylesheet]')].every(link => link.sheet)",
                            polling="raf")
    # the map page's first view: the run the drawn map asks for, which brings the sidebar's controls
    page.wait_for_function("() => window.__storyFirstView !== 'waiting'", polling="raf")
    return frame
