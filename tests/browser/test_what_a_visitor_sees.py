"""What a visitor sees, in the reader's language: the app's page names from the first moment, the
map's place held (and labelled) until the map is drawn in it, the upload box without Streamlit's
English instructions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import _start_server
from tests.browser.map_helpers import MAP_IFRAME, map_frame

# Every text the sidebar's page list and the tab's title take while the page loads, recorded at
# each change of the document (a MutationObserver from the page's first script on).
RECORD_NAMES_JS = """
window.__seen = [];
const record = () => {
    const nav = document.querySelector('[data-testid="stSidebarNav"]');
    const entry = (nav ? nav.innerText : '') + ' | ' + document.title;
    if (window.__seen[window.__seen.length - 1] !== entry) window.__seen.push(entry);
};
new MutationObserver(record).observe(document, {subtree: true, childList: true, characterData: true});
"""

# At each animation frame until the map is drawn: the map's place (its label, its height, a
# visible loading skeleton of Streamlit's in it) and the map frame's height.
RECORD_MAP_PLACE_JS = """
window.__place = [];
const look = () => {
    const box = document.querySelector('.st-key-map-box');
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    let drawn = false;
    try { drawn = !!(frame && frame.contentDocument.body.hasAttribute('data-story-drawn')); } catch (e) {}
    const skeleton = box && box.querySelector('[data-testid="stSkeleton"]');
    if (box) window.__place.push({label: getComputedStyle(box, '::before').content,
                                  box: box.getBoundingClientRect().height,
                                  frame: frame ? frame.getBoundingClientRect().height : null, drawn,
                                  skeleton: !!(skeleton && skeleton.getBoundingClientRect().height)});
    if (!drawn) requestAnimationFrame(look);
};
requestAnimationFrame(look);
"""

# At each animation frame: whether the map frame has drawn and whether the sidebar shows its controls
# yet, with the map frame's place; stops once both are true.
RECORD_FIRST_VIEW_JS = """
window.__firstView = [];
const watch = () => {
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    let drawn = false;
    try { drawn = !!(frame && frame.contentDocument.body.hasAttribute('data-story-drawn')); } catch (e) {}
    const controls = !!document.querySelector('[data-testid="stSidebar"] [data-testid="stRadio"]');
    const dayControls = !!document.querySelector('.st-key-next button') && !!document.querySelector('.st-key-event-list');
    const box = frame && frame.getBoundingClientRect();
    if (drawn && !window.__firstFrame) { window.__firstFrame = frame; frame.contentWindow.__firstViewMark = true; }
    window.__firstView.push({drawn, controls, dayControls, map: box ? [box.x, box.y, box.width, box.height] : null});
    if (!(drawn && controls && dayControls)) requestAnimationFrame(watch);
};
requestAnimationFrame(watch);
"""


@pytest.fixture(scope="module")
def fresh_url() -> Iterator[str]:
    """A server of its own, so this module's first page is the first session after its start."""
    yield from _start_server("first-visit", None)


def test_the_first_visit_after_a_start_shows_only_the_apps_page_names(watched, fresh_url):
    """Streamlit would run the first session's script inside its folder-based navigation (there is
    a pages/ folder beside app_pages.py), showing "app pages", "Article"… for a moment; app.py
    turns that off, so the Vietnamese page names are the first the sidebar shows."""
    page = watched.page
    page.add_init_script(RECORD_NAMES_JS)
    page.goto(fresh_url)
    map_frame(page)
    seen = page.evaluate("window.__seen")
    assert any("Bản đồ" in entry and "Niên biểu" in entry for entry in seen), seen
    for folder_name in ("app pages", "app_pages", "Chronology", "Your story"):
        assert not any(folder_name in entry for entry in seen), (folder_name, seen)
    assert not watched.errors and not watched.aborted


