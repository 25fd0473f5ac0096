"""No English left in the Vietnamese app where Streamlit wrote its own (tab titles, the upload
box's button), and a cluster click that leaves its markers readable."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.map_helpers import map_frame


def test_tab_titles_and_the_upload_button_in_vietnamese(watched, app_url, idle):
    page = watched.page
    page.goto(f"{app_url}/?lang=vi")
    map_frame(page)
    idle()
    expect(page).to_have_title("Putin và Abe: từ Nagato đến Tokyo (15–16/12/2016) · Bản đồ dòng thời gian")
    page.goto(f"{app_url}/Your_story?lang=vi")
    idle()
    expect(page).to_have_title("Câu chuyện của bạn · Bản đồ dòng thời gian")
    button = '[data-testid="stFileUploaderDropzone"] button'
    expect(page.locator(button)).to_be_visible()
    page.wait_for_function(f"() => getComputedStyle(document.querySelector('{button}'), '::after').content"
                           " === '\"Chọn tệp\"'", polling="raf")
    assert page.locator(button).inner_text().strip() == ""  # Streamlit's "Upload" is not shown


def test_a_cluster_click_zooms_to_readable_markers(watched, app_url, idle):
    page = watched.page
    page.goto(f"{app_url}/?lang=en&day=2016-12-16")
    frame = map_frame(page)
    idle()
    before = frame.evaluate("() => window.storyCluster._map.getZoom()")
    frame.locator(".marker-cluster", has_text="9").click()
    frame.wait_for_function(f"() => window.storyCluster._map.getZoom() > {before}"
                            " || !!window.storyCluster._spiderfied", polling="raf")
    frame.wait_for_function("() => !window.storyCluster._inZoomAnimation && !window.storyCluster._map._animatingZoom",
                            polling="raf")
    zoom = frame.evaluate("() => window.storyCluster._map.getZoom()")
    assert zoom <= 15  # a street's scale, not a building's
    # every marker or cluster in view stands at least 40 px inside the map's edges
    edges = frame.evaluate("""() => { const c = window.storyCluster._map.getContainer().getBoundingClientRect();
        return [...document.querySelectorAll('.leaflet-marker-icon')].map(n => n.getBoundingClientRect())
            .filter(r => r.right > c.left && r.left < c.right && r.bottom > c.top && r.top < c.bottom)
            .map(r => Math.min(r.left - c.left, c.right - r.right, r.top - c.top, c.bottom - r.bottom)); }""")
    assert edges and min(edges) >= 40, edges
