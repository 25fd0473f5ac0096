"""The app in a real headless Chromium: the offline map, stepping days, language, deep links, hostile text.

Waits are on conditions only (expect, locator.wait_for, wait_for_function); the map's
``storymap.js`` marks each drawn view on the iframe's <body> (data-story-day,
data-story-drawn, data-basemap).
"""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

from playwright.sync_api import Frame, Page, expect

from tests.browser.map_helpers import MAP_IFRAME, map_body, map_frame

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
DAY1, DAY2 = "2016-12-15", "2016-12-16"

# Which events the map shows now (ids whose Leaflet layer is in the shared cluster or on the map).
VISIBLE_EVENTS_JS = """() => {
    const reg = window.StoryMap.registry, cluster = window.storyCluster, map = cluster && cluster._map;
    return Object.keys(reg).filter(id => cluster.hasLayer(reg[id]) || (map && map.hasLayer(reg[id]))).sort();
}"""

# Open one event's popup and return the popup's text. A clustered marker's popup is opened at
# the marker's position (synchronous: no un-clustering animation to wait for).
OPEN_POPUP_JS = """(id) => {
    const layer = window.StoryMap.registry[id], map = window.storyCluster._map;
    const popup = layer.getPopup && layer.getPopup();
    if (!popup) return null;
    if (layer._map) layer.openPopup();
    else if (layer.getLatLng) map.openPopup(popup, layer.getLatLng());
    else return null;
    const box = popup.getElement() && popup.getElement().querySelector('.sm-popup');
    const text = box ? box.innerText : null;
    return text;
}"""


# --- helpers ----------------------------------------------------------------------------------


def settle(page: Page, legend_text: str, timeout: float = 20_000) -> None:
    """Wait until the page shows exactly one drawn map whose legend contains ``legend_text``.

    After a language switch the component is remounted (its key changes) and for a moment
    the old and the new iframe coexist.
    """
    page.wait_for_function(
        """([sel, text]) => {
            const frames = document.querySelectorAll(sel);
            if (frames.length !== 1) return false;
            const doc = frames[0].contentDocument, legend = doc && doc.querySelector('.sm-legend');
            return !!legend && doc.body.hasAttribute('data-story-drawn') && legend.textContent.includes(text);
        }""",
        arg=[MAP_IFRAME, legend_text], timeout=timeout)


def wait_drawn(page: Page, day: str) -> Frame:
    """Wait until the map iframe shows ``day``; return its frame."""
    expect(map_body(page)).to_have_attribute("data-story-day", day, timeout=30_000)
    return map_frame(page)


def drawn_count(frame: Frame) -> int:
    return int(frame.evaluate("() => document.body.dataset.storyDrawn || '0'"))


def visible_events(frame: Frame) -> list[str]:
    return frame.evaluate(VISIBLE_EVENTS_JS)


def map_signature(frame: Frame) -> dict:
    """What is drawn: marker titles, cluster counts, interactive shapes."""
    return frame.evaluate("""() => ({
        markers: [...document.querySelectorAll('.leaflet-marker-icon')].filter(e => e.querySelector('.sm-pin'))
                    .map(e => e.getAttribute('title')).sort(),
        clusters: [...document.querySelectorAll('.marker-cluster')].map(e => e.innerText.trim()).sort(),
        shapes: document.querySelectorAll('path.leaflet-interactive').length,
    })""")


def next_button(page: Page):
    return page.get_by_role("button", name=re.compile(r"Ngày sau|Next"))


def prev_button(page: Page):
    return page.get_by_role("button", name=re.compile(r"Ngày trước|Previous"))


def record_timing(line: str) -> None:
    print(line)
    OUTPUT.mkdir(exist_ok=True)
    with (OUTPUT / "browser-timings.txt").open("a", encoding="utf-8") as f:
        f.write(time.strftime("%Y-%m-%d %H:%M:%S ") + line + "\n")


def no_injection(page: Page) -> None:
    """No payload ran or left an element, in the page or any of its frames."""
    for frame in page.frames:
        if frame.is_detached():
            continue
        where = frame.url[:80] or frame.name
        assert frame.evaluate("() => typeof window.__pwned") == "undefined", f"a payload ran in {where}"
        assert frame.locator("#pwned").count() == 0, f"a payload injected an element in {where}"
        assert frame.locator('a[href^="javascript:" i], iframe[src^="javascript:" i]').count() == 0, \
            f"a javascript: link in {where}"


# --- (a) the offline map ----------------------------------------------------------------------