@pytest.mark.parametrize(("lang", "label"), [("vi", "Đang tải bản đồ…"), ("en", "Loading the map…")])
def test_the_maps_place_is_held_and_labelled_until_the_map_is_drawn(watched, app_url, idle, lang, label):
    """Before the map frame has drawn, its place says so (in the page's language) at the map's
    height; once drawn, the frame covers that place exactly: nothing moves, no strip shows."""
    page = watched.page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.add_init_script(RECORD_MAP_PLACE_JS)
    page.goto(f"{app_url}/?lang={lang}")
    map_frame(page)
    idle()
    place = page.evaluate("window.__place")
    # The place is styled once Streamlit has loaded the code of st.html, which carries the app's
    # styles; the map frame's chain (its component code, its page, Leaflet, the view) is longer.
    styled = [p for p in place if p["label"] != "none"]
    assert [p for p in styled if not p["drawn"]], f"the map's place was never labelled before the map was drawn: {place}"
    assert {p["label"] for p in styled} == {f'"{label}"'}, styled[:3]
    assert not [p for p in styled if p["skeleton"]], "Streamlit's loading skeleton showed in the map's place"
    heights = {round(p["box"]) for p in styled}
    assert len(heights) == 1, f"the map's place changed height while the map loaded: {sorted(heights)}"
    box = page.locator(".st-key-map-box").bounding_box()
    frame = page.locator(MAP_IFRAME).bounding_box()
    assert abs(box["height"] - frame["height"]) <= 1 and abs(box["y"] - frame["y"]) <= 1, (box, frame)
    on_top = page.evaluate("""([x, y]) => document.elementFromPoint(x, y).tagName""",
                           [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert on_top == "IFRAME", on_top
    assert not watched.errors and not watched.aborted


# The map frame is the one first drawn, its page not loaded again (a control added before it would
# have moved the map's place in the page's tree, and Streamlit would have made a new frame).
SAME_FRAME_JS = """() => {
    const frames = document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]');
    return frames.length === 1 && frames[0] === window.__firstFrame && frames[0].contentWindow.__firstViewMark === true;
}"""


def test_the_first_map_comes_before_the_controls_which_then_follow(watched, app_url, idle):
    """A session's first view is the map: the sidebar's controls (language, search, layers…), the
    day's controls and the day's list are sent once the map has drawn; their coming does not move
    the map, nor make it again."""
    page = watched.page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.add_init_script(RECORD_FIRST_VIEW_JS)
    page.goto(f"{app_url}/?lang=en&mode=cumulative")
    expect(page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]').first).to_be_visible()
    expect(page.locator(".st-key-next button")).to_be_visible()
    idle()
    seen = page.evaluate("window.__firstView")
    drawn_at = next(i for i, look in enumerate(seen) if look["drawn"])
    for kind in ("controls", "dayControls"):
        came_at = next(i for i, look in enumerate(seen) if look[kind])
        assert drawn_at < came_at, f"{kind} came before the map was drawn: {seen[:came_at + 1]}"
    assert seen[drawn_at]["map"] == seen[-1]["map"], "the map moved when the controls came"
    assert page.evaluate(SAME_FRAME_JS), "the map was made again when the controls came"
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("radio", name="English")).to_be_checked()  # the link's view, in the controls
    expect(sidebar.get_by_role("radio", name="Up to this day")).to_be_checked()
    assert not watched.errors and not watched.aborted


def test_the_upload_box_speaks_the_readers_language(watched, app_url, idle):
    """Streamlit's own "2MB per file • YAML, …" line (English only) is hidden; the label says the
    formats and the limit in Vietnamese."""
    page = watched.page
    page.goto(f"{app_url}/Your_story")
    idle()
    uploader = page.locator('[data-testid="stFileUploader"]')
    expect(uploader).to_contain_text("tối đa 2 MB")
    expect(page.locator('[data-testid="stFileUploaderDropzoneInstructions"]')).to_be_hidden()
    assert "per file" not in uploader.inner_text()
    assert not watched.errors and not watched.aborted


# Open the first event's popup with its tip just above the legend's bottom edge, so the popup
# lies over the legend (no auto-pan), and return the legend's centre in the page's coordinates.
POPUP_OVER_LEGEND_JS = """() => {
    const map = window.storyCluster._map, legend = document.querySelector('.sm-legend');
    const r = legend.getBoundingClientRect(), c = map.getContainer().getBoundingClientRect();
    const popup = window.StoryMap.registry[Object.keys(window.StoryMap.registry)[0]].getPopup();
    popup.options.autoPan = false;
    map.openPopup(popup, map.containerPointToLatLng([r.left - c.left + r.width / 2, r.bottom - c.top - 4]));
    return [r.left + r.width / 2, r.top + r.height / 2];
}"""
WHAT_IS_AT_JS = """([x, y]) => { const e = document.elementFromPoint(x, y);
    return e.closest('.leaflet-popup') ? 'popup' : e.closest('.sm-legend') ? 'legend' : e.className; }"""


def test_an_open_popup_is_not_hidden_under_the_legend(watched, app_url, idle):
    """Leaflet draws its controls above every pane, so the legend (bottom left) covered a popup's
    quote and sources; now the controls a popup overlaps step aside until it closes."""
    page = watched.page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(app_url)
    frame = map_frame(page)
    idle()
    centre = frame.evaluate(POPUP_OVER_LEGEND_JS)
    frame.wait_for_function("() => document.querySelector('.sm-legend').classList.contains('sm-under-popup')",
                            polling="raf")
    assert frame.evaluate(WHAT_IS_AT_JS, centre) == "popup"
    frame.evaluate("() => { window.storyCluster._map.closePopup(); }")  # not the map: Playwright would serialise it
    frame.wait_for_function("() => !document.querySelector('.sm-legend').classList.contains('sm-under-popup')",
                            polling="raf")
    assert frame.evaluate(WHAT_IS_AT_JS, centre) == "legend"
    assert not watched.errors and not watched.aborted


def test_the_no_network_note_leaves_with_the_online_base_map(watched, app_url, idle):
    """Choosing an online base map without a network says so; going back to the offline map
    takes the note away (it stayed, over the map and its popups)."""
    page = watched.page
    page.goto(app_url)
    frame = map_frame(page)
    idle()
    frame.locator(".leaflet-control-layers").hover()
    expect(frame.locator(".sm-maplabel-city").first).to_be_attached()
    frame.get_by_text("OpenStreetMap", exact=True).click()
    expect(frame.locator(".sm-notice")).to_be_visible()
    assert watched.aborted, "the online tiles were asked for (and refused: no network here)"
    # the tiles name places themselves: only the story's own places keep a name over them
    expect(frame.locator(".sm-maplabel-city")).to_have_count(0)
    expect(frame.locator(".sm-maplabel-country")).to_have_count(0)
    expect(frame.locator(".sm-maplabel-story").first).to_be_attached()
    frame.get_by_text("Bản đồ ngoại tuyến (Natural Earth)", exact=True).click()
    expect(frame.locator(".sm-notice")).to_have_count(0)
    expect(frame.locator(".sm-maplabel-city").first).to_be_attached()
    assert not watched.errors
