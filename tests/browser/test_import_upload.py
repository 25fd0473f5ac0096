"""Files teachers already have, uploaded on *Your story* and drawn on the map (issue 18): a
Vietnamese Excel CSV (semicolons, BOM, decimal commas, dd/mm/yyyy) and a GPX trip (waypoints and
a track cut into one dated line a day)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.map_helpers import MAP_IFRAME, map_frame

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).resolve().parents[1] / "import_samples"


def _upload_and_show(watched, app_url, idle, sample: Path, lang: str, loaded: str, show: str):
    page = watched.page
    page.goto(f"{app_url}/Your_story?lang={lang}")
    idle()
    page.locator("input[type=file]").set_input_files(str(sample))
    expect(page.get_by_text(loaded)).to_be_visible(timeout=60_000)
    expect(page.locator(".vega-embed")).to_be_visible(timeout=60_000)  # the preview's dots
    idle()
    page.get_by_role("button", name=show).click()
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    return page, map_frame(page)


def test_a_semicolon_csv_from_vietnamese_excel_is_drawn(watched, app_url, idle):
    page, frame = _upload_and_show(watched, app_url, idle, SAMPLES / "excel_vi_semicolon.csv", "vi",
                                   "Đã tải 5 sự kiện", "Xem trên bản đồ")
    expect(page.get_by_role("heading", name="excel vi semicolon")).to_be_visible(timeout=60_000)
    assert frame.evaluate("document.body.getAttribute('data-story-day')") == "1945-02-04"  # Yalta comes first
    expect(page.get_by_text("04/02/1945").first).to_be_visible()  # a long story: its days by date alone
    page.get_by_role("button", name="Ngày sau ▶").click()
    frame.wait_for_function("document.body.getAttribute('data-story-day') === '2016-12-15'", polling="raf")
    markers = frame.locator(".leaflet-marker-pane .leaflet-marker-icon")
    expect(markers.first).to_be_visible()
    assert watched.errors == [], watched.errors


def test_a_gpx_trip_is_drawn_with_its_track_on_its_day(watched, app_url, idle):
    page, frame = _upload_and_show(watched, app_url, idle, SAMPLES / "gis" / "visit_track.gpx", "en",
                                   "Loaded 5 events", "Show it on the map")
    expect(page.get_by_role("heading", name="visit track")).to_be_visible(timeout=60_000)
    assert frame.evaluate("document.body.getAttribute('data-story-day')") == "2016-12-15"
    # the day's part of the track is a line on the map, beside the waypoints' markers
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached(timeout=30_000)
    expect(frame.locator(".leaflet-marker-pane .leaflet-marker-icon").first).to_be_visible()
    assert watched.errors == [], watched.errors


def test_an_event_in_one_language_without_a_quote_shows_only_what_it_has(watched, app_url, idle):
    """A GPX waypoint has a title, a description and coordinates, no article to quote: its card and
    its popup show no empty quote, no 'nan', no article among its sources, and call its place by its
    coordinates."""
    page, frame = _upload_and_show(watched, app_url, idle, SAMPLES / "gis" / "visit_track.gpx", "en",
                                   "Loaded 5 events", "Show it on the map")
    idle()
    page.get_by_text("Otani Sanso", exact=True).first.click()
    card = page.locator(".st-key-event-card")
    expect(card).to_contain_text("Talks at the inn", timeout=30_000)
    expect(card).to_contain_text("°N")
    assert "nan" not in card.inner_text().split() and "Article says" not in card.inner_text()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Talks at the inn", timeout=30_000)
    assert popup.locator("blockquote").count() == 0 and "article" not in popup.inner_text().lower()
    assert watched.errors == [], watched.errors
