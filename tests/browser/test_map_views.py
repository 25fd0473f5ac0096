"""How a drawn map receives each view (webapp/map_driver.py + StoryMap.bindView), in real Chromium.

The map is sent once; a day step sends ids and statuses, markers the page lacks, and popup
texts only for small stories or when a popup is opened. Waits are on conditions only.
"""

from __future__ import annotations

import json


from geo.render.map_data import PREFETCH_DETAILS, PREFETCH_EVENTS
from tests.browser.map_helpers import MAP_IFRAME, map_frame


DAY1, DAY2 = "2016-12-15", "2016-12-16"
STORED_JS = """() => Object.values(window.__storyData || {}).map(s => [Object.keys(s.features).length,
                                                                     Object.keys(s.details).length])"""


def open_at_day(page, idle, url: str, day: str):
    page.goto(url)
    page.frame_locator(MAP_IFRAME).locator(f"body[data-story-day='{day}']").wait_for(timeout=60_000)
    idle()
    return map_frame(page)


def step(page, idle, button: str, day: str) -> None:
    idle()
    page.locator(f".st-key-{button} button").click()
    page.frame_locator(MAP_IFRAME).locator(f"body[data-story-day='{day}']").wait_for()
    idle()


def test_a_day_step_sends_no_map_and_no_popup_text(watched, app_url, idle):
    page = watched.page
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(
        f.decode("utf-8", "replace") if isinstance(f, bytes) else f)))
    open_at_day(page, idle, app_url, DAY1)
    assert page.evaluate(STORED_JS) == [[29, 29]], "the small shipped story travels whole with the first view"
    first = sum(len(f) for f in frames)
    frames.clear()
    step(page, idle, "next", DAY2)
    step_bytes = sum(len(f) for f in frames)
    sent = "".join(frames)
    assert "StoryMap.bindView" not in sent, "the map's script is not sent again"
    assert "Otani Sanso" not in sent and "quote_vi" not in sent, "no marker or popup text is sent again"
    assert step_bytes * 10 < first, (step_bytes, first)
    assert map_frame(page).evaluate("() => Object.keys(StoryMap.registry).length") > 0
    assert not watched.errors and not watched.aborted


EXPECTED_COUNTS_JS = """() => { const slot = Object.values(window.__storyData)[0], n = {};
    slot.view.items.forEach(([id]) => { const l = slot.features[id].properties.layer; n[l] = (n[l] || 0) + 1; });
    return n; }"""
SHOWN_COUNTS_JS = """() => Object.fromEntries([...document.querySelectorAll('.sm-count')]
    .map(e => [e.dataset.layer, e.textContent]))"""


def test_layer_control_counts_follow_the_day(watched, app_url, idle):
    page = watched.page
    seen = []
    for day, button in ((DAY1, None), (DAY2, "next")):
        if button:
            step(page, idle, button, day)
        else:
            open_at_day(page, idle, app_url, day)
        expected = page.evaluate(EXPECTED_COUNTS_JS)
        frame = map_frame(page)
        shown = frame.evaluate(SHOWN_COUNTS_JS)
        assert shown == {layer: f"({expected.get(layer, 0)})" for layer in shown}, (shown, expected)
        seen.append(shown)
    assert seen[0] != seen[1]


def test_markers_the_page_lost_are_sent_again(watched, app_url, idle):
    page = watched.page
    open_at_day(page, idle, app_url, DAY1)
    page.evaluate("""() => { const slot = Object.values(window.__storyData)[0];
                             delete slot.features['talks-continue-kantei']; }""")
    step(page, idle, "next", DAY2)
    page.wait_for_function("""() => 'talks-continue-kantei' in Object.values(window.__storyData)[0].features""")
    frame = map_frame(page)
    frame.wait_for_function("() => 'talks-continue-kantei' in StoryMap.registry")
    assert not watched.errors


