"""The map iframe as the browser tests find it: ``storymap.js`` marks each drawn view on its <body>."""

from __future__ import annotations

from playwright.sync_api import Frame, Page

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def map_body(page: Page):
    """The map iframe's <body> (a locator: it follows a remounted iframe)."""
    return page.frame_locator(MAP_IFRAME).locator("body")


def map_frame(page: Page) -> Frame:
    """The map iframe's frame once a view is drawn (looked up afresh: a language switch remounts it)."""
    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    assert frame is not None
    frame.wait_for_function("() => window.StoryMap && document.body.hasAttribute('data-story-drawn')",
                            polling="raf")
    return frame
