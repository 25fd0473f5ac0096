"""Classroom features in a real headless Chromium: presenter mode on a projector, the clicker
keys, the article's links to the map, and presenter deep links.

Streamlit ignores a click that lands while a script run is in progress, so before every key
press or click the test waits for ``[data-test-script-state=notRunning]`` (fixture ``idle``)
and after it for the visible effect (the URL, or the map iframe's ``data-story-*`` body
attributes set by storymap.js). No fixed sleeps.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.map_helpers import MAP_IFRAME, map_body, map_frame

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
DAY1, DAY2 = "2016-12-15", "2016-12-16"
MIN_FONT_PX = 24.0
MIN_CONTRAST = 4.5


# --- the story's facts, from events.yaml itself ----------------------------------------------


@pytest.fixture(scope="module")
def story():
    """Tour steps and titles of the shipped story (computed the way the app does)."""
    from geo.places.geocode import geocode_story
    from geo.story.load import load_story
    from geo.timeline.days import story_days
    from geo.timeline.tour import tour_steps

    events = geocode_story(load_story(ROOT / "events.yaml"))
    days = story_days(events)
    steps = tour_steps(events, days)
    by_id = events.set_index("id")
    return {
        "steps": {s.number: (s.event_id, s.day.isoformat()) for s in steps},
        "total": len(steps),
        "title": lambda event_id, lang: by_id.loc[event_id, f"title_{lang}"],
        "day": lambda event_id: by_id.loc[event_id, "start"].isoformat(),
    }


def test_tour_facts_used_below(story):
    """The steps the clicker tests rely on (so a changed story fails here, plainly)."""
    steps = story["steps"]
    assert story["total"] == 29
    assert [steps[n][0] for n in range(1, 6)] == ["abe-hometown-nagato", "talks-begin-nagato",
                                                  "talks-one-on-one-nagato", "move-nagato-tokyo",
                                                  "talks-continue-kantei"]
    assert story["day"]("talks-begin-nagato") == DAY1 and story["day"]("talks-continue-kantei") == DAY2


# --- helpers ----------------------------------------------------------------------------------


def expect_step(page: Page, story, number: int) -> None:
    """The page shows tour step ``number``: in its URL and on the map (event and day)."""
    event_id, day = story["steps"][number]
    expect(page).to_have_url(re.compile(rf"[?&]step={number}(&|$)"), timeout=30_000)
    expect(map_body(page)).to_have_attribute("data-story-event", event_id, timeout=30_000)
    expect(map_body(page)).to_have_attribute("data-story-day", day, timeout=30_000)


def expect_day(page: Page, day: str) -> None:
    expect(page).to_have_url(re.compile(rf"[?&]day={day}(&|$)"), timeout=30_000)
    expect(map_body(page)).to_have_attribute("data-story-day", day, timeout=30_000)


def focus_in_map(page: Page) -> bool:
    """Whether the keyboard focus is inside the map iframe (its document has the focus)."""
    if page.evaluate("() => document.activeElement && document.activeElement.title") != "streamlit_folium.st_folium":
        return False
    return map_frame(page).evaluate("() => document.hasFocus() && !!document.activeElement"
                                    " && !!document.activeElement.closest('#map_div')")


def click_into_map(page: Page, idle) -> None:
    """Click an empty-ish spot of the Leaflet container (top centre, below the controls' row)."""
    idle()
    frame = map_frame(page)
    box = frame.locator("#map_div").bounding_box()
    assert box is not None
    frame.locator("#map_div").click(position={"x": box["width"] * 0.55, "y": box["height"] * 0.12})
    idle()
    assert focus_in_map(page), "after a click into the map the focus is in the map iframe"


def press(page: Page, idle, key: str) -> None:
    idle()
    page.keyboard.press(key)


def font_px(value: str) -> float:
    assert value.endswith("px"), value
    return float(value[:-2])


# Computed font size and colours of one element; the effective background is the element's and
# its ancestors' background colours composited over white (text colour composited over that).
STYLE_JS = """(sel) => {
    const all = [...document.querySelectorAll(sel)];  // a button with help= has a hidden twin
    const el = all.find(e => e.getClientRects().length > 0) || all[0];
    if (!el) return null;
    const parse = (s) => {
        const m = /^rgba?\\(([^)]*)\\)$/.exec(s.trim());
        if (!m) return null;
        const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const over = (top, bottom) => {
        const a = top[3] + bottom[3] * (1 - top[3]);
        return [0, 1, 2].map(i => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / (a || 1)).concat([a]);
    };
    const chain = [];
    let images = [];
    for (let e = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        chain.push(cs.backgroundColor);
        if (cs.backgroundImage && cs.backgroundImage !== 'none') images.push(e.tagName);
    }
    let bg = [255, 255, 255, 1];
    for (const c of chain.reverse()) { const p = parse(c); if (p === null) return {error: 'colour ' + c}; bg = over(p, bg); }
    const cs = getComputedStyle(el);
    const fgRaw = parse(cs.color);
    if (fgRaw === null) return {error: 'colour ' + cs.color};
    const fg = over(fgRaw, bg);
    const lum = (c) => {
        const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    return {fontSize: cs.fontSize, color: cs.color, background: 'rgb(' + bg.slice(0, 3).map(Math.round).join(', ') + ')',
            ratio: (l1 + 0.05) / (l2 + 0.05), visible: el.getClientRects().length > 0, images: images,
            text: (el.innerText || '').trim().slice(0, 60)};
}"""

STEP_KEYS = ("step_first", "step_prev", "step_next", "step_last")


def button_text_selector(key: str) -> str:
    """The element that holds a step button's label (Streamlit puts it in a <p>)."""
    return f".st-key-{key} button [data-testid=stMarkdownContainer] p"


def record(name: str, lines: list[str]) -> None:
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


# --- 1. presenter mode fills a projector's screen with large type ------------------------------


@pytest.mark.parametrize("size,min_height", [((1024, 768), 0.55), ((1920, 1080), 0.65)],
                         ids=["1024x768", "1920x1080"])
def test_presenter_fills_the_screen_with_large_type(watched, app_url, idle, story, size, min_height):
    page = watched.page
    w, h = size
    page.set_viewport_size({"width": w, "height": h})
    page.goto(f"{app_url}/?present=1&step=1&lang=vi")
    expect_step(page, story, 1)
    idle()
    frame = map_frame(page)
    frame.wait_for_function("() => document.body.classList.contains('sm-present')"
                            " && document.body.getAttribute('data-basemap') === 'drawn'", polling="raf")
    shot = OUTPUT / f"presenter-{w}x{h}.png"
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(shot))  # always: the lead looks at what a projector would show

    box = page.locator(MAP_IFRAME).bounding_box()
    assert box is not None
    main = {sel: page.evaluate(STYLE_JS, sel) for sel in (".sm-caption h2", ".sm-caption p")}
    main.update({key: page.evaluate(STYLE_JS, button_text_selector(key)) for key in STEP_KEYS})
    inside = {sel: frame.evaluate(STYLE_JS, sel) for sel in (".leaflet-container", ".sm-legend", ".sm-legend-title",
                                                             ".leaflet-control-zoom-in", ".leaflet-control-zoom-out",
                                                             ".leaflet-control-scale-line")}
    lines = [f"viewport {w}x{h}: map iframe {box['width']:.0f}x{box['height']:.0f} at y={box['y']:.0f} "
             f"({box['width'] / w:.0%} of the width, {box['height'] / h:.0%} of the height, "
             f"bottom at {box['y'] + box['height']:.0f})"]
    lines += [f"  {k}: {v and v.get('fontSize')} {v and v.get('text')!r}" for k, v in {**main, **inside}.items()]
    lines.append(f"  screenshot: {shot}")
    record(f"presenter-{w}x{h}.txt", lines)

    problems = []
    if box["width"] < 0.9 * w:
        problems.append(f"map width {box['width']:.0f}px < 90% of {w}px")
    if box["height"] < min_height * h:
        problems.append(f"map height {box['height']:.0f}px < {min_height:.0%} of {h}px")
    if box["y"] + box["height"] > h + 1:
        problems.append(f"the map runs below the screen (bottom at {box['y'] + box['height']:.0f}px > {h}px)")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    for name, style in {**main, **inside}.items():
        if style is None:
            problems.append(f"{name}: not found")
        elif font_px(style["fontSize"]) < MIN_FONT_PX:
            problems.append(f"{name}: font-size {style['fontSize']} < {MIN_FONT_PX:.0f}px")
    assert problems == [], problems
    assert watched.errors == [], watched.errors


