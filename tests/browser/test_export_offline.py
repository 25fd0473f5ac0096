"""The exported files in a real headless Chromium, opened from disk with no network at all.

The HTML export is opened through file:// with every other request aborted and recorded (the
page must make none); waits are on conditions only. The PDF handout is made by the CLI.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
XSS_STORY = ROOT / "tests" / "data" / "xss" / "story.yaml"
DAY1, DAY2 = "2016-12-15", "2016-12-16"
LOCAL = ("file:", "data:", "blob:", "about:")

# Open every event's popup and return the popups' texts. A clustered marker's popup is opened
# at the marker's position on the map (no un-clustering animation to wait for).
OPEN_ALL_POPUPS_JS = """() => {
    const reg = window.StoryMap.registry, map = window.storyMapStandalone, texts = [];
    for (const id of Object.keys(reg)) {
        const layer = reg[id], popup = layer.getPopup && layer.getPopup();
        if (!popup) continue;
        if (layer._map) layer.openPopup();
        else if (layer.getLatLng) map.openPopup(popup, layer.getLatLng());
        else continue;
        const box = popup.getElement() && popup.getElement().querySelector('.sm-popup');
        if (box) texts.push(box.innerText);
    }
    map.closePopup();
    return texts;
}"""


def export(story: Path, fmt: str, out: Path, *extra: str) -> Path:
    done = subprocess.run([sys.executable, "-m", "geo", "export", str(story), "--format", fmt, "--output", str(out),
                           *extra], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out


def export_html(story: Path, out: Path) -> Path:
    """The HTML export, made in-process (the CLI itself is tested in tests/test_standalone.py)."""
    from geo.places.geocode import geocode_story
    from geo.render.standalone import standalone_html
    from geo.story.load import load_story

    loaded = load_story(story)
    out.write_text(standalone_html(loaded, geocode_story(loaded)), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    return export_html(ROOT / "events.yaml", tmp_path_factory.mktemp("export") / "story.html")


@dataclass
class Offline:
    """A page and what happened on it: requests aborted, page errors and dialogs."""

    page: object
    aborted: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def offline(browser):
    """A page that may load only local files: every other request is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    seen = Offline(page)

    def route(r):
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            seen.aborted.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
    page.on("dialog", lambda d: (seen.errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield seen
    context.close()


def open_drawn(page, path: Path, query: str = "") -> None:
    page.goto(path.as_uri() + query)
    page.wait_for_selector("body[data-story-drawn][data-basemap=drawn]", state="attached")


def test_the_export_works_offline(offline, exported):
    page = offline.page
    open_drawn(page, exported)
    body = page.locator("body")
    expect(body).to_have_attribute("data-story-day", DAY1)
    assert page.locator("#sm-map .leaflet-marker-icon").count() > 0
    assert page.locator("#sm-map path.leaflet-interactive").count() > 0  # the islands
    expect(page.locator(".leaflet-control-layers-overlays label")).to_have_count(5)
    expect(page.locator(".sm-legend-row")).to_have_count(5)
    expect(page.locator("#sm-day-label")).to_have_text("15/12/2016 · Ngày 1")
    expect(page.locator("#sm-prev")).to_be_disabled()

    page.click("#sm-next")
    expect(body).to_have_attribute("data-story-day", DAY2)
    expect(page.locator("#sm-day-label")).to_have_text("16/12/2016 · Ngày 2")
    expect(page.locator("#sm-next")).to_be_disabled()

    page.click("button[data-lang=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#sm-title")).to_have_text("Putin and Abe: from Nagato to Tokyo (15–16 December 2016)")
    expect(page.locator("#sm-day-label")).to_have_text("16 Dec 2016 · Day 2")
    expect(body).to_have_attribute("data-story-day", DAY2)
    expect(page.locator(".sm-legend-title")).to_have_text("Legend")
    day_events = page.locator("#sm-events li").count()
    assert day_events >= 10
    popups = page.evaluate(OPEN_ALL_POPUPS_JS)
    assert any("The article says" in text for text in popups)

    page.select_option("#sm-mode", "cumulative")  # day 1's events stay, muted
    expect(page.locator("#sm-events li")).to_have_count(day_events + 3)
    expect(page.locator("#sm-events li.sm-earlier-item")).to_have_count(3)

    # keyboard, with focus outside any form control: Home, then Space plays to the last day
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Home")
    expect(body).to_have_attribute("data-story-day", DAY1)
    page.keyboard.press("Space")
    expect(page.locator("#sm-play")).to_have_attribute("aria-pressed", "true")
    expect(body).to_have_attribute("data-story-day", DAY2, timeout=10_000)
    expect(page.locator("#sm-play")).to_have_attribute("aria-pressed", "false")  # stopped at the end
    page.keyboard.press("PageUp")
    expect(body).to_have_attribute("data-story-day", DAY1)

    assert offline.errors == []
    assert offline.aborted == [], "the page asked for something not in the file"


LABEL_TEXTS_JS = """() => [...document.querySelectorAll('#sm-map .sm-maplabel')].map(
    n => [n.className.replace(/.*sm-maplabel-/, ''), n.textContent])"""


def test_the_export_names_places_in_the_readers_language_from_the_file_alone(offline, exported):
    """Countries, seas and cities as on the app's map, carried in the file (nothing fetched)."""
    page = offline.page
    open_drawn(page, exported)
    has = "(want) => { const t = (" + LABEL_TEXTS_JS + ")().map(l => l[1]); return want.every(w => t.includes(w)); }"
    page.wait_for_function(f"() => ({has})(['Nhật Bản'])", polling="raf")
    vi = page.evaluate(LABEL_TEXTS_JS)
    assert ["country", "Nhật Bản"] in vi and not any(text == "Japan" for _, text in vi)
    assert [kind for kind, _ in vi].count("city") >= 2, vi
    assert page.locator(".leaflet-sm-labels-pane").get_attribute("lang") == "vi"
    page.click("button[data-lang=en]")
    page.wait_for_function(f"() => ({has})(['Japan'])", polling="raf")
    en = page.evaluate(LABEL_TEXTS_JS)
    assert ["country", "Japan"] in en and not any(text == "Nhật Bản" for _, text in en)
    page.evaluate("() => window.storyMapStandalone.setZoom(8, {animate: false})")  # the region's smaller cities
    page.wait_for_function(f"() => ({LABEL_TEXTS_JS})().filter(l => l[0] === 'city').length >= 3", polling="raf")
    assert offline.errors == []
    assert offline.aborted == [], "the page asked for something not in the file"


# The basemap's drawn land (outlines in the SVG) that holds a place, lon beyond 180 for the copy east.
LAND_AT_JS = """([lat, lon]) => {
    const map = window.storyMapStandalone, found = [];
    map.eachLayer(l => {
        if (l.options.pane === "sm-basemap" && l._path && l.getBounds && l.getBounds().contains([lat, lon])
            && l._path.getAttribute("d")) found.push(l);
    });
    return found.length;
}"""


def test_land_across_the_antimeridian_is_drawn_when_a_view_reaches_it(offline, exported):
    page = offline.page
    open_drawn(page, exported)
    alaska_east = [64.5, 200]  # Alaska, one world east: where a view round the Bering Strait needs it
    assert page.evaluate(LAND_AT_JS, [36, 138]) > 0, "Japan's land is drawn in the first view"
    assert page.evaluate(LAND_AT_JS, alaska_east) == 0, "the world's copies wait for a view that needs them"
    page.evaluate("() => window.storyMapStandalone.setView([64, 185], 4, { animate: false })")
    page.wait_for_function(LAND_AT_JS, arg=alaska_east, polling="raf")
    assert page.evaluate(LAND_AT_JS, [64.5, 170]) > 0, "Chukotka, west of the antimeridian, stays drawn"
    assert offline.errors == [] and offline.aborted == []


def test_hostile_text_stays_text(offline, tmp_path):
    page = offline.page
    path = export_html(XSS_STORY, tmp_path / "xss.html")
    open_drawn(page, path)
    for lang in ("vi", "en"):
        page.click(f"button[data-lang={lang}]")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        for step in ("#sm-prev", "#sm-next"):
            if page.locator(step).is_enabled():
                page.click(step)
            page.locator(".leaflet-control-layers").hover()
            popups = page.evaluate(OPEN_ALL_POPUPS_JS)
            assert popups, "no popup opened"
            assert page.evaluate("() => typeof window.__pwned") == "undefined"
            assert page.locator("#pwned").count() == 0
    titles = page.locator("#sm-events button").all_inner_texts()
    assert any("XSS-EVIL-PLACE </script><script>window.__pwned=1</script>" in t for t in titles)
    expect(page.locator(".leaflet-control-layers-overlays")).to_contain_text("Islands </script><script>window.__pwned=1</script>")
    assert offline.errors == [] and offline.aborted == []


def test_pdf_handout_has_one_page_per_day(tmp_path):
    from geo.render.handout import pdf_page_count

    pdf = export(ROOT / "events.yaml", "pdf", tmp_path / "handout.pdf", "--lang", "en").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert pdf_page_count(pdf) == 2  # 15 and 16 December 2016