def test_a_rerun_with_the_same_view_keeps_the_readers_pan_and_zoom(watched, app_url, idle):
    page = watched.page
    frame = open_at_day(page, idle, app_url, DAY1)
    idle()
    drawn = frame.evaluate("() => document.body.dataset.storyDrawn")
    frame.evaluate("() => { const m = window.storyCluster._map; m.setView([43.0, 141.3], 6, {animate: false}); }")
    received = page.evaluate("() => Object.values(window.__storyData)[0].received")
    # a layer with no event this day switched off: a run that hands the map the same view
    counts = page.evaluate("() => Object.values(window.__storyData)[0].layers.counts")
    assert not counts.get("agreements"), counts
    page.locator(".st-key-layers").get_by_role("button", name="Thỏa thuận và kinh tế").click()
    page.wait_for_function(f"() => Object.values(window.__storyData)[0].received > {received}")
    idle()
    frame = map_frame(page)
    center = frame.evaluate("() => { const c = window.storyCluster._map.getCenter(); return [c.lat, c.lng]; }")
    assert abs(center[0] - 43.0) < 0.01 and abs(center[1] - 141.3) < 0.01, center
    assert frame.evaluate("() => document.body.dataset.storyDrawn") == drawn


def test_large_story_popup_texts_come_when_the_popup_opens(watched, large_url, idle):
    page = watched.page
    page.goto(large_url)
    page.frame_locator(MAP_IFRAME).locator("body[data-story-day]").wait_for(timeout=90_000)
    idle()
    [[markers, details]] = page.evaluate(STORED_JS)
    assert markers == 400 and details == 0, (markers, details)  # 400 > PREFETCH_DETAILS
    assert 400 > PREFETCH_DETAILS
    frame = map_frame(page)
    event_id = frame.evaluate("""() => {
        const id = Object.keys(StoryMap.registry).find(i => StoryMap.registry[i].getLatLng);
        const layer = StoryMap.registry[id], map = window.storyCluster._map;
        map.openPopup(layer.getPopup(), layer.getLatLng());
        return id; }""")
    frame.wait_for_selector(".sm-popup .sm-summary", timeout=30_000)
    text = frame.inner_text(".sm-popup")
    stored = page.evaluate(f"() => Object.values(window.__storyData)[0].details[{json.dumps(event_id)}]")
    assert stored and stored["summary"] in text and stored["quote_vi"] in text
    assert not watched.errors and not watched.aborted


# Records, in the map frame, how many views the page had received when each view was drawn.
RECORD_DRAWS_JS = """() => { window.__drawnAt = []; if (window.__recording) return; window.__recording = true;
    new MutationObserver(() => window.__drawnAt.push(Object.values(parent.__storyData)[0].received))
        .observe(document.body, { attributes: true, attributeFilter: ['data-story-drawn'] }); }"""
SLOT_JS = "() => { const s = Object.values(window.__storyData)[0]; return [s.drawnAhead || 0, s.received]; }"


def clicks_are_drawn_ahead(page, idle, url: str, clicks: list[str]) -> None:
    """Open ``url``, then click each button: the view sent ahead is drawn at the click, once, before
    the server's view comes, and the server's view is the same (the map is not drawn again)."""
    page.goto(url)
    page.frame_locator(MAP_IFRAME).locator("body[data-story-drawn]").wait_for(timeout=90_000)
    idle()
    for button in clicks:
        frame = map_frame(page)
        frame.evaluate(RECORD_DRAWS_JS)
        ahead, received = page.evaluate(SLOT_JS)
        page.locator(f".st-key-{button} button").first.click()  # ⏮/⏭ with help text render two
        page.wait_for_function(f"() => Object.values(window.__storyData)[0].received > {received}")
        idle()
        assert page.evaluate(SLOT_JS)[0] == ahead + 1, button
        assert frame.evaluate("() => window.__drawnAt") == [received], \
            f"{button}: drawn once, at the click, before the server's view came"


def test_a_step_is_drawn_at_the_click_and_the_servers_answer_agrees(watched, app_url, idle):
    """Previous/Next and the presenter's tour buttons."""
    page = watched.page
    clicks_are_drawn_ahead(page, idle, app_url, ["next", "prev", "next"])
    clicks_are_drawn_ahead(page, idle, app_url + "?present=1",
                           ["step_next", "step_next", "step_last", "step_prev", "step_first"])
    assert not watched.errors and not watched.aborted


def test_a_story_too_big_to_send_whole_is_drawn_at_the_click_too(watched, big_url, idle):
    """Its page holds only the markers shown so far and those of the views ahead (sent a step early)."""
    page = watched.page
    clicks_are_drawn_ahead(page, idle, big_url, ["next", "next", "prev", "next"])
    [[markers, _]] = page.evaluate(STORED_JS)
    assert PREFETCH_EVENTS < 2_500 and 0 < markers < 2_500 / 2, markers
    clicks_are_drawn_ahead(page, idle, big_url + "?present=1", ["step_next", "step_next", "step_prev"])
    assert not watched.errors and not watched.aborted
