"""One set of layer switches: the sidebar's pills and the map's layer control stay in step, and the
control counts each layer's events of the day whether it is switched on or off."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.map_helpers import MAP_IFRAME, map_frame

DAY2 = "2016-12-16"
COUNTS_JS = """() => Object.fromEntries([...document.querySelectorAll('.sm-count[data-layer]')]
    .map(n => [n.getAttribute('data-layer'), n.textContent]))"""
CHECKED_JS = """() => Object.fromEntries([...document.querySelectorAll('.leaflet-control-layers-overlays label')]
    .map(l => [l.querySelector('.sm-count').getAttribute('data-layer'), l.querySelector('input').checked]))"""


def pill(page, name: str):
    return page.get_by_test_id("stSidebar").get_by_role("button", name=name, exact=True)


def test_pills_and_the_maps_control_are_one_set_of_switches(watched, app_url, idle):
    page = watched.page
    page.goto(f"{app_url}/?lang=en&day={DAY2}")
    frame = map_frame(page)
    idle()
    counts = frame.evaluate(COUNTS_JS)
    assert counts["islands"] not in ("", "(0)") and counts["talks"] not in ("", "(0)"), counts
    assert all(frame.evaluate(CHECKED_JS).values())

    # off in the sidebar: off in the map's control, its count still the day's
    pill(page, "The disputed islands").click()
    expect(page).to_have_url(re.compile(r"layers=(?!.*islands)"), timeout=30_000)
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({CHECKED_JS})().islands === false", polling="raf")
    assert frame.evaluate(COUNTS_JS) == counts
    idle()

    # on again in the map's control: on again in the sidebar (and in the link)
    frame.locator(".leaflet-control-layers").hover()
    frame.locator(".leaflet-control-layers-overlays label", has=frame.locator("[data-layer=islands]")) \
        .locator("input").check()
    expect(pill(page, "The disputed islands")).to_have_attribute("aria-pressed", "true",
                                                                 timeout=30_000)
    expect(page).not_to_have_url(re.compile(r"[?&]layers="))  # every layer on again: the link says nothing
    idle()
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({CHECKED_JS})().islands === true", polling="raf")
    assert frame.evaluate(COUNTS_JS) == counts
    assert not watched.errors
