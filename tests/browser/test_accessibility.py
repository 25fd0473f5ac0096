"""Accessibility in a real headless Chromium: axe-core on every page (and inside the map), and
keyboard reachability of the map page's controls.

axe's violations are split by where they are: the app's own DOM (everything inside the map
iframe, our caption, the Markdown/headings/captions/tables/alerts we write, the buttons we
create, the iframes we embed) versus Streamlit's own chrome and widget internals (navigation,
header, the radio/slider/select widgets' markup). Only the app's own serious or critical
violations fail a test; all of them are written to ``test-output/axe-report.txt``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.map_helpers import MAP_IFRAME

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
REPORT = OUTPUT / "axe-report.txt"
DAY1, DAY2 = "2016-12-15", "2016-12-16"
SERIOUS = ("serious", "critical")

PAGES = {
    "map": "/",
    "map_event": "/?day=2016-12-16&event=talks-continue-kantei",
    "article": "/Article",
    "chronology": "/Chronology",
    "about": "/About",
    "your_story": "/Your_story",
    "presenter": "/?present=1",
}

# Run axe on this document (frames are run separately: ``iframes: false``) and say, for each
# violating node, whose DOM it is. Widgets first: their markup is Streamlit's even where the
# label text is ours; then the app's own content; the rest is Streamlit's chrome.
AXE_RUN_JS = """async ([inFrame]) => {
    const WIDGETS = ['stRadio', 'stSlider', 'stSelectbox', 'stMultiSelect', 'stCheckbox', 'stButtonGroup',
                     'stTextInput', 'stFileUploader', 'stFileUploaderDropzone', 'stExpander', 'stTooltipIcon']
        .map(t => `[data-testid=${t}]`).join(',');
    const OURS = ['.sm-caption', '[data-testid=stMarkdownContainer]', '[data-testid=stHeading]',
                  '[data-testid=stCaptionContainer]', '[data-testid=stTable]', '[data-testid=stAlert]',
                  '[data-testid=stButton]', '[data-testid=stDownloadButton]', '[data-testid=stCode]',
                  '[data-testid=stIFrame]', 'iframe'].join(',');
    const find = (node) => {
        try { return document.querySelector(node.target[node.target.length - 1]); } catch (e) { return null; }
    };
    const testid = (node) => {
        const el = find(node), box = el && el.closest('[data-testid]');
        return box ? box.dataset.testid : '';
    };
    const owner = (node) => {
        if (inFrame) return 'app';
        const el = find(node);
        if (!el) return 'streamlit';
        if (el.closest(WIDGETS) && !el.closest('[data-testid=stButton]')) return 'streamlit-widget';
        return el.closest(OURS) ? 'app' : 'streamlit';
    };
    const result = await axe.run(document, {resultTypes: ['violations'], iframes: false});
    return {version: axe.version, violations: result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), owner: owner(n), testid: testid(n),
                                  summary: (n.failureSummary || '').split('\\n').slice(0, 3).join(' '),
                                  html: n.html.slice(0, 160)})),
    }))};
}"""


@pytest.fixture(scope="module")
def axe_report():
    """Append one page's violations to test-output/axe-report.txt (emptied once per module)."""
    OUTPUT.mkdir(exist_ok=True)
    REPORT.write_text(f"axe-core violations, {time.strftime('%Y-%m-%d %H:%M:%S')}\n"
                      "owner: app = the app's own DOM (fails the test if serious/critical); streamlit = Streamlit's "
                      "chrome; streamlit-widget = Streamlit widget markup around the app's labels\n",
                      encoding="utf-8")

    def add(where: str, result: dict) -> None:
        lines = [f"\n== {where} (axe {result['version']}): {len(result['violations'])} rule(s) violated"]
        for v in result["violations"]:
            owners = sorted({n["owner"] for n in v["nodes"]})
            lines.append(f"- {v['id']} [{v['impact']}] {len(v['nodes'])} node(s), owner {'/'.join(owners)}: {v['help']}")
            for n in v["nodes"][:8]:
                testid = f" (in {n['testid']})" if n["testid"] else ""
                lines.append(f"    {n['owner']}{testid}: {n['target']}  | {n['summary'][:230]}")
            if len(v["nodes"]) > 8:
                lines.append(f"    ... {len(v['nodes']) - 8} more")
        with REPORT.open("a", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        print("\n".join(lines))

    return add


def serious_of_app(result: dict) -> list[str]:
    return [f"{v['id']} [{v['impact']}] {n['target']} (in {n['testid'] or '?'}): {n['summary'][:230]}"
            for v in result["violations"] if v["impact"] in SERIOUS
            for n in v["nodes"] if n["owner"] == "app"]


def wait_loaded(page: Page, idle, name: str) -> None:
    """The page is drawn: its script has finished, and the map (where there is one) is drawn."""
    if name in ("map", "map_event", "presenter"):
        page.frame_locator(MAP_IFRAME).locator("body[data-story-drawn][data-basemap=drawn]").wait_for(
            state="attached", timeout=30_000)
    else:
        expect(page.get_by_test_id("stHeading").first).to_be_visible(timeout=30_000)
    idle()


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_violation_in_our_dom(watched, app_url, idle, axe_js, axe_report, name):
    page = watched.page
    page.goto(app_url + PAGES[name])
    wait_loaded(page, idle, name)
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate(AXE_RUN_JS, [False])
    axe_report(f"{name} {PAGES[name]} (Streamlit page)", result)
    ours = serious_of_app(result)
    if name in ("map", "map_event", "presenter"):
        frame = page.locator(MAP_IFRAME).element_handle().content_frame()
        assert frame is not None
        frame.add_script_tag(path=str(axe_js))
        inside = frame.evaluate(AXE_RUN_JS, [True])
        axe_report(f"{name} {PAGES[name]} (inside the map iframe)", inside)
        ours += [f"map iframe: {v}" for v in serious_of_app(inside)]
        # inside the map frame everything is ours: no violation of any impact
        ours += [f"map iframe: {v['id']} [{v['impact']}]" for v in inside["violations"]]
    assert ours == [], "serious/critical axe violations in the app's own DOM:\n" + "\n".join(ours)


# --- keyboard reachability ----------------------------------------------------------------------

# Where the focus is: through same-origin iframes down to the focused element.
FOCUS_JS = r"""() => {
    let doc = document, el = document.activeElement;
    const frames = [];
    while (el && el.tagName === 'IFRAME') {
        frames.push(el.title || '(untitled iframe)');
        let inner = null;
        try { inner = el.contentDocument; } catch (e) { break; }
        if (!inner || !inner.activeElement || inner.activeElement === inner.body && !inner.hasFocus()) break;
        doc = inner; el = inner.activeElement;
    }
    if (!el) return null;
    const keyBox = el.closest && el.closest('[class*="st-key-"]');
    const box = el.getBoundingClientRect();
    return {frames: frames, tag: el.tagName, id: el.id || '', type: el.type || '', role: el.getAttribute('role') || '',
            key: keyBox ? [...keyBox.classList].find(c => c.startsWith('st-key-')) : '',
            label: (el.getAttribute('aria-label') || el.getAttribute('title') || el.innerText || '').trim().slice(0, 40),
            size: [Math.round(box.width), Math.round(box.height)]};
}"""

TARGETS = {
    "language radio": lambda f: f["key"] == "st-key-lang" and f["type"] == "radio",
    "Previous button": lambda f: f["key"] == "st-key-prev" and f["tag"] == "BUTTON",
    "Next button": lambda f: f["key"] == "st-key-next" and f["tag"] == "BUTTON",
    "day slider": lambda f: f["key"] == "st-key-day" and (f["role"] == "slider" or f["type"] == "range"),
    "event list radio": lambda f: f["key"] == "st-key-event" and f["type"] == "radio",
    "map container #map_div": lambda f: f["frames"] == ["streamlit_folium.st_folium"] and f["id"] == "map_div",
}


def tab_walk(page: Page, presses: int = 80) -> list[dict]:
    """Press Tab from the top of the page; where the focus went after each press."""
    page.locator("body").focus()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS_JS))
    return stops


