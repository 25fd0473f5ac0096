"""The server keeps running when a story is read after the script run that loaded the first one.

Streamlit runs each script run in a thread that ends with the run: a story reader that kept
state in the thread that first used it (yaml-rs 0.1.6 did, and crashed the whole server) would
take every student's page down on the next upload. This test reads a second story the way a
student does, and the server must still answer.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.map_helpers import MAP_IFRAME

MINI = Path(__file__).resolve().parents[1] / "data" / "mini" / "story.yaml"
DRAWN_JS = """(sel) => { const f = document.querySelector(sel), d = f && f.contentDocument;
                         return !!d && !!d.body && d.body.hasAttribute('data-story-drawn'); }"""


def health(url: str) -> int:
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as resp:
        return resp.status


def test_an_upload_after_the_first_story_is_read_and_the_server_stays_up(watched, app_url, idle):
    page = watched.page
    page.goto(f"{app_url}/?lang=en")
    page.wait_for_function(DRAWN_JS, arg=MAP_IFRAME, timeout=60_000)  # the default story, read by an earlier run

    page.goto(f"{app_url}/Your_story?lang=en")
    idle()
    page.locator("input[type=file]").set_input_files(str(MINI))
    expect(page.get_by_text("Loaded 5 events")).to_be_visible(timeout=60_000)
    idle()
    page.get_by_role("button", name="Show it on the map").click()
    expect(page.get_by_role("heading", name="A small story")).to_be_visible(timeout=60_000)
    page.wait_for_function(DRAWN_JS, arg=MAP_IFRAME, timeout=60_000)

    assert health(app_url) == 200, "the server is still up"
    assert watched.errors == [], watched.errors