# --- 2. contrast of the caption and the step buttons -------------------------------------------


def test_presenter_text_contrast(watched, app_url, idle, story):
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/?present=1&step=2&lang=vi")  # step 2: all four step buttons are enabled
    expect_step(page, story, 2)
    idle()
    targets = {".sm-caption h2": ".sm-caption h2", ".sm-caption p": ".sm-caption p"}
    targets.update({key: button_text_selector(key) for key in STEP_KEYS})
    lines, problems = ["WCAG contrast in presenter mode (step 2):"], []
    for name, sel in targets.items():
        if sel.startswith(".st-key"):
            expect(page.locator(f".st-key-{name} button:visible")).to_be_enabled()
        style = page.evaluate(STYLE_JS, sel)
        assert style is not None, f"{name} ({sel}) is on the page"
        assert "error" not in style, style
        lines.append(f"  {name}: {style['color']} on {style['background']} -> {style['ratio']:.2f}:1"
                     + (f" (background images under it: {style['images']})" if style["images"] else ""))
        if style["ratio"] < MIN_CONTRAST:
            problems.append(f"{name}: {style['ratio']:.2f}:1 < {MIN_CONTRAST}:1")
    record("presenter-contrast.txt", lines)
    assert problems == [], problems


# --- 3. the clicker in presenter mode -----------------------------------------------------------


