"""What the map draws for a view, as plain GeoJSON-like data (geo.render.map_data)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from shapely.geometry import shape

from geo.places.geocode import geocode_story
from geo.render.map_data import (
    MARKER, SHAPE, draw_kind, event_date_text, feature_for, format_fact, layer_collections, popup_labels,
    region_bounds, view_bounds,
)
from geo.story.load import load_story
from geo.timeline.days import visible_on

D15, D16 = dt.date(2016, 12, 15), dt.date(2016, 12, 16)


@pytest.fixture(scope="module")
def mini(mini_story_path):
    return load_story(mini_story_path)


@pytest.fixture(scope="module")
def events(mini):
    return geocode_story(mini)


def _features(collections):
    return {f["properties"]["id"]: f for c in collections.values() for f in c["features"]}


def test_collections_by_layer_in_layer_order(events, mini):
    visible = visible_on(events, D16, "cumulative")
    collections = layer_collections(visible, mini.story, "en", selected="tokyo")
    assert list(collections) == ["talks", "islands"]
    assert all(c["type"] == "FeatureCollection" for c in collections.values())
    features = _features(collections)
    assert set(features) == {"meet-nagato", "tokyo", "move", "span", "kunashir"}
    assert features["tokyo"]["properties"]["selected"] is True
    assert features["move"]["properties"]["selected"] is False
    statuses = {k: f["properties"]["status"] for k, f in features.items()}
    assert statuses == {"meet-nagato": "earlier", "tokyo": "new", "move": "new", "span": "active",
                        "kunashir": "background"}


def test_empty_layers_are_left_out(events, mini):
    visible = visible_on(events, D15, "day")
    assert list(layer_collections(visible[visible["layer"] == "islands"], mini.story, "vi")) == ["islands"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_properties_are_localised(events, mini, lang):
    features = _features(layer_collections(visible_on(events, D15, "day"), mini.story, lang))
    meet = features["meet-nagato"]["properties"]
    layer = mini.story.layer("talks")
    assert meet["layer_name"] == layer.name.get(lang)
    assert meet["color"] == "#0072B2" and meet["icon"] == "talks"
    assert meet["title"] == {"vi": "Gặp ở Nagato", "en": "Meeting in Nagato"}[lang]
    assert meet["date"] == {"vi": "15 tháng 12, 2016", "en": "15 December 2016"}[lang]
    assert meet["time"] == "17:00"
    assert meet["precision"] == {"vi": "địa điểm cụ thể", "en": "venue"}[lang]
    assert meet["quote_vi"] == "Hai nhà lãnh đạo gặp nhau tại Nagato."
    assert meet["sources"][0]["url"] is None
    assert meet["sources"][1] == {"title": "A public record — Someone — "
                                  + {"vi": "15 tháng 12, 2016", "en": "15 December 2016"}[lang],
                                  "url": "https://example.org/record"}
    island = features["kunashir"]["properties"]
    assert island["label"] == {"vi": "Đảo Kunashir", "en": "Kunashir"}[lang]
    assert island["date"] == {"vi": "Không gắn với ngày cụ thể", "en": "Not tied to a day"}[lang]
    json.dumps(features)  # plain data only


def test_draw_kinds(events):
    kinds = {row["id"]: draw_kind(row) for _, row in events.iterrows()}
    assert kinds == {"meet-nagato": MARKER, "tokyo": MARKER, "move": SHAPE, "span": MARKER, "kunashir": SHAPE}


def test_marker_and_shape_geometries(events, mini):
    features = _features(layer_collections(visible_on(events, D16, "cumulative"), mini.story, "en"))
    assert features["tokyo"]["geometry"]["type"] == "Point"
    assert list(features["tokyo"]["geometry"]["coordinates"]) == [139.7431, 35.6731]
    assert features["move"]["geometry"]["type"] == "LineString"
    assert features["move"]["properties"]["label"] is None
    island = shape(features["kunashir"]["geometry"])
    assert island.geom_type == "Polygon" and island.is_valid


def test_span_date_text(events):
    row = events[events["id"] == "span"].iloc[0]
    assert event_date_text(row, "en") == "15 December 2016 – 17 December 2016"


def test_format_fact():
    assert format_fact({"kind": "area_km2", "value": 1566.7}, "en") == "Area: 1,567 km²"
    assert format_fact({"kind": "area_km2", "value": 1566.7}, "vi") == "Diện tích: 1.567 km²"
    assert format_fact({"kind": "length_km", "value": 795.6}, "en") == "Distance (geodesic): 796 km"
    assert format_fact({"kind": "distance_km", "value": 7.4, "label_en": "From the cape"}, "en") == "From the cape: 7 km"


def test_facts_in_features(events, mini):
    features = _features(layer_collections(visible_on(events, D15, "day"), mini.story, "en"))
    assert features["kunashir"]["properties"]["facts"] == ["Area: 1,567 km²", "From Cape Nosappu: 7 km"]


def test_view_bounds_focus_on_the_day(events):
    visible = visible_on(events, D15, "day")
    (south, west), (north, east) = view_bounds(visible)
    assert (south, west) == pytest.approx((34.3207, 131.1812))
    assert (north, east) == pytest.approx((35.7, 139.7))
    assert view_bounds(visible.iloc[0:0]) is None
    only_background = visible[visible["status"] == "background"]  # no new or active event: all visible
    west, south, east, north = only_background.total_bounds
    assert view_bounds(only_background) == [[south, west], [north, east]]


def test_region_bounds(events, mini, shipped):
    assert region_bounds(shipped.story, events) == [[24.0, 122.0], [47.0, 150.5]]
    (south, west), (north, east) = region_bounds(mini.story, events)
    assert west == pytest.approx(131.1812) and north == pytest.approx(events.total_bounds[3])


def test_popup_labels():
    labels = popup_labels("vi")
    assert labels["place"] == "Địa điểm" and labels["new"] == "mới"
    assert popup_labels("en")["article_says"] == "The article says"


def test_story_text_reaches_the_map_verbatim_for_textcontent():
    """map_data passes text as data (the browser uses textContent), never pre-rendered HTML."""
    loaded = load_story(Path(__file__).parent / "data" / "script_payloads.yaml")
    events = geocode_story(loaded)
    features = _features(layer_collections(visible_on(events, D15, "day"), loaded.story, "en"))
    props = features["payload-event"]["properties"]
    assert props["title"] == loaded.story.events[0].title.en
    assert props["layer_name"] == loaded.story.layers[0].name.en
    assert "<script>" in props["summary"]


# --- views handed to a drawn map (geo.render.map_data.view_message) ---------------------------------


def _message(events, mini, day, **kwargs):
    from geo.render.map_data import prepare_features, view_message

    return view_message(visible_on(events, day, "day"), mini.story, prepare_features(events, mini.story, "en"),
                        day=day.isoformat(), **kwargs)


def test_view_message_lists_the_view_and_sends_what_is_new(events, mini):
    first = _message(events, mini, D15)
    ids = [event_id for event_id, _ in first["items"]]
    assert ids and set(first["features"]) == set(ids)
    assert set(first["details"]) == set(ids)  # small stories: popup texts with the markers
    assert all(status in {"new", "active", "earlier", "background"} for _, status in first["items"])
    again = _message(events, mini, D15, known=set(first["features"]), known_details=set(first["details"]))
    assert again["items"] == first["items"] and again["features"] == {} and again["details"] == {}
    assert again["focus"]["day"] == "2016-12-15" and again["focus"]["bounds"]


def test_view_message_prefetch_and_details_on_demand(events, mini):
    every = list(events["id"])
    message = _message(events, mini, D15, prefetch=every, details_with_markers=False)
    assert set(message["features"]) == set(every)
    assert message["details"] == {}
    asked = _message(events, mini, D15, known=set(every), details_for=[every[-1], "no-such-event"])
    assert list(asked["details"]) == [every[-1]]  # an unknown id (from the browser) is ignored
    assert set(asked["details"][every[-1]]) == {"summary", "quote_vi", "quote_en", "facts", "sources", "note"}


def test_view_message_sends_the_chosen_events_texts_and_focus(events, mini):
    chosen = _message(events, mini, D15)["items"][0][0]
    message = _message(events, mini, D15, selected=chosen, known=set(events["id"]), details_with_markers=False)
    assert list(message["details"]) == [chosen]
    assert message["focus"]["event"] == chosen and message["focus"]["eventZoom"]


def test_marker_features_leave_out_popup_texts_layer_style_and_status(events, mini):
    from geo.render.map_data import feature_details, marker_feature

    full = feature_for(events.iloc[0], mini.story, "en")
    marker = marker_feature(full)
    assert marker["geometry"] == full["geometry"]
    assert {"id", "layer", "title", "date", "place", "kind"} <= set(marker["properties"])
    assert not {"summary", "quote_vi", "color", "icon", "layer_name", "status", "selected"} & set(marker["properties"])
    assert {**marker["properties"], **feature_details(full)}.items() <= full["properties"].items()


def test_prepared_features_know_every_event_before_building_it(events, mini):
    from geo.render.map_data import prepare_features

    prepared = prepare_features(events, mini.story, "vi")
    first = events["id"].iloc[0]
    assert first in prepared and len(prepared) == 0  # nothing built yet
    assert "no-such-event" not in prepared and ["a list"] not in prepared


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_features_built_in_a_batch_equal_those_built_one_by_one(shipped, lang):
    """PreparedFeatures.fill (plain records, for a large first view) builds the same Features as
    one pandas row at a time: every event of the shipped story (points, areas, routes, spans)."""
    from geo.render.map_data import prepare_features

    events = geocode_story(shipped)
    one_by_one, batch = prepare_features(events, shipped.story, lang), prepare_features(events, shipped.story, lang)
    ids = list(events["id"])
    batch.fill(ids)
    assert len(dict(batch)) == len(ids)  # all built by fill, none left for __missing__
    for event_id in ids:
        assert json.dumps(batch[event_id], sort_keys=True) == json.dumps(one_by_one[event_id], sort_keys=True), event_id


def test_a_story_across_the_pacific_is_drawn_the_short_way_round():
    """Hawaii with Japan: the whole region is 64° across the antimeridian, not 296° the other way, and
    Honolulu's marker sits one world east, where that view shows it."""
    from geo.places.geocode import geocode_story
    from geo.render.map_data import prepare_features, region_bounds, view_bounds
    from geo.story.load import parse_story

    text = """story: {title: Pacific}
layers: [{id: war, name: War, color: '#000000'}]
events:
- {id: pearl-harbor, layer: war, start: 1941-12-07, title: Pearl Harbor, geometry: {type: Point, coordinates: [-157.95, 21.35]}}
- {id: tokyo, layer: war, start: 1941-12-08, title: Tokyo, places: [Tokyo]}
"""
    loaded = parse_story(text, "pacific.yaml")
    events = geocode_story(loaded)
    (south, west), (north, east) = region_bounds(loaded.story, events)
    assert 139 < west < 140 and 202 < east < 203 and east - west < 70
    features = prepare_features(events, loaded.story, "en")
    assert features["pearl-harbor"]["geometry"]["coordinates"][0] == pytest.approx(202.05)
    assert features["tokyo"]["geometry"]["coordinates"][0] < 180
    hawaii_day = events[events["id"] == "pearl-harbor"]
    assert view_bounds(hawaii_day)[0][1] == pytest.approx(202.05)  # the day's view goes where its marker is
    europe = parse_story(text.replace("[-157.95, 21.35]", "[2.35, 48.86]"), "e.yaml")
    assert geocode_story(europe).attrs["map_west"] is None


def test_a_dated_area_a_file_drew_is_drawn_as_an_area():
    """A GIS file's dated polygon (a prefecture on its day) is its shape on the map, not a lone marker;
    a dated event at a named region stays a marker (the shipped story's joint-activity sectors)."""
    from geo.places.geocode import geocode_story
    from geo.render.map_data import draw_kind
    from geo.story.load import parse_story

    text = """story: {title: Areas}
layers: [{id: a, name: A, color: '#000000'}]
events:
- {id: drawn, layer: a, start: 2016-12-15, title: Drawn, geometry: {type: Polygon, coordinates: [[[130, 33], [132, 33], [132, 35], [130, 33]]]}}
- {id: named, layer: a, start: 2016-12-15, title: Named, places: [Japan]}
"""
    events = geocode_story(parse_story(text, "areas.yaml")).set_index("id")
    assert draw_kind(events.loc["drawn"]) == "shape"
    assert draw_kind(events.loc["named"]) == "marker"
