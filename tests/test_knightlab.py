"""TimelineJS and StoryMapJS JSON as records (geo/story/knightlab.py), HTML made plain
(geo/story/html_text.py): the samples of tests/import_samples/knightlab/, spot-checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.story.columns import map_columns
from geo.story.errors import StoryError
from geo.story.html_text import html_to_text
from geo.story.knightlab import (looks_like_storymapjs, looks_like_timelinejs, read_knight_lab, read_storymapjs,
                                 read_timelinejs)

KNIGHTLAB = Path(__file__).resolve().parent / "import_samples" / "knightlab"


def _data(name: str):
    return json.loads((KNIGHTLAB / name).read_text(encoding="utf-8"))


def test_timelinejs_events_in_the_templates_columns():
    records = read_knight_lab(_data("timeline_nagato.json"), "timeline_nagato.json")
    frame = records.frame
    assert records.kind == "timelinejs" and records.order is None
    assert records.title == "Putin & Abe: two days"
    assert frame.index.name == "record" and frame.index.tolist() == [1, 2, 3]
    assert frame.loc[1, ["Year", "Month", "Day", "Time"]].tolist() == [2016, 12, 15, "18:10"]
    assert frame.loc[2, ["Year", "Month", "Day", "End Year", "End Month", "End Day"]].tolist() == \
        [2016, 12, 15, 2016, 12, 16]  # numbers written as strings are read as numbers
    assert frame.loc[2, "Display Date"] == "15–16 Dec 2016"
    assert frame["Headline"].tolist() == ["Putin lands at Yamaguchi Ube", "Talks at the onsen",
                                          "Press conference in Tokyo"]
    assert frame.loc[1, "Text"] == "Almost three hours late.\nAbe waits at the inn."
    assert frame.loc[2, "Text"] == "Talks on the Kuril islands & joint economic activity."
    assert frame.loc[1, ["Media", "Media Credit", "Media Caption"]].tolist() == [
        "https://example.org/ube.jpg", "Example Agency", "Arrival"]
    assert frame["Group"].tolist() == ["Travel", "Talks", "Talks"]
    assert frame.loc[1, "id"] == "arrival"
    assert frame["Location"].tolist() == [None, "Nagato", "Kantei"]
    assert frame.loc[1, "geometry"] is None
    assert (round(frame.loc[3, "geometry"].x, 4), round(frame.loc[3, "geometry"].y, 4)) == (139.7414, 35.6731)
    assert any("1 TimelineJS eras" in note["en"] for note in records.notes)


def test_timelinejs_columns_get_the_templates_roles():
    frame = read_timelinejs(_data("timeline_nagato.json"), "t.json").frame
    roles = map_columns([c for c in frame.columns if c != "geometry"], frame).roles
    assert {k: roles[k] for k in ("year", "month", "day", "time", "end_year", "title", "summary", "layer",
                                  "place", "display_date", "media")} == {
        "year": "Year", "month": "Month", "day": "Day", "time": "Time", "end_year": "End Year",
        "title": "Headline", "summary": "Text", "layer": "Group", "place": "Location",
        "display_date": "Display Date", "media": "Media"}


def test_storymapjs_slides_in_tour_order_with_their_places():
    records = read_knight_lab(_data("storymap_nagato.json"), "storymap_nagato.json")
    frame = records.frame
    assert records.kind == "storymapjs"
    assert records.title == "Putin in Japan"
    assert frame.index.name == "record" and frame.index.tolist() == [2, 3, 4, 5]  # the overview is slide 1
    assert records.order == [1, 2, 3, 4]
    assert frame["Headline"].tolist() == ["Yamaguchi Ube airport", "Otani Sanso", "Phone call from the train",
                                          "Kantei"]
    assert frame["Date"].tolist() == ["15/12/2016", "December 15", "16/12/2016", "16/12/2016"]
    assert frame["Place"].tolist() == ["Ube", "Nagato", None, "Tokyo"]
    points = frame["geometry"].tolist()
    assert [(round(p.x, 4), round(p.y, 4)) for p in (points[0], points[1], points[3])] == [
        (131.2786, 33.93), (131.1829, 34.3711), (139.7414, 35.6731)]  # lat/lon written as strings too
    assert points[2] is None  # no location: kept, not on the map
    assert frame.loc[3, "Text"] == "Talks at the inn\nthen dinner"
    assert frame.loc[5, "Text"] == "Press conference & declaration"
    assert frame.loc[2, ["Media", "Media Credit", "Media Caption"]].tolist() == [
        "https://example.org/ube.jpg", "Example Agency", "Landing"]
    assert any("1 slide(s) without a place" in note["en"] for note in records.notes)


def test_storymapjs_columns_get_roles():
    frame = read_storymapjs(_data("storymap_nagato.json"), "s.json").frame
    roles = map_columns([c for c in frame.columns if c != "geometry"], frame).roles
    assert (roles["title"], roles["summary"], roles["date"], roles["place"]) == ("Headline", "Text", "Date", "Place")


def test_telling_the_formats_apart():
    timeline, storymap = _data("timeline_nagato.json"), _data("storymap_nagato.json")
    assert looks_like_timelinejs(timeline) and not looks_like_storymapjs(timeline)
    assert looks_like_storymapjs(storymap) and not looks_like_timelinejs(storymap)
    story = {"story": {"id": "x"}, "layers": [], "events": [{"id": "a", "text": "?"}]}  # the app's own JSON story
    assert not looks_like_timelinejs(story)
    assert read_knight_lab({"type": "FeatureCollection", "features": []}, "f.json") is None
    assert read_knight_lab([{"Year": 2016}], "r.json") is None


@pytest.mark.parametrize("event, message", [
    ({"text": {"headline": "x"}}, "event 2: start_date: missing"),
    ({"start_date": {"year": 2016, "month": 13}}, "event 2: start_date.month: 13 is not a valid month"),
    ({"start_date": {"year": "two thousand"}}, "event 2: start_date.year: 'two thousand' is not a valid year"),
    ({"start_date": {"year": 2016, "day": 1.5}}, "event 2: start_date.day: 1.5 is not a valid day"),
    ({"start_date": {"year": 2016, "hour": 25}}, "event 2: start_date.hour: 25 is not a valid hour"),
    ({"start_date": {"year": 2016}, "end_date": "2017"}, "event 2: end_date: should be an object, not '2017'"),
    ({"start_date": {"year": 2016}, "text": ["a"]}, "event 2: text: should be an object, not list"),
])
def test_bad_timelinejs_events_are_named(event, message):
    data = {"events": [{"start_date": {"year": 2016}}, event]}
    with pytest.raises(StoryError) as caught:
        read_timelinejs(data, "t.json")
    assert f"t.json: {message}" in str(caught.value)


def test_an_event_that_is_not_an_object():
    with pytest.raises(StoryError, match="event 1: should be an object"):
        read_timelinejs({"events": ["2016"]}, "t.json")


@pytest.mark.parametrize("location, message", [
    ({"lat": "north", "lon": 131}, "slide 2: location: lat 'north' and lon 131 should be numbers"),
    ({"lat": 134.4, "lon": 31.2}, "slide 2: location: lat 134.4 and lon 31.2"),
    ("Nagato", "slide 2: location: should be an object, not 'Nagato'"),
])
def test_bad_storymapjs_slides_are_named(location, message):
    data = {"storymap": {"slides": [{"type": "overview", "text": {"headline": "T"}},
                                    {"text": {"headline": "x"}, "location": location}]}}
    with pytest.raises(StoryError, match=message):
        read_storymapjs(data, "s.json")


def test_a_storymap_on_a_picture_is_refused():
    data = {"storymap": {"map_type": "zoomify", "map_as_image": True, "slides": [{"location": {"lat": 1, "lon": 2}}]}}
    with pytest.raises(StoryError, match="drawn on a picture"):
        read_storymapjs(data, "s.json")


def test_html_made_plain_text():
    assert html_to_text("<p>A &amp; B</p><ul><li>one</li><li>two</li></ul>") == "A & B\none\ntwo"
    assert html_to_text("<style>p{}</style>x<script>alert(1)</script>  y&nbsp;z") == "x y z"
    assert html_to_text('<a href="https://example.org">link</a> &lt;b&gt;') == "link <b>"
    assert html_to_text(None) == "" and html_to_text("plain\ntext") == "plain\ntext"