def test_clicker_in_presenter_mode(watched, app_url, idle, story):
    page = watched.page
    page.goto(f"{app_url}/?present=1&step=1&lang=vi")
    expect_step(page, story, 1)
    expect(page.locator("body")).to_have_attribute("data-sm-present", "1")

    # focus on the Streamlit page itself
    for key, number in (("PageDown", 2), ("ArrowRight", 3), ("Space", 4)):
        press(page, idle, key)
        expect_step(page, story, number)
    caption = page.locator(".sm-caption h2")
    expect(caption).to_have_text(story["title"](story["steps"][4][0], "vi"))

    # focus inside the map (an iframe): the keys still press the step buttons
    click_into_map(page, idle)
    press(page, idle, "PageDown")
    expect_step(page, story, 5)
    idle()
    kept = focus_in_map(page)
    print(f"focus still in the map after a step: {kept}")
    if not kept:
        click_into_map(page, idle)
    press(page, idle, "PageUp")
    expect_step(page, story, 4)
    press(page, idle, "End")
    expect_step(page, story, story["total"])
    expect(page.locator(".st-key-step_next button:visible")).to_be_disabled()
    press(page, idle, "Home")
    expect_step(page, story, 1)
    expect(page.locator(".st-key-step_prev button:visible")).to_be_disabled()
    assert watched.errors == [], watched.errors


# --- 4. the clicker in normal mode ----------------------------------------------------------------

# Records the Streamlit buttons clicked on the page (the clicker clicks synchronously in keydown).
RECORD_CLICKS_JS = """() => {
    window.__smClicks = [];
    document.addEventListener('click', (e) => {
        const key = e.target.closest && e.target.closest('[class*="st-key-"]');
        window.__smClicks.push(key ? [...key.classList].find(c => c.startsWith('st-key-')) : e.target.tagName);
    }, true);
}"""
MAP_CENTER_JS = "() => { const c = window.storyCluster._map.getCenter(); return [c.lat, c.lng]; }"


def test_clicker_in_normal_mode(watched, app_url, idle):
    page = watched.page
    page.goto(f"{app_url}/?lang=en")
    expect(map_body(page)).to_have_attribute("data-story-day", DAY1, timeout=30_000)
    expect(page.locator("body")).to_have_attribute("data-sm-present", "0")

    press(page, idle, "PageDown")
    expect_day(page, DAY2)

    click_into_map(page, idle)
    press(page, idle, "PageUp")
    expect_day(page, DAY1)

    # ArrowRight is for the map (Leaflet pans) outside presenter mode: the day must stay.
    idle()
    if not focus_in_map(page):
        click_into_map(page, idle)
    page.evaluate(RECORD_CLICKS_JS)
    frame = map_frame(page)
    before = frame.evaluate(MAP_CENTER_JS)
    page.keyboard.press("ArrowRight")
    frame.wait_for_function("([lat, lng]) => { const c = window.storyCluster._map.getCenter(); return c.lng > lng + 1e-9; }",
                            arg=before, polling="raf")  # the map panned east: the key reached Leaflet
    clicks = page.evaluate("() => window.__smClicks")
    idle()
    assert clicks == [], f"ArrowRight pressed a Streamlit button in normal mode: {clicks}"
    expect(map_body(page)).to_have_attribute("data-story-day", DAY1)
    assert re.search(rf"[?&]day={DAY1}(&|$)", page.url), page.url
    assert watched.errors == [], watched.errors


# --- 5. the article's sentences open their events on the map ----------------------------------


