"""The map fills each screen the issue names: a projector (1024×768, presenter mode), a laptop
(1366×768) and a phone (390×844), in both languages; popups open whole inside the map."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.map_helpers import MAP_IFRAME, map_frame

CAPTION_STYLE_JS = """(sel) => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize)"""


def open_at(page, url: str, width: int, height: int, idle) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    map_frame(page)
    idle()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_presenter_map_takes_seventy_percent_of_a_projector(watched, app_url, idle, lang):
    page = watched.page
    open_at(page, f"{app_url}/?present=1&step=1&lang={lang}", 1024, 768, idle)
    box = page.locator(MAP_IFRAME).bounding_box()
    share = box["width"] * box["height"] / (1024 * 768)
    assert share >= 0.70, box
    assert box["y"] + box["height"] <= 768 + 1, box
    assert page.evaluate(CAPTION_STYLE_JS, ".sm-caption h2") >= 24
    assert page.evaluate(CAPTION_STYLE_JS, ".sm-caption p") >= 24


def test_presenter_disabled_buttons_look_disabled(watched, app_url, idle):
    page = watched.page
    open_at(page, f"{app_url}/?present=1&step=1&lang=vi", 1024, 768, idle)
    look = """(sel) => { const s = getComputedStyle(document.querySelector(sel));
        return [parseFloat(s.opacity), s.borderStyle, s.cursor]; }"""
    expect(page.locator(".st-key-step_prev button")).to_be_disabled()
    off, on = page.evaluate(look, ".st-key-step_prev button"), page.evaluate(look, ".st-key-step_next button")
    assert off[0] <= 0.5 < on[0] and off[1] == "dashed" != on[1] and off[2] == "not-allowed", (off, on)


@pytest.mark.parametrize("step", [29, 5])
def test_presenter_popup_opens_whole_inside_the_map(watched, app_url, idle, step):
    page = watched.page
    open_at(page, f"{app_url}/?present=1&step={step}&lang=vi", 1024, 768, idle)
    frame = map_frame(page)
    whole = """() => { const p = document.querySelector('.leaflet-popup');
        if (!p) return false; const r = p.getBoundingClientRect();
        return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth; }"""
    try:
        frame.wait_for_function(whole, polling="raf", timeout=30_000)
    except Exception:
        where = frame.evaluate("""() => { const p = document.querySelector('.leaflet-popup');
            const r = p && p.getBoundingClientRect(); return [r && [r.left, r.top, r.right, r.bottom],
            window.innerWidth, window.innerHeight]; }""")
        raise AssertionError(f"the popup is not whole inside the map: {where}")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_phone_map_starts_in_the_first_45_percent(watched, app_url, idle, lang):
    page = watched.page
    open_at(page, f"{app_url}/?lang={lang}", 390, 844, idle)
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["y"] <= 0.45 * 844, box
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    # the day's three buttons share one line
    tops = {round(page.locator(f".st-key-{key} button").bounding_box()["y"]) for key in ("prev", "next", "play")}
    assert len(tops) == 1, tops


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_laptop_title_at_the_top_and_the_chosen_event_with_the_days_list(watched, app_url, idle, lang):
    page = watched.page
    open_at(page, f"{app_url}/?lang={lang}&day=2016-12-16&event=talks-continue-kantei", 1366, 768, idle)
    title = page.locator(".st-key-page-title h2").bounding_box()
    assert title["y"] <= 40, title  # no empty band above it
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["y"] + box["height"] <= 768 and box["height"] >= 560, box
    card = page.locator(".st-key-event-card").bounding_box()
    first_choice = page.locator(".st-key-event label:has(input)").first.bounding_box()
    assert card["y"] >= 0 and first_choice["y"] + first_choice["height"] <= 768, (card, first_choice)
    assert first_choice["y"] >= card["y"] + 100, "the card shows more than its title"