def describe(stop: dict | None) -> str:
    if stop is None:
        return "(nothing)"
    where = " > ".join(stop["frames"] + [f"{stop['tag']}{'#' + stop['id'] if stop['id'] else ''}"])
    return (f"{where} role={stop['role'] or '-'} type={stop['type'] or '-'} key={stop['key'] or '-'} "
            f"label={stop['label']!r} size={stop['size'][0]}x{stop['size'][1]}")


@pytest.mark.parametrize("day,disabled", [(DAY1, "Previous button"), (DAY2, "Next button")], ids=["day1", "day2"])
def test_keyboard_reaches_the_map_controls(watched, app_url, idle, day, disabled):
    """Tab reaches the language, the day controls, the event list and the map itself.

    On the first day Previous is disabled (and so, rightly, not a tab stop); on the last day Next.
    """
    page = watched.page
    page.goto(f"{app_url}/?lang=en&day={day}")
    expect(page.frame_locator(MAP_IFRAME).locator("body")).to_have_attribute("data-story-day", day, timeout=30_000)
    idle()
    stops = tab_walk(page)
    reached = {name: next((i + 1 for i, s in enumerate(stops) if s and test(s)), None) for name, test in TARGETS.items()}
    lines = [f"Tab walk on /?lang=en&day={day} ({len(stops)} presses):"]
    lines += [f"  {i + 1:2d}. {describe(s)}" for i, s in enumerate(stops)]
    lines += ["reached (first press):"] + [f"  {name}: {n}" for name, n in reached.items()]
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / f"keyboard-{day}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[-len(reached) - 1:]))

    disabled_key = "st-key-prev" if disabled == "Previous button" else "st-key-next"
    expect(page.locator(f".{disabled_key} button:visible")).to_be_disabled()
    missing = [name for name, n in reached.items() if n is None and name != disabled]
    assert missing == [], f"Tab never reached: {missing} (see test-output/keyboard-{day}.txt)"


def test_no_invisible_tab_stop_of_ours(watched, app_url, idle):
    """Every tab stop the app itself adds is visible, so a keyboard user sees where the focus is.

    The clicker is a script in a 1-pixel ``st.iframe``; Chromium makes that frame a tab stop,
    so one Tab press puts the focus where nothing can be seen (WCAG 2.4.7 Focus Visible).
    """
    page = watched.page
    page.goto(f"{app_url}/?lang=en")
    expect(page.frame_locator(MAP_IFRAME).locator("body")).to_have_attribute("data-story-day", DAY1, timeout=30_000)
    idle()
    stops = [s for s in tab_walk(page, presses=40) if s]
    invisible = sorted({describe(s) for s in stops if s["frames"] and s["frames"][0] == "st.iframe"})
    assert invisible == [], f"Tab stops in the clicker's invisible 1px iframe: {invisible}"