def open_from_article(page: Page, idle, story, sentence: int, event_id: str) -> None:
    idle()
    title = story["title"](event_id, "en")
    buttons = page.locator(f"[class*='st-key-open-{sentence}-'] button").filter(has_text=title)
    expect(buttons.first).to_be_visible(timeout=30_000)
    label = buttons.first.inner_text()
    assert title in label and "·" in label, label
    buttons.first.click()
    expect(page).not_to_have_url(re.compile(r"/Article"), timeout=30_000)
    expect(map_body(page)).to_have_attribute("data-story-event", event_id, timeout=30_000)
    expect(map_body(page)).to_have_attribute("data-story-day", story["day"](event_id), timeout=30_000)
    expect(page).to_have_url(re.compile(rf"[?&]event={event_id}(&|$)"))


def test_article_sentence_opens_its_event_on_the_map(watched, app_url, idle, story):
    page = watched.page
    page.goto(f"{app_url}/Article?lang=en")
    expect(page.get_by_role("heading").first).to_be_visible(timeout=30_000)
    open_from_article(page, idle, story, 1, "talks-begin-nagato")
    assert story["day"]("talks-begin-nagato") == DAY1

    # back to the article by its sidebar link (the same session), then a day-2 event
    idle()
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Article").click()
    expect(page).to_have_url(re.compile(r"/Article"))
    open_from_article(page, idle, story, 1, "talks-continue-kantei")
    assert story["day"]("talks-continue-kantei") == DAY2
    assert watched.errors == [], watched.errors


# --- 6. a presenter deep link ----------------------------------------------------------------------


def test_presenter_deep_link_to_a_step(watched, app_url, idle, story):
    page = watched.page
    page.goto(f"{app_url}/?step=5&present=1")
    expect_step(page, story, 5)
    event_id = story["steps"][5][0]
    expect(page.locator(".sm-caption h2")).to_have_text(story["title"](event_id, "vi"))
    expect(page.get_by_text(f"Bước 5/{story['total']}")).to_be_visible()
    expect(page.locator("body")).to_have_attribute("data-sm-present", "1")
    idle()
    assert "present=1" in page.url
    assert watched.errors == [], watched.errors


def test_presenter_popup_shows_the_articles_words_without_scrolling(browser, app_url, story):
    """On a 1024x768 projector the step's popup (24 px type) shows the start of the article's quote:
    a clicker cannot scroll a popup. It used to stop at 60% of the map's height, above the quote."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        page = context.new_page()
        page.goto(f"{app_url}/?step=4&present=1")
        expect_step(page, story, 4)
        frame = map_frame(page)
        frame.wait_for_function("() => !!document.querySelector('.leaflet-popup .sm-quote blockquote')")
        shown = frame.evaluate("""() => {
            const box = document.querySelector('.leaflet-popup .sm-popup');
            const quote = box.querySelector('.sm-quote blockquote');
            const lineHeight = parseFloat(getComputedStyle(quote).lineHeight);
            const visible = box.getBoundingClientRect().bottom - quote.getBoundingClientRect().top;
            return {lines: visible / lineHeight, scrolled: box.scrollTop};
        }""")
        assert shown["scrolled"] == 0 and shown["lines"] >= 2, shown
    finally:
        context.close()


# --- 4b. the clicker in the map, on every page load ---------------------------------------------


def test_clicker_keys_work_in_the_map_after_every_load(watched, app_url, idle):
    """With the focus in the map, PageDown steps the day on every fresh page load.

    clicker.js marks a frame's *window* as handled (``win.__smKeys``) but listens on its
    *document*. When it scans while the map iframe still holds its initial about:blank
    document, the component page that loads next reuses that window (a same-origin first
    navigation keeps the Window) with a new document: the mark stays, the listener is gone,
    and the load hook skips the frame. Timing decides it, so the test loads the page
    several times.
    """
    page = watched.page
    loads, failed = 6, []
    for n in range(loads):
        page.goto(f"{app_url}/?lang=en")
        expect(map_body(page)).to_have_attribute("data-story-day", DAY1, timeout=30_000)
        click_into_map(page, idle)
        page.evaluate(RECORD_CLICKS_JS)
        press(page, idle, "PageDown")
        clicks = page.evaluate("() => window.__smClicks")  # the clicker clicks synchronously in keydown
        if clicks == ["st-key-next"]:
            expect_day(page, DAY2)
        else:
            failed.append((n + 1, clicks))
    print(f"PageDown with the focus in the map: failed on (load, clicks) {failed} of {loads}")
    assert failed == [], (f"with the focus in the map, PageDown did nothing after (page load, buttons clicked) {failed} of {loads} "
                          "(clicker.js: the map frame's window was marked while it held about:blank)")
