"""The Write page end to end (issue 19): a short article pasted, two suggested places taken, two
dates set, the story file downloaded, uploaded again on *Your story* and drawn on the same two days.

With ``EDITOR_SCREENSHOTS=/some/folder`` each step is saved there as a 1366×768 screenshot; the time
the two-event story took (article pasted → story file downloaded) is printed (``-s``) and attached
to the report."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.browser.map_helpers import MAP_IFRAME, map_frame

pytestmark = pytest.mark.browser

ARTICLE = "Abe met Putin in Hanoi for the first talks. The next day both leaders flew to Tokyo."


def _shot(page, name: str) -> None:
    folder = os.environ.get("EDITOR_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def _choose(page, idle, key: str, option: str) -> None:
    """Pick ``option`` in the selectbox whose widget key is ``key``. The preview's map may ask the
    server for something just then, and the rerun redraws the page and closes an open list: open it
    again, as a reader would (a few times at most)."""
    box = page.locator(f".st-key-{key}").get_by_role("combobox")
    for _ in range(5):
        idle()
        box.click()
        try:
            page.get_by_role("option", name=option).click(timeout=5_000)
            break
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
    idle()
    expect(box).to_have_value(option)


def _set_date(page, idle, value: str) -> None:
    idle()
    field = page.locator("[class*='st-key-draft_form_date_']").first
    field.locator("[data-type=year]").click()  # a date field of three parts: typing fills them in turn
    page.keyboard.type(value)
    page.keyboard.press("Escape")  # the calendar may open as the date is typed
    page.get_by_text("One row an event").click()  # leaving the field sets the date
    idle()


def test_a_pasted_article_becomes_a_story_that_uploads_again(watched, app_url, idle, tmp_path, record_property):
    page = watched.page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{app_url}/Write?lang=en")
    idle()
    expect(page.get_by_role("heading", name="Write a story")).to_be_visible(timeout=60_000)
    _shot(page, "1-empty")
    started = time.perf_counter()
    page.get_by_label("Story title").fill("Two cities")
    page.get_by_label("Story title").press("Enter")
    idle()
    article = page.get_by_label("The article (paste it here, a paragraph a line)")
    article.fill(ARTICLE)
    article.press("Control+Enter")
    idle()
    expect(page.get_by_role("button", name="Hanoi (city)")).to_be_visible(timeout=30_000)
    _shot(page, "2-article-pasted")
    page.get_by_role("button", name="Hanoi (city)").click()
    idle()
    expect(page.get_by_role("combobox", name="Row")).to_have_value("Row 1: Hanoi", timeout=30_000)
    _choose(page, idle, "draft_sentence", "2. The next day both leaders flew to Tokyo.")
    page.get_by_role("button", name="Tokyo (city)").click()
    idle()
    expect(page.get_by_role("combobox", name="Row")).to_have_value("Row 2: Tokyo", timeout=30_000)
    _shot(page, "3-two-places-taken")
    _choose(page, idle, "draft_row", "Row 1: Hanoi")
    _set_date(page, idle, "20161215")
    _choose(page, idle, "draft_row", "Row 2: Tokyo")
    _set_date(page, idle, "20161216")
    expect(page.get_by_text("No problems.")).to_be_visible(timeout=30_000)
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    _shot(page, "4-dates-set-preview")
    download_button = page.get_by_role("button", name="Story file (YAML)")
    download_button.scroll_into_view_if_needed()
    _shot(page, "5-keep-and-share")
    with page.expect_download() as caught:
        download_button.click()
    story_file = tmp_path / "two-cities.yaml"
    caught.value.save_as(story_file)
    took = time.perf_counter() - started
    print(f"\ntwo-event story made in the browser in {took:.1f} s")
    record_property("two_event_story_seconds", round(took, 1))
    text = story_file.read_text(encoding="utf-8")
    assert "start: '2016-12-15'" in text and "start: '2016-12-16'" in text and "Hanoi" in text

    page.goto(f"{app_url}/Your_story?lang=en")
    idle()
    page.locator("input[type=file]").set_input_files(str(story_file))
    expect(page.get_by_text("Loaded 2 events")).to_be_visible(timeout=60_000)
    idle()
    page.get_by_role("button", name="Show it on the map").click()
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    frame = map_frame(page)
    expect(page.get_by_role("heading", name="Two cities")).to_be_visible(timeout=60_000)
    frame.wait_for_function("document.body.getAttribute('data-story-day') === '2016-12-15'", polling="raf")
    idle()
    page.get_by_role("button", name="Next ▶").click()
    frame.wait_for_function("document.body.getAttribute('data-story-day') === '2016-12-16'", polling="raf")
    expect(frame.locator(".leaflet-marker-pane .leaflet-marker-icon").first).to_be_visible()
    _shot(page, "6-uploaded-again-on-the-map")
    assert page.get_by_role("button", name="Next ▶").is_disabled()  # two days, no more
    assert watched.errors == [], watched.errors


def test_a_rows_place_is_picked_by_clicking_the_map(watched, app_url, idle):
    """A place no sentence names: the row's place is picked on the offline map, as coordinates."""
    page = watched.page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{app_url}/Write?lang=en")
    idle()
    article = page.get_by_label("The article (paste it here, a paragraph a line)")
    article.fill(ARTICLE)
    article.press("Control+Enter")
    idle()
    page.get_by_role("button", name="Hanoi (city)").click()
    idle()
    expect(page.get_by_role("combobox", name="Row")).to_have_value("Row 1: Hanoi", timeout=30_000)
    page.get_by_text("Pick the place on a map").click()
    idle()
    expect(page.get_by_text("Click the map where the event of row 1 took place.")).to_be_visible(timeout=30_000)
    picker = page.locator(".st-key-draft-pick-map iframe")
    frame = picker.element_handle().content_frame()
    frame.wait_for_function("() => document.querySelector('.leaflet-interactive')", polling="raf")  # the land
    # named as on the story's map, offline: a reader zoomed in to click knows where they are
    expect(frame.locator(".sm-maplabel-country", has_text="Vietnam")).to_be_attached(timeout=30_000)
    expect(frame.locator(".sm-maplabel-city").first).to_be_attached()
    use = page.get_by_role("button", name=re.compile(r"^Use \d+\.\d{5}, \d+\.\d{5} for row 1$"))
    for _ in range(3):  # a click while the page is still being redrawn may be lost: click again, as a reader would
        idle()
        # the map looks at Hanoi (zoom 6): a click up and right of it is north and east of it
        box = picker.bounding_box()
        picker.click(position={"x": box["width"] / 2 + 120, "y": box["height"] / 2 - 60})
        try:
            use.wait_for(timeout=10_000)
            break
        except PlaywrightTimeoutError:
            pass
    expect(use).to_be_visible()
    use.scroll_into_view_if_needed()
    _shot(page, "7-place-picked-on-the-map")
    lat, lon = (float(x) for x in re.search(r"Use (\S+), (\S+) for", use.inner_text()).groups())
    assert 21.1 < lat < 26 and 105.9 < lon < 112, (lat, lon)
    idle()
    use.click()
    idle()
    # the row's form is drawn again with the new place (the old one goes once the run is over)
    page.wait_for_function("""(text) => {
        const fields = [...document.querySelectorAll("[class*='st-key-draft_form_place_'] input")];
        return fields.length === 1 && fields[0].value === text; }""", arg=f"{lat:.5f}, {lon:.5f}", polling="raf")
    expect(page.get_by_text("Precision: coordinates")).to_be_visible()
    assert watched.errors == [], watched.errors