def test_map_draws_offline(watched, app_url):
    page = watched.page
    page.goto(app_url)
    frame = wait_drawn(page, DAY1)
    assert frame.evaluate("() => typeof window.L") == "object", "Leaflet is loaded (from the app's static folder)"
    expect(map_body(page)).to_have_attribute("data-basemap", "drawn")
    basemap_paths = frame.locator(".leaflet-pane.leaflet-sm-basemap-pane path")
    assert basemap_paths.count() > 10, "the offline basemap (Natural Earth GeoJSON) is drawn"
    pins = frame.locator(".leaflet-marker-icon")
    expect(pins.first).to_be_visible()
    assert frame.locator(".leaflet-marker-icon .sm-pin, .marker-cluster").count() >= 1
    shown = visible_events(frame)
    assert "talks-begin-nagato" in shown and "island-iturup" in shown
    assert "talks-continue-kantei" not in shown
    legend = frame.locator(".sm-legend")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("Hội đàm")
    assert watched.errors == [], watched.errors
    print("aborted non-local requests:", watched.aborted)
    assert all(re.search(r"tile|basemaps|arcgis", u) for u in watched.aborted), \
        f"the default view needed the network: {watched.aborted}"
    assert watched.aborted == [], f"requests left localhost: {watched.aborted}"


# --- (b) stepping the day, with timings -------------------------------------------------------


def test_stepping_the_day_and_timings(watched, app_url):
    page = watched.page
    t0 = time.perf_counter()
    page.goto(app_url)
    frame = map_frame(page)  # waits for the first data-story-drawn
    first_draw = time.perf_counter() - t0
    assert frame.evaluate("() => document.body.dataset.storyDay") == DAY1
    before, drawn_before = map_signature(frame), drawn_count(frame)
    shown_before = visible_events(frame)

    next_button(page).click()
    frame = wait_drawn(page, DAY2)
    frame.wait_for_function("n => Number(document.body.dataset.storyDrawn) > n", arg=drawn_before, polling="raf")
    after, shown_after = map_signature(frame), visible_events(frame)
    assert after != before, "the markers changed with the day"
    assert "talks-continue-kantei" in shown_after and "move-nagato-tokyo" in shown_after
    assert "talks-begin-nagato" not in shown_after and "talks-begin-nagato" in shown_before
    assert re.search(r"day=2016-12-16", page.url)

    # Steps back and forth: time from the click to the map showing the new day.
    steps = []
    for target in [DAY1, DAY2, DAY1, DAY2, DAY1, DAY2]:
        button = prev_button(page) if target == DAY1 else next_button(page)
        expect(button).to_be_enabled()
        frame = map_frame(page)
        start = time.perf_counter()
        button.click()
        frame.wait_for_function("d => document.body.dataset.storyDay === d", arg=target, polling="raf")
        steps.append(time.perf_counter() - start)
    assert watched.errors == [], watched.errors
    record_timing(f"page.goto -> first data-story-drawn: {first_draw * 1000:.0f} ms")
    record_timing(f"click Next/Previous -> data-story-day updated: median {statistics.median(steps) * 1000:.0f} ms "
                  f"over {len(steps)} steps (min {min(steps) * 1000:.0f}, max {max(steps) * 1000:.0f})")


# --- (c) the language switch ------------------------------------------------------------------


def test_language_switch_to_english(watched, app_url):
    page = watched.page
    page.goto(app_url)
    wait_drawn(page, DAY1)
    expect(next_button(page)).to_have_text(re.compile("Ngày sau"))
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    settle(page, "The talks")
    legend = page.frame_locator(MAP_IFRAME).locator(".sm-legend")
    for name in ["The talks", "Agreements and economy", "The disputed islands", "Joint economic activity",
                 "Commentary and context"]:
        expect(legend).to_contain_text(name)
    expect(legend).not_to_contain_text("Hội đàm")
    expect(page.get_by_role("button", name="Next ▶")).to_be_visible()
    expect(page.get_by_role("button", name="◀ Previous")).to_be_visible()
    expect(page).to_have_url(re.compile(r"lang=en"))
    frame = wait_drawn(page, DAY1)
    titles = frame.evaluate("() => [...document.querySelectorAll('.leaflet-marker-icon[title]')].map(e => e.title)")
    assert any(t.startswith(("Talks", "Nagato", "The hour")) for t in titles) or \
        frame.locator(".marker-cluster").count() > 0
    assert watched.errors == [], watched.errors


# --- (d) hostile story text -------------------------------------------------------------------


def _open_all_popups(page: Page) -> dict[str, str]:
    frame = map_frame(page)
    texts = {}
    for event_id in visible_events(frame):
        text = frame.evaluate(OPEN_POPUP_JS, event_id)
        assert text, f"the popup of {event_id} opened"
        texts[event_id] = text
        no_injection(page)
    return texts


