"""The offline basemap names its places (StoryMap.mapLabels), offline, in the reader's language:
countries, seas and cities as text elements that cover neither each other nor the story's markers."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from scripts.build_labels import SEAS as SEAS_TSV, read_tsv
from tests.browser.map_helpers import map_frame

DAY1, DAY2 = "2016-12-15", "2016-12-16"
# Cities round Nagato that the story does not mention (GeoNames names, the same in both languages).
NEAR_NAGATO = {"Shimonoseki", "Hiroshima", "Fukuoka", "Kitakyushu", "Yamaguchi", "Ube", "Hagi", "Hōfu", "Shūnan",
               "Masuda", "Sanyōonoda", "Mine"}
JAPAN = {"vi": "Nhật Bản", "en": "Japan"}
SEAS = {"en": {row[0] for row in read_tsv(SEAS_TSV)}, "vi": {row[1] for row in read_tsv(SEAS_TSV)}}

LABELS_JS = """() => [...document.querySelectorAll('.sm-maplabel')].map(n => {
    const r = n.getBoundingClientRect();
    return {kind: n.className.replace(/.*sm-maplabel-/, ''), text: n.textContent, tag: n.tagName,
            box: [r.left, r.top, r.right, r.bottom]};
})"""
MARKERS_JS = """() => [...document.querySelectorAll('.leaflet-marker-icon')].map(n => {
    const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];
})"""


# What the map shows, for a failure's message: its view, its size, the names placed and their counts.
MAP_STATE_JS = """() => {
    const map = Object.values(window).find(v => { try { return v && v._leaflet_id && v.getZoom && v.getContainer; }
                                                  catch (e) { return false; } });
    return {zoom: map && map.getZoom(), bounds: map && map.getBounds().toBBoxString(), size: map && map.getSize(),
            animating: map && !!map._animatingZoom, drawn: document.body.getAttribute('data-story-drawn'),
            day: document.body.getAttribute('data-story-day'), counts: document.body.getAttribute('data-labels'),
            visibility: document.visibilityState};
}"""


def labels_once(frame, js_condition: str) -> list[dict]:
    """The labels once ``js_condition`` (a function of the labels list) holds: the smaller cities
    come a moment later than the first names (their tile is fetched when the map is zoomed in).
    Checked on a timer, not on the frame's animation frames, so that a frame the browser stops
    painting fails with what it shows rather than a bare timeout."""
    try:
        frame.wait_for_function(f"() => document.body.hasAttribute('data-labels') && ({js_condition})(({LABELS_JS})())",
                                polling=100, timeout=30_000)
    except PlaywrightTimeout:
        state = frame.evaluate(MAP_STATE_JS)
        texts = [(lab["kind"], lab["text"]) for lab in frame.evaluate(LABELS_JS)]
        raise AssertionError(f"the names wanted never came; the map: {state}; its names: {texts}") from None
    return frame.evaluate(LABELS_JS)


def overlap(a, b) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def assert_nothing_covered(frame) -> None:
    labels, markers = frame.evaluate(f"() => [({LABELS_JS})(), ({MARKERS_JS})()]")
    boxes = [lab["box"] for lab in labels]
    pairs = [(labels[i]["text"], labels[j]["text"]) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
             if overlap(boxes[i], boxes[j])]
    assert pairs == []
    assert markers, "the story's markers are drawn"
    assert [lab["text"] for lab in labels for m in markers if overlap(lab["box"], m)] == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_day_one_names_nearby_cities_and_the_country(watched, app_url, idle, lang):
    page = watched.page
    page.goto(f"{app_url}/?lang={lang}&day={DAY1}")
    frame = map_frame(page)
    near = sorted(NEAR_NAGATO)
    labels = labels_once(frame, f"labels => labels.filter(l => {near!r}.includes(l.text)).length >= 2"
                                f" && labels.some(l => l.kind === 'country' && l.text === {JAPAN[lang]!r})")
    texts = {lab["text"] for lab in labels}
    assert len(texts & NEAR_NAGATO) >= 2 and JAPAN[lang] in texts
    assert JAPAN["en" if lang == "vi" else "vi"] not in texts  # the reader's language only
    assert all(lab["tag"] == "DIV" and lab["text"].strip() for lab in labels)  # text, not pictures
    assert frame.evaluate("() => document.querySelector('.leaflet-sm-labels-pane').getAttribute('lang')") == lang
    story = " ".join(lab["text"] for lab in labels if lab["kind"] == "story")
    assert "Nagato" in story  # the story's own place, named too
    assert len({city for city in texts & NEAR_NAGATO if city not in story}) >= 2
    idle()
    assert_nothing_covered(frame)
    assert not [url for url in watched.aborted if "/basemap/" in url]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_day_two_names_a_sea(watched, app_url, idle, lang):
    page = watched.page
    page.goto(f"{app_url}/?lang={lang}&day={DAY2}")
    frame = map_frame(page)
    labels = labels_once(frame, "labels => labels.some(l => l.kind === 'sea')")
    seas = {lab["text"] for lab in labels if lab["kind"] == "sea"}
    assert seas and seas <= SEAS[lang]
    assert SEAS[lang] & {"Sea of Japan", "Biển Nhật Bản", "Pacific Ocean", "Thái Bình Dương"} & seas
    idle()
    assert_nothing_covered(frame)


def test_a_place_unfolded_into_several_markers_is_named_once(watched, app_url, idle):
    """The Kantei's events unfold round it when one is chosen: one name for the place, not one per marker."""
    page = watched.page
    page.goto(f"{app_url}/?lang=en&day={DAY2}&event=talks-continue-kantei")
    frame = map_frame(page)
    frame.wait_for_function("() => document.querySelector('.leaflet-popup') && window.storyCluster._spiderfied",
                            polling=100)
    idle()
    # one more placing of the names, with the markers as they stand now (unfolded)
    frame.evaluate("""() => new Promise(done => {
        new MutationObserver(done).observe(document.body, {attributes: true, attributeFilter: ['data-labels']});
        window.StoryMap.refreshLabels();
    })""")
    story = [lab["text"] for lab in frame.evaluate(LABELS_JS) if lab["kind"] == "story"]
    assert "Prime Minister's Office of Japan" in story
    assert len(story) == len(set(story)), story