def test_hostile_story_text_stays_text(watched, xss_url):
    page = watched.page
    page.goto(xss_url)
    wait_drawn(page, DAY1)
    no_injection(page)
    popups = _open_all_popups(page)
    assert "meet-nagato" in popups
    assert '<img id=pwned src=x onerror="window.__pwned=1">' in popups["meet-nagato"]  # the payload, as text
    assert "<script>window.__pwned=1</script>" in popups["meet-nagato"]
    expect(page.frame_locator(MAP_IFRAME).locator(".sm-legend")).to_contain_text("<img id=pwned")

    next_button(page).click()
    wait_drawn(page, DAY2)
    popups = _open_all_popups(page)
    assert "evil-venue" in popups and "`${window.__pwned=2}`" in popups["evil-venue"]  # place name, vi
    assert "move" in popups and "`${window.__pwned=6}`" in popups["move"]

    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    settle(page, 'Talks "><svg id=pwned')
    wait_drawn(page, DAY2)
    popups = _open_all_popups(page)
    assert "<img id=pwned src=x onerror=window.__pwned=1>" in popups["evil-venue"]  # place name, en
    assert "XSS-EVIL-PLACE </script><script>window.__pwned=1</script>" in popups["evil-venue"]
    prev_button(page).click()
    wait_drawn(page, DAY1)
    popups = _open_all_popups(page)
    assert "XSS-TITLE-EN <img id=pwned" in popups["meet-nagato"]
    assert "Record [xss-link](javascript:window.__pwned=1) </script><script>window.__pwned=1</script>" \
        in popups["meet-nagato"]  # a source title

    no_injection(page)
    assert watched.dialogs == [], watched.dialogs
    assert watched.errors == [], watched.errors


LITERAL_LINK = "[xss-link](javascript:window.__pwned=1)"


def test_hostile_story_text_is_literal_on_the_streamlit_page(watched, xss_url):
    """Story text in Streamlit widgets is shown as written: no Markdown link, no HTML, no script."""
    page = watched.page
    page.goto(xss_url)
    wait_drawn(page, DAY1)
    main, sidebar = page.get_by_test_id("stMain"), page.get_by_test_id("stSidebar")
    events = main.get_by_role("radiogroup")
    expect(events).to_contain_text("<img id=pwned")  # the event list, in Vietnamese
    pills = sidebar.get_by_role("toolbar")
    expect(pills).to_contain_text("Quần đảo")
    events.get_by_text("Gặp", exact=False).first.click()  # opens the detail panel, focuses the map
    expect(main.get_by_text("Hai nhà lãnh đạo gặp nhau tại Nagato.", exact=False).first).to_be_visible()
    expect(map_body(page)).to_have_attribute("data-story-event", "meet-nagato")
    no_injection(page)

    problems = []

    def check(where: str, locator) -> None:
        if locator.get_by_role("link", name="xss-link").count():
            problems.append(f"{where}: story Markdown became a link")
        if LITERAL_LINK not in locator.inner_text():
            problems.append(f"{where}: the text {LITERAL_LINK!r} is not shown as written")

    check("event list (vi)", events)
    check("layer pills (vi)", pills)
    sidebar.get_by_text("English", exact=True).click()
    heading = main.get_by_role("heading").filter(has_text="XSS story")
    expect(heading).to_be_visible()
    settle(page, 'Talks "><svg')
    check("page heading (en)", heading)
    no_injection(page)
    assert watched.dialogs == [], watched.dialogs
    assert watched.errors == [], watched.errors
    assert problems == [], problems


# --- (e) deep links ---------------------------------------------------------------------------


def test_deep_link_in_and_out(watched, app_url):
    page = watched.page
    page.goto(f"{app_url}/?day={DAY2}&lang=en&mode=cumulative")
    frame = wait_drawn(page, DAY2)
    expect(page.get_by_role("button", name="◀ Previous")).to_be_visible()
    expect(page.get_by_role("button", name="Next ▶")).to_be_disabled()
    expect(page.frame_locator(MAP_IFRAME).locator(".sm-legend")).to_contain_text("The talks")
    shown = visible_events(frame)
    assert "talks-continue-kantei" in shown
    assert "talks-begin-nagato" in shown, "cumulative mode keeps the first day's events"
    prev_button(page).click()
    wait_drawn(page, DAY1)
    expect(page).to_have_url(re.compile(r"day=2016-12-15"))
    assert "lang=en" in page.url and "mode=cumulative" in page.url
    assert watched.errors == [], watched.errors


def test_the_whole_map_fits_a_laptop_screen(watched, app_url, idle):
    """At 1366×768 the map (with its legend, scale and mini-map) ends inside the window, and the
    Leaflet map fills its frame: nothing of it is cut off below the frame's edge."""
    page = watched.page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(app_url)
    frame = map_frame(page)
    idle()
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["y"] + box["height"] <= 768, box
    assert box["height"] >= 420, box
    inner = frame.evaluate("""() => { const r = window.storyCluster._map.getContainer().getBoundingClientRect();
        const s = document.querySelector('.leaflet-control-scale').getBoundingClientRect();
        return [r.height, s.bottom, window.innerHeight]; }""")
    assert abs(inner[0] - inner[2]) <= 1 and inner[1] <= inner[2], inner
    assert not watched.errors and not watched.aborted
